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
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.sign.PassphraseSource;
import store.Annotations;
import store.Catalog;

/**
 * Every ingest family round-trips to a trainer-ready LeRobot v3.0 dataset: inputs written by tools that are not Curio's
 * (or taken from the shared corpus) are ingested, accepted, exported and verified through the CLI, then read back by
 * DuckDB and the FFmpeg command line ({@link LeRobotReadBack}). Frame-coded cameras prove that the pixels at both ends of
 * a trim are the source frames of those instants; every stream is a feature or is listed as excluded in the export
 * result, the data card and the bundle manifest, with the same reasons.
 */
class ExportMatrixTest {
    private static final PassphraseSource PASS = PassphraseSource.of("matrix".toCharArray());

    @TempDir
    Path home;

    /** What an export of every ingested episode (the first one trimmed) produced. */
    record Exported(LeRobotReadBack data, JsonNode result, List<String> ids, Path bundle) {
        Set<String> featureKeys() {
            Set<String> out = new TreeSet<>();
            result.get("features").forEach(f -> out.add(f.get("key").asText()));
            return out;
        }

        /** "stream -> reason" over every episode. */
        Map<String, String> excluded() {
            Map<String, String> out = new TreeMap<>();
            result.get("excluded_streams").forEach(e -> out.put(e.get("stream").asText(), e.get("reason").asText()));
            return out;
        }

        JsonNode feature(String key) {
            for (JsonNode f : result.get("features")) if (f.get("key").asText().equals(key)) return f;
            throw new AssertionError("no feature " + key + " in " + result.get("features"));
        }
    }

    private Exported export(Path input, long[] trim, String... exportArgs) throws Exception {
        return export(input, trim, ingest(input, false, Integer.MAX_VALUE), exportArgs);
    }

    /** Ingests {@code input}; the first {@code max} episode ids in ingest order. */
    private List<String> ingest(Path input, boolean someMayFail, int max) throws Exception {
        TestCliContext.Result ingest = TestCliContext.run(home, "ingest", input.toString(), "--json");
        JsonNode in = IndependentTools.JSON.readTree(ingest.out());
        if (!someMayFail) assertEquals(0, in.get("failed").size(), ingest.out());
        List<String> ids = new ArrayList<>();
        in.get("ingested").forEach(n -> ids.add(n.get("episode_id").asText()));
        assertTrue(!ids.isEmpty(), ingest.out());
        return ids.subList(0, Math.min(max, ids.size()));
    }

    private Exported export(Path input, long[] trim, List<String> ids, String... exportArgs) throws Exception {
        List<String> review = new ArrayList<>(List.of("review"));
        review.addAll(ids);
        review.addAll(List.of("--decision", "accept"));
        assertEquals(0, TestCliContext.run(home, review.toArray(String[]::new)).exit());
        if (trim != null) {
            try (Catalog catalog = Catalog.open(home.resolve("catalog.db"))) {
                catalog.annotations().addRange(ids.get(0), new Annotations.Range(0, Annotations.TRIM, trim[0], trim[1], null, null,
                        null, null, null), "test");
                catalog.annotations().addRange(ids.get(0), new Annotations.Range(0, Annotations.SUBTASK, trim[0], (trim[0] + trim[1]) / 2,
                        "reach", null, null, null, null), "test");
            }
        }
        List<String> subset = new ArrayList<>(List.of("subset", "create", "all", "--episodes"));
        subset.addAll(ids);
        TestCliContext.Result s = TestCliContext.run(home, subset.toArray(String[]::new));
        assertEquals(0, s.exit(), s.err() + s.out());
        TestCliContext.Result keys = TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString());
        assertEquals(0, keys.exit(), keys.err());
        Path bundle = home.resolve("bundle");
        List<String> args = new ArrayList<>(List.of("export", "all", "--format", "lerobot-v3", "--out", bundle.toString(), "--key",
                home.resolve("keys/curio-signing.key").toString(), "--json"));
        args.addAll(List.of(exportArgs));
        TestCliContext.Result r = TestCliContext.run(home, PASS, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        JsonNode result = IndependentTools.JSON.readTree(r.out());
        TestCliContext.Result verify = TestCliContext.run(home, "verify", bundle.toString(), "--pubkey",
                home.resolve("keys/curio-signing.pub").toString(), "--json");
        assertEquals(0, verify.exit(), verify.out());
        LeRobotReadBack data = LeRobotReadBack.check(bundle.resolve("data"));
        Exported ex = new Exported(data, result, ids, bundle);
        checkExcludedEverywhere(ex);
        checkProvenance(ex);
        return ex;
    }

