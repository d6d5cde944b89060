package store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDuplicatesTest {
    @TempDir
    Path dir;

    /** The catalog stores a pair by row order; whatever order the episodes were ingested in, a pair reads back a before b. */
    @Test
    void aPairReadsBackInEpisodeIdOrderWhateverTheIngestOrder() {
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            c.episodes().upsert(Fixtures.episode("ep_zeta", 1));
            c.episodes().upsert(Fixtures.episode("ep_alpha", 1));
            c.episodes().upsert(Fixtures.episode("ep_mid", 1));
            var zeta = new NearDuplicates.Signature("ep_zeta", "v1", 5_000_000_000L, "cam0", 1_000_000_000L,
                    new long[] {1, 2, 3}, null, 0, 0, null);
            var pairs = List.of(new NearDuplicates.Pair("ep_alpha", "ep_zeta", 0.95, 0.95, null, 1L),
                    new NearDuplicates.Pair("ep_mid", "ep_zeta", 0.99, 0.99, null, 1L));
            c.nearDuplicates().record(zeta, pairs, p -> new Validations.FindingRow("quality", "quality.near_duplicate",
                    "warn", null, null, null, null, "ep_zeta", "close to ep_zeta"));

            List<NearDuplicates.Pair> read = c.nearDuplicates().pairs();
            assertEquals(List.of("ep_mid/ep_zeta", "ep_alpha/ep_zeta"), read.stream().map(p -> p.a() + "/" + p.b()).toList(),
                    "closest first, each pair a before b");
            assertEquals(List.of("ep_alpha/ep_zeta"),
                    c.nearDuplicates().pairsOf("ep_alpha").stream().map(p -> p.a() + "/" + p.b()).toList());
            assertEquals("ep_alpha", read.get(1).other("ep_zeta"));
        }
    }
}
