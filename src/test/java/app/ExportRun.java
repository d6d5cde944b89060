package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import packaging.sign.PassphraseSource;
import store.Annotations;
import store.Catalog;

/**
 * A catalog under {@code home} driven through the CLI as a user would: ingest a folder, accept its episodes, trim and
 * label one, make a subset, export it in a format and verify the signed bundle offline.
 */
final class ExportRun {
    static final PassphraseSource PASS = PassphraseSource.of("formats".toCharArray());

    final Path home;
    final List<String> ids = new ArrayList<>();

    ExportRun(Path home) {
        this.home = home;
    }

    /** Ingests {@code input} (every episode must ingest), accepts them all and makes subset {@code all} of them. */
    ExportRun ingest(Path input) throws Exception {
        TestCliContext.Result ingest = TestCliContext.run(home, "ingest", input.toString(), "--json");
        JsonNode in = IndependentTools.JSON.readTree(ingest.out());
        assertEquals(0, in.get("failed").size(), ingest.out());
        in.get("ingested").forEach(n -> ids.add(n.get("episode_id").asText()));
        assertTrue(!ids.isEmpty(), ingest.out());
        List<String> review = new ArrayList<>(List.of("review"));
        review.addAll(ids);
        review.addAll(List.of("--decision", "accept"));
        assertEquals(0, TestCliContext.run(home, review.toArray(String[]::new)).exit());
        TestCliContext.Result keys = TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString());
        assertEquals(0, keys.exit(), keys.err());
        return this;
    }

    /** Keeps {@code [fromNs, toNs)} of episode {@code i}, with a subtask over its first half. */
    ExportRun trim(int i, long fromNs, long toNs, String subtask) throws Exception {
        try (Catalog catalog = Catalog.open(home.resolve("catalog.db"))) {
            catalog.annotations().addRange(ids.get(i), new Annotations.Range(0, Annotations.TRIM, fromNs, toNs, null, null, null,
                    null, null), "test");
            catalog.annotations().addRange(ids.get(i), new Annotations.Range(0, Annotations.SUBTASK, fromNs, (fromNs + toNs) / 2,
                    subtask, null, null, null, null), "test");
        }
        return this;
    }

    /** Marks a failure inside episode {@code i}. */
    ExportRun failure(int i, long fromNs, long toNs, String mode) throws Exception {
        try (Catalog catalog = Catalog.open(home.resolve("catalog.db"))) {
            catalog.annotations().addRange(ids.get(i), new Annotations.Range(0, Annotations.FAILURE, fromNs, toNs, "slip", null, null,
                    mode, null), "test");
        }
        return this;
    }

    /** A solid (black) redaction box over episode {@code i}'s camera {@code stream}, from {@code fromNs} to {@code toNs}. */
    ExportRun redact(int i, String stream, long fromNs, long toNs) throws Exception {
        try (Catalog catalog = Catalog.open(home.resolve("catalog.db"))) {
            long track = catalog.annotations().addTrack(ids.get(i), stream, "solid", 0, "test");
            catalog.annotations().putKeyframe(ids.get(i), track, new Annotations.Keyframe(fromNs, 0.25, 0.4, 0.5, 0.4), "test");
            catalog.annotations().putKeyframe(ids.get(i), track, new Annotations.Keyframe(toNs, 0.25, 0.4, 0.5, 0.4), "test");
        }
        return this;
    }

    ExportRun subset() throws Exception {
        List<String> subset = new ArrayList<>(List.of("subset", "create", "all", "--episodes"));
        subset.addAll(ids);
        TestCliContext.Result s = TestCliContext.run(home, subset.toArray(String[]::new));
        assertEquals(0, s.exit(), s.err() + s.out());
        return this;
    }

    /** What an export wrote: the CLI's JSON result and the verified bundle. */
    record Bundle(Path path, JsonNode result) {
        Path data() {
            return path.resolve("data");
        }

        JsonNode card() throws Exception {
            return IndependentTools.JSON.readTree(path.resolve("data_card.json").toFile());
        }

        JsonNode manifest() throws Exception {
            return IndependentTools.JSON.readTree(path.resolve("curio-manifest.json").toFile());
        }
    }

    /** Exports subset {@code all} to {@code name} and verifies the bundle with the public key. */
    Bundle export(String name, String... args) throws Exception {
        Path bundle = home.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("export", "all", "--out", bundle.toString(), "--key",
                home.resolve("keys/curio-signing.key").toString(), "--json"));
        cmd.addAll(List.of(args));
        TestCliContext.Result r = TestCliContext.run(home, PASS, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        TestCliContext.Result verify = TestCliContext.run(home, "verify", bundle.toString(), "--pubkey",
                home.resolve("keys/curio-signing.pub").toString(), "--json");
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(Files.isDirectory(bundle.resolve("data")));
        return new Bundle(bundle, IndependentTools.JSON.readTree(r.out()));
    }

    /** Ingests {@code path} into a fresh catalog {@code name}.db; the episodes, ingested in order. */
    List<String> reingest(Path path, String name) throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "--catalog", home.resolve(name + ".db").toString(), "ingest",
                path.toString(), "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> out = new ArrayList<>();
        IndependentTools.JSON.readTree(r.out()).get("ingested").forEach(n -> out.add(n.get("episode_id").asText()));
        return out;
    }
}
