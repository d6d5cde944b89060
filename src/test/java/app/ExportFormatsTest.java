package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Digests;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Catalog;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * Each export format, written from data made by tools that are not Curio's, read back by readers that are not Curio's
 * (a TFRecord and tf.train.Example reader written from the format's specification, h5py and the HDF5 command-line
 * tools, the FFmpeg command line) and then ingested by Curio again: the streams that come back are the features that
 * went out, with the same rows and values. Trims, subtasks, failure marks and redactions are checked where each format
 * keeps them.
 */
class ExportFormatsTest {
    @TempDir
    Path home;

    /** ALOHA fixture: two episodes of 60 steps at 50 Hz, 14 joints, two 160x120 frame-coded cameras. */
    private ExportRun aloha() throws Exception {
        Path root = home.resolve("aloha");
        Files.createDirectories(root);
        Hdf5Fixtures.aloha(root, 60, 120, 160);
        return new ExportRun(home).ingest(root);
    }

    private static double qpos(int step, int joint) {
        double t = step / 50.0;
        return Math.sin(t + joint) * 0.1 * (joint + 1);
    }

    @Test
    void rldsShardsAreReadFromTheSpecAndIngestBackWithTheSameStreams() throws Exception {
        ExportRun run = aloha().trim(0, 300_000_000L, 900_000_000L, "reach").failure(0, 400_000_000L, 500_000_000L, "slip").subset();
        ExportRun.Bundle b = run.export("rlds", "--format", "rlds", "--data-file-mb", "0.05");
        assertEquals("rlds", b.manifest().at("/bundle/format").asText());
        assertEquals("tfds-1.0.0", b.manifest().at("/bundle/format_version").asText());
        Path tfds = b.data().resolve("all/1.0.0");
        JsonNode read = readTfds(tfds);
        assertEquals(2, read.get("shards").size(), "a shard is closed at the size cap: " + read.get("shards"));
        assertEquals("all-train.tfrecord-00000-of-00002", read.at("/shards/0/file").asText());
        JsonNode card = b.card();
        JsonNode ep0 = read.at("/episodes/0");
        JsonNode ep1 = read.at("/episodes/1");
        // Rows follow cam_high's own frames at 50 Hz: the trim [0.3 s, 0.9 s) keeps steps 15..44.
        assertEquals(30, ep0.get("steps").asInt());
        assertEquals(60, ep1.get("steps").asInt());
        assertEquals(card.at("/episodes/0/frames").asInt(), ep0.get("steps").asInt());
        JsonNode state = ep0.at("/features/steps~1observation~1state/values");
        assertEquals(30 * 14, state.size());
        for (int k : new int[] {0, 17, 29}) {
            for (int j : new int[] {0, 6, 13}) {
                assertEquals((float) qpos(15 + k, j), state.get(k * 14 + j).floatValue(), 1e-6, "qpos row " + k + " joint " + j);
            }
        }
        // ACT's fixture action is the next step's qpos; a command holds its value, so row k has step 15+k's.
        JsonNode action = ep0.at("/features/steps~1action/values");
        assertEquals((float) qpos(16, 3), action.get(3).floatValue(), 1e-6);
        assertEquals(List.of(1, 0), List.of(ep0.at("/features/steps~1is_first/values/0").asInt(),
                ep0.at("/features/steps~1is_first/values/1").asInt()));
        assertEquals(1, ep1.at("/features/steps~1is_last/values/59").asInt());
        assertEquals(0, sum(ep0.at("/features/steps~1is_terminal/values")), "a trimmed, failed segment does not terminate");
        assertEquals(1, ep1.at("/features/steps~1is_terminal/values/59").asInt(), "a whole successful episode does");
        assertEquals(1.0, ep1.at("/features/steps~1reward/values/59").asDouble());
        assertEquals(0, ep0.at("/features/episode_metadata~1success/values/0").asInt(), "the failure mark");
        assertEquals(1, ep1.at("/features/episode_metadata~1success/values/0").asInt());
        assertEquals("slip", ep0.at("/features/episode_metadata~1failure_modes/values/0").asText());
        JsonNode subtask = ep0.at("/features/steps~1subtask/values");
        assertEquals("reach", subtask.get(0).asText());
        assertEquals("reach", subtask.get(14).asText());
        assertEquals("", subtask.get(15).asText(), "the subtask ends at 0.6 s, step 30");
        assertEquals(card.at("/tasks/0").asText(), ep0.at("/features/steps~1language_instruction/values/0").asText());
        JsonNode cam = ep0.at("/features/steps~1observation~1cam_high");
        assertEquals("jpg", cam.get("image_format").asText());
        Path images = home.resolve("tfds-images");
        assertEquals(15, code(IndependentTools.decodeImage(images.resolve(cam.get("first").asText()), 160, 120), 160, 120));
        assertEquals(44, code(IndependentTools.decodeImage(images.resolve(cam.get("last").asText()), 160, 120), 160, 120));
        JsonNode wrist = ep1.at("/features/steps~1observation~1cam_left_wrist");
        assertEquals(59, code(IndependentTools.decodeImage(images.resolve(wrist.get("last").asText()), 160, 120), 160, 120));

        // Curio's own TFDS ingest finds the same features, and the values the spec reader read.
        List<String> again = run.reingest(tfds, "again");
        assertEquals(2, again.size());
        Map<String, Integer> back = plannedFeatures(run, "again", again, "--fps", "50");
        Map<String, Integer> out = features(b.result());
        Map<String, Integer> expected = new TreeMap<>(out);
        expected.put("next.reward", 1);
        expected.put("observation.discount", 1);
        assertEquals(expected, back, "RLDS adds reward and discount to every step; the rest is what went out");
        float[] ingested = seriesValues(run, "again", again.get(0), "observation/state");
        assertEquals(state.size(), ingested.length);
        for (int i = 0; i < ingested.length; i++) assertEquals(state.get(i).floatValue(), ingested[i], "value " + i);
    }