    /** The export result, the data card and the bundle manifest list the same excluded streams. */
    private static void checkExcludedEverywhere(Exported ex) throws Exception {
        JsonNode card = IndependentTools.JSON.readTree(ex.bundle().resolve("data_card.json").toFile());
        JsonNode manifest = IndependentTools.JSON.readTree(ex.bundle().resolve("curio-manifest.json").toFile());
        assertEquals(ex.result().get("excluded_streams"), card.at("/lerobot/excluded_streams"));
        assertEquals(ex.result().get("excluded_streams"), manifest.get("excluded_streams"));
        assertEquals(ex.result().get("features"), manifest.at("/lerobot/features"));
        String md = Files.readString(ex.bundle().resolve("DATA_CARD.md"));
        for (JsonNode e : ex.result().get("excluded_streams")) {
            assertTrue(md.contains(e.get("stream").asText() + ": " + e.get("reason").asText()), "DATA_CARD.md lists " + e);
        }
    }

    /** Seed 003's published-view rule: a conversion summary per episode, the source snapshot byte for byte. */
    private static void checkProvenance(Exported ex) throws Exception {
        Path meta = ex.bundle().resolve("data/meta");
        JsonNode manifest = IndependentTools.JSON.readTree(ex.bundle().resolve("curio-manifest.json").toFile());
        Set<String> artifacts = new TreeSet<>();
        manifest.get("artifacts").forEach(a -> artifacts.add(a.get("path").asText()));
        int summaries = 0;
        try (var dirs = Files.list(meta.resolve("curio_conversion"))) {
            for (Path d : dirs.toList()) {
                JsonNode s = IndependentTools.JSON.readTree(d.resolve("conversion_summary.json").toFile());
                assertTrue(ex.ids().contains(s.get("episode_id").asText()), s.get("episode_id").asText());
                assertEquals(ex.result().get("features").size(), s.get("features_out").size());
                // Nothing is dropped silently: every stream in is in a feature or listed as excluded, with a reason.
                Set<String> accounted = new TreeSet<>();
                s.get("features_out").forEach(f -> f.get("streams").forEach(x -> accounted.add(x.asText().replaceAll(":[a-z]+$", ""))));
                s.get("excluded_streams").forEach(x -> accounted.add(x.get("stream").asText()));
                for (JsonNode in : s.get("streams_in")) assertTrue(accounted.contains(in.get("name").asText()), in + " in " + s);
                assertEquals(ex.data().fps, s.at("/settings/fps").asInt());
                for (JsonNode snap : s.get("source_snapshot")) {
                    Path copy = ex.bundle().resolve("data").resolve(snap.get("path").asText());
                    assertEquals(snap.get("sha256").asText(), pipeline.Digests.sha256Hex(copy), "snapshot " + snap);
                    assertTrue(artifacts.contains("data/" + snap.get("path").asText()), "the bundle manifest hashes " + snap);
                }
                summaries++;
            }
        }
        assertEquals(ex.ids().size(), summaries, "one conversion summary per exported episode");
    }

    /** Expected frame codes at a trim's ends, for a camera whose frame k is at k * period from the episode start. */
    private static int[] expectedCodes(long[] trim, long periodNs) {
        return expectedCodes(trim, k -> k * periodNs);
    }

    /** The first and last frame whose time (from the episode start) lies in {@code [trim[0], trim[1])}. */
    private static int[] expectedCodes(long[] trim, java.util.function.LongUnaryOperator frameTime) {
        int first = 0;
        while (frameTime.applyAsLong(first) < trim[0]) first++;
        int last = first;
        while (frameTime.applyAsLong(last + 1) < trim[1]) last++;
        return new int[] {first, last};
    }

