package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/** RLDS v1.1 step-log rules, on episodes written to disk and brought in by the real ingest. */
class RldsValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long PERIOD = 33_333_333L;

    @TempDir
    Path dir;
    private EpisodeReport last;

    private List<Finding> validate(Consumer<ObjectNode> metadata, BiConsumer<Integer, ObjectNode> step) throws Exception {
        Path ep = dir.resolve("rlds").resolve("ep_0001");
        Files.createDirectories(ep.resolve("steps"));
        Files.createDirectories(ep.resolve("blobs"));
        // A moving mid-grey checkerboard per step: sharp, well exposed, never frozen, so QC has nothing to say.
        for (int i = 0; i < 30; i++) {
            BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, CraftedMedia.GOOD.rgb(i * 4, x, y));
            ImageIO.write(img, "png", ep.resolve("blobs/rgb_" + i + ".png").toFile());
        }
        ObjectNode md = JSON.createObjectNode();
        md.put("schema_version", "1.1").put("episode_id", "ep_0001").put("xr_mode", "trainer")
                .put("control_role", "human_teleop").put("robot_id", "pi5-7").put("robot_model", "so-arm101")
                .put("frame_convention", "base_link").put("start_time_unix_ms", T0 / 1_000_000).put("duration_ms", 1000);
        md.putArray("tags").add("pick");
        ObjectNode safety = md.putObject("safety");
        safety.putObject("pii_attestation").put("pii_present", false).put("faces_present", false)
                .put("name_present", false).put("consent", true);
        safety.put("pii_cleared", true).put("pii_redacted", false).put("pending_review", false);
        md.putObject("share").put("public", false).put("license", "CC-BY-4.0");
        md.putObject("software").putObject("glove_ble").put("mtu", 247).put("sample_rate_hz", 100);
        metadata.accept(md);
        Files.writeString(ep.resolve("metadata.json"), JSON.writeValueAsString(md));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            long t = T0 + i * PERIOD;
            ObjectNode s = JSON.createObjectNode();
            s.put("timestamp_ns", t);
            ObjectNode obs = s.putObject("observation");
            ObjectNode media = obs.putObject("media");
            media.putObject("rgb").put("uri", "blobs/rgb_" + i + ".png").put("frame_id", "f" + i).put("timestamp_ns", t)
                    .put("width", 64).put("height", 48).put("format", "png");
            media.putObject("depth").put("uri", "blobs/rgb_" + i + ".png").put("frame_id", "f" + i).put("timestamp_ns", t + 1_000_000)
                    .put("width", 64).put("height", 48).put("format", "png16");
            ObjectNode arm = obs.putObject("robot_state").putObject("left_arm");
            arm.putArray("joint_positions").add(0.1 * i).add(0.2);
            arm.putArray("joint_velocities").add(0.1).add(0.0);
            ObjectNode pose = arm.putObject("end_effector_pose");
            pose.putArray("position").add(0.3).add(0.0).add(0.2);
            pose.putArray("orientation").add(0).add(0).add(0).add(1);
            arm.put("frame_id", "f" + i);
            obs.putObject("glove").put("valid", true);
            s.putObject("action").putArray("command").add(0.1).add(0.0);
            step.accept(i, s);
            lines.append(JSON.writeValueAsString(s)).append('\n');
        }
        Files.writeString(ep.resolve("steps/000000.jsonl"), lines);
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            IngestReport report = new Ingest(c).run(List.of(dir.resolve("rlds")), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, report.ingested().size(), report.toJson().toString());
            String id = report.ingested().get(0).episodeId();
            last = new ValidationService(c, new Validator(), 1, "t")
                    .run(List.of(id), ValidationProfile.defaults(), true, ProgressSink.NONE, Cancellation.NEVER).get(0);
            return last.findings();
        }
    }

    private static boolean has(List<Finding> f, String code) {
        return f.stream().anyMatch(x -> x.code().equals(code));
    }

    @Test
    void aCleanStepLogHasNoFindings() throws Exception {
        assertEquals(List.of(), validate(md -> { }, (i, s) -> { }));
        // its camera blobs were decoded and scored: every 15th of 30 frames
        assertEquals(2, last.qc().path("observation.media.rgb").path("samples").asInt(), last.qc().toString());
        assertTrue(last.qc().path("observation.media.rgb").path("sharpness_mean").asDouble() > 25, last.qc().toString());
    }

    @Test
    void depthSixMillisecondsOffIsMisaligned() throws Exception {
        List<Finding> f = validate(md -> { }, (i, s) -> {
            if (i == 12) ((ObjectNode) s.get("observation").get("media").get("depth")).put("timestamp_ns", T0 + 12 * PERIOD + 6_000_000);
        });
        Finding m = f.stream().filter(x -> x.code().equals("temporal.step_misaligned")).findFirst().orElseThrow(() -> new AssertionError(f));
        assertEquals("$.steps[12].observation.media.depth.timestamp_ns", m.field());
        assertTrue(m.file().endsWith("steps/000000.jsonl"), m.file());
        assertEquals(Severity.HARD, m.severity());
        // four milliseconds is within the contract's 5 ms
        assertTrue(!has(validate(md -> { }, (i, s) -> {
            if (i == 12) ((ObjectNode) s.get("observation").get("media").get("depth")).put("timestamp_ns", T0 + 12 * PERIOD + 4_000_000);
        }), "temporal.step_misaligned"));
    }

    @Test
    void mismatchedFrameIdsAreAHardFindingNamingStepStreamsAndIds() throws Exception {
        List<Finding> f = validate(md -> { }, (i, s) -> {
            if (i == 3) ((ObjectNode) s.get("observation").get("media").get("depth")).put("frame_id", "f99");
            if (i == 7) ((ObjectNode) s.get("observation").get("robot_state").get("left_arm")).put("frame_id", "f8");
        });
        List<Finding> m = f.stream().filter(x -> x.code().equals("temporal.frame_id_mismatch")).toList();
        assertEquals(2, m.size(), f.toString());
        assertEquals("$.steps[3].observation.media.depth.frame_id", m.get(0).field());
        assertEquals("step 3: observation.media.depth.frame_id is \"f99\", observation.media.rgb.frame_id is \"f3\"",
                m.get(0).message());
        assertEquals("$.steps[7].observation.robot_state.left_arm.frame_id", m.get(1).field());
        assertTrue(m.get(1).message().contains("\"f8\"") && m.get(1).message().contains("\"f7\""), m.get(1).message());
        assertEquals(Severity.HARD, m.get(0).severity());
    }

    @Test
    void robotStateTimestampMoreThanFiveMillisecondsFromItsVisionFrameIsMisaligned() throws Exception {
        List<Finding> f = validate(md -> { }, (i, s) -> {
            if (i == 9) ((ObjectNode) s.get("observation").get("robot_state").get("left_arm"))
                    .put("timestamp_ns", T0 + 9 * PERIOD - 5_500_000);
        });
        Finding m = f.stream().filter(x -> x.code().equals("temporal.step_misaligned")).findFirst().orElseThrow(() -> new AssertionError(f));
        assertEquals("$.steps[9].observation.robot_state.left_arm.timestamp_ns", m.field());
        assertTrue(m.message().contains("-5.5 ms from observation.media.rgb"), m.message());
        assertTrue(!has(validate(md -> { }, (i, s) -> {
            if (i == 9) ((ObjectNode) s.get("observation").get("robot_state").get("left_arm"))
                    .put("timestamp_ns", T0 + 9 * PERIOD + 5_000_000);
        }), "temporal.step_misaligned"), "exactly 5 ms is within the seed's +/-5 ms");
    }

    @Test
    void armFieldsGazeAndAudioAreHeldToTheSeedsMustLines() throws Exception {
        List<Finding> f = validate(md -> { }, (i, s) -> {
            ObjectNode obs = (ObjectNode) s.get("observation");
            if (i == 2) ((ObjectNode) obs.get("robot_state").get("left_arm")).remove("joint_velocities");
            if (i == 4) {
                ObjectNode g = obs.putObject("gaze");
                g.putArray("origin").add(0).add(0).add(1.6);
                g.putArray("direction").add(0.0).add(0.6).add(0.6);
            }
            if (i == 5) {
                ObjectNode g = obs.putObject("gaze");
                g.putObject("origin").put("x", 0).put("y", 0).put("z", 1.6);
                g.putObject("direction").put("x", 0.0).put("y", 0.6).put("z", 0.8);
            }
            if (i == 6) obs.putObject("audio").put("uri", "https://example.org/a.wav").put("sample_rate_hz", 16000);
        });
        assertTrue(f.stream().anyMatch(x -> x.code().equals("schema.missing_field")
                && "$.steps[2].observation.robot_state.left_arm.joint_velocities".equals(x.field())), f.toString());
        List<Finding> gaze = f.stream().filter(x -> x.code().equals("schema.gaze_invalid")).toList();
        assertEquals(1, gaze.size(), "the unit vector of step 5 is fine, step 4's is not: " + f);
        assertEquals("$.steps[4].observation.gaze.direction", gaze.get(0).field());
        assertTrue(f.stream().anyMatch(x -> x.code().equals("schema.audio_incomplete")
                && "$.steps[6].observation.audio.num_channels".equals(x.field())), f.toString());
    }

    @Test
    void backwardsStepTimestampsAreNonMonotonic() throws Exception {
        List<Finding> f = validate(md -> { }, (i, s) -> {
            if (i == 11) {
                long t = T0 + 9 * PERIOD;
                s.put("timestamp_ns", t);
                ObjectNode media = (ObjectNode) s.get("observation").get("media");
                ((ObjectNode) media.get("rgb")).put("timestamp_ns", t);
                ((ObjectNode) media.get("depth")).put("timestamp_ns", t);
            }
        });
        Finding m = f.stream().filter(x -> x.code().equals("temporal.non_monotonic") && x.field() != null).findFirst()
                .orElseThrow(() -> new AssertionError(f));
        assertEquals("$.steps[11].timestamp_ns", m.field());
        assertTrue(m.file().endsWith("steps/000000.jsonl"), m.file());
    }

    @Test
    void gloveDropoutIsAWarningAndAnUnpairedGloveIsNone() throws Exception {
        List<Finding> f = validate(md -> { }, (i, s) -> ((ObjectNode) s.get("observation").get("glove")).put("valid", i % 10 != 0));
        Finding g = f.stream().filter(x -> x.code().equals("completeness.glove_dropout")).findFirst().orElseThrow(() -> new AssertionError(f));
        assertEquals(Severity.WARN, g.severity());
        // seed 004: "When gloves are not paired, emit glove.valid=false" - that is no dropout
        List<Finding> unpaired = validate(md -> { }, (i, s) -> ((ObjectNode) s.get("observation").get("glove")).put("valid", false));
        assertEquals(List.of(), unpaired);
    }

    @Test
    void gloveBleMtuAndSampleRateMustBeLogged() throws Exception {
        List<Finding> f = validate(md -> ((ObjectNode) md.get("software")).remove("glove_ble"), (i, s) -> { });
        Finding g = f.stream().filter(x -> x.code().equals("completeness.glove_ble_unlogged")).findFirst()
                .orElseThrow(() -> new AssertionError(f));
        assertEquals(Severity.WARN, g.severity());
        // logged per step under observation.diagnostics is as good as in the metadata
        assertEquals(List.of(), validate(md -> ((ObjectNode) md.get("software")).remove("glove_ble"),
                (i, s) -> ((ObjectNode) s.get("observation")).putObject("diagnostics").putObject("ble")
                        .put("mtu", 247).put("glove_sample_rate_hz", 100)));
    }

    @Test
    void publicListingNeedsClearedPii() throws Exception {
        List<Finding> f = validate(md -> {
            ((ObjectNode) md.get("share")).put("public", true);
            ((ObjectNode) md.get("safety")).put("pii_cleared", false).put("pending_review", true);
        }, (i, s) -> { });
        Finding p = f.stream().filter(x -> x.code().equals("privacy.public_listing_blocked")).findFirst().orElseThrow(() -> new AssertionError(f));
        assertEquals("$.share.public", p.field());
        assertTrue(!has(validate(md -> ((ObjectNode) md.get("share")).put("public", true), (i, s) -> { }),
                "privacy.public_listing_blocked"), "cleared PII may be listed publicly");
    }

    @Test
    void missingSafetyBlockAndSchemaFieldsAreReported() throws Exception {
        List<Finding> f = validate(md -> {
            md.remove("safety");
            md.remove("control_role");
            md.put("xr_mode", "pilot");
        }, (i, s) -> { });
        // seed 004: safety is "required for public/share flows; recommended always"
        assertTrue(f.stream().anyMatch(x -> x.code().equals("privacy.consent_unknown") && "$.safety".equals(x.field())
                && x.severity() == Severity.WARN), f.toString());
        List<Finding> pub = validate(md -> {
            md.remove("safety");
            ((ObjectNode) md.get("share")).put("public", true);
        }, (i, s) -> { });
        assertTrue(pub.stream().anyMatch(x -> x.code().equals("privacy.public_listing_blocked") && "$.safety".equals(x.field())),
                pub.toString());
        assertTrue(f.stream().anyMatch(x -> x.code().equals("schema.missing_field") && "$.control_role".equals(x.field())), f.toString());
        assertTrue(f.stream().anyMatch(x -> x.code().equals("schema.bad_value") && "$.xr_mode".equals(x.field())), f.toString());
    }
}
