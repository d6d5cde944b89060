package crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.Ingest;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSummary;
import store.ProgressSink;
import store.Validations;

/**
 * A validation killed with SIGKILL at a random moment, 50 times and more, half the time resuming in the catalog the
 * last kill left: the catalog passes SQLite's integrity check, every episode that has a validation has all of it
 * (the same findings and QC windows an uninterrupted run stores), every episode the run reported done is validated,
 * and a final run completes.
 */
class ValidateCrashLoopTest {
    @TempDir
    Path dir;

    @Test
    void killedValidationsNeverLeaveHalfAResult() throws Exception {
        Path data = dir.resolve("data");
        new DemoGenerator("crash").generate(new DemoGenerator.Options(data, 3, 5), ProgressSink.NONE, Cancellation.NEVER);
        Path template = dir.resolve("ingested.db");
        try (Catalog c = Catalog.open(template)) {
            new Ingest(c).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
        }
        Path referenceDb = dir.resolve("reference.db");
        Files.copy(template, referenceDb);
        Map<String, List<Validations.FindingRow>> findings = new HashMap<>();
        Map<String, Integer> windows = new HashMap<>();
        try (Catalog ref = Catalog.open(referenceDb)) {
            new ValidationService(ref, new Validator(), 2, "reference").run(List.of(), ValidationProfile.defaults(), false,
                    ProgressSink.NONE, Cancellation.NEVER);
            for (EpisodeSummary s : ref.episodes().list()) {
                findings.put(s.episodeId(), sorted(ref.validations().findings(s.episodeId())));
                windows.put(s.episodeId(), ref.validations().qcWindows(s.episodeId()).size());
            }
        }

        KillLoop loop = new KillLoop("validate");
        Path db = dir.resolve("killed.db");
        Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(loop.measure(Map.of(), CrashChild.class.getName(), "validate", db.toString()).finished());
        fresh(template, db);
        int attempts = 0;
        while (!loop.enough() && attempts++ < 4 * KillLoop.KILLS) {
            KillLoop.Run r = loop.killAtRandom(Map.of(), CrashChild.class.getName(), "validate", db.toString());
            KillLoop.assertIntact(db);
            int validated = checkWhole(db, findings, windows, r);
            if (r.finished() || validated == findings.size() || loop.coin()) fresh(template, db);
        }
        loop.print();
        assertTrue(loop.enough(), "killed " + loop.kills() + " times");

        KillLoop.Run rerun = new KillLoop("validate re-run").measure(Map.of(), CrashChild.class.getName(), "validate", db.toString());
        assertTrue(rerun.finished(), "a re-run after the kills completes: " + rerun.lines());
        KillLoop.assertIntact(db);
        assertEquals(findings.size(), checkWhole(db, findings, windows, rerun));
    }

    private static int checkWhole(Path db, Map<String, List<Validations.FindingRow>> findings, Map<String, Integer> windows,
                                  KillLoop.Run r) {
        try (Catalog c = Catalog.open(db)) {
            int validated = 0;
            for (EpisodeSummary s : c.episodes().list()) {
                String id = s.episodeId();
                if (c.validations().fingerprint(id).isEmpty()) {
                    assertEquals(List.of(), c.validations().findings(id), "findings without their validation: " + id);
                    continue;
                }
                validated++;
                assertEquals(findings.get(id), sorted(c.validations().findings(id)), "the findings of " + id + " after a kill at "
                        + r.killAfterMs() + " ms");
                assertEquals(windows.get(id), c.validations().qcWindows(id).size(), "the QC windows of " + id);
            }
            assertTrue(validated >= r.acked(), "acknowledged " + r.acked() + " episodes, " + validated + " are validated");
            return validated;
        }
    }

    private static List<Validations.FindingRow> sorted(List<Validations.FindingRow> rows) {
        return rows.stream().sorted(Comparator.comparing(Validations.FindingRow::toString)).toList();
    }

    private static void fresh(Path template, Path db) throws Exception {
        for (String suffix : List.of("-wal", "-shm", "-journal")) Files.deleteIfExists(Path.of(db + suffix));
        Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
    }
}
