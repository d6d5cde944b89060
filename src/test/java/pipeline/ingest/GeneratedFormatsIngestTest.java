package pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Digests;
import pipeline.read.hdf5.AlohaFiles;
import pipeline.read.rlds.StepLogFixture;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTime;
import pipeline.source.StreamLocator;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.FileEntry;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/** A generated sample of each format that has a writer, ingested end to end and checked field by field. */
class GeneratedFormatsIngestTest {
    private static final long T0 = 1_735_000_000_000_000_000L;
    private static final long PERIOD = 10_000_000L;
    private static final int JOINT_MSGS = 25;
    private static final List<String> JOINTS = List.of("shoulder", "elbow", "wrist");

    @TempDir
    Path tmp;

    private IngestReport ingest(Catalog c, Path dir) {
        return new Ingest(c).run(List.of(dir), ProgressSink.NONE, Cancellation.NEVER);
    }

    private static Map<String, StreamEntry> streamsByTopic(EpisodeDetail d) {
        return d.streams().stream().collect(Collectors.toMap(StreamEntry::topic, Function.identity()));
    }

    /** The episode lists exactly these files, each with the size and SHA-256 it has on disk. */
    static void assertChecksums(Path root, EpisodeDetail d, List<String> expectedFiles) throws IOException {
        assertEquals(expectedFiles, d.files().stream().map(FileEntry::relPath).sorted().toList());
        for (FileEntry f : d.files()) {
            Path p = root.resolve(f.relPath());
            assertEquals(Digests.sha256Hex(p), f.sha256(), f.relPath());
            assertEquals(Files.size(p), f.sizeBytes(), f.relPath());
        }
    }

