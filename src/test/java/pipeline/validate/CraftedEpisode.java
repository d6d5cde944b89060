package pipeline.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pipeline.Digests;
import pipeline.source.StreamLocator;
import store.Catalog;
import store.DatasetRef;
import store.EpisodeWrite;
import store.FileEntry;
import store.StreamEntry;
import store.StreamKind;

/**
 * A small raw episode folder that passes every check, built in code so each test can break exactly one
 * thing: a 2 s H.264 camera, a bag with joint states at 50 Hz and commands leading them by 40 ms, a
 * manifest with all v0 blocks and checksums, and the catalog entry ingest would have written. Tests change
 * the public fields, then {@link #register} writes media, manifest and catalog entry from them.
 */
final class CraftedEpisode {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "ep_crafted";
    static final long START_NS = 1_772_442_000_000_000_000L;
    static final String CAM = "raw_episodes/" + ID + "/video/cam_high.mp4";
    static final String BAG = "raw_episodes/" + ID + "/bag/episode.mcap";
    final Path root;
    final Path folder;
    final ObjectNode manifest;
    String format = "raw-episode";
    List<StreamEntry> streams = new ArrayList<>();
    long durationNs = 2_000_000_000L;
    boolean withoutManifest;
    int videoFrames = 60;
    CraftedMedia.Painter painter = CraftedMedia.GOOD;
    List<CraftedMedia.Sample> state = new ArrayList<>();
    List<CraftedMedia.Sample> command = new ArrayList<>();
    ValidationProfile profile = ValidationProfile.defaults();
    /** Write the manifest's episode_id as the hash of the manifest (after the checksums are in). */
    boolean hashedId;

    CraftedEpisode(Path root) {
        this.root = root;
        this.folder = root.resolve("raw_episodes").resolve(ID);
        for (int i = 0; i <= 100; i++) {
            long t = i * 20_000_000L;
            state.add(new CraftedMedia.Sample(t, position(t)));
            command.add(new CraftedMedia.Sample(t, position(t + 40_000_000L)));
        }
        streams.add(new StreamEntry("cam_high", StreamKind.VIDEO, null, CAM, 30.0, CraftedMedia.W, CraftedMedia.H, "h264",
                0L, 2_000_000_000L, 0, 60L, null, null, StreamLocator.mp4(CAM).toExtraJson()));
        streams.add(new StreamEntry("proprio", StreamKind.TIMESERIES, "/joint_states", BAG, 50.0, null, null, "cdr",
                0L, 2_000_000_000L, 0, 101L, List.of("j1"), List.of(new double[]{-1, 1}),
                StreamLocator.topic(StreamLocator.MCAP, BAG, "/joint_states", "sensor_msgs/JointState").toExtraJson()));
        streams.add(new StreamEntry("action", StreamKind.TIMESERIES, "/joint_command", BAG, 50.0, null, null, "cdr",
                0L, 2_000_000_000L, 0, 101L, List.of("j1"), List.of(new double[]{-1, 1}),
                StreamLocator.topic(StreamLocator.MCAP, BAG, "/joint_command", "sensor_msgs/JointState").toExtraJson()));
        manifest = validManifest();
    }

    static double position(long tNs) {
        return 0.8 * Math.sin(tNs / 1e9 * 2);
    }

