package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recalls: which episodes, why, who, and the notice written for receivers. An episode a recall names stays in the
 * catalog with its history, but never enters a subset again ({@link ExportRecords#candidates}).
 */
public final class RecallRecords {
    /** A recall as recorded; {@code noticeJson} is the signed {@code recall.json}, null until it is written. */
    public record Recall(String recallId, String reason, String actor, long createdAtNs, String noticePath, String noticeJson,
                         List<String> episodeIds) { }

    /** A bundle exported from this catalog and the recalled episodes its subset holds. */
    public record BundleHolding(String manifestId, String path, List<String> episodeIds) { }

    private final Catalog catalog;

    RecallRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Every bundle whose subset holds one of the episodes: the catalog's lineage of subset to bundle. */
    public List<BundleHolding> bundlesHolding(List<String> episodeIds) {
        return catalog.read(c -> {
            Map<String, BundleHolding> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT b.manifest_id, b.path FROM bundles b
                    JOIN subset_episodes se ON se.subset_id = b.subset_id JOIN episodes e ON e.id = se.episode_id
                    WHERE e.episode_id = ? ORDER BY b.created_at_ns, b.id""")) {
                for (String id : episodeIds) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            BundleHolding b = out.computeIfAbsent(rs.getString(1),
                                    k -> new BundleHolding(k, uncheckedString(rs, 2), new ArrayList<>()));
                            if (!b.episodeIds().contains(id)) b.episodeIds().add(id);
                        }
                    }
                }
            }
            return List.copyOf(out.values());
        });
    }

    /**
     * Records a recall of the episodes and its audit entry in one transaction.
     *
     * @throws CurioException {@code recall.no_episode} when an id is not in the catalog (nothing is recorded then)
     */
    public void add(String recallId, List<String> episodeIds, String reason, String actor, long createdAtNs, String auditJson) {
        catalog.write(c -> {
            long row;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO recalls(recall_id, reason, actor, created_at_ns) VALUES (?,?,?,?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, recallId);
                ps.setString(2, reason);
                ps.setString(3, actor);
                ps.setLong(4, createdAtNs);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    row = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO recall_episodes(recall_id, episode_id) SELECT ?, id FROM episodes WHERE episode_id = ?")) {
                for (String id : episodeIds) {
                    ps.setLong(1, row);
                    ps.setString(2, id);
                    if (ps.executeUpdate() == 0 && !alreadyListed(c, row, id)) {
                        throw new CurioException("recall.no_episode", null, id, "no episode " + id + " in the catalog");
                    }
                }
            }
            AuditLog.append(c, actor, "recall.create", "recall", recallId, null, auditJson);
            return null;
        });
    }

    /** Stores where the notice was written and its {@code recall.json}. */
    public void notice(String recallId, String noticePath, String noticeJson) {
        catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE recalls SET notice_path = ?, notice_json = ? WHERE recall_id = ?")) {
                ps.setString(1, noticePath);
                ps.setString(2, noticeJson);
                ps.setString(3, recallId);
                if (ps.executeUpdate() == 0) throw notFound(recallId);
            }
            return null;
        });
    }

    /** Every recall, newest first. */
    public List<Recall> list() {
        return catalog.read(c -> {
            List<Recall> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, recall_id, reason, actor, created_at_ns, notice_path, notice_json FROM recalls
                    ORDER BY created_at_ns DESC, id DESC""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(recall(c, rs));
            }
            return out;
        });
    }

    public Optional<Recall> find(String recallId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, recall_id, reason, actor, created_at_ns, notice_path, notice_json FROM recalls WHERE recall_id = ?")) {
                ps.setString(1, recallId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(recall(c, rs)) : Optional.<Recall>empty();
                }
            }
        });
    }

    private static Recall recall(Connection c, ResultSet rs) throws SQLException {
        List<String> episodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.episode_id FROM recall_episodes r JOIN episodes e ON e.id = r.episode_id
                WHERE r.recall_id = ? ORDER BY e.episode_id""")) {
            ps.setLong(1, rs.getLong(1));
            try (ResultSet e = ps.executeQuery()) {
                while (e.next()) episodes.add(e.getString(1));
            }
        }
        return new Recall(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), episodes);
    }

    private static boolean alreadyListed(Connection c, long row, String episodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT 1 FROM recall_episodes r JOIN episodes e ON e.id = r.episode_id WHERE r.recall_id = ? AND e.episode_id = ?""")) {
            ps.setLong(1, row);
            ps.setString(2, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String uncheckedString(ResultSet rs, int column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CurioException notFound(String recallId) {
        return new CurioException("recall.not_found", null, recallId, "no recall " + recallId + " in the catalog");
    }
}