    @Test
    void alohaFilesReadByH5pyAndTheHdf5ToolsIngestBackWithTheSameStreams() throws Exception {
        Path root = home.resolve("folders");
        MediaFixtures.mp4Folder(root.resolve("take_01"), 45, home.resolve("gen0"));
        MediaFixtures.mp4Folder(root.resolve("take_02"), 45, home.resolve("gen1"));
        ExportRun run = new ExportRun(home).ingest(root).trim(0, 500_000_000L, 1_200_000_000L, "grasp").subset();
        ExportRun.Bundle b = run.export("aloha", "--format", "hdf5", "--profile", "aloha");
        assertEquals("aloha", b.manifest().at("/bundle/profile").asText());
        Path file = b.data().resolve("episode_0.hdf5");
        JsonNode h = readHdf5(file, "ep0");
        JsonNode qpos = h.at("/datasets/~1observations~1qpos");
        // front.mp4 at 30 fps: [0.5 s, 1.2 s) keeps frames 15..35.
        assertEquals("[21,6]", qpos.get("shape").toString());
        assertEquals("float32", qpos.get("dtype").asText());
        for (int k : new int[] {0, 10, 20}) {
            for (int j = 0; j < 6; j++) {
                assertEquals(Ros2Fixtures.jointPosition(j, (15 + k) / 30.0), qpos.at("/values/" + k + "/" + j).asDouble(), 1e-3);
            }
        }
        JsonNode qvel = h.at("/datasets/~1observations~1qvel");
        assertEquals("[21,6]", qvel.get("shape").toString(), "ACT reads qvel; the folder has none, so it is derived");
        assertTrue(qvel.at("/attrs/derived/value").asText().contains("difference"), qvel.toString());
        assertEquals("[21,7]", h.at("/datasets/~1action/shape").toString());
        JsonNode front = h.at("/datasets/~1observations~1images~1front");
        assertEquals("[21,240,320,3]", front.get("shape").toString());
        assertEquals("uint8", front.get("dtype").asText());
        assertEquals("[1,240,320,3]", front.get("chunks").toString(), "chunked one frame per chunk");
        Path frames = home.resolve("h5-ep0");
        assertEquals(15, code(Files.readAllBytes(frames.resolve(front.get("first").asText())), 320, 240));
        assertEquals(35, code(Files.readAllBytes(frames.resolve(front.get("last").asText())), 320, 240));
        JsonNode attrs = h.at("/groups/~1");
        assertEquals(false, attrs.at("/sim/value").asBoolean());
        assertEquals("bool", attrs.at("/sim/dtype").asText(), "an h5py bool, as ACT's loader reads root.attrs['sim']");
        assertEquals(false, attrs.at("/compress/value").asBoolean());
        assertEquals(30, attrs.at("/fps/value").asInt());
        assertEquals("grasp", IndependentTools.JSON.readTree(attrs.at("/subtasks/value").asText()).at("/0/label").asText());
        String h5ls = IndependentTools.run(List.of("/usr/bin/h5ls", "-r", b.data().resolve("episode_1.hdf5").toString()), null);
        for (String path : List.of("/action", "/observations/qpos", "/observations/qvel", "/observations/images/front",
                "/observations/images/wrist")) {
            assertTrue(h5ls.contains(path + " "), "h5ls lists " + path + ":\n" + h5ls);
        }
        assertTrue(h5ls.contains("{45, 240, 320, 3}"), h5ls);
        String dump = IndependentTools.run(List.of("/usr/bin/h5dump", "-H", "-p", "-d", "/observations/images/wrist",
                b.data().resolve("episode_1.hdf5").toString()), null);
        assertTrue(dump.contains("CHUNKED ( 1, 240, 320, 3 )") && dump.contains("H5T_STD_U8LE"), dump);

        List<String> again = run.reingest(b.data(), "again");
        assertEquals(2, again.size());
        Map<String, Integer> back = plannedFeatures(run, "again", again);
        Map<String, Integer> expected = new TreeMap<>(features(b.result()));
        expected.put("observation.velocity", 6);
        assertEquals(expected, back, "the derived qvel comes back as velocities; the rest is what went out");
        float[] ingested = seriesValues(run, "again", again.get(0), "observations/qpos");
        assertEquals(21 * 6, ingested.length);
        assertEquals(qpos.at("/values/20/5").floatValue(), ingested[20 * 6 + 5]);
    }

