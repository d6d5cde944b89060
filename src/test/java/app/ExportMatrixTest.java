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
        TestCliContext.Result ingest = TestCliContext.run(home, "ingest", input.toString(), "--json");
        JsonNode in = IndependentTools.JSON.readTree(ingest.out());
        assertEquals(0, in.get("failed").size(), ingest.out());
        List<String> ids = new ArrayList<>();
        in.get("ingested").forEach(n -> ids.add(n.get("episode_id").asText()));
        assertTrue(!ids.isEmpty(), ingest.out());
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
                assertTrue(s.get("streams_in").size() >= s.get("features_out").size() - 0, s.toString());
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
        int first = (int) ((trim[0] + periodNs - 1) / periodNs);
        int last = (int) ((trim[1] + periodNs - 1) / periodNs) - 1;
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

    private static List<String> names(JsonNode feature) {
        List<String> out = new ArrayList<>();
        feature.get("names").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Integer> codes(int[] codes) {
        return List.of(codes[0], codes[1]);
    }
}
