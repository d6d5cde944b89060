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
 * The catalog's record of what was exported: subsets (named, frozen episode lists), the bundles made from them and
 * their deliveries. Packaging decides what goes in; this is where it is kept.
 */
public final class ExportRecords {
    private static final String CANDIDATES_SQL = """
            SELECT e.episode_id, d.name, e.format, e.task, e.robot, e.operator, e.duration_ns, e.validation_state,
                   e.review_state, e.status,
                   EXISTS (SELECT 1 FROM validation_findings f WHERE f.episode_id = e.id AND f.severity = 'hard'),
                   EXISTS (SELECT 1 FROM recalls r WHERE r.episode_id = e.id)
                   OR EXISTS (SELECT 1 FROM recall_episodes r WHERE r.episode_id = e.id)
            FROM episodes e JOIN datasets d ON d.id = e.dataset_id ORDER BY d.name, e.episode_id""";

    /** A bundle as exported: its manifest's id and hashes, and which key signed it. */
    public record BundleRecord(String manifestId, long subsetId, String format, String path, String sha256, String merkleRoot,
                               String keyId, long sizeBytes, int episodeCount, long createdAtNs, long expiresAtNs) { }

    private final Catalog catalog;

    ExportRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Every episode with what the export rules look at, by dataset and id. */
    public List<CandidateEpisode> candidates() {
        return catalog.read(c -> {
            List<CandidateEpisode> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CANDIDATES_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CandidateEpisode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7) / 1e9, rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getBoolean(11), rs.getBoolean(12)));
                }
            }
            return out;
        });
    }

    public List<Subset> subsets() {
        return catalog.read(c -> {
            List<Subset> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, query, created_at_ns, spec_json FROM subsets ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(subset(c, rs));
            }
            return out;
        });
    }

    public Optional<Subset> subset(String name) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, query, created_at_ns, spec_json FROM subsets WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(subset(c, rs));
                }
            }
        });
    }

    /**
     * Stores a subset and its audit entry in one transaction.
     *
     * @throws CurioException {@code subset.exists} when the name is taken
     */
    public Subset addSubset(String name, String query, List<String> episodeIds, long createdAtNs, String auditJson) {
        return addSubset(name, query, episodeIds, createdAtNs, auditJson, null, java.util.Map.of());
    }

    /**
     * As above, with how the builder made it ({@code spec} JSON) and the split of each episode (absent: train).
     */
    public Subset addSubset(String name, String query, List<String> episodeIds, long createdAtNs, String auditJson, String spec,
                            java.util.Map<String, String> splits) {
        long id = catalog.write(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM subsets WHERE name = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) throw new CurioException("subset.exists", null, name, "a subset named '" + name + "' already exists");
                }
            }
            long row;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO subsets(name, query, created_at_ns, spec_json) VALUES (?,?,?,?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, query);
                ps.setLong(3, createdAtNs);
                ps.setString(4, spec);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    row = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO subset_episodes(subset_id, episode_id, split) SELECT ?, id, ? FROM episodes WHERE episode_id = ?")) {
                for (String ep : episodeIds) {
                    ps.setLong(1, row);
                    ps.setString(2, splits.get(ep));
                    ps.setString(3, ep);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            AuditLog.append(c, "curio", "subset.create", "subset", name, null, auditJson);
            return row;
        });
        return new Subset(id, name, query, createdAtNs, episodeIds, spec, splits);
    }

    /** Stores an exported bundle and its audit entry in one transaction. */
    public void addBundle(BundleRecord b, String auditJson) {
        catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO bundles(manifest_id, subset_id, format, path, sha256, merkle_root, key_id, size_bytes,
                                        episode_count, created_at_ns, expires_at_ns) VALUES (?,?,?,?,?,?,?,?,?,?,?)""")) {
                ps.setString(1, b.manifestId());
                ps.setLong(2, b.subsetId());
                ps.setString(3, b.format());
                ps.setString(4, b.path());
                ps.setString(5, b.sha256());
                ps.setString(6, b.merkleRoot());
                ps.setString(7, b.keyId());
                ps.setLong(8, b.sizeBytes());
                ps.setInt(9, b.episodeCount());
                ps.setLong(10, b.createdAtNs());
                ps.setLong(11, b.expiresAtNs());
                ps.executeUpdate();
            }
            AuditLog.append(c, "curio", "bundle.export", "bundle", b.manifestId(), null, auditJson);
            return null;
        });
    }

    /** Bundles recorded at {@code path} (exactly as recorded), by manifest id. */
    public List<String> bundlesAt(String path) {
        return catalog.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT manifest_id FROM bundles WHERE path = ? ORDER BY id")) {
                ps.setString(1, path);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** Every recorded bundle's folder, by manifest id. */
    public Map<String, String> bundlePaths() {
        return catalog.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT manifest_id, path FROM bundles ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
    }

    /** A bundle's recorded folder, after it was renamed there. */
    public void moveBundle(String manifestId, String path) {
        catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE bundles SET path = ? WHERE manifest_id = ?")) {
                ps.setString(1, path);
                ps.setString(2, manifestId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Forgets a bundle that never came to exist (its export was killed between recording it and renaming it into
     * place), unless something was delivered from it; the audit log keeps the record of the attempt.
     *
     * @return whether it was forgotten
     */
    public boolean forgetUnlandedBundle(String manifestId, String auditJson) {
        return catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM bundles WHERE manifest_id = ?
                      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.bundle_id = bundles.id)
                      AND NOT EXISTS (SELECT 1 FROM delivery_runs r WHERE r.bundle_id = bundles.id)""")) {
                ps.setString(1, manifestId);
                if (ps.executeUpdate() == 0) return false;
            }
            AuditLog.append(c, "curio", "bundle.forget", "bundle", manifestId, null, auditJson);
            return true;
        });
    }

    /** The catalog row of a bundle exported from this catalog, if it was. */
    public Optional<Long> bundleRow(String manifestId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bundles WHERE manifest_id = ?")) {
                ps.setString(1, manifestId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    private static Subset subset(Connection c, ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        java.util.Map<String, String> splits = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.episode_id, s.split FROM subset_episodes s JOIN episodes e ON e.id = s.episode_id
                WHERE s.subset_id = ? AND s.split IS NOT NULL AND s.split != 'train'""")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) splits.put(r.getString(1), r.getString(2));
            }
        }
        return new Subset(id, rs.getString(2), rs.getString(3), rs.getLong(4), episodes(c, id), rs.getString(5), splits);
    }

    private static List<String> episodes(Connection c, long subsetId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.episode_id FROM subset_episodes s JOIN episodes e ON e.id = s.episode_id
                WHERE s.subset_id = ? ORDER BY e.episode_id""")) {
            ps.setLong(1, subsetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }
}