    @Test
    void robomimicFileHoldsEveryDemoAndIngestsBackWithTheSameStreams() throws Exception {
        Path root = home.resolve("robomimic");
        Files.createDirectories(root);
        Hdf5Fixtures.robomimic(root.resolve("lift_demo.hdf5"), 40, 96, 128);
        ExportRun run = new ExportRun(home).ingest(root).failure(1, 500_000_000L, 600_000_000L, "drop").subset();
        ExportRun.Bundle b = run.export("robomimic-bundle", "--format", "hdf5", "--profile", "robomimic");
        JsonNode h = readHdf5(b.data().resolve("all.hdf5"), "rm");
        assertEquals(80, h.at("/groups/~1data/total/value").asInt());
        JsonNode env = IndependentTools.JSON.readTree(h.at("/groups/~1data/env_args/value").asText());
        assertEquals(20, env.at("/env_kwargs/control_freq").asInt());
        assertEquals(40, h.at("/groups/~1data~1demo_1/num_samples/value").asInt());
        for (String d : List.of("obs/robot0_joint_pos", "obs/robot0_eef_pos", "obs/robot0_gripper_qpos", "obs/agentview_image",
                "actions", "rewards", "dones", "states")) {
            assertTrue(h.at("/datasets").has("/data/demo_0/" + d), d + " in " + h.at("/datasets").fieldNames());
        }
        assertEquals("[40,7]", h.at("/datasets/~1data~1demo_0~1obs~1robot0_joint_pos/shape").toString());
        assertEquals(Math.cos(5 / 20.0 + 3 + 1), h.at("/datasets/~1data~1demo_1~1obs~1robot0_joint_pos/values/5/3").asDouble(), 1e-6);
        assertEquals("[40,14]", h.at("/datasets/~1data~1demo_0~1states/shape").toString());
        assertEquals("[1,96,128,3]", h.at("/datasets/~1data~1demo_0~1obs~1agentview_image/chunks").toString());
        assertEquals(1, h.at("/datasets/~1data~1demo_0~1dones/values/39").asInt());
        assertEquals(List.of("demo_0"), texts(h.at("/datasets/~1mask~1train/values")));
        assertEquals(List.of("demo_1"), texts(h.at("/datasets/~1mask~1valid/values")));
        assertEquals(List.of("demo_1"), texts(h.at("/datasets/~1mask~1failure/values")), "the failure mark");
        assertEquals(false, h.at("/groups/~1data~1demo_1/success/value").asBoolean());

        List<String> again = run.reingest(b.data().resolve("all.hdf5"), "again");
        assertEquals(2, again.size());
        assertEquals(features(b.result()), plannedFeatures(run, "again", again), "every feature comes back as it went out");
    }

