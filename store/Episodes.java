package store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Episodes, their streams, files and tasks. */
public final class Episodes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY_SQL = "SELECT " + EpisodeListing.SUMMARY_COLUMNS
            + " FROM episodes e JOIN datasets d ON d.id = e.dataset_id ";

    private final Catalog catalog;

    Episodes(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Inserts or refreshes an episode. A re-ingest keeps the episode's row (and so its annotations and
     * review history) and replaces what ingest owns: streams, file links and tasks.
     */
    public long upsert(EpisodeWrite w) {
        return catalog.write(c -> upsert(c, w));
    }

    /** Many episodes in one transaction (a generated or imported catalog); all land or none do. */
    public void upsertAll(List<EpisodeWrite> writes) {
        catalog.write(c -> {
            for (EpisodeWrite w : writes) upsert(c, w);
            return null;
        });
    }

    private static long upsert(Connection c, EpisodeWrite w) throws SQLException {
        {
            long datasetId = upsertDataset(c, w.dataset());
            Map<String, Long> fileIds = new HashMap<>();
            for (FileEntry f : w.files()) fileIds.put(f.relPath(), upsertFile(c, datasetId, f));
            long episodeRow = upsertEpisodeRow(c, datasetId, w);
            exec(c, "DELETE FROM streams WHERE episode_id = ?", episodeRow);
            exec(c, "DELETE FROM episode_files WHERE episode_id = ?", episodeRow);
            exec(c, "DELETE FROM episode_tasks WHERE episode_id = ?", episodeRow);
            for (StreamEntry s : w.streams()) insertStream(c, episodeRow, s, fileIds.get(s.fileRelPath()));
            for (Map.Entry<String, Long> f : fileIds.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO episode_files(episode_id, file_id, role) VALUES (?,?,?)")) {
                    ps.setLong(1, episodeRow);
                    ps.setLong(2, f.getValue());
                    ps.setString(3, roleOf(f.getKey(), w.streams()));
                    ps.executeUpdate();
                }
            }
            for (String task : w.tasks()) linkTask(c, datasetId, episodeRow, task);
            return episodeRow;
        }
    }

    public List<EpisodeSummary> list() {
        return catalog.read(c -> {
            List<EpisodeSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SUMMARY_SQL + " ORDER BY d.name, e.episode_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(summary(rs));
            }
            return out;
        });
    }

    /** The episodes under {@code filter}, in order of {@code sort} (null: dataset, then id), a page at a time. */
    public EpisodeListing listing(Condition filter, EpisodeField sort, boolean ascending) {
        return EpisodeListing.compile(catalog, filter, sort, ascending);
    }

    public int count() {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM episodes");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    public Optional<EpisodeDetail> find(String episodeId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SUMMARY_SQL.replace("SELECT e.episode_id",
                    "SELECT e.id, d.root_path, e.rel_path, e.robot, e.operator, e.start_time_ns, e.frame_count, e.manifest_json, e.episode_id")
                    + " WHERE e.episode_id = ?")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    long row = rs.getLong(1);
                    EpisodeSummary summary = new EpisodeSummary(rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getLong(13) / 1e9, rs.getInt(14), rs.getString(15), rs.getString(16),
                            rs.getString(17));
                    return Optional.of(new EpisodeDetail(row, summary, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), nullableLong(rs, 6), rs.getLong(13),
                            nullableLong(rs, 7), rs.getString(8), streams(c, row), files(c, row)));
                }
            }
        });
    }

    /** The dataset-level metadata ingest kept (e.g. LeRobot's info.json), or null. */
    public String datasetInfoJson(String episodeId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT d.info_json FROM episodes e JOIN datasets d ON d.id = e.dataset_id WHERE e.episode_id = ?")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    static EpisodeSummary summary(ResultSet rs) throws SQLException {
        return new EpisodeSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5) / 1e9, rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    private static List<StreamEntry> streams(Connection c, long episodeRow) throws SQLException {
        List<StreamEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.name, s.kind, s.topic, f.rel_path, s.rate_hz, s.width, s.height, s.encoding, s.start_ns,
                       s.end_ns, s.clock_offset_ns, s.frame_count, s.joint_names_json, s.joint_limits_json, s.extra_json
                FROM streams s LEFT JOIN files f ON f.id = s.file_id WHERE s.episode_id = ? ORDER BY s.id""")) {
            ps.setLong(1, episodeRow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StreamEntry(rs.getString(1), StreamKind.fromDb(rs.getString(2)), rs.getString(3),
                            rs.getString(4), nullableDouble(rs, 5), nullableInt(rs, 6), nullableInt(rs, 7),
                            rs.getString(8), nullableLong(rs, 9), nullableLong(rs, 10), rs.getLong(11),
                            nullableLong(rs, 12), fromJson(rs.getString(13), new TypeReference<List<String>>() { }),
                            fromJson(rs.getString(14), new TypeReference<List<double[]>>() { }), rs.getString(15)));
                }
            }
        }
        return out;
    }

    private static List<FileEntry> files(Connection c, long episodeRow) throws SQLException {
        List<FileEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT f.rel_path, f.size_bytes, f.mtime_ns, f.sha256 FROM episode_files ef
                JOIN files f ON f.id = ef.file_id WHERE ef.episode_id = ? ORDER BY f.rel_path""")) {
            ps.setLong(1, episodeRow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new FileEntry(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
            }
        }
        return out;
    }

    private static long upsertDataset(Connection c, DatasetRef d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO datasets(name, root_path, format, created_at_ns, info_json) VALUES (?,?,?,?,?)
                ON CONFLICT(name) DO UPDATE SET root_path = excluded.root_path, format = excluded.format,
                    info_json = coalesce(excluded.info_json, datasets.info_json)
                RETURNING id""")) {
            ps.setString(1, d.name());
            ps.setString(2, d.rootPath());
            ps.setString(3, d.format());
            ps.setLong(4, Clock.nowNs());
            ps.setString(5, d.infoJson());
            return single(ps);
        }
    }

    private static long upsertFile(Connection c, long datasetId, FileEntry f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO files(dataset_id, rel_path, size_bytes, mtime_ns, sha256) VALUES (?,?,?,?,?)
                ON CONFLICT(dataset_id, rel_path) DO UPDATE SET size_bytes = excluded.size_bytes,
                    mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256
                RETURNING id""")) {
            ps.setLong(1, datasetId);
            ps.setString(2, f.relPath());
            ps.setLong(3, f.sizeBytes());
            ps.setLong(4, f.mtimeNs());
            ps.setString(5, f.sha256());
            return single(ps);
        }
    }

    private static long upsertEpisodeRow(Connection c, long datasetId, EpisodeWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO episodes(episode_id, dataset_id, rel_path, format, task, robot, operator, start_time_ns,
                    duration_ns, frame_count, manifest_json, ingested_at_ns, status, status_detail)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'ok',NULL)
                ON CONFLICT(episode_id) DO UPDATE SET dataset_id = excluded.dataset_id, rel_path = excluded.rel_path,
                    format = excluded.format, task = excluded.task, robot = excluded.robot,
                    operator = excluded.operator, start_time_ns = excluded.start_time_ns,
                    duration_ns = excluded.duration_ns, frame_count = excluded.frame_count,
                    manifest_json = excluded.manifest_json, ingested_at_ns = excluded.ingested_at_ns,
                    status = 'ok', status_detail = NULL,
                    validation_state = CASE WHEN episodes.validation_state = 'unvalidated'
                                            THEN 'unvalidated' ELSE 'stale' END
                RETURNING id""")) {
            ps.setString(1, w.episodeId());
            ps.setLong(2, datasetId);
            ps.setString(3, w.relPath());
            ps.setString(4, w.format());
            ps.setString(5, w.task());
            ps.setString(6, w.robot());
            ps.setString(7, w.operator());
            setNullableLong(ps, 8, w.startTimeNs());
            ps.setLong(9, w.durationNs());
            setNullableLong(ps, 10, w.frameCount());
            ps.setString(11, w.manifestJson());
            ps.setLong(12, Clock.nowNs());
            return single(ps);
        }
    }

    private static void insertStream(Connection c, long episodeRow, StreamEntry s, Long fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO streams(episode_id, name, kind, topic, file_id, rate_hz, width, height, encoding, start_ns,
                    end_ns, clock_offset_ns, frame_count, joint_names_json, joint_limits_json, extra_json)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
            ps.setLong(1, episodeRow);
            ps.setString(2, s.name());
            ps.setString(3, s.kind().dbName());
            ps.setString(4, s.topic());
            setNullableLong(ps, 5, fileId);
            if (s.rateHz() == null) ps.setNull(6, Types.REAL); else ps.setDouble(6, s.rateHz());
            setNullableLong(ps, 7, s.width() == null ? null : s.width().longValue());
            setNullableLong(ps, 8, s.height() == null ? null : s.height().longValue());
            ps.setString(9, s.encoding());
            setNullableLong(ps, 10, s.startNs());
            setNullableLong(ps, 11, s.endNs());
            ps.setLong(12, s.clockOffsetNs());
            setNullableLong(ps, 13, s.frameCount());
            ps.setString(14, s.jointNames().isEmpty() ? null : toJson(s.jointNames()));
            ps.setString(15, s.jointLimits().isEmpty() ? null : toJson(s.jointLimits()));
            ps.setString(16, s.extraJson());
            ps.executeUpdate();
        }
    }

    private static void linkTask(Connection c, long datasetId, long episodeRow, String instruction) throws SQLException {
        long taskId;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tasks(dataset_id, instruction) VALUES (?,?)
                ON CONFLICT(dataset_id, instruction) DO UPDATE SET instruction = excluded.instruction RETURNING id""")) {
            ps.setLong(1, datasetId);
            ps.setString(2, instruction);
            taskId = single(ps);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO episode_tasks(episode_id, task_id) VALUES (?,?)")) {
            ps.setLong(1, episodeRow);
            ps.setLong(2, taskId);
            ps.executeUpdate();
        }
    }

    private static String roleOf(String relPath, List<StreamEntry> streams) {
        for (StreamEntry s : streams) if (relPath.equals(s.fileRelPath())) return "stream:" + s.name();
        return "aux";
    }

    static void exec(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("statement returned no row");
            return rs.getLong(1);
        }
    }

    static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER); else ps.setLong(i, v);
    }

    static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    static String toJson(Object o) {
        return Json.of(o);
    }

    private static <T> T fromJson(String s, TypeReference<T> type) {
        if (s == null) return null;
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new CurioException("catalog.corrupt_json", null, null, "unreadable JSON in catalog: " + e.getMessage(), e);
        }
    }
}