    @Test
    void rawEpisodeFoldersWithAnMcapBagKeepTheirBagCamerasAtTheirOwnRate() throws Exception {
        Path root = home.resolve("lab");
        for (int e = 0; e < 2; e++) {
            Path ep = root.resolve("raw_episodes/take_" + e);
            Ros2Fixtures.Take take = new Ros2Fixtures.Take(1_736_000_000_000_000_000L + e * 100_000_000_000L, 15, 45, 100, 50);
            Ros2Fixtures.mcap(take, ep.resolve("bag/take_" + e + "_0.mcap"), home.resolve("gen" + e));
            Files.writeString(ep.resolve("episode_manifest.json"), "{\"lab\": \"north\", \"operator_id\": \"op-7\", "
                    + "\"task\": {\"nl_instruction\": \"stack the cups\"}, \"gripper\": \"robotiq-2f85\"}");
            Files.writeString(ep.resolve("notes.md"), "Take " + e + ": cup slipped once.\n");
        }
        long[] trim = {1_000_000_000L, 2_000_000_000L};
        Exported ex = export(root, trim);
        assertEquals(15, ex.data().fps, "the cameras' own rate, not a default");
        assertEquals("camera_rate", ex.result().get("fps_source").asText());
        assertEquals(Set.of("observation.state", "observation.velocity", "action", "observation.images.camera_color_image_raw",
                "observation.images.camera_wrist_image_compressed"), ex.featureKeys());
        assertEquals(Ros2Fixtures.JOINTS, names(ex.feature("observation.state")));
        assertEquals("linear", ex.feature("observation.state").get("resampling").asText());
        assertEquals("hold", ex.feature("action").get("resampling").asText());
        assertEquals(Map.of("/rosout", "unsupported_message_type"), ex.excluded());
        long period = Math.round(1e9 / 15);
        LeRobotReadBack.Episode trimmed = ex.data().episode(ex.ids().get(0));
        int[] expected = expectedCodes(trim, period);
        assertEquals(expected[1] - expected[0] + 1, trimmed.length(), "frames of the trimmed episode");
        for (String cam : List.of("observation.images.camera_color_image_raw", "observation.images.camera_wrist_image_compressed")) {
            assertEquals(List.of(expected[0], expected[1]), codes(ex.data().codesAtEnds(trimmed, cam)), cam + " at the trim's ends");
            LeRobotReadBack.Episode whole = ex.data().episode(ex.ids().get(1));
            assertEquals(List.of(0, 44), codes(ex.data().codesAtEnds(whole, cam)), cam + " whole episode");
        }
        Path snapshot = ex.bundle().resolve("data/meta/curio_source");
        try (var dirs = Files.list(snapshot)) {
            for (Path d : dirs.toList()) {
                String id = d.getFileName().toString();
                Path source = root.resolve("raw_episodes").resolve(id.replace("raw_episodes_", ""));
                assertEquals(Files.readString(source.resolve("episode_manifest.json")), Files.readString(d.resolve("episode_manifest.json")));
                assertEquals(Files.readString(source.resolve("notes.md")), Files.readString(d.resolve("notes.md")));
            }
        }
    }