    @Test
    void mp4BundleHasOneClipPerSegmentAndCameraWithReferencesRedactionsConsentAndLicences() throws Exception {
        Path root = home.resolve("folders");
        MediaFixtures.mp4Folder(root.resolve("take_01"), 45, home.resolve("gen0"));
        MediaFixtures.mp4Folder(root.resolve("take_02"), 45, home.resolve("gen1"));
        ExportRun run = new ExportRun(home).ingest(root).trim(0, 500_000_000L, 1_200_000_000L, "grasp").subset();
        String take2 = run.ids.get(1);
        run.redact(1, "front", 0, 1_500_000_000L);
        ExportRun.Bundle b = run.export("media", "--format", "mp4");
        assertEquals("curio-media/1", b.manifest().at("/bundle/format_version").asText());
        Map<String, String> excluded = new TreeMap<>();
        b.result().get("excluded_streams").forEach(e -> excluded.put(e.get("stream").asText(), e.get("reason").asText()));
        assertEquals("not_in_format", excluded.get("joint_states"), excluded.toString());
        List<JsonNode> clips = lines(b.data().resolve("clips.jsonl"));
        assertEquals(4, clips.size(), "two segments, two cameras");
        Map<String, String> modes = new TreeMap<>();
        for (JsonNode c : clips) {
            Path clip = b.data().resolve(c.get("file").asText());
            assertEquals(c.get("sha256").asText(), Digests.sha256Hex(clip), c.toString());
            assertEquals(c.get("frames").asInt(), IndependentTools.frameCount(clip), c.toString());
            modes.put(c.get("episode").asText().equals(take2) ? "take_02/" + c.get("camera").asText() : "take_01/" + c.get("camera").asText(),
                    c.get("mode").asText());
            List<byte[]> decoded = IndependentTools.decodeWindow(clip, 0, 1e9, 320, 240);
            boolean trimmed = !c.get("episode").asText().equals(take2);
            assertEquals(trimmed ? 15 : 0, code(decoded.get(0), 320, 240), c.toString());
            assertEquals(trimmed ? 35 : 44, code(decoded.get(decoded.size() - 1), 320, 240), c.toString());
            assertEquals(trimmed ? 0.5 : 0.0, c.get("t_start").asDouble(), 1e-9);
        }
        assertEquals(Map.of("take_01/front", "encoded", "take_01/wrist", "encoded", "take_02/front", "encoded",
                "take_02/wrist", "copied"), modes, "copied where nothing changes the clip: whole, unredacted");
        // The box is burned in: the clip differs from the source inside it and matches it in the frame-code band.
        Path clip = b.data().resolve(clips.stream().filter(c -> c.get("episode").asText().equals(take2)
                && c.get("camera").asText().equals("front")).findFirst().orElseThrow().get("file").asText());
        byte[] exported = IndependentTools.decodeWindow(clip, 10 / 30.0, 11 / 30.0, 320, 240).get(0);
        byte[] source = IndependentTools.decodeWindow(root.resolve("take_02/front.mp4"), 10 / 30.0, 11 / 30.0, 320, 240).get(0);
        assertEquals(10, code(exported, 320, 240));
        assertEquals(10, code(source, 320, 240));
        assertTrue(meanLevel(exported, 110, 180) < 20 && meanLevel(source, 110, 180) > 60,
                "black inside the box in the clip, as recorded in the source: " + meanLevel(exported, 110, 180) + " vs "
                        + meanLevel(source, 110, 180));
        List<JsonNode> redactions = lines(b.data().resolve("redactions.jsonl"));
        assertEquals(1, redactions.size());
        assertEquals(45, redactions.get(0).get("frames_redacted").asInt());
        assertEquals(2, lines(b.data().resolve("consent.jsonl")).size());
        JsonNode licenses = IndependentTools.JSON.readTree(b.data().resolve("licenses.json").toFile());
        int covered = 0;
        for (JsonNode s : licenses.get("license_scopes")) covered += s.get("clips").size();
        assertEquals(4, covered, "every clip is inside one licence boundary");
        assertEquals(45, b.card().at("/redactions/redacted_frames").asInt());
    }

