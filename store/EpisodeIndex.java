package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A columnar copy of what filters, facets, sorting and the dashboard read of every episode (the text fields as
 * dictionary codes, durations, dates, quality figures, failure modes, clusters and subtask labels), so a filter or a
 * facet count over 100,000 episodes is a pass over a few arrays instead of a dozen table scans.
 *
 * <p>It stays current without being rebuilt: temporary triggers on this connection record the episodes every write
 * touches, and the next {@link #snapshot()} reloads just those rows (a rolled-back write leaves nothing to reload,
 * since the record rolls back with it). A commit by another process (the CLI beside the app) changes SQLite's
 * {@code data_version}, and then the whole index is reloaded. Snapshots are immutable: a reader keeps a consistent
 * view while a newer snapshot is made.
 */
public final class EpisodeIndex {
    /** A record meaning "reload everything" (a dataset renamed, a cluster renamed). */
    private static final long EVERYTHING = -1;

    private final Catalog catalog;
    private EpisodeSnapshot current;
    private long dataVersion;

    EpisodeIndex(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The dirty-row record and the triggers that fill it; temporary, so they live on this connection only. */
    static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TEMP TABLE IF NOT EXISTS index_dirty (episode INTEGER NOT NULL)");
            String[][] triggers = {
                    {"episodes", "INSERT", "new.id"}, {"episodes", "UPDATE", "new.id"}, {"episodes", "DELETE", "old.id"},
                    {"annotations", "INSERT", "new.episode_id"}, {"annotations", "UPDATE", "new.episode_id"},
                    {"annotations", "DELETE", "old.episode_id"},
                    {"streams", "INSERT", "new.episode_id"}, {"streams", "DELETE", "old.episode_id"},
                    {"validation_findings", "INSERT", "new.episode_id"}, {"validation_findings", "DELETE", "old.episode_id"},
                    {"recall_episodes", "INSERT", "new.episode_id"}, {"recall_episodes", "DELETE", "old.episode_id"},
                    {"recalls", "INSERT", "new.episode_id"},
                    {"failure_clusters", "UPDATE", String.valueOf(EVERYTHING)},
                    {"failure_clusters", "DELETE", String.valueOf(EVERYTHING)},
                    {"datasets", "UPDATE", String.valueOf(EVERYTHING)}};
            for (String[] t : triggers) {
                String name = "index_" + t[0] + "_" + t[1].toLowerCase(java.util.Locale.ROOT);
                String when = t[0].equals("annotations") ? " WHEN " + (t[1].equals("DELETE") ? "old" : "new") + ".kind != 'trim'"
                        : t[0].equals("recalls") ? " WHEN new.episode_id IS NOT NULL" : "";
                s.executeUpdate("CREATE TEMP TRIGGER IF NOT EXISTS " + name + " AFTER " + t[1] + " ON main." + t[0] + when
                        + " BEGIN INSERT INTO index_dirty VALUES (" + t[2] + "); END");
            }
        }
    }

    /**
     * The index as of the last commit. The first call (and the first after another process wrote) loads every row
     * on a connection of its own, so other catalog reads and writes go on meanwhile; rows written during the load are
     * reloaded from the dirty record afterwards.
     */
    public EpisodeSnapshot snapshot() {
        long version = catalog.read(EpisodeIndex::dataVersion);
        if (needsLoad(version)) {
            synchronized (loading) {
                if (needsLoad(version)) {
                    catalog.read(c -> {
                        clearDirty(c);
                        return null;
                    });
                    loaded(catalog.readSeparately(EpisodeIndex::load), version);
                }
            }
        }
        return catalog.read(this::refresh);
    }

    /** Held while a full load runs, so two callers do not load twice. */
    private final Object loading = new Object();

    private synchronized boolean needsLoad(long version) {
        return current == null || version != dataVersion;
    }

    private synchronized void loaded(EpisodeSnapshot s, long version) {
        current = s;
        dataVersion = version;
    }

    private synchronized EpisodeSnapshot refresh(Connection c) throws SQLException {
        if (current == null) {
            clearDirty(c);
            dataVersion = dataVersion(c);
            current = load(c);
            return current;
        }
        Set<Long> dirty = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT episode FROM temp.index_dirty")) {
            while (rs.next()) dirty.add(rs.getLong(1));
        }
        if (dirty.isEmpty()) return current;
        clearDirty(c);
        if (dirty.contains(EVERYTHING) || dirty.size() > current.rows() / 4 + 2000) {
            current = load(c);
            dataVersion = dataVersion(c);
        } else {
            current = patch(c, current, dirty);
        }
        return current;
    }

    private static void clearDirty(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM temp.index_dirty");
        }
    }

    private static long dataVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    // ---- loading ----

    private static final String ROWS = """
            SELECT e.id, e.episode_id, e.dataset_id, e.format, e.task, e.robot, e.operator, e.review_state, e.validation_state,
                   e.status, e.duration_ns, e.start_time_ns, e.quality_score, e.qc_sharpness, e.qc_exposure, e.qc_dropped
            FROM episodes e""";

    private static EpisodeSnapshot load(Connection c) throws SQLException {
        EpisodeSnapshot.Builder b = EpisodeSnapshot.Builder.empty();
        Map<Long, String> clusters = clusters(c);
        Map<Long, String> datasets = datasets(c);
        // Unordered: sorting in SQL would cost a temporary b-tree; the snapshot sorts its positions instead.
        try (PreparedStatement ps = c.prepareStatement(ROWS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) b.put(row(rs, datasets));
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT episode_id, count(*) FROM streams GROUP BY episode_id")) {
            while (rs.next()) b.streams(rs.getLong(1), rs.getInt(2));
        }
        for (long id : ids(c, "SELECT episode_id FROM recall_episodes UNION SELECT episode_id FROM recalls WHERE episode_id IS NOT NULL")) {
            b.recalled(id, true);
        }
        for (long id : ids(c, "SELECT DISTINCT episode_id FROM validation_findings WHERE severity = 'hard'")) b.hardFinding(id, true);
        Map<Long, List<String[]>> marks = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT episode_id, kind, label, failure_mode, cluster_id FROM annotations WHERE kind IN ('failure', 'subtask')")) {
            while (rs.next()) mark(marks, rs, clusters);
        }
        marks.forEach(b::marks);
        return b.freeze(EpisodeSnapshot.Builder.Order.SORT);
    }

    private static EpisodeSnapshot patch(Connection c, EpisodeSnapshot base, Set<Long> dirty) throws SQLException {
        EpisodeSnapshot.Builder b = EpisodeSnapshot.Builder.from(base);
        Map<Long, String> clusters = clusters(c);
        Map<Long, String> datasets = datasets(c);
        List<Long> all = new ArrayList<>(dirty);
        Set<Long> seen = new HashSet<>();
        boolean added = false;
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String in = " IN (" + String.join(",", chunk.stream().map(String::valueOf).toList()) + ")";
            try (PreparedStatement ps = c.prepareStatement(ROWS + " WHERE e.id" + in); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = row(rs, datasets);
                    seen.add(r.rowId);
                    added |= b.put(r);
                }
            }
            for (long id : chunk) {
                b.streams(id, 0);
                b.recalled(id, false);
                b.hardFinding(id, false);
                b.marks(id, List.of());
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT episode_id, count(*) FROM streams WHERE episode_id" + in + " GROUP BY episode_id")) {
                while (rs.next()) b.streams(rs.getLong(1), rs.getInt(2));
            }
            for (long id : ids(c, "SELECT episode_id FROM recall_episodes WHERE episode_id" + in
                    + " UNION SELECT episode_id FROM recalls WHERE episode_id" + in)) {
                b.recalled(id, true);
            }
            for (long id : ids(c, "SELECT DISTINCT episode_id FROM validation_findings WHERE severity = 'hard' AND episode_id" + in)) {
                b.hardFinding(id, true);
            }
            Map<Long, List<String[]>> marks = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT episode_id, kind, label, failure_mode, cluster_id FROM annotations WHERE kind IN ('failure', 'subtask') AND episode_id" + in)) {
                while (rs.next()) mark(marks, rs, clusters);
            }
            marks.forEach(b::marks);
        }
        for (long id : dirty) if (!seen.contains(id)) b.remove(id);
        return b.freeze(added ? EpisodeSnapshot.Builder.Order.SORT : EpisodeSnapshot.Builder.Order.KEEP);
    }

    /** One episode's row as the index keeps it. */
    record Row(long rowId, String episodeId, String dataset, String format, String task, String robot, String operator,
               String review, String validation, String status, long durationNs, Long startNs, Double quality,
               Double sharpness, Double exposure, Double dropped) { }

    private static Row row(ResultSet rs, Map<Long, String> datasets) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), datasets.get(rs.getLong(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), Episodes.nullableLong(rs, 12),
                dbl(rs, 13), dbl(rs, 14), dbl(rs, 15), dbl(rs, 16));
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static void mark(Map<Long, List<String[]>> out, ResultSet rs, Map<Long, String> clusters) throws SQLException {
        long ep = rs.getLong(1);
        String kind = rs.getString(2);
        long cluster = rs.getLong(5);
        String clusterName = rs.wasNull() ? null : clusters.get(cluster);
        String value = kind.equals(Annotations.SUBTASK) ? rs.getString(3) : rs.getString(4);
        out.computeIfAbsent(ep, k -> new ArrayList<>()).add(new String[] {kind, value, clusterName});
    }

    private static Map<Long, String> datasets(Connection c) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM datasets")) {
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
        }
        return out;
    }

    private static Map<Long, String> clusters(Connection c) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM failure_clusters")) {
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
        }
        return out;
    }

    private static Set<Long> ids(Connection c, String sql) throws SQLException {
        Set<Long> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

}