    @Test
    void rosbag2Sqlite3OldSchemaWithJointStates() throws Exception {
        Path bag = Files.createDirectories(tmp.resolve("data/arm_bag"));
        writeDb3(bag.resolve("arm_bag_0.db3"));
        Files.writeString(bag.resolve("metadata.yaml"), """
                rosbag2_bagfile_information:
                  version: 4
                  storage_identifier: sqlite3
                  relative_file_paths:
                    - arm_bag_0.db3
                  duration:
                    nanoseconds: %d
                  starting_time:
                    nanoseconds_since_epoch: %d
                  message_count: %d
                  topics_with_message_count:
                    - topic_metadata:
                        name: /joint_states
                        type: sensor_msgs/msg/JointState
                        serialization_format: cdr
                        offered_qos_profiles: ""
                      message_count: %d
                    - topic_metadata:
                        name: /rosout_note
                        type: std_msgs/msg/Header
                        serialization_format: cdr
                        offered_qos_profiles: ""
                      message_count: 1
                  compression_format: ""
                  compression_mode: ""
                """.formatted((JOINT_MSGS - 1) * PERIOD, T0, JOINT_MSGS + 1, JOINT_MSGS));
        Path root = tmp.resolve("data");
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport r = ingest(c, root);
            assertEquals(List.of(), r.failed());
            assertEquals(1, r.ingested().size());
            IngestReport.Episode e = r.ingested().get(0);
            assertEquals(Rosbag2Format.FORMAT, e.format());
            EpisodeDetail d = c.episodes().find(e.episodeId()).orElseThrow();
            assertEquals("arm_bag", d.relPath());
            Map<String, StreamEntry> streams = streamsByTopic(d);
            assertEquals(2, streams.size(), streams.keySet()::toString);
            StreamEntry joints = streams.get("/joint_states");
            assertEquals(StreamKind.TIMESERIES, joints.kind());
            assertEquals(100.0, joints.rateHz(), 1e-9);
            assertEquals(JOINT_MSGS, joints.frameCount());
            assertEquals(JOINTS, joints.jointNames(), "names from the CDR JointState payloads");
            assertEquals(0L, joints.startNs());
            assertEquals((JOINT_MSGS - 1) * PERIOD, joints.endNs());
            StreamLocator loc = StreamLocator.of(joints);
            assertEquals(StreamLocator.ROSBAG2, loc.container());
            assertEquals("/joint_states", loc.key());
            assertEquals(StreamKind.OTHER, streams.get("/rosout_note").kind());
            assertEquals(1L, streams.get("/rosout_note").frameCount());
            assertChecksums(root, d, List.of("arm_bag/arm_bag_0.db3", "arm_bag/metadata.yaml"));
        }
    }

    /** The pre-Iron db3 layout: no schema/metadata tables, topics without a type hash. */
    private static void writeDb3(Path file) throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,"
                        + " serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL)");
                st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL,"
                        + " timestamp INTEGER NOT NULL, data BLOB NOT NULL)");
                st.execute("INSERT INTO topics VALUES (1, '/joint_states', 'sensor_msgs/msg/JointState', 'cdr', '')");
                st.execute("INSERT INTO topics VALUES (2, '/rosout_note', 'std_msgs/msg/Header', 'cdr', '')");
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO messages(topic_id, timestamp, data) VALUES (?, ?, ?)")) {
                for (int i = 0; i < JOINT_MSGS; i++) {
                    long t = T0 + i * PERIOD;
                    RosJointState js = new RosJointState(new RosHeader(RosTime.ofNanos(t), "base"), JOINTS,
                            new double[]{i * 0.1, -i * 0.1, 0.5}, new double[3], new double[0]);
                    ins.setInt(1, 1);
                    ins.setLong(2, t);
                    ins.setBytes(3, js.encode());
                    ins.executeUpdate();
                }
                ins.setInt(1, 2);
                ins.setLong(2, T0 + 5 * PERIOD);
                ins.setBytes(3, new RosHeader(RosTime.ofNanos(T0 + 5 * PERIOD), "note").encode());
                ins.executeUpdate();
            }
        }
    }

    @Test
    void alohaHdf5FileIsOneEpisodeAt50Hz() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("aloha"));
        AlohaFiles.write(root.resolve("episode_3.hdf5"), true, AlohaFiles.T, false);
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport r = ingest(c, root);
            assertEquals(List.of(), r.failed());
            assertEquals(1, r.ingested().size());
            assertEquals("hdf5-aloha", r.ingested().get(0).format());
            EpisodeDetail d = c.episodes().find(r.ingested().get(0).episodeId()).orElseThrow();
            assertEquals("episode_3.hdf5", d.relPath());
            Map<String, StreamEntry> streams = streamsByTopic(d);
            StreamEntry top = streams.values().stream().filter(s -> s.kind() == StreamKind.VIDEO).findFirst().orElseThrow();
            assertEquals(1, streams.values().stream().filter(s -> s.kind() == StreamKind.VIDEO).count());
            assertEquals(AlohaFiles.W, top.width());
            assertEquals(AlohaFiles.H, top.height());
            assertEquals(AlohaFiles.T, top.frameCount());
            assertEquals(50.0, top.rateHz(), 1e-9);
            assertEquals("raw-uint8", top.encoding());
            long expectedEnd = Math.round(AlohaFiles.T / 50.0 * 1e9);
            assertEquals(expectedEnd, top.endNs());
            StreamLocator loc = StreamLocator.of(top);
            assertEquals(StreamLocator.HDF5, loc.container());
            assertEquals("episode_3.hdf5", loc.file());
            for (String series : List.of("observations/qpos", "observations/qvel", "action")) {
                StreamEntry s = streams.get(series);
                assertTrue(s != null, () -> series + " in " + streams.keySet());
                assertEquals(StreamKind.TIMESERIES, s.kind(), series);
                assertEquals(AlohaFiles.T, s.frameCount(), series);
                assertEquals(50.0, s.rateHz(), 1e-9, series);
                assertEquals((long) AlohaFiles.T, StreamLocator.of(s).rowTo(), series);
            }
            assertEquals(AlohaFiles.T / 50.0, d.summary().durationS(), 1e-9);
            assertChecksums(root, d, List.of("episode_3.hdf5"));
        }
    }

    @Test
    void robomimicHdf5GivesOneEpisodePerDemoWithTheEnvControlRate() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("robomimic"));
        int[] lengths = {7, 9};
        try (WritableHdfFile f = HdfFile.write(root.resolve("lift.hdf5"))) {
            WritableGroup data = f.putGroup("data");
            data.putAttribute("total", lengths[0] + lengths[1]);
            data.putAttribute("env_args", "{\"env_name\": \"Lift\", \"env_type\": 1, \"env_kwargs\": {\"control_freq\": 20}}");
            for (int i = 0; i < lengths.length; i++) {
                int t = lengths[i];
                WritableGroup demo = data.putGroup("demo_" + i);
                demo.putAttribute("num_samples", t);
                demo.putDataset("actions", new double[t][7]);
                demo.putDataset("states", new double[t][9]);
                WritableGroup obs = demo.putGroup("obs");
                obs.putDataset("robot0_eef_pos", new double[t][3]);
                obs.putDataset("agentview_image", new byte[t][12][16][3],
                        DatasetCreationOptions.builder().unsigned().chunkDimensions(1, 12, 16, 3).build());
            }
        }
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport r = ingest(c, root);
            assertEquals(List.of(), r.failed());
            assertEquals(2, r.ingested().size());
            for (int i = 0; i < lengths.length; i++) {
                int demo = i;
                IngestReport.Episode e = r.ingested().stream().filter(x -> x.episodeId().endsWith("#demo_" + demo))
                        .findFirst().orElseThrow(() -> new AssertionError("demo_" + demo + " in " + r.ingested()));
                assertEquals("hdf5-robomimic", e.format());
                EpisodeDetail d = c.episodes().find(e.episodeId()).orElseThrow();
                assertEquals("lift.hdf5#demo_" + i, d.relPath());
                assertEquals("Lift", d.summary().task());
                Map<String, StreamEntry> streams = streamsByTopic(d);
                StreamEntry img = streams.values().stream().filter(s -> s.kind() == StreamKind.VIDEO).findFirst().orElseThrow();
                assertEquals(16, img.width());
                assertEquals(12, img.height());
                assertEquals(lengths[i], img.frameCount());
                assertEquals(20.0, img.rateHz(), 1e-9);
                StreamLocator loc = StreamLocator.of(img);
                assertEquals("/data/demo_" + i, loc.group());
                StreamEntry actions = streams.values().stream().filter(s -> s.topic().endsWith("actions")).findFirst().orElseThrow();
                assertEquals(StreamKind.TIMESERIES, actions.kind());
                assertEquals(lengths[i], actions.frameCount());
                assertEquals(lengths[i] / 20.0, d.summary().durationS(), 1e-9);
                assertChecksums(root, d, List.of("lift.hdf5"));
            }
        }
    }

    @Test
    void rldsStepLogEpisodeIsHashedInTheParsingPass() throws Exception {
        int steps = 40;
        Path root = tmp.resolve("steplogs");
        StepLogFixture.write(root.resolve("ep_a"), steps, 16, (i, s) -> { });
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport r = ingest(c, root);
            assertEquals(List.of(), r.failed());
            assertEquals(1, r.ingested().size());
            assertEquals(StepLogFormat.FORMAT, r.ingested().get(0).format());
            EpisodeDetail d = c.episodes().find("ep_1700000000").orElseThrow();
            assertEquals("ep_a", d.relPath());
            assertEquals("pick up the red block", d.summary().task());
            Map<String, StreamEntry> streams = streamsByTopic(d);
            assertEquals(StreamKind.VIDEO, streams.get("observation.media.rgb").kind());
            assertEquals(StreamKind.DEPTH, streams.get("observation.media.depth").kind());
            assertEquals(640, streams.get("observation.media.rgb").width());
            for (String key : List.of("observation.media.rgb", "observation.media.depth", "observation.robot_state.left_arm.joint_positions",
                    "observation.robot_state.right_arm.joint_positions", "action.command")) {
                StreamEntry s = streams.get(key);
                assertTrue(s != null, () -> key + " in " + streams.keySet());
                assertEquals((long) steps, s.frameCount(), key);
                StreamLocator loc = StreamLocator.of(s);
                assertEquals(StreamLocator.RLDS_STEPS, loc.container(), key);
                assertEquals("ep_a", loc.file(), key);
            }
            List<String> expected = new java.util.ArrayList<>(List.of("ep_a/metadata.json", "ep_a/steps/000000.jsonl",
                    "ep_a/steps/000001.jsonl", "ep_a/steps/000002.jsonl"));
            for (int i = 0; i < steps; i++) {
                expected.add(String.format("ep_a/blobs/depth_%06d.png", i));
                expected.add(String.format("ep_a/blobs/rgb_%06d.jpg", i));
            }
            expected.sort(null);
            assertChecksums(root, d, expected);
        }
    }
}
