package crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.bundle.BundleWriter;
import packaging.sign.PassphraseSource;
import packaging.verify.BundleVerifier;
import store.Catalog;

/**
 * An export killed with SIGKILL at a random moment, 50 times and more, each run resuming from what the last kill left:
 * the catalog passes SQLite's integrity check; nothing verifies as a bundle while it is incomplete (the hidden partial
 * and work folders never do); a bundle at its name verifies and is recorded in the catalog, and every bundle the
 * catalog records at a name is there; and a final run completes.
 */
class ExportCrashLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKilledExportNeverLeavesABundleThatVerifiesWhileIncompleteNorOneTheCatalogLacks() throws Exception {
        AcceptedSubset subset = AcceptedSubset.create(dir, 1);
        Path db = subset.catalog();
        Path key = subset.privateKey();
        Path pub = subset.publicKey();
        Map<String, String> env = Map.of(PassphraseSource.ENV, AcceptedSubset.PASSPHRASE);

        KillLoop loop = new KillLoop("export");
        int round = 0;
        Path out = dir.resolve("out/bundle-" + round);
        KillLoop.Run first = loop.measure(env, CrashChild.class.getName(), "export", db.toString(), AcceptedSubset.NAME, out.toString(), key.toString());
        assertTrue(first.finished(), first.lines().toString());
        assertTrue(BundleVerifier.verify(out, pub).ok());
        int artifacts = JSON.readTree(out.resolve(BundleWriter.MANIFEST_FILE).toFile()).get("artifacts").size();
        out = dir.resolve("out/bundle-" + ++round);
        Set<Path> landed = new HashSet<>();
        int attempts = 0;
        while (!loop.enough() && attempts++ < 4 * KillLoop.KILLS) {
            KillLoop.Run r = loop.killAtRandom(env, CrashChild.class.getName(), "export", db.toString(), AcceptedSubset.NAME, out.toString(),
                    key.toString());
            KillLoop.assertIntact(db);
            check(db, dir.resolve("out"), pub, artifacts, r, landed);
            // A kill after the rename leaves a finished bundle, so the next export needs a new name as the user's would.
            if (Files.exists(out)) out = dir.resolve("out/bundle-" + ++round);
        }
        loop.print();
        assertTrue(loop.enough(), "killed " + loop.kills() + " times");

        KillLoop.Run rerun = new KillLoop("export re-run").measure(env, CrashChild.class.getName(), "export", db.toString(), AcceptedSubset.NAME,
                out.toString(), key.toString());
        assertTrue(rerun.finished(), "a re-run after the kills completes: " + rerun.lines());
        KillLoop.assertIntact(db);
        check(db, dir.resolve("out"), pub, artifacts, rerun, landed);
        assertTrue(BundleVerifier.verify(out, pub).ok());
        try (Catalog c = Catalog.open(db)) {
            for (Map.Entry<String, String> e : c.exportRecords().bundlePaths().entrySet()) {
                Path at = Path.of(e.getValue());
                assertTrue(!at.getFileName().toString().startsWith(".") && Files.isDirectory(at),
                        "once exports have run again every record names its bundle where it landed: " + e);
            }
        }
    }

    /**
     * Everything under {@code outs}: a folder at a bundle's name verifies and is recorded; the work folder never verifies,
     * and a partial one only once it is whole (every artifact a complete export has), in the instant before its rename.
     */
    private static void check(Path db, Path outs, Path pub, int artifacts, KillLoop.Run r, Set<Path> landed) throws Exception {
        String when = " after a kill at " + r.killAfterMs() + " ms: " + r.lines();
        try (Catalog c = Catalog.open(db); var listing = Files.list(outs)) {
            Map<String, String> recorded = c.exportRecords().bundlePaths();
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    if (BundleVerifier.verify(p, pub).ok()) {
                        assertTrue(name.endsWith(".partial"), name + " is not a bundle, so it must not verify" + when);
                        assertEquals(artifacts, JSON.readTree(p.resolve(BundleWriter.MANIFEST_FILE).toFile()).get("artifacts").size(),
                                name + " verifies, so it is whole" + when);
                    }
                    continue;
                }
                // A bundle that landed never changes again, so it is verified once.
                if (landed.add(p)) assertTrue(BundleVerifier.verify(p, pub).ok(), name + " is at a bundle's name, so it is complete" + when);
                String id = JSON.readTree(p.resolve(BundleWriter.MANIFEST_FILE).toFile()).get("manifest_id").asText();
                assertTrue(recorded.containsKey(id), name + " (" + id + ") is recorded in the catalog" + when);
            }
            for (Map.Entry<String, String> e : recorded.entrySet()) {
                Path at = Path.of(e.getValue());
                if (!at.getFileName().toString().startsWith(".")) {
                    assertTrue(Files.isDirectory(at), "the catalog records " + e.getKey() + " at " + at + ", which is there" + when);
                }
            }
            assertEquals("ok", KillLoop.scalar(c, "PRAGMA quick_check"));
        }
    }
}
