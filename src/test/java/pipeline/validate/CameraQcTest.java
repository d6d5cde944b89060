package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/**
 * Every kind of camera gets QC scores, on files written by other tools: rosbag2 image topics (raw and JPEG, sqlite3
 * and mcap storage) from {@link IndependentBags}, and an HDF5 image array written by h5py. (RLDS step-log blobs:
 * {@link RldsValidationTest}; TFDS images: {@link CorpusValidationTest}.)
 */
class CameraQcTest {
    @TempDir
    Path dir;

    private EpisodeReport ingestAndValidate(Path data) {
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, r.ingested().size(), r.toJson().toString());
            return new ValidationService(c, new Validator(), 1, "t").run(List.of(r.ingested().get(0).episodeId()),
                    ValidationProfile.defaults(), true, ProgressSink.NONE, Cancellation.NEVER).get(0);
        }
    }

    /** The moving checkerboard every generator paints: sharp, well exposed, never black, never frozen. */
    private static void scoredClean(EpisodeReport r, String camera, int samples) {
        JsonNode qc = r.qc().path(camera);
        assertEquals(samples, qc.path("samples").asInt(), camera + " " + r.qc());
        assertTrue(qc.path("sharpness_mean").asDouble() > 25, camera + " " + qc);
        assertEquals(0, qc.path("black_samples").asInt(), camera + " " + qc);
        assertEquals(0, qc.path("frozen_samples").asInt(), camera + " " + qc);
        assertTrue(r.findings().stream().noneMatch(f -> f.dimension() == Dimension.QC), r.findings().toString());
    }

    @ParameterizedTest(name = "{0} storage")
    @ValueSource(strings = {"sqlite3", "mcap"})
    void rosbag2RawAndCompressedImageTopics(String storage) throws Exception {
        EpisodeReport r = ingestAndValidate(IndependentBags.inStorage(dir, storage));
        scoredClean(r, "/cam/image_raw", 4);
        scoredClean(r, "/cam/compressed", 4);
        assertEquals("passed", r.state(), r.findings().toString());
    }

    @Test
    void hdf5ImageArrayWrittenByH5py() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(IndependentBags.PYTHON)), IndependentBags.PYTHON + " is not installed");
        Path data = Files.createDirectories(dir.resolve("aloha"));
        Process p = new ProcessBuilder(IndependentBags.PYTHON, Path.of("src/test/python/aloha_episode.py").toAbsolutePath().toString(),
                data.resolve("episode_0.hdf5").toString(), "50").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assumeTrue(!(rc != 0 && log.contains("No module named")), "h5py/numpy missing: " + log);
        assertEquals(0, rc, log);
        EpisodeReport r = ingestAndValidate(data);
        String camera = r.qc().fieldNames().next();
        assertTrue(camera.contains("cam_high"), r.qc().toString());
        scoredClean(r, camera, 4);
    }
}