    private ObjectNode validManifest() {
        ObjectNode m = JSON.createObjectNode();
        m.put("contract", "curio-raw-episode/1");
        m.put("dataset_id", "0b8c0e4e-1111-4c4c-9999-000000000001");
        m.put("operator_id", "op-7");
        ObjectNode robot = m.putObject("robot");
        robot.put("serial", "ARM-1");
        robot.put("embodiment_ref", "sha256:abc");
        robot.put("firmware_version", "2.4.1");
        m.putObject("capture_device").put("kind", "robot");
        m.put("episode_start_utc", "2026-03-02T09:00:00Z");
        m.put("episode_end_utc", "2026-03-02T09:00:02Z");
        m.put("timebase", "monotonic");
        m.putObject("clock_offsets_ns").put("cam_high", 0);
        ObjectNode streamsNode = m.putObject("streams");
        ObjectNode cam = streamsNode.putObject("cam_high");
        cam.put("type", "rgb");
        cam.putArray("resolution").add(CraftedMedia.W).add(CraftedMedia.H);
        cam.put("fps", 30);
        cam.put("frame_count", 60);
        ObjectNode proprio = streamsNode.putObject("proprio");
        proprio.put("type", "proprioception");
        proprio.putArray("joint_names").add("j1");
        proprio.put("hz", 50);
        proprio.put("sample_count", 101);
        ObjectNode action = streamsNode.putObject("action");
        action.put("type", "action");
        action.put("space", "abs_joint");
        action.put("sample_count", 101);
        ObjectNode cal = m.putObject("calibration").putObject("cam_high");
        ObjectNode k = cal.putObject("intrinsics");
        k.put("fx", 400).put("fy", 400).put("cx", 80).put("cy", 60);
        cal.put("extrinsics_ref_frame", "base_link");
        ArrayNode se3 = cal.putArray("extrinsics_SE3");
        for (int i = 0; i < 16; i++) se3.add(i % 5 == 0 ? 1 : 0);
        cal.put("quality_score", 0.9);
        cal.put("source", "checkerboard");
        ObjectNode task = m.putObject("task");
        task.put("nl_instruction", "pick the cube");
        task.put("success", true);
        ObjectNode consent = m.putObject("consent");
        consent.put("environment", "lab");
        consent.put("pii_state", "reviewed");
        consent.put("blur_tool", "none");
        consent.put("jurisdiction", "us");
        return m;
    }

    /** Writes media and manifest (with fresh checksums unless a test set its own) and registers the episode. */
    void register(Catalog catalog) throws Exception {
        if (painter == null) {
            Files.createDirectories(folder.resolve("video"));
            Files.write(folder.resolve("video/cam_high.mp4"), "this is not a video".repeat(50).getBytes(StandardCharsets.UTF_8));
        } else {
            CraftedMedia.video(folder.resolve("video/cam_high.mp4"), videoFrames, painter);
        }
        CraftedMedia.bag(folder.resolve("bag/episode.mcap"), START_NS, state, command);
        if (!manifest.has("checksums")) {
            ObjectNode sums = manifest.putObject("checksums");
            sums.put("video/cam_high.mp4", Digests.sha256Hex(folder.resolve("video/cam_high.mp4")));
            sums.put("bag/episode.mcap", Digests.sha256Hex(folder.resolve("bag/episode.mcap")));
        }
        if (hashedId) manifest.put("episode_id", pipeline.EpisodeIds.fromManifest(manifest));
        if (!withoutManifest) {
            Files.writeString(folder.resolve("episode_manifest.json"), JSON.writeValueAsString(manifest), StandardCharsets.UTF_8);
        }
        List<FileEntry> files = new ArrayList<>();
        try (var walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                files.add(new FileEntry(root.relativize(p).toString(), Files.size(p),
                        Files.getLastModifiedTime(p).toMillis() * 1_000_000L, Digests.sha256Hex(p)));
            }
        }
        catalog.episodes().upsert(new EpisodeWrite(new DatasetRef("crafted", root.toString(), format, null), ID,
                "raw_episodes/" + ID, format, "pick the cube", List.of("pick the cube"), "ARM-1", "op-7",
                START_NS, durationNs, null, withoutManifest ? null : JSON.writeValueAsString(manifest), streams, files));
    }

    static StreamEntry with(StreamEntry s, Long startNs, long clockOffsetNs, Long frames) {
        return new StreamEntry(s.name(), s.kind(), s.topic(), s.fileRelPath(), s.rateHz(), s.width(), s.height(),
                s.encoding(), startNs, s.endNs(), clockOffsetNs, frames, s.jointNames(), s.jointLimits(), s.extraJson());
    }

    /** Validation will run under a profile made of {@code yaml} over the built-in one. */
    void profile(String yaml) throws Exception {
        profile = TestProfiles.of(root, yaml);
    }

    /** The camera file will not be valid media (ingest recorded it like that). */
    void corruptCamera() {
        painter = null;
    }
}
