package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Every failure mark across the catalog and the clusters they are grouped in: assigning marks to a cluster, creating,
 * renaming and merging clusters. Each change is one transaction with its audit entry.
 */
public final class FailureBoard {
    private final Catalog catalog;

    FailureBoard(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A failure mark with what the board shows about its episode; {@code clusterId} null when it is in none. */
    public record Mark(long id, String episodeId, long startNs, long endNs, String failureMode, String label, String note,
                       Long clusterId, String cluster, String task, String robot, long episodeDurationNs) { }

    /** A cluster with how many marks it holds. */
    public record ClusterRow(long id, String name, String description, int marks) { }

    private static final String MARKS = """
            SELECT a.id, e.episode_id, a.start_ns, a.end_ns, a.failure_mode, a.label, a.note, a.cluster_id, c.name, e.task,
                   e.robot, e.duration_ns
            FROM annotations a JOIN episodes e ON e.id = a.episode_id LEFT JOIN failure_clusters c ON c.id = a.cluster_id
            WHERE a.kind = 'failure'""";

    /** Every failure mark, by episode and time. */
    public List<Mark> marks() {
        return catalog.read(c -> marks(c, MARKS + " ORDER BY e.episode_id, a.start_ns, a.id", List.of()));
    }

    /** The failure marks of the given episodes, by episode and time. */
    public List<Mark> marksOf(Collection<String> episodeIds) {
        if (episodeIds.isEmpty()) return List.of();
        return catalog.read(c -> {
            List<Mark> out = new ArrayList<>();
            List<String> ids = new ArrayList<>(episodeIds);
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                out.addAll(marks(c, MARKS + " AND e.episode_id IN (" + String.join(",", chunk.stream().map(x -> "?").toList())
                        + ") ORDER BY e.episode_id, a.start_ns, a.id", chunk));
            }
            out.sort(java.util.Comparator.comparing(Mark::episodeId).thenComparingLong(Mark::startNs).thenComparingLong(Mark::id));
            return out;
        });
    }

    private static List<Mark> marks(Connection c, String sql, List<String> args) throws SQLException {
        List<Mark> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Mark(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), Episodes.nullableLong(rs, 8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getLong(12)));
                }
            }
        }
        return out;
    }

    public List<ClusterRow> clusters() {
        return catalog.read(c -> {
            List<ClusterRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT c.id, c.name, c.description, count(a.id) FROM failure_clusters c
                    LEFT JOIN annotations a ON a.cluster_id = c.id AND a.kind = 'failure'
                    GROUP BY c.id ORDER BY c.name""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new ClusterRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
            return out;
        });
    }

    /** A new cluster; {@code cluster.exists} when the name is taken. */
    public ClusterRow create(String name, String description, String actor) {
        String n = checkName(name);
        return catalog.write(c -> {
            requireFree(c, n, null);
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO failure_clusters(name, description, created_at_ns) VALUES (?,?,?) RETURNING id")) {
                ps.setString(1, n);
                ps.setString(2, description);
                ps.setLong(3, Clock.nowNs());
                id = Episodes.single(ps);
            }
            AuditLog.append(c, actor, "cluster.create", "cluster", String.valueOf(id), null,
                    Json.of(Map.of("name", n, "description", description == null ? "" : description)));
            return new ClusterRow(id, n, description, 0);
        });
    }

    /** Puts marks in a cluster, or (null) in none. */
    public void assign(Collection<Long> markIds, Long clusterId, String actor) {
        if (markIds.isEmpty()) return;
        catalog.write(c -> {
            if (clusterId != null) clusterName(c, clusterId);
            for (long id : markIds) {
                Long before;
                String episode;
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT a.cluster_id, e.episode_id FROM annotations a JOIN episodes e ON e.id = a.episode_id
                        WHERE a.id = ? AND a.kind = 'failure'""")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) throw new CurioException("annotations.not_found", null, "id", "no failure mark " + id);
                        before = Episodes.nullableLong(rs, 1);
                        episode = rs.getString(2);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE annotations SET cluster_id = ?, updated_at_ns = ? WHERE id = ?")) {
                    Episodes.setNullableLong(ps, 1, clusterId);
                    ps.setLong(2, Clock.nowNs());
                    ps.setLong(3, id);
                    ps.executeUpdate();
                }
                AuditLog.append(c, actor, "cluster.assign", "episode", episode, Json.of(mapOf("mark", id, "cluster", before)),
                        Json.of(mapOf("mark", id, "cluster", clusterId)));
            }
            return null;
        });
    }

    public void rename(long clusterId, String name, String actor) {
        String n = checkName(name);
        catalog.write(c -> {
            String before = clusterName(c, clusterId);
            requireFree(c, n, clusterId);
            try (PreparedStatement ps = c.prepareStatement("UPDATE failure_clusters SET name = ? WHERE id = ?")) {
                ps.setString(1, n);
                ps.setLong(2, clusterId);
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "cluster.rename", "cluster", String.valueOf(clusterId), Json.of(Map.of("name", before)),
                    Json.of(Map.of("name", n)));
            return null;
        });
    }

    /** Moves every mark of {@code from} into {@code into} and removes {@code from}. */
    public void merge(long from, long into, String actor) {
        if (from == into) throw new CurioException("cluster.bad_merge", null, "into", "a cluster cannot be merged into itself");
        catalog.write(c -> {
            String fromName = clusterName(c, from);
            String intoName = clusterName(c, into);
            int moved;
            try (PreparedStatement ps = c.prepareStatement("UPDATE annotations SET cluster_id = ?, updated_at_ns = ? WHERE cluster_id = ?")) {
                ps.setLong(1, into);
                ps.setLong(2, Clock.nowNs());
                ps.setLong(3, from);
                moved = ps.executeUpdate();
            }
            Episodes.exec(c, "DELETE FROM failure_clusters WHERE id = ?", from);
            AuditLog.append(c, actor, "cluster.merge", "cluster", String.valueOf(into), Json.of(Map.of("merged", fromName)),
                    Json.of(Map.of("into", intoName, "marks_moved", moved)));
            return null;
        });
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) throw new CurioException("cluster.bad_name", null, "name", "a cluster needs a name");
        return name.strip();
    }

    private static void requireFree(Connection c, String name, Long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM failure_clusters WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (except == null || rs.getLong(1) != except)) {
                    throw new CurioException("cluster.exists", null, name, "a cluster named '" + name + "' already exists");
                }
            }
        }
    }

    private static String clusterName(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM failure_clusters WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new CurioException("cluster.not_found", null, "cluster", "no cluster " + id);
                return rs.getString(1);
            }
        }
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
