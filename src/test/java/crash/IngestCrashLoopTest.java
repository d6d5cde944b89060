package crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.Ingest;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.EpisodeSummary;
import store.ProgressSink;

/**
 * An ingest killed with SIGKILL at a random moment, 50 times and more, half the time into the catalog the last kill
 * left and otherwise into a fresh one: the catalog always passes SQLite's integrity
 * check, every episode in it is whole (all its streams and files, as an uninterrupted ingest writes them), every
 * episode the ingest reported committed is there, and a final run completes.
 */
class IngestCrashLoopTest {
    @TempDir
    Path dir;

    @Test
    void killedIngestsNeverLeaveAHalfEpisodeOrLoseACommittedOne() throws Exception {
        Path data = dir.resolve("data");
        new DemoGenerator("crash").generate(new DemoGenerator.Options(data, 3, 5), ProgressSink.NONE, Cancellation.NEVER);
        Map<String, int[]> reference = new HashMap<>();
        try (Catalog ref = Catalog.open(dir.resolve("reference.db"))) {
            new Ingest(ref).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
            for (EpisodeSummary s : ref.episodes().list()) {
                EpisodeDetail d = ref.episodes().find(s.episodeId()).orElseThrow();
                reference.put(s.episodeId(), new int[]{d.streams().size(), d.files().size()});
            }
        }
        assertEquals(3, reference.size());

        KillLoop loop = new KillLoop("ingest");
        Path db = dir.resolve("killed.db");
        KillLoop.Run first = loop.measure(Map.of(), CrashChild.class.getName(), "ingest", db.toString(), data.toString());
        assertTrue(first.finished(), first.lines().toString());
        fresh(db);
        int attempts = 0;
        while (!loop.enough() && attempts++ < 4 * KillLoop.KILLS) {
            KillLoop.Run r = loop.killAtRandom(Map.of(), CrashChild.class.getName(), "ingest", db.toString(), data.toString());
            KillLoop.assertIntact(db);
            int present = checkWhole(db, reference, r);
            // Half the kills hit the catalog the last kill left (resuming, even a half-created file); the rest a fresh one.
            if (r.finished() || present == reference.size() || loop.coin()) fresh(db);
        }
        loop.print();
        assertTrue(loop.enough(), "killed " + loop.kills() + " times");

        KillLoop.Run last = loop.killAtRandom(Map.of(), CrashChild.class.getName(), "ingest", db.toString(), data.toString());
        if (last.killed()) KillLoop.assertIntact(db);
        KillLoop.Run rerun = new KillLoop("ingest re-run").measure(Map.of(), CrashChild.class.getName(), "ingest", db.toString(),
                data.toString());
        assertTrue(rerun.finished(), "a re-run after the kills completes: " + rerun.lines());
        KillLoop.assertIntact(db);
        assertEquals(reference.size(), checkWhole(db, reference, rerun));
    }

    /** Every episode present is whole; at least as many as the child acknowledged; returns how many there are. */
    private static int checkWhole(Path db, Map<String, int[]> reference, KillLoop.Run r) {
        try (Catalog c = Catalog.open(db)) {
            List<EpisodeSummary> episodes = c.episodes().list();
            for (EpisodeSummary s : episodes) {
                int[] expected = reference.get(s.episodeId());
                assertTrue(expected != null, "an episode an uninterrupted ingest does not write: " + s.episodeId());
                EpisodeDetail d = c.episodes().find(s.episodeId()).orElseThrow();
                assertEquals(expected[0], d.streams().size(), "streams of " + s.episodeId() + " after a kill at " + r.killAfterMs() + " ms");
                assertEquals(expected[1], d.files().size(), "files of " + s.episodeId());
            }
            assertTrue(episodes.size() >= r.acked(), "acknowledged " + r.acked() + " episodes, the catalog has " + episodes.size());
            return episodes.size();
        }
    }

    private static void fresh(Path db) throws Exception {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) Files.deleteIfExists(Path.of(db + suffix));
    }
}