    @Test
    void rosbag2BagsInBothStoragesExportTheirCamerasEncodedAtTheCameraRate() throws Exception {
        Path root = home.resolve("bags");
        Ros2Fixtures.Take take = new Ros2Fixtures.Take(1_736_100_000_000_000_000L, 15, 30, 100, 50);
        Ros2Fixtures.rosbag2(take, root.resolve("sqlite_take"), "sqlite3", home.resolve("gen0"));
        Ros2Fixtures.rosbag2(new Ros2Fixtures.Take(1_736_200_000_000_000_000L, 15, 30, 100, 50), root.resolve("mcap_take"), "mcap",
                home.resolve("gen1"));
        long[] trim = {400_000_000L, 1_500_000_000L};
        Exported ex = export(root, trim);
        assertEquals(15, ex.data().fps);
        assertEquals(Set.of("observation.state", "observation.velocity", "action", "observation.images.camera_color_image_raw",
                "observation.images.camera_wrist_image_compressed"), ex.featureKeys());
        assertEquals(Map.of("/rosout", "unsupported_message_type"), ex.excluded());
        JsonNode card = IndependentTools.JSON.readTree(ex.bundle().resolve("data_card.json").toFile());
        assertEquals(4, card.at("/lerobot/videos_reencoded").asInt(), "bag pictures are encoded, two cameras of two episodes");
        JsonNode info = ex.data().info;
        assertEquals("h264", info.at("/features/observation.images.camera_color_image_raw/info/video.codec").asText());
        assertEquals(15, info.at("/features/observation.images.camera_color_image_raw/info/video.fps").asInt());
        int[] expected = expectedCodes(trim, Math.round(1e9 / 15));
        LeRobotReadBack.Episode trimmed = ex.data().episode(ex.ids().get(0));
        for (String cam : List.of("observation.images.camera_color_image_raw", "observation.images.camera_wrist_image_compressed")) {
            assertEquals(List.of(expected[0], expected[1]), codes(ex.data().codesAtEnds(trimmed, cam)), cam + " at the trim's ends");
            assertEquals(List.of(0, 29), codes(ex.data().codesAtEnds(ex.data().episode(ex.ids().get(1)), cam)), cam);
        }
        // Joint positions at the first exported row: the source's value at that camera frame's time, interpolated.
        JsonNode row = IndependentTools.duck("SELECT \"observation.state\" AS s, \"action\" AS a FROM read_parquet('"
                + ex.bundle().resolve("data/data") + "/*/*.parquet') WHERE episode_index = " + trimmed.index() + " AND frame_index = 0");
        double t = expected[0] / 15.0;
        for (int j = 0; j < Ros2Fixtures.JOINTS.size(); j++) {
            assertEquals(Ros2Fixtures.jointPosition(j, t), row.get(0).get("s").get(j).asDouble(), 2e-3, "joint " + j + " at " + t + " s");
        }
    }

