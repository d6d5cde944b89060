package pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pipeline.Digests;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTime;
import pipeline.read.rosbag2.Db3Reader;
import pipeline.source.StreamLocator;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/**
 * A rosbag2 bag as ROS 2 Iron and later write it: the sqlite3 storage with the {@code schema},
 * {@code metadata} and {@code message_definitions} tables and a type hash per topic, and metadata.yaml
 * version 8 (QoS as a YAML string, {@code ros_distro}) or 9 (QoS as a list). Ingested end to end.
 */
class Rosbag2IronIngestTest {
    private static final long T0 = 1_735_000_000_000_000_000L;
    private static final int IMAGES = 15;
    private static final long IMAGE_PERIOD = 33_333_333L;
    private static final int JOINT_MSGS = 50;
    private static final long JOINT_PERIOD = 10_000_000L;
    private static final List<String> JOINTS = List.of("joint1", "joint2");
    private static final String IMAGE_HASH = "RIHS01_d31d41a9a4c4bc8eae9be757b0beed306564f7526c88ea6a4588fb9582527d47";
    private static final String JOINT_HASH = "RIHS01_a13ee3a330e346c9d87b5aa18d24e11690752bd33a0350f11c5882bc9179260e";
    private static final String DIAG_HASH = "RIHS01_5db3d6e1f9ef0eb48d9ffa1d87e91e8fd6bc76b15aad5f0e6d0a10df4a2fcd47";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "metadata.yaml version {0}")
    @ValueSource(ints = {8, 9})
    void ironBagIngestsWithTopicsCountsAndRates(int version) throws Exception {
        Path bag = Files.createDirectories(tmp.resolve("data/iron_bag"));
        Path db3 = bag.resolve("iron_bag_0.db3");
        writeDb3(db3);
        Files.writeString(bag.resolve("metadata.yaml"), metadataYaml(version));
        String dbSha = Digests.sha256Hex(Files.readAllBytes(db3));

        try (Db3Reader r = Db3Reader.open(db3, "iron_bag_0.db3", false)) {
            assertEquals(4, r.schemaVersion().orElseThrow(), "the generated file has Iron's schema");
            assertEquals("iron", r.rosDistro());
            assertEquals(3, r.messageDefinitions().size());
            assertEquals(List.of(IMAGE_HASH, JOINT_HASH, DIAG_HASH),
                    r.topics().stream().map(t -> t.typeDescriptionHash()).toList());
            assertEquals(9, r.embeddedMetadata().orElseThrow().version());
        }

        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport report = new Ingest(c).run(List.of(tmp.resolve("data")), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(List.of(), report.failed());
            assertEquals(1, report.ingested().size());
            EpisodeDetail d = c.episodes().find(report.ingested().get(0).episodeId()).orElseThrow();
            assertEquals(Rosbag2Format.FORMAT, d.summary().format());
            assertEquals("iron_bag", d.relPath());
            assertEquals(T0, d.startTimeNs());
            Map<String, StreamEntry> streams = d.streams().stream()
                    .collect(Collectors.toMap(StreamEntry::topic, Function.identity()));
            assertEquals(List.of("/camera/image_raw", "/diagnostics", "/joint_states"),
                    streams.keySet().stream().sorted().toList());

            StreamEntry cam = streams.get("/camera/image_raw");
            assertEquals(StreamKind.VIDEO, cam.kind());
            assertEquals((long) IMAGES, cam.frameCount());
            assertEquals(30.0, cam.rateHz(), 1e-3);
            assertEquals(8, cam.width());
            assertEquals(6, cam.height());
            assertEquals("rgb8", cam.encoding());
            assertEquals(0L, cam.startNs());
            assertEquals((IMAGES - 1) * IMAGE_PERIOD, cam.endNs());
            assertEquals(StreamLocator.ROSBAG2, StreamLocator.of(cam).container());

            StreamEntry joints = streams.get("/joint_states");
            assertEquals(StreamKind.TIMESERIES, joints.kind());
            assertEquals((long) JOINT_MSGS, joints.frameCount());
            assertEquals(100.0, joints.rateHz(), 1e-9);
            assertEquals(JOINTS, joints.jointNames());
            assertEquals(5_000_000L, joints.startNs(), "joint states start 5 ms after the bag");

            StreamEntry diag = streams.get("/diagnostics");
            assertEquals(StreamKind.OTHER, diag.kind());
            assertEquals(2L, diag.frameCount());

            GeneratedFormatsIngestTest.assertChecksums(tmp.resolve("data"), d,
                    List.of("iron_bag/iron_bag_0.db3", "iron_bag/metadata.yaml"));
        }
        // Opened read-only and immutable: the raw file is unchanged and SQLite left no journal beside it.
        assertEquals(dbSha, Digests.sha256Hex(Files.readAllBytes(db3)));
        assertFalse(Files.exists(bag.resolve("iron_bag_0.db3-wal")));
        assertFalse(Files.exists(bag.resolve("iron_bag_0.db3-shm")));
    }

    /** The sqlite3 storage layout of rosbag2 since Iron (schema_version 4), as sqlite_storage.cpp creates it. */
    private static void writeDb3(Path file) throws SQLException, IOException {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE schema(schema_version INTEGER PRIMARY KEY, ros_distro TEXT NOT NULL)");
                st.execute("CREATE TABLE metadata(id INTEGER PRIMARY KEY, metadata_version INTEGER NOT NULL,"
                        + " metadata TEXT NOT NULL)");
                st.execute("CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,"
                        + " serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL,"
                        + " type_description_hash TEXT NOT NULL)");
                st.execute("CREATE TABLE message_definitions(id INTEGER PRIMARY KEY, topic_type TEXT NOT NULL,"
                        + " encoding TEXT NOT NULL, encoded_message_definition TEXT NOT NULL,"
                        + " type_description_hash TEXT NOT NULL)");
                st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL,"
                        + " timestamp INTEGER NOT NULL, data BLOB NOT NULL)");
                st.execute("CREATE INDEX timestamp_idx ON messages (timestamp ASC)");
                st.execute("INSERT INTO schema VALUES (4, 'iron')");
            }
            try (PreparedStatement t = conn.prepareStatement("INSERT INTO topics VALUES (?, ?, ?, 'cdr', ?, ?)")) {
                topic(t, 1, "/camera/image_raw", "sensor_msgs/msg/Image", IMAGE_HASH);
                topic(t, 2, "/joint_states", "sensor_msgs/msg/JointState", JOINT_HASH);
                topic(t, 3, "/diagnostics", "diagnostic_msgs/msg/DiagnosticArray", DIAG_HASH);
            }
            try (PreparedStatement m = conn.prepareStatement("INSERT INTO message_definitions(topic_type, encoding,"
                    + " encoded_message_definition, type_description_hash) VALUES (?, 'ros2msg', ?, ?)")) {
                definition(m, "sensor_msgs/msg/Image", "std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\n"
                        + "uint8 is_bigendian\nuint32 step\nuint8[] data", IMAGE_HASH);
                definition(m, "sensor_msgs/msg/JointState", "std_msgs/Header header\nstring[] name\nfloat64[] position\n"
                        + "float64[] velocity\nfloat64[] effort", JOINT_HASH);
                definition(m, "diagnostic_msgs/msg/DiagnosticArray", "std_msgs/Header header\nDiagnosticStatus[] status",
                        DIAG_HASH);
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO messages(topic_id, timestamp, data) VALUES (?, ?, ?)")) {
                for (int i = 0; i < IMAGES; i++) {
                    long t = T0 + i * IMAGE_PERIOD;
                    byte[] px = new byte[8 * 6 * 3];
                    for (int k = 0; k < px.length; k++) px[k] = (byte) (i + k);
                    message(ins, 1, t, new RosImage(new RosHeader(RosTime.ofNanos(t), "camera"), 6, 8, "rgb8", 0, 24, px).encode());
                }
                for (int i = 0; i < JOINT_MSGS; i++) {
                    long t = T0 + 5_000_000L + i * JOINT_PERIOD;
                    message(ins, 2, t, new RosJointState(new RosHeader(RosTime.ofNanos(t), "base"), JOINTS,
                            new double[] {i * 0.01, -i * 0.01}, new double[2], new double[0]).encode());
                }
                for (int i = 0; i < 2; i++) {
                    long t = T0 + i * 250_000_000L;
                    message(ins, 3, t, new RosHeader(RosTime.ofNanos(t), "diag").encode());
                }
            }
            try (PreparedStatement md = conn.prepareStatement("INSERT INTO metadata(metadata_version, metadata) VALUES (9, ?)")) {
                // rosbag2 keeps a copy of the bag's metadata (YAML without the root key) in the file itself.
                md.setString(1, metadataYaml(9).replaceFirst("rosbag2_bagfile_information:\n", "").replaceAll("(?m)^  ", ""));
                md.executeUpdate();
            }
            conn.commit();
        }
    }

    private static void topic(PreparedStatement t, int id, String name, String type, String hash) throws SQLException {
        t.setInt(1, id);
        t.setString(2, name);
        t.setString(3, type);
        t.setString(4, "- history: 3\n  depth: 0\n  reliability: 1\n  durability: 2\n");
        t.setString(5, hash);
        t.executeUpdate();
    }

    private static void definition(PreparedStatement m, String type, String text, String hash) throws SQLException {
        m.setString(1, type);
        m.setString(2, text);
        m.setString(3, hash);
        m.executeUpdate();
    }

    private static void message(PreparedStatement ins, int topic, long t, byte[] data) throws SQLException {
        ins.setInt(1, topic);
        ins.setLong(2, t);
        ins.setBytes(3, data);
        ins.executeUpdate();
    }

    /** Version 8 writes QoS profiles as a YAML string; version 9 as a list. Both carry ros_distro and files. */
    private static String metadataYaml(int version) {
        String qos = version >= 9
                ? "\n            - history: keep_last\n              depth: 10\n              reliability: reliable\n"
                + "              durability: volatile"
                : " \"- history: 3\\n  depth: 0\\n  reliability: 1\\n  durability: 2\\n\"";
        long duration = (JOINT_MSGS - 1) * JOINT_PERIOD + 5_000_000L;
        StringBuilder topics = new StringBuilder();
        for (String[] t : new String[][] {{"/camera/image_raw", "sensor_msgs/msg/Image", IMAGE_HASH, String.valueOf(IMAGES)},
                {"/joint_states", "sensor_msgs/msg/JointState", JOINT_HASH, String.valueOf(JOINT_MSGS)},
                {"/diagnostics", "diagnostic_msgs/msg/DiagnosticArray", DIAG_HASH, "2"}}) {
            topics.append("""
                        - topic_metadata:
                            name: %s
                            type: %s
                            serialization_format: cdr
                            offered_qos_profiles:%s
                            type_description_hash: %s
                          message_count: %s
                    """.formatted(t[0], t[1], qos, t[2], t[3]));
        }
        return """
                rosbag2_bagfile_information:
                  version: %d
                  storage_identifier: sqlite3
                  duration:
                    nanoseconds: %d
                  starting_time:
                    nanoseconds_since_epoch: %d
                  message_count: %d
                  topics_with_message_count:
                %s  compression_format: ""
                  compression_mode: ""
                  relative_file_paths:
                    - iron_bag_0.db3
                  files:
                    - path: iron_bag_0.db3
                      starting_time:
                        nanoseconds_since_epoch: %d
                      duration:
                        nanoseconds: %d
                      message_count: %d
                  custom_data: ~
                  ros_distro: iron
                """.formatted(version, duration, T0, IMAGES + JOINT_MSGS + 2, topics, T0, duration, IMAGES + JOINT_MSGS + 2);
    }
}
