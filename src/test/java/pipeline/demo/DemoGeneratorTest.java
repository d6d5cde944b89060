package pipeline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Digests;
import pipeline.EpisodeIds;
import pipeline.read.mcap.McapReader;
import pipeline.read.ros.RosJointState;
import store.Cancellation;
import store.ProgressSink;

class DemoGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static List<DemoGenerator.GeneratedEpisode> episodes;

    @BeforeAll
    static void generateThreeEpisodes() {
        episodes = new DemoGenerator("test").generate(new DemoGenerator.Options(shared.resolve("a"), 3, 11),
                ProgressSink.NONE, Cancellation.NEVER);
    }

    @Test
    void layoutFollowsTheRawEpisodeContract() throws Exception {
        assertEquals(3, episodes.size());
        for (DemoGenerator.GeneratedEpisode e : episodes) {
            Path f = e.folder();
            assertEquals(e.episodeId(), f.getFileName().toString());
            assertTrue(Files.isRegularFile(f.resolve("episode_manifest.json")));
            assertTrue(Files.isRegularFile(f.resolve("notes.md")));
            assertTrue(Files.isRegularFile(f.resolve(DemoGenerator.BAG_FILE)));
            JsonNode m = JSON.readTree(f.resolve("episode_manifest.json").toFile());
            assertEquals(e.episodeId(), m.get("episode_id").asText());
            assertEquals(e.episodeId(), EpisodeIds.fromManifest(m), "id must be the hash of the manifest");
            for (String block : new String[]{"dataset_id", "operator_id", "robot", "capture_device", "episode_start_utc",
                    "episode_end_utc", "timebase", "clock_offsets_ns", "streams", "calibration", "task", "consent",
                    "quality", "lineage"}) {
                assertTrue(m.has(block), "manifest lacks " + block);
            }
            int cameras = 0;
            for (JsonNode s : m.get("streams")) if ("rgb".equals(s.get("type").asText())) cameras++;
            assertTrue(cameras == 2 || cameras == 3, "cameras " + cameras);
            m.get("checksums").fields().forEachRemaining(c ->
                    assertEquals(c.getValue().asText(), Digests.sha256Hex(f.resolve(c.getKey())), c.getKey()));
        }
        try (var walk = Files.list(DemoGenerator.episodesRoot(shared.resolve("a")))) {
            assertFalse(walk.anyMatch(p -> p.getFileName().toString().startsWith(".staging")));
        }
    }

    @Test
    void oneEpisodeFailsAndOneShowsAFace() throws Exception {
        JsonNode failing = episodes.get(1).manifest();
        assertFalse(failing.get("task").get("success").asBoolean());
        assertEquals("grasp_slip", failing.get("task").get("failure_mode").asText());
        assertEquals("raw", episodes.get(2).manifest().get("consent").get("pii_state").asText());
        assertTrue(Files.readString(episodes.get(2).folder().resolve("notes.md")).contains("redaction"));
        assertEquals(5, episodes.get(0).manifest().get("task").get("subtasks").size());
    }

    @Test
    void theManifestDeclaresCuriosRawEpisodeContractWithSubtasksInSeconds() {
        for (var e : episodes) {
            JsonNode m = e.manifest();
            assertEquals("curio-raw-episode/1", m.get("contract").asText());
            assertEquals(pipeline.EpisodeIds.fromManifest(m), m.get("episode_id").asText());
            double end = java.time.Duration.between(java.time.Instant.parse(m.get("episode_start_utc").asText()),
                    java.time.Instant.parse(m.get("episode_end_utc").asText())).toMillis() / 1000.0;
            JsonNode last = m.get("task").get("subtasks").get(m.get("task").get("subtasks").size() - 1);
            assertTrue(last.get("end_ts").isNumber() && last.get("end_ts").asDouble() <= end + 1e-3
                    && last.get("end_ts").asDouble() > end / 2, "subtask times are seconds from the start: " + last);
        }
    }

    @Test
    void episodesDifferFromEachOther() {
        java.util.Set<Double> durations = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            double d = DemoEpisodePlan.of(i, 7).durationS();
            assertTrue(d >= 5 && d <= 20, "duration " + d);
            durations.add(Math.floor(d * 10));
        }
        assertTrue(durations.size() >= 5, "demo episodes should not all be the same length: " + durations);
    }

    @Test
    void sameSeedGivesTheSameBytes() {
        List<DemoGenerator.GeneratedEpisode> again = new DemoGenerator("test").generate(
                new DemoGenerator.Options(shared.resolve("b"), 1, 11), ProgressSink.NONE, Cancellation.NEVER);
        assertEquals(episodes.get(0).episodeId(), again.get(0).episodeId());
        assertEquals(Digests.sha256Hex(episodes.get(0).folder().resolve("video/cam_high.mp4")),
                Digests.sha256Hex(again.get(0).folder().resolve("video/cam_high.mp4")));
    }

    @Test
    void everyVideoFrameCarriesItsFrameNumber() throws Exception {
        DemoGenerator.GeneratedEpisode e = episodes.get(0);
        int declared = e.manifest().get("streams").get("cam_high").get("frame_count").asInt();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(e.folder().resolve("video/cam_high.mp4").toFile());
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            g.start();
            assertEquals(640, g.getImageWidth());
            assertEquals(360, g.getImageHeight());
            int n = 0;
            Frame frame;
            while ((frame = g.grabImage()) != null) {
                BufferedImage img = conv.convert(frame);
                assertEquals(n, FrameCode.read((x, y) -> FrameCode.luma(img.getRGB(x, y)), img.getWidth(), img.getHeight()));
                n++;
            }
            assertEquals(declared, n);
            // exact seek lands on the frame it asked for
            g.setVideoFrameNumber(97);
            BufferedImage img = conv.convert(g.grabImage());
            assertEquals(97, FrameCode.read((x, y) -> FrameCode.luma(img.getRGB(x, y)), img.getWidth(), img.getHeight()));
        }
    }

    @Test
    void bagHoldsJointStatesAndCommandsAt50HzWithinLimits() throws Exception {
        DemoGenerator.GeneratedEpisode e = episodes.get(1);
        int samples = e.manifest().get("streams").get("proprio").get("sample_count").asInt();
        Map<String, Integer> counts = new HashMap<>();
        long[] lastState = {Long.MIN_VALUE};
        try (InputStream in = Files.newInputStream(e.folder().resolve(DemoGenerator.BAG_FILE));
             McapReader r = new McapReader(in, "bag")) {
            r.forEachMessage(m -> {
                counts.merge(m.topic(), 1, Integer::sum);
                RosJointState js = RosJointState.decode(m.message().data(), "bag", m.topic());
                assertEquals(ArmMotion.JOINTS, js.name());
                for (int j = 0; j < js.position().length; j++) {
                    double v = js.position()[j];
                    assertTrue(Double.isFinite(v));
                    assertTrue(v >= ArmMotion.LIMITS[j][0] - 1e-9 && v <= ArmMotion.LIMITS[j][1] + 1e-9,
                            m.topic() + " joint " + j + " = " + v);
                }
                if (m.topic().equals(DemoBag.STATE_TOPIC)) {
                    if (lastState[0] != Long.MIN_VALUE) assertEquals(20_000_000L, m.logTime() - lastState[0], 1_000);
                    lastState[0] = m.logTime();
                }
            });
        }
        assertEquals(samples, counts.get("/joint_states"));
        assertEquals(samples, counts.get("/joint_command"));
    }

    @Test
    void frameCodeRoundTripsAndRejectsDamage() {
        BufferedImage img = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        for (int n : new int[]{0, 1, 299, 4097, 65535}) {
            var g = img.createGraphics();
            FrameCode.draw(g, n, 320, 180);
            g.dispose();
            assertEquals(n, FrameCode.read((x, y) -> FrameCode.luma(img.getRGB(x, y)), 320, 180));
        }
        BufferedImage blank = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        assertEquals(-1, FrameCode.read((x, y) -> FrameCode.luma(blank.getRGB(x, y)), 320, 180));
    }
}