    @Test
    void stepLogsIngestBackWithTheSameStreamsAndNoFindings() throws Exception {
        Path root = home.resolve("steplogs");
        MediaFixtures.stepLog(root.resolve("ep_0"), "ep_0", 1_700_000_000_000_000_000L, 45, 320, 240);
        MediaFixtures.stepLog(root.resolve("ep_1"), "ep_1", 1_700_000_100_000_000_000L, 45, 320, 240);
        ExportRun run = new ExportRun(home).ingest(root).trim(0, 200_000_000L, 1_000_000_000L, "reach").subset();
        ExportRun.Bundle b = run.export("steps", "--format", "steplog");
        JsonNode edge = IndependentTools.JSON.readTree(b.data().resolve("edge_manifest.json").toFile());
        assertEquals("1.0.0", edge.get("version").asText());
        assertTrue(edge.get("tflite_path").isNull(), "no model is packaged");
        int covered = 0;
        for (var e : edge.at("/signature/files").properties()) {
            assertEquals(e.getValue().asText(), Digests.sha256Hex(b.data().resolve(e.getKey())), e.getKey());
            covered++;
        }
        assertEquals(4, covered, "metadata.json and one steps file per episode");
        JsonNode md = IndependentTools.JSON.readTree(b.data().resolve("episodes/ep_0/metadata.json").toFile());
        assertEquals("1.1", md.get("schema_version").asText());
        assertEquals("trainer", md.get("xr_mode").asText(), "the source's own metadata is kept");
        assertEquals(800, md.get("duration_ms").asInt(), "24 steps at 30 Hz");
        List<JsonNode> steps = lines(b.data().resolve("episodes/ep_0/steps/000000.jsonl"));
        assertEquals(24, steps.size(), "[0.2 s, 1.0 s) at 30 Hz: steps 6..29");
        JsonNode first = steps.get(0);
        assertEquals("pick up the red block", first.at("/observation/language_instruction").asText(), "the first step echoes the task");
        assertEquals("reach", steps.get(1).at("/observation/language_instruction").asText(), "later steps carry the subtask");
        assertEquals(0.2, first.at("/observation/robot_state/left_arm/end_effector_pose/position/1").asDouble(),
                "the source's end-effector pose is carried");
        assertEquals(6, first.at("/observation/robot_state/left_arm/joint_velocities").size());

        List<String> again = run.reingest(b.data().resolve("episodes"), "again");
        assertEquals(List.of("ep_0", "ep_1"), again.stream().sorted().toList());
        Map<String, String> sourceStreams;
        Map<String, String> backStreams;
        try (Catalog source = Catalog.open(home.resolve("catalog.db")); Catalog back = Catalog.open(home.resolve("again.db"))) {
            sourceStreams = streams(source.episodes().find(run.ids.get(1)).orElseThrow());
            backStreams = streams(back.episodes().find("ep_1").orElseThrow());
        }
        assertEquals(sourceStreams, backStreams, "the untrimmed episode comes back with the same streams, kinds and counts");
        assertEquals(features(b.result()), plannedFeatures(run, "again", again));
        float[] in = seriesValues(run, "catalog", run.ids.get(1), "observation.robot_state.right_arm.joint_positions");
        float[] out = seriesValues(run, "again", "ep_1", "observation.robot_state.right_arm.joint_positions");
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) assertEquals(in[i], out[i], 1e-6, "value " + i);
        TestCliContext.Result validate = TestCliContext.run(home, "--catalog", home.resolve("again.db").toString(), "validate",
                "--all", "--json");
        JsonNode reports = IndependentTools.JSON.readTree(validate.out()).get("episodes");
        assertEquals(2, reports.size(), validate.out());
        for (JsonNode r : reports) {
            for (JsonNode f : r.get("findings")) {
                assertTrue(!Set.of("hard", "soft").contains(f.get("severity").asText()), "no hard or soft finding: " + f);
            }
        }
    }

    @Test
    void everyFormatListsTheSameEpisodesAndRowsInItsDataCard() throws Exception {
        Path root = home.resolve("steplogs");
        MediaFixtures.stepLog(root.resolve("ep_0"), "ep_0", 1_700_000_000_000_000_000L, 45, 320, 240);
        MediaFixtures.stepLog(root.resolve("ep_1"), "ep_1", 1_700_000_100_000_000_000L, 45, 320, 240);
        ExportRun run = new ExportRun(home).ingest(root).trim(0, 200_000_000L, 1_000_000_000L, "reach")
                .failure(1, 300_000_000L, 400_000_000L, "slip").subset();
        Map<String, List<String>> formats = new java.util.LinkedHashMap<>();
        formats.put("lerobot-v3", List.of("--format", "lerobot-v3"));
        formats.put("rlds", List.of("--format", "rlds"));
        formats.put("hdf5-aloha", List.of("--format", "hdf5", "--profile", "aloha"));
        formats.put("hdf5-robomimic", List.of("--format", "hdf5", "--profile", "robomimic"));
        formats.put("mp4", List.of("--format", "mp4"));
        formats.put("steplog", List.of("--format", "steplog"));
        formats.put("manifest", List.of("--format", "manifest"));
        Map<String, List<String>> rows = new TreeMap<>();
        Map<String, List<String>> episodes = new TreeMap<>();
        for (Map.Entry<String, List<String>> f : formats.entrySet()) {
            JsonNode card = run.export("bundle-" + f.getKey(), f.getValue().toArray(String[]::new)).card();
            List<String> r = new ArrayList<>();
            List<String> e = new ArrayList<>();
            for (JsonNode ep : card.get("episodes")) {
                String id = ep.get("episode_id").asText() + "#" + ep.get("segment_index").asInt() + " success=" + ep.get("success").asBoolean();
                e.add(id);
                r.add(id + " rows=" + ep.path("frames").asText("-"));
            }
            episodes.put(f.getKey(), e);
            if (!f.getKey().equals("manifest")) rows.put(f.getKey(), r);
        }
        List<String> expected = rows.get("lerobot-v3");
        assertEquals(List.of(run.ids.get(0) + "#0 success=true rows=24", run.ids.get(1) + "#1 success=false rows=45"), expected);
        for (Map.Entry<String, List<String>> r : rows.entrySet()) assertEquals(expected, r.getValue(), r.getKey());
        for (Map.Entry<String, List<String>> e : episodes.entrySet()) {
            assertEquals(List.of(run.ids.get(0) + "#0 success=true", run.ids.get(1) + "#1 success=false"), e.getValue(), e.getKey());
        }
        // A rate of the user's choosing is the clock of every format alike.
        JsonNode lerobot15 = run.export("lerobot-15", "--format", "lerobot-v3", "--fps", "15").card();
        JsonNode aloha15 = run.export("aloha-15", "--format", "hdf5", "--fps", "15").card();
        assertEquals(12, lerobot15.at("/episodes/0/frames").asInt(), "0.8 s at 15 fps");
        assertEquals(lerobot15.get("episodes"), aloha15.get("episodes"));
        assertEquals("user", aloha15.at("/hdf5/fps_source").asText());
        // RLDS keeps depth as 16-bit PNG images, which Curio reads back as the same depth feature.
        List<String> again = run.reingest(home.resolve("bundle-rlds/data/all/1.0.0"), "again");
        Map<String, Integer> back = plannedFeatures(run, "again", again, "--fps", "30");
        assertTrue(back.containsKey("observation.depth.depth"), back.toString());
    }

    private static Map<String, String> streams(EpisodeDetail d) {
        Map<String, String> out = new TreeMap<>();
        for (StreamEntry s : d.streams()) out.put(s.name(), s.kind() + " " + s.frameCount());
        return out;
    }

    /** Feature key to dimensions (values per row, or 3/1 for cameras and depth), of an export result or a plan. */
    static Map<String, Integer> features(JsonNode result) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode f : result.get("features")) {
            JsonNode shape = f.get("shape");
            out.put(f.get("key").asText(), shape.get(shape.size() - 1).asInt());
        }
        return out;
    }

    /** The features a LeRobot export of the re-ingested episodes would have: Curio's view of what came back. */
    private static Map<String, Integer> plannedFeatures(ExportRun run, String catalog, List<String> ids, String... args)
            throws Exception {
        String db = run.home.resolve(catalog + ".db").toString();
        List<String> review = new ArrayList<>(List.of("--catalog", db, "review"));
        review.addAll(ids);
        review.addAll(List.of("--decision", "accept"));
        assertEquals(0, TestCliContext.run(run.home, review.toArray(String[]::new)).exit());
        List<String> subset = new ArrayList<>(List.of("--catalog", db, "subset", "create", "back", "--episodes"));
        subset.addAll(ids);
        TestCliContext.Result s = TestCliContext.run(run.home, subset.toArray(String[]::new));
        assertEquals(0, s.exit(), s.out() + s.err());
        List<String> plan = new ArrayList<>(List.of("--catalog", db, "export", "back", "--format", "lerobot-v3", "--plan", "--json"));
        plan.addAll(List.of(args));
        TestCliContext.Result p = TestCliContext.run(run.home, plan.toArray(String[]::new));
        assertEquals(0, p.exit(), p.out() + p.err());
        JsonNode doc = IndependentTools.JSON.readTree(p.out());
        assertEquals(0, doc.get("excluded_streams").size(), "every stream that came back is a feature: " + doc.get("excluded_streams"));
        return features(doc);
    }

    /** Every value of a series stream as Curio reads it, flattened row by row. */
    private static float[] seriesValues(ExportRun run, String catalog, String episodeId, String stream) {
        try (Catalog c = Catalog.open(run.home.resolve(catalog + ".db"))) {
            EpisodeDetail d = c.episodes().find(episodeId).orElseThrow();
            StreamEntry s = d.streams().stream().filter(x -> x.name().equals(stream)).findFirst().orElseThrow();
            SeriesData data = Sources.openSeriesWhole(Path.of(d.datasetRoot()), d, s, store.Cancellation.NEVER);
            float[] out = new float[data.size() * data.channels().size()];
            for (int k = 0; k < data.size(); k++) {
                for (int j = 0; j < data.channels().size(); j++) out[k * data.channels().size() + j] = (float) data.channels().get(j).values()[k];
            }
            return out;
        }
    }

    private JsonNode readTfds(Path dir) throws Exception {
        Path json = home.resolve("tfds.json");
        IndependentTools.pythonScript("tfds_read.py", dir.toString(), json.toString(), home.resolve("tfds-images").toString());
        return IndependentTools.JSON.readTree(json.toFile());
    }

    private JsonNode readHdf5(Path file, String name) throws Exception {
        Path json = home.resolve(name + ".json");
        IndependentTools.pythonScript("hdf5_read.py", file.toString(), json.toString(), home.resolve("h5-" + name).toString());
        return IndependentTools.JSON.readTree(json.toFile());
    }

    private static List<JsonNode> lines(Path jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(jsonl)) if (!l.isBlank()) out.add(IndependentTools.JSON.readTree(l));
        return out;
    }

    private static int code(byte[] rgb, int w, int h) {
        return IndependentTools.frameCode(rgb, w, h);
    }

    private static int sum(JsonNode values) {
        int s = 0;
        for (JsonNode v : values) s += v.asInt();
        return s;
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Mean RGB level over rows {@code y0..y1}, columns 120..200 (inside the redaction box). */
    private static double meanLevel(byte[] rgb, int y0, int y1) {
        long sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 120; x < 200; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += rgb[(y * 320 + x) * 3 + c] & 0xff;
                    n++;
                }
            }
        }
        return sum / (double) n;
    }
}
