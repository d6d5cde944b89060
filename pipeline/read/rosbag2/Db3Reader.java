package pipeline.read.rosbag2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import pipeline.read.NodeCursor;
import store.CurioException;

/**
 * Reads one rosbag2 sqlite3 storage file (old schema: {@code topics}+{@code messages}; current schema:
 * plus {@code schema}, {@code metadata}, {@code message_definitions} and a type hash per topic).
 * The file is opened as an immutable read-only URI so SQLite neither writes nor creates -wal/-shm files
 * and ignores stale ones shipped next to it.
 */
public final class Db3Reader implements AutoCloseable {
    public static final String CORRUPT = "rosbag2.db3_corrupt";
    public static final String READ_FAILED = "rosbag2.db3_read_failed";
    public static final String BAD_SCHEMA = "rosbag2.db3_schema";

    private final Connection conn;
    private final String fileLabel;
    private final boolean messageCompressed;
    private final Set<String> tables;
    private final Map<Long, TopicMetadata> topicsById;
    private final Path deleteOnClose;
    /** Prepared once: a player fetches one row per shown frame. */
    private PreparedStatement byIdStatement;

    private Db3Reader(Connection conn, String fileLabel, boolean messageCompressed, Path deleteOnClose) {
        this.conn = conn;
        this.fileLabel = fileLabel;
        this.messageCompressed = messageCompressed;
        this.deleteOnClose = deleteOnClose;
        this.tables = loadTables();
        if (!tables.contains("topics") || !tables.contains("messages")) {
            throw new CurioException(BAD_SCHEMA, fileLabel, null, "not a rosbag2 database: tables topics/messages missing (found " + tables + ")");
        }
        this.topicsById = loadTopics();
    }

    /** Opens a plain .db3; {@code messageCompressed} when metadata says zstd MESSAGE mode. */
    public static Db3Reader open(Path db3, String fileLabel, boolean messageCompressed) {
        return open(db3, fileLabel, messageCompressed, null);
    }

