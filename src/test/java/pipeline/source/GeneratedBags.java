package pipeline.source;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import pipeline.read.mcap.McapWriter;

/**
 * Writes rosbag2 folders the way rosbag2 lays them out (metadata.yaml plus storage files named
 * {@code <folder>_<n>.<ext>}), with sqlite-jdbc for sqlite3 storage and {@link McapWriter} for mcap storage, so
 * tests can build split bags with exactly the messages they assert on.
 */
public final class GeneratedBags {
    /** One message to store: topic, its ROS type, log time, CDR payload. */
    public record Msg(String topic, String type, long timeNs, byte[] cdr) { }

    private GeneratedBags() { }

    /**
     * A bag folder split into two storage files by time: messages before {@code splitNs} go to the first file, the
     * rest to the second, and a topic only present in one half has no table row or channel in the other.
     *
     * @param storage "sqlite3" or "mcap"
     */
    public static void write(Path dir, String storage, List<Msg> msgs, long splitNs, long startNs, long durationNs)
            throws IOException, SQLException {
        Files.createDirectories(dir);
        String ext = storage.equals("sqlite3") ? "db3" : "mcap";
        String base = dir.getFileName().toString();
        List<String> names = List.of(base + "_0." + ext, base + "_1." + ext);
        for (int i = 0; i < 2; i++) {
            boolean first = i == 0;
            List<Msg> part = msgs.stream().filter(m -> (m.timeNs() < splitNs) == first).toList();
            if (storage.equals("sqlite3")) writeDb3(dir.resolve(names.get(i)), part);
            else writeMcap(dir.resolve(names.get(i)), part);
        }
        writeMetadata(dir, storage, names, msgs, startNs, durationNs);
    }

    /** rosbag2's metadata.yaml (version 5) for these storage files and messages. */
    public static void writeMetadata(Path dir, String storage, List<String> files, List<Msg> msgs, long startNs, long durationNs)
            throws IOException {
        Map<String, List<Msg>> byTopic = msgs.stream().collect(Collectors.groupingBy(Msg::topic, LinkedHashMap::new,
                Collectors.toList()));
        StringBuilder topics = new StringBuilder();
        byTopic.forEach((topic, list) -> topics.append("""
                    - topic_metadata:
                        name: %s
                        type: %s
                        serialization_format: cdr
                        offered_qos_profiles: ""
                      message_count: %d
                """.formatted(topic, list.get(0).type(), list.size())));
        StringBuilder paths = new StringBuilder();
        files.forEach(f -> paths.append("    - ").append(f).append('\n'));
        Files.writeString(dir.resolve("metadata.yaml"), """
                rosbag2_bagfile_information:
                  version: 5
                  storage_identifier: %s
                  relative_file_paths:
                %s  duration:
                    nanoseconds: %d
                  starting_time:
                    nanoseconds_since_epoch: %d
                  message_count: %d
                  topics_with_message_count:
                %s  compression_format: ""
                  compression_mode: ""
                """.formatted(storage, paths, durationNs, startNs, msgs.size(), topics));
    }

    /** rosbag2's sqlite3 tables, filled through SQLite itself. */
    public static void writeDb3(Path file, List<Msg> msgs) throws SQLException {
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (Msg m : msgs) {
            ids.putIfAbsent(m.topic(), ids.size() + 1);
            types.putIfAbsent(m.topic(), m.type());
        }
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,"
                        + " serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL)");
                st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL,"
                        + " timestamp INTEGER NOT NULL, data BLOB NOT NULL)");
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO topics VALUES (?, ?, ?, 'cdr', '')")) {
                for (Map.Entry<String, Integer> e : ids.entrySet()) {
                    ins.setInt(1, e.getValue());
                    ins.setString(2, e.getKey());
                    ins.setString(3, types.get(e.getKey()));
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO messages(topic_id, timestamp, data) VALUES (?, ?, ?)")) {
                for (Msg m : msgs) {
                    ins.setInt(1, ids.get(m.topic()));
                    ins.setLong(2, m.timeNs());
                    ins.setBytes(3, m.cdr());
                    ins.executeUpdate();
                }
            }
            conn.commit();
        }
    }

    private static void writeMcap(Path file, List<Msg> msgs) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
             McapWriter w = new McapWriter(out, file.toString(), McapWriter.Options.ros2())) {
            Map<String, Integer> channels = new LinkedHashMap<>();
            for (Msg m : msgs) {
                Integer ch = channels.get(m.topic());
                if (ch == null) {
                    int schema = w.addSchema(m.type(), "ros2msg", "std_msgs/Header header".getBytes(StandardCharsets.UTF_8));
                    ch = w.addChannel(schema, m.topic(), "cdr", Map.of());
                    channels.put(m.topic(), ch);
                }
                w.addMessage(ch, 0, m.timeNs(), m.timeNs(), m.cdr());
            }
        }
    }
}
