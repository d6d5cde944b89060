package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.ingest.Ingest;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/** Real third-party samples, ingested and validated: each gets the findings it deserves and nothing crashes. */
class CorpusValidationTest {
    @TempDir
    Path dir;

    private static Path corpus() {
        Path c = Path.of(System.getProperty("curio.corpus", "../shared/corpus"));
        if (!Files.isDirectory(c)) System.out.println("corpus not found at " + c + "; skipping corpus validation");
        Assumptions.assumeTrue(Files.isDirectory(c), "corpus not found at " + c);
        return c;
    }

    @Test
    void lerobotHdf5RldsAndRosbagSamplesValidate() {
        Path c = corpus();
        try (Catalog catalog = Catalog.open(dir.resolve("c.db"))) {
            new Ingest(catalog).run(List.of(c.resolve("lerobot"), c.resolve("hdf5"), c.resolve("rlds"), c.resolve("rosbag2")),
                    ProgressSink.NONE, Cancellation.NEVER);
            List<EpisodeReport> reports = new ValidationService(catalog, new Validator(), 2, "test")
                    .run(List.of(), ValidationProfile.defaults(), false, ProgressSink.NONE, Cancellation.NEVER);
            assertTrue(reports.size() > 50, "corpus episodes validated: " + reports.size());
            Map<String, String> format = catalog.episodes().list().stream()
                    .collect(Collectors.toMap(e -> e.episodeId(), e -> e.format()));
            for (EpisodeReport r : reports) {
                // None of these formats carries consent, and that is what a reviewer must be told.
                assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("privacy.consent_unknown")),
                        r.episodeId() + " " + r.findings());
                assertFalse(r.findings().stream().anyMatch(f -> f.code().startsWith("integrity.")
                        && !f.code().equals("integrity.extra_file")), r.episodeId() + " " + r.findings());
            }
            // open_50 declares h264 in info.json but stores MPEG-4 Part 2
            EpisodeReport open50 = reports.stream().filter(r -> r.episodeId().contains("open_50")
                    && r.findings().stream().anyMatch(f -> f.stream() != null && f.stream().equals("image"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no open_50 episode with its video"));
            assertTrue(open50.findings().stream().anyMatch(f -> f.code().equals("schema.bad_value")
                    && f.field().endsWith("video.codec") && f.message().contains("mpeg4")), open50.findings().toString());
            // a LeRobot v2 dataset has a well-formed info.json: no schema findings from it
            assertTrue(reports.stream().filter(r -> format.get(r.episodeId()).startsWith("lerobot-v2"))
                    .allMatch(r -> r.findings().stream().noneMatch(f -> f.code().startsWith("schema."))));
            // RLDS cameras in TFDS shards are JPEG per step: decoded and scored like any other camera
            List<EpisodeReport> tfds = reports.stream().filter(r -> format.get(r.episodeId()).equals("rlds-tfds")).toList();
            assertFalse(tfds.isEmpty(), "the corpus has TFDS episodes");
            for (EpisodeReport r : tfds) {
                assertEquals(4, r.qc().size(), r.episodeId() + " " + r.qc());
                r.qc().forEach(q -> assertTrue(q.path("samples").asInt() > 0, r.episodeId() + " " + r.qc()));
                assertTrue(r.qc().path("observation/image_0").path("sharpness_mean").asDouble() > 25, r.qc().toString());
                // Bridge fills its unused fourth camera with black frames, and QC says so
                JsonNode unused = r.qc().path("observation/image_3");
                assertEquals(unused.path("samples").asInt(), unused.path("black_samples").asInt(), r.qc().toString());
            }
            EpisodeReport empty = reports.stream().filter(r -> r.episodeId().endsWith("empty_bag")).findFirst().orElseThrow();
            assertEquals("hard", empty.state(), "a bag without a single message is no episode");
            assertTrue(empty.findings().stream().anyMatch(f -> f.code().equals("completeness.stream_empty") && f.stream() == null));
            List<String> hard = reports.stream().filter(r -> r.state().equals("hard"))
                    .filter(r -> !format.get(r.episodeId()).startsWith("lerobot") && r != empty)
                    .map(r -> r.episodeId() + " " + r.findings().stream().filter(f -> f.severity() == Severity.HARD).toList()).toList();
            assertEquals(List.of(), hard, "rosbag2, HDF5 and RLDS samples carry no hard finding");
        }
    }
}