    @Test
    void rosDepthTopicsExportAsLosslessSixteenBitImages() throws Exception {
        Path root = home.resolve("depthbag");
        Ros2Fixtures.rosbag2(new Ros2Fixtures.Take(1_736_300_000_000_000_000L, 15, 20, 100, 50, true), root.resolve("take"), "sqlite3",
                home.resolve("gen"));
        Exported ex = export(root, null);
        assertTrue(ex.featureKeys().contains("observation.depth.camera_depth_image_rect_raw"), ex.featureKeys().toString());
        JsonNode cell = IndependentTools.duck("SELECT to_base64((\"observation.depth.camera_depth_image_rect_raw\").bytes) AS png "
                + "FROM read_parquet('" + ex.bundle().resolve("data/data") + "/*/*.parquet') WHERE frame_index = 7");
        java.awt.image.Raster r = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(cell.get(0).get("png").asText()))).getRaster();
        for (int[] xy : new int[][] {{0, 0}, {200, 100}, {319, 239}}) {
            assertEquals(MediaFixtures.depthMm(7, xy[0], xy[1]), r.getSample(xy[0], xy[1], 0), "16UC1 millimetres at " + xy[0] + "," + xy[1]);
        }
    }

    @Test
    void alohaHdf5ExportsUnderTheNamesActAndLeRobotPoliciesRead() throws Exception {
        Path root = home.resolve("aloha");
        Files.createDirectories(root);
        Hdf5Fixtures.aloha(root, 100, 240, 320);
        long[] trim = {300_000_000L, 1_500_000_000L};
        Exported ex = export(root, trim);
        assertEquals(50, ex.data().fps, "ALOHA's 50 Hz control rate");
        assertEquals(Set.of("observation.state", "observation.velocity", "observation.effort", "action",
                "observation.images.cam_high", "observation.images.cam_left_wrist"), ex.featureKeys());
        assertEquals(Map.of(), ex.excluded());
        assertEquals(14, ex.feature("observation.state").get("shape").get(0).asInt());
        for (String key : ex.featureKeys()) assertTrue(!key.contains("/"), key);
        JsonNode stats = IndependentTools.JSON.readTree(ex.bundle().resolve("data/meta/stats.json").toFile());
        for (String key : List.of("observation.state", "action", "subtask_index", "task_index", "episode_index", "index",
                "observation.images.cam_high")) {
            assertTrue(stats.has(key), "stats for " + key);
        }
        assertEquals(3, stats.at("/observation.images.cam_high/mean").size(), "per-channel image statistics");
        int[] expected = expectedCodes(trim, 20_000_000L);
        LeRobotReadBack.Episode trimmed = ex.data().episode(ex.ids().get(0));
        assertEquals(expected[1] - expected[0] + 1, trimmed.length());
        assertEquals(List.of(expected[0], expected[1]), codes(ex.data().codesAtEnds(trimmed, "observation.images.cam_high")));
        assertEquals(List.of(0, 99), codes(ex.data().codesAtEnds(ex.data().episode(ex.ids().get(1)), "observation.images.cam_left_wrist")));
    }

    @Test
    void robomimicDemosExportWithTheirRewardsDonesAndSimulatorState() throws Exception {
        Path root = home.resolve("robomimic");
        Files.createDirectories(root);
        Hdf5Fixtures.robomimic(root.resolve("lift_demo.hdf5"), 60, 128, 160);
        long[] trim = {500_000_000L, 2_000_000_000L};
        Exported ex = export(root, trim);
        assertEquals(20, ex.data().fps, "env_args' control_freq");
        assertEquals(Set.of("observation.state", "observation.robot0_eef_pos", "observation.robot0_gripper_qpos", "action",
                "next.reward", "next.done", "observation.environment_state", "observation.images.agentview_image"), ex.featureKeys());
        assertEquals("bool", ex.feature("next.done").get("dtype").asText());
        assertEquals("hold", ex.feature("observation.robot0_gripper_qpos").get("resampling").asText());
        int[] expected = expectedCodes(trim, 50_000_000L);
        LeRobotReadBack.Episode trimmed = ex.data().episode(ex.ids().get(0));
        assertEquals(List.of(expected[0], expected[1]), codes(ex.data().codesAtEnds(trimmed, "observation.images.agentview_image")));
        JsonNode done = IndependentTools.duck("SELECT count(*)::INTEGER AS n FROM read_parquet('" + ex.bundle().resolve("data/data")
                + "/*/*.parquet') WHERE \"next.done\"");
        assertEquals(1, done.get(0).get("n").asInt(), "only the untrimmed demo's last step is done");
    }

    /** LeRobot datasets written by LeRobot and others (shared corpus): same keys, videos copied byte for byte. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v2.1_yifantian07_G1-policy-train_subset", "v2.0_nvidia_gr00t_robot_sim.PickNPlace",
            "lerobot-studio_fixtures/datasets/lerobotv3", "lerobot-studio_fixtures/datasets/lerobotv2-image", "v3.0_open_50_subset"})
    void lerobotDatasetsKeepTheirFeatureNamesAndVideos(String dataset) throws Exception {
        Path source = pipeline.read.Corpus.require("lerobot/" + dataset);
        JsonNode sourceInfo = IndependentTools.JSON.readTree(source.resolve("meta/info.json").toFile());
        // The corpus keeps the videos of a few episodes only; ingest reports the others, which are not exported.
        List<String> ids = ingest(source, true, 3);
        Exported ex = export(source, null, ids);
        assertEquals(sourceInfo.get("fps").asInt(), ex.data().fps);
        Set<String> expected = new TreeSet<>();
        sourceInfo.get("features").properties().forEach(e -> {
            String k = e.getKey();
            if (List.of("timestamp", "frame_index", "episode_index", "index", "task_index").contains(k)) return;
            if (k.equals("observation.images.egoview")) return; // declared by GR00T's info.json, no file anywhere
            expected.add(k.equals("actions") ? "action" : k.equals("state") ? "observation.state"
                    : k.equals("image") ? "observation.images.image" : k);
        });
        assertEquals(expected, ex.featureKeys());
        assertEquals(Map.of(), ex.excluded());
        for (String key : ex.data().videoKeys()) {
            String enc = sourceInfo.at("/features/" + key.replace("observation.images.image", "image").replace("/", "~1") + "/dtype").asText();
            if (!enc.equals("video")) continue;
            String codec = ex.data().info.at("/features/" + key + "/info/video.codec").asText();
            assertTrue(List.of("av1", "h264", "mpeg4").contains(codec), key + " keeps the source codec, not a label: " + codec);
        }
        JsonNode card = IndependentTools.JSON.readTree(ex.bundle().resolve("data_card.json").toFile());
        // v2 keeps each episode in a file of its own, which is copied; a window of a v3 file and PNG frames are encoded.
        if (dataset.startsWith("v2.")) {
            assertEquals(0, card.at("/lerobot/videos_reencoded").asInt(), "whole episodes at the dataset rate are copied: " + card);
        }
        if (dataset.startsWith("v2.")) {
            String template = sourceInfo.get("video_path").asText();
            for (String id : ids) {
                int index = Integer.parseInt(id.replaceAll(".*episode_0*(\\d+)$", "$1"));
                LeRobotReadBack.Episode ep = ex.data().episode(id);
                for (String key : ex.data().videoKeys()) {
                    Path src = source.resolve(template.replace("{episode_chunk:03d}", "000").replace("{video_key}", key)
                            .replace("{episode_index:06d}", String.format("%06d", index)));
                    JsonNode f = ex.data().info.get("features").get(key);
                    int h = f.get("shape").get(0).asInt();
                    int w = f.get("shape").get(1).asInt();
                    List<byte[]> want = IndependentTools.decodeWindow(src, 0, 1e9, w, h);
                    LeRobotReadBack.Window win = ep.videos().get(key);
                    List<byte[]> got = IndependentTools.decodeWindow(win.file(), win.fromS(), win.toS(), w, h);
                    assertEquals(want.size(), got.size(), key + " of " + id);
                    for (int i = 0; i < want.size(); i++) {
                        assertTrue(java.util.Arrays.equals(want.get(i), got.get(i)), key + " of " + id + ": frame " + i + " decodes as the source's");
                    }
                }
            }
        }
    }

    @Test
    void rldsWithoutARateIsRefusedUntilTheRateIsChosen() throws Exception {
        Path source = pipeline.read.Corpus.require("rlds/octo_bridge_debug_dataset");
        List<String> ids = ingest(source, false, 4);
        List<String> subset = new ArrayList<>(List.of("subset", "create", "try", "--episodes"));
        subset.addAll(ids);
        TestCliContext.run(home, new ArrayList<>(List.of("review", ids.get(0), ids.get(1), ids.get(2), ids.get(3), "--decision", "accept"))
                .toArray(String[]::new));
        assertEquals(0, TestCliContext.run(home, subset.toArray(String[]::new)).exit());
        TestCliContext.Result plan = TestCliContext.run(home, "export", "try", "--format", "lerobot-v3", "--plan", "--json");
        assertEquals(2, plan.exit(), plan.out());
        JsonNode err = IndependentTools.JSON.readTree(plan.out()).get("error");
        assertEquals("export.fps_required", err.get("code").asText());
        assertEquals("--fps", err.get("field").asText());
        Exported ex = export(source, null, ids, "--fps", "5");
        assertEquals(5, ex.data().fps);
        assertEquals("user", ex.result().get("fps_source").asText());
        assertEquals(Set.of("observation.state", "action", "next.reward", "observation.discount", "observation.images.image_0",
                "observation.images.image_1", "observation.images.image_2", "observation.images.image_3"), ex.featureKeys());
        for (String id : ids) {
            assertEquals(10, ex.data().episode(id).length(), "every RLDS step is one row at the chosen rate");
        }
        JsonNode first = IndependentTools.duck("SELECT \"observation.state\" AS s FROM read_parquet('" + ex.bundle().resolve("data/data")
                + "/*/*.parquet') WHERE \"index\" = 0");
        assertEquals(7, first.get(0).get("s").size());
    }

    @Test
    void robosuiteDemosWithoutCamerasNeedARateAndExportTheirSeries() throws Exception {
        Path source = pipeline.read.Corpus.require("hdf5/robosuite_raw_demos/robosuite/models/assets/demonstrations/lift/panda");
        List<String> ids = ingest(source, false, 2);
        Exported ex = export(source, null, ids, "--fps", "20");
        assertTrue(ex.featureKeys().contains("observation.environment_state"), ex.featureKeys().toString());
        assertTrue(ex.data().videoKeys().isEmpty());
        assertTrue(ex.data().info.get("video_path").isNull(), "no cameras, no video template");
    }

    @Test
    void stepLogsExportTheirArmsConcatenatedAndDepthLosslessly() throws Exception {
        Path root = home.resolve("steplogs");
        MediaFixtures.stepLog(root.resolve("ep_0"), "ep_0", 1_700_000_000_000_000_000L, 45, 320, 240);
        MediaFixtures.stepLog(root.resolve("ep_1"), "ep_1", 1_700_000_100_000_000_000L, 45, 320, 240);
        long[] trim = {200_000_000L, 1_000_000_000L};
        Exported ex = export(root, trim);
        assertEquals(30, ex.data().fps);
        assertEquals(Set.of("observation.state", "action", "observation.images.rgb", "observation.depth.depth"), ex.featureKeys());
        assertEquals(12, ex.feature("observation.state").get("shape").get(0).asInt(), "left and right arm, in that order");
        assertTrue(names(ex.feature("observation.state")).get(0).startsWith("left_arm"), names(ex.feature("observation.state")).toString());
        JsonNode depthInfo = ex.data().info.at("/features/observation.depth.depth");
        assertEquals("image", depthInfo.get("dtype").asText());
        assertTrue(depthInfo.at("/info/is_depth_map").asBoolean());
        int[] expected = expectedCodes(trim, k -> Math.round(k * 1e9 / 30));
        LeRobotReadBack.Episode trimmed = ex.data().episode(ex.ids().get(0));
        assertEquals(List.of(expected[0], expected[1]), codes(ex.data().codesAtEnds(trimmed, "observation.images.rgb")));
        // The depth map of the trimmed episode's first row, as DuckDB reads it, is the source blob's 16-bit samples.
        JsonNode cell = IndependentTools.duck("SELECT to_base64((\"observation.depth.depth\").bytes) AS png FROM read_parquet('"
                + ex.bundle().resolve("data/data") + "/*/*.parquet') WHERE episode_index = " + trimmed.index() + " AND frame_index = 0");
        byte[] png = java.util.Base64.getDecoder().decode(cell.get(0).get("png").asText());
        java.awt.image.Raster r = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getRaster();
        for (int[] xy : new int[][] {{0, 0}, {100, 50}, {319, 239}}) {
            assertEquals(MediaFixtures.depthMm(expected[0], xy[0], xy[1]), r.getSample(xy[0], xy[1], 0), "depth at " + xy[0] + "," + xy[1]);
        }
    }

    @Test
    void mp4FoldersWithTablesCopyWholeVideosAndResampleTheTables() throws Exception {
        Path root = home.resolve("folders");
        MediaFixtures.mp4Folder(root.resolve("take_01"), 60, home.resolve("gen0"));
        MediaFixtures.mp4Folder(root.resolve("take_02"), 60, home.resolve("gen1"));
        long[] trim = {500_000_000L, 1_500_000_000L};
        Exported ex = export(root, trim);
        assertEquals(30, ex.data().fps);
        assertEquals(Set.of("observation.state", "action", "observation.images.front", "observation.images.wrist"), ex.featureKeys());
        java.util.function.LongUnaryOperator mp4Frame = k -> Math.round(k * 1e9 / 30);
        assertEquals(List.of("j1", "j2", "j3", "j4", "j5", "j6"), names(ex.feature("observation.state")));
        JsonNode card = IndependentTools.JSON.readTree(ex.bundle().resolve("data_card.json").toFile());
        assertEquals(2, card.at("/lerobot/videos_copied_without_reencoding").asInt(), "the untrimmed take's two cameras are copied");
        assertEquals(2, card.at("/lerobot/videos_reencoded").asInt(), "the trimmed take's cameras are cut and encoded");
        int[] expected = expectedCodes(trim, mp4Frame);
        LeRobotReadBack.Episode trimmed = ex.data().episode(ex.ids().get(0));
        assertEquals(List.of(expected[0], expected[1]), codes(ex.data().codesAtEnds(trimmed, "observation.images.front")));
        assertEquals(List.of(0, 59), codes(ex.data().codesAtEnds(ex.data().episode(ex.ids().get(1)), "observation.images.wrist")));
    }

    @Test
    void contractV0EpisodesExportTheirDeclaredStreams() throws Exception {
        Path ep = home.resolve("v0/ep_a");
        MediaFixtures.mp4(ep.resolve("rgb_head.mp4"), 45, 15, 320, 240, home.resolve("gen-mp4"));
        Ros2Fixtures.mcap(new Ros2Fixtures.Take(1_736_000_000_000_000_000L, 15, 45, 100, 50), ep.resolve("robot.mcap"),
                home.resolve("gen-mcap"));
        Files.writeString(ep.resolve("episode.yaml"), """
                dataset_id: 7d0f6c1e-2b1a-4c55-9d0e-3f5b8c1d2e4f
                operator_id: 0b6a4f7e-9c2d-4e1a-8b3f-5d6c7e8f9a0b
                robot:
                  serial: ur5e-0042
                  embodiment_ref: 3f2a9c
                  firmware_version: 5.11.0
                capture_device:
                  kind: robot
                  serial: cam-77
                  firmware_version: 1.2.0
                episode_start_utc: "2025-01-04T14:13:20Z"
                episode_end_utc: "2025-01-04T14:13:23Z"
                timebase: monotonic
                streams:
                  rgb_head:
                    type: rgb
                    resolution: [320, 240]
                    fps: 15
                    frame_uri: rgb_head.mp4
                  proprio:
                    type: proprioception
                    joint_names: [shoulder_pan, shoulder_lift, elbow, wrist_1, wrist_2, wrist_3]
                    hz: 100
                    frame_uri: robot.mcap
                    topic: /joint_states
                  action:
                    type: action
                    space: abs_joint
                    frame_uri: robot.mcap
                    topic: /arm/joint_command
                calibration:
                  rgb_head:
                    intrinsics: {fx: 300, fy: 300, cx: 160, cy: 120, distortion: [0, 0, 0, 0, 0]}
                    extrinsics_ref_frame: head_link
                    extrinsics_SE3: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
                    quality_score: 0.9
                    source: checkerboard
                task:
                  nl_instruction: pick up the red cup
                  success: true
                consent:
                  environment: lab
                  pii_state: blurred
                  blur_tool: egoblur_gen2
                  blur_tool_version: 2.0.1
                  jurisdiction: us
                """);
        Exported ex = export(home.resolve("v0"), null);
        assertEquals(15, ex.data().fps);
        assertEquals(Set.of("observation.state", "observation.velocity", "action", "observation.images.rgb_head"), ex.featureKeys());
        assertEquals(List.of(0, 44), codes(ex.data().codesAtEnds(ex.data().episode(ex.ids().get(0)), "observation.images.rgb_head")));
        Path snapshot;
        try (var dirs = Files.list(ex.bundle().resolve("data/meta/curio_source"))) {
            snapshot = dirs.findFirst().orElseThrow();
        }
        assertEquals(Files.readString(ep.resolve("episode.yaml")), Files.readString(snapshot.resolve("episode.yaml")));
    }

    @Test
    void episodesWithDifferentCamerasAreRefusedUnlessTheIntersectionIsChosen() throws Exception {
        Path root = home.resolve("mixed");
        MediaFixtures.mp4Folder(root.resolve("take_01"), 30, home.resolve("gen0"));
        MediaFixtures.mp4Folder(root.resolve("take_02"), 30, home.resolve("gen1"));
        Files.delete(root.resolve("take_02/wrist.mp4"));
        List<String> ids = ingest(root, false, 2);
        assertEquals(0, TestCliContext.run(home, "review", ids.get(0), ids.get(1), "--decision", "accept").exit());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "mixed", "--episodes", ids.get(0), ids.get(1)).exit());
        TestCliContext.Result plan = TestCliContext.run(home, "export", "mixed", "--format", "lerobot-v3", "--plan", "--json");
        assertEquals(2, plan.exit(), plan.out());
        JsonNode err = IndependentTools.JSON.readTree(plan.out()).get("error");
        assertEquals("export.features_differ", err.get("code").asText());
        assertTrue(err.get("message").asText().contains("observation.images.wrist: missing in " + ids.get(1)), err.toString());
        TestCliContext.Result ok = TestCliContext.run(home, "export", "mixed", "--format", "lerobot-v3", "--plan", "--on-mismatch",
                "intersect", "--json");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        JsonNode doc = IndependentTools.JSON.readTree(ok.out());
        assertEquals(3, doc.get("features").size(), doc.toString());
        JsonNode excluded = doc.get("excluded_streams");
        assertEquals(1, excluded.size(), excluded.toString());
        assertEquals(ids.get(0), excluded.get(0).get("episode_id").asText());
        assertEquals("wrist", excluded.get(0).get("stream").asText());
        assertEquals("not_in_every_episode", excluded.get(0).get("reason").asText());
    }

    private static List<String> names(JsonNode feature) {
        List<String> out = new ArrayList<>();
        feature.get("names").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Integer> codes(int[] codes) {
        return List.of(codes[0], codes[1]);
    }
}