    /** @param deleteOnClose a temporary (decompressed) copy that the reader owns and removes on close */
    static Db3Reader open(Path db3, String fileLabel, boolean messageCompressed, Path deleteOnClose) {
        if (!Files.isRegularFile(db3)) {
            throw new CurioException("rosbag2.file_missing", fileLabel, null, "storage file not found: " + db3);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        String url = "jdbc:sqlite:" + db3.toAbsolutePath().toUri() + "?mode=ro&immutable=1";
        Connection c = null;
        try {
            c = config.createConnection(url);
            return new Db3Reader(c, fileLabel, messageCompressed, deleteOnClose);
        } catch (SQLException e) {
            closeQuietly(c);
            throw sqlError(e, fileLabel, null, "cannot open");
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public boolean hasCurrentSchema() { return tables.contains("schema"); }

    /** The {@code schema.schema_version} row, absent for the old schema. */
    public OptionalInt schemaVersion() {
        if (!tables.contains("schema")) return OptionalInt.empty();
        return query("SELECT schema_version FROM schema ORDER BY schema_version DESC LIMIT 1", "schema",
                rs -> rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty());
    }

    public String rosDistro() {
        if (!tables.contains("schema")) return "";
        return query("SELECT ros_distro FROM schema ORDER BY schema_version DESC LIMIT 1", "schema",
                rs -> rs.next() && rs.getString(1) != null ? rs.getString(1) : "");
    }

    /** Topics ordered by id. */
    public List<TopicMetadata> topics() { return List.copyOf(topicsById.values()); }

    /**
     * The newest copy of the bag metadata that current-schema files keep in their {@code metadata}
     * table; useful when a folder's metadata.yaml is lost (it is YAML without the root key).
     */
    public Optional<Rosbag2Metadata> embeddedMetadata() {
        if (!tables.contains("metadata")) return Optional.empty();
        String yaml = query("SELECT metadata FROM metadata ORDER BY id DESC LIMIT 1", "metadata",
                rs -> rs.next() ? rs.getString(1) : null);
        if (yaml == null) return Optional.empty();
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            return Optional.of(Rosbag2Metadata.fromTree(
                    NodeCursor.root(tree, "metadata.metadata", fileLabel, Rosbag2Metadata.BAD_METADATA, true).requireObject()));
        } catch (IOException e) {
            throw new CurioException(Rosbag2Metadata.BAD_METADATA, fileLabel, "metadata.metadata", "embedded metadata is not YAML", e);
        }
    }

    public List<MessageDefinition> messageDefinitions() {
        if (!tables.contains("message_definitions")) return List.of();
        return query("SELECT topic_type, encoding, encoded_message_definition, type_description_hash FROM message_definitions ORDER BY id",
                "message_definitions", rs -> {
                    List<MessageDefinition> out = new ArrayList<>();
                    while (rs.next()) out.add(new MessageDefinition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    return out;
                });
    }

    public long messageCount() {
        return query("SELECT count(*) FROM messages", "messages", rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Per-topic counts and time range, computed by SQLite; every topic is listed, also empty ones. */
    public List<TopicSummary> topicSummaries() {
        Map<Long, TopicSummary> out = new LinkedHashMap<>();
        topicsById.forEach((id, t) -> out.put(id, new TopicSummary(t, 0, 0, 0)));
        query("SELECT topic_id, count(*), min(timestamp), max(timestamp) FROM messages GROUP BY topic_id", "messages", rs -> {
            while (rs.next()) {
                long id = rs.getLong(1);
                out.put(id, new TopicSummary(topic(id), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
            return null;
        });
        return List.copyOf(out.values());
    }

    /** All messages ordered by timestamp (ties by row id), fetched row by row. */
    public MessageCursor messages() {
        try {
            PreparedStatement st = conn.prepareStatement("SELECT topic_id, timestamp, data FROM messages ORDER BY timestamp, id");
            return new RowCursor(st, st.executeQuery());
        } catch (SQLException e) {
            throw sqlError(e, fileLabel, "messages", "cannot read messages");
        }
    }

    /**
     * One topic's messages in timestamp order (ties by row id); SQLite skips the other topics' rows, so their
     * payloads (camera images beside a joint-state topic) are never read. Empty when the file lacks the topic.
     */
    public MessageCursor messages(String topicName) {
        Long id = topicId(topicName);
        if (id == null) return MessageCursor.empty();
        PreparedStatement st = null;
        try {
            st = conn.prepareStatement("SELECT topic_id, timestamp, data FROM messages WHERE topic_id = ? ORDER BY timestamp, id");
            st.setLong(1, id);
            return new RowCursor(st, st.executeQuery());
        } catch (SQLException e) {
            closeQuietly(st);
            throw sqlError(e, fileLabel, "messages", "cannot read messages of " + topicName);
        }
    }

    /** Receives one message's place in the file, without its payload. */
    @FunctionalInterface
    public interface RowSink {
        void accept(long timestampNs, long rowId);
    }

    /**
     * Timestamps and row ids of one topic's messages in timestamp order (ties by row id), without reading
     * the payloads, so an index over a bag of images costs two longs per message. Nothing when the topic
     * is not in this file (split bags need not carry every topic in every file).
     */
    public void forEachRow(String topicName, RowSink sink) {
        Long id = topicId(topicName);
        if (id == null) return;
        try (PreparedStatement st = conn.prepareStatement(
                "SELECT timestamp, id FROM messages WHERE topic_id = ? ORDER BY timestamp, id")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) sink.accept(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw sqlError(e, fileLabel, "messages", "cannot index topic " + topicName);
        }
    }

    private Long topicId(String topicName) {
        return topicsById.entrySet().stream().filter(e -> e.getValue().name().equals(topicName))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The payload of one message by its row id (decompressed for MESSAGE-compressed bags). */
    public byte[] messageData(long rowId) {
        try {
            if (byIdStatement == null) byIdStatement = conn.prepareStatement("SELECT timestamp, data FROM messages WHERE id = ?");
            byIdStatement.setLong(1, rowId);
            try (ResultSet rs = byIdStatement.executeQuery()) {
                if (!rs.next()) {
                    throw new CurioException(CORRUPT, fileLabel, "messages.id", "message row " + rowId + " is gone");
                }
                long ts = rs.getLong(1);
                byte[] data = rs.getBytes(2);
                return payload(data == null ? new byte[0] : data, ts);
            }
        } catch (SQLException e) {
            throw sqlError(e, fileLabel, "messages", "cannot read message row " + rowId);
        }
    }

    @Override
    public void close() {
        closeQuietly(byIdStatement);
        closeQuietly(conn);
        if (deleteOnClose != null) {
            try {
                Files.deleteIfExists(deleteOnClose);
            } catch (IOException ignored) {
                // a leftover temp file is harmless; the OS temp cleaner gets it
            }
        }
    }

    private TopicMetadata topic(long id) {
        TopicMetadata t = topicsById.get(id);
        if (t == null) throw new CurioException(BAD_SCHEMA, fileLabel, "messages.topic_id", "message refers to unknown topic id " + id);
        return t;
    }

    private byte[] payload(byte[] stored, long timestamp) {
        if (!messageCompressed) return stored;
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CurioException("rosbag2.decompress_failed", fileLabel, "messages.data@" + timestamp,
                    "zstd MESSAGE payload does not decompress: " + e.getMessage(), e);
        }
    }

    private Set<String> loadTables() {
        return query("SELECT name FROM sqlite_master WHERE type='table'", null, rs -> {
            Set<String> names = new HashSet<>();
            while (rs.next()) names.add(rs.getString(1));
            return names;
        });
    }

    private Map<Long, TopicMetadata> loadTopics() {
        boolean hasHash = query("SELECT count(*) FROM pragma_table_info('topics') WHERE name='type_description_hash'", "topics",
                rs -> rs.next() && rs.getInt(1) > 0);
        String sql = "SELECT id, name, type, serialization_format, offered_qos_profiles"
                + (hasHash ? ", type_description_hash" : "") + " FROM topics ORDER BY id";
        return query(sql, "topics", rs -> {
            Map<Long, TopicMetadata> out = new LinkedHashMap<>();
            while (rs.next()) {
                String qos = rs.getString(5);
                NodeCursor qosCursor = NodeCursor.root(qos == null ? null : TextNode.valueOf(qos),
                        "topics[" + rs.getLong(1) + "].offered_qos_profiles", fileLabel, BAD_SCHEMA, true);
                // The columns are NOT NULL in rosbag2's schema; a file that breaks it is refused, not half-read.
                for (int column = 2; column <= 4; column++) {
                    if (rs.getString(column) == null) {
                        throw new CurioException(BAD_SCHEMA, fileLabel, "topics[" + rs.getLong(1) + "]."
                                + rs.getMetaData().getColumnName(column), "a topic without its " + rs.getMetaData().getColumnName(column));
                    }
                }
                out.put(rs.getLong(1), new TopicMetadata(rs.getString(2), rs.getString(3), rs.getString(4),
                        Rosbag2Metadata.qosProfiles(qosCursor), hasHash && rs.getString(6) != null ? rs.getString(6) : ""));
            }
            return out;
        });
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, String table, RowMapper<T> mapper) {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return mapper.map(rs);
        } catch (SQLException e) {
            throw sqlError(e, fileLabel, table, "query failed");
        }
    }

    /** NOTADB, CORRUPT and short reads (IOERR on an immutable file) all mean the file itself is broken. */
    static CurioException sqlError(SQLException e, String file, String field, String what) {
        int primary = e.getErrorCode() & 0xff;
        boolean broken = primary == 26 || primary == 11 || primary == 10;
        return new CurioException(broken ? CORRUPT : READ_FAILED, file, field,
                what + ": " + (broken ? "database file is corrupt or truncated: " : "") + e.getMessage(), e);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a read-only connection cannot lose data
        }
    }

    private final class RowCursor implements MessageCursor {
        private final PreparedStatement st;
        private final ResultSet rs;
        private BagMessage next;
        private boolean done;

        RowCursor(PreparedStatement st, ResultSet rs) {
            this.st = st;
            this.rs = rs;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (done) return false;
            try {
                if (!rs.next()) {
                    close();
                    return false;
                }
                long ts = rs.getLong(2);
                byte[] data = rs.getBytes(3);
                next = new BagMessage(topic(rs.getLong(1)), ts, payload(data == null ? new byte[0] : data, ts));
                return true;
            } catch (SQLException e) {
                close();
                throw sqlError(e, fileLabel, "messages", "cannot read messages");
            }
        }

        @Override
        public BagMessage next() {
            if (!hasNext()) throw new NoSuchElementException();
            BagMessage m = next;
            next = null;
            return m;
        }

        @Override
        public void close() {
            done = true;
            closeQuietly(rs);
            closeQuietly(st);
        }
    }
}
