package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries of bundles: one run per delivery (where to, who, when, its status) and the objects it sent, each with
 * its key or relative path, size, SHA-256, ETag and the provider's request id. A run is recorded as
 * {@code in_progress} before the first byte goes out, so an interrupted delivery is found again and resumed under
 * the same id.
 */
public final class DeliveryRecords {
    private static final String RUN_SQL = """
            SELECT r.delivery_id, b.manifest_id, b.path, r.kind, r.destination, r.endpoint, r.region, r.profile, r.status,
                   r.actor, r.started_at_ns, r.finished_at_ns, r.record_path, r.expires_at_ns, r.links_path
            FROM delivery_runs r JOIN bundles b ON b.id = r.bundle_id
            """;

    /** One delivery of a bundle. {@code finishedAtNs}, {@code expiresAtNs} and the paths are null until set. */
    public record Run(String deliveryId, String manifestId, String bundlePath, String kind, String destination, String endpoint,
                      String region, String profile, String status, String actor, long startedAtNs, Long finishedAtNs,
                      String recordPath, Long expiresAtNs, String linksPath) { }

    /** One object of a delivery: {@code key} is the object key or the path relative to the destination folder. */
    public record DeliveredObject(String key, String destination, long sizeBytes, String sha256, String etag, String requestId,
                                  String status, long deliveredAtNs) { }

    private final Catalog catalog;

    DeliveryRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Records a delivery as under way.
     *
     * @throws CurioException {@code deliver.unknown_bundle} when the bundle was not exported from this catalog
     */
    public void begin(Run run) {
        catalog.write(c -> {
            long bundleRow = bundleRow(c, run.manifestId());
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO delivery_runs(delivery_id, bundle_id, kind, destination, endpoint, region, profile, status, actor,
                                              started_at_ns) VALUES (?,?,?,?,?,?,?,?,?,?)""")) {
                ps.setString(1, run.deliveryId());
                ps.setLong(2, bundleRow);
                ps.setString(3, run.kind());
                ps.setString(4, run.destination());
                ps.setString(5, run.endpoint());
                ps.setString(6, run.region());
                ps.setString(7, run.profile());
                ps.setString(8, "in_progress");
                ps.setString(9, run.actor());
                ps.setLong(10, run.startedAtNs());
                ps.executeUpdate();
            }
            AuditLog.append(c, run.actor(), "delivery.begin", "delivery", run.deliveryId(), null,
                    "{\"destination\":" + Json.of(run.destination()) + "}");
            return null;
        });
    }

    /** Stores the objects and the final status of a delivery in one transaction (objects of an earlier try are replaced). */
    public void finish(String deliveryId, String status, long finishedAtNs, String recordPath, List<DeliveredObject> objects,
                       String actor, String auditJson) {
        catalog.write(c -> {
            long run = runRow(c, deliveryId);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM deliveries WHERE run_id = ?")) {
                del.setLong(1, run);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO deliveries(bundle_id, run_id, object_path, destination, status, sha256, provider_request_id,
                                           delivered_at_ns, size_bytes, etag)
                    SELECT bundle_id, id, ?, ?, ?, ?, ?, ?, ?, ? FROM delivery_runs WHERE id = ?""")) {
                for (DeliveredObject o : objects) {
                    ps.setString(1, o.key());
                    ps.setString(2, o.destination());
                    ps.setString(3, o.status());
                    ps.setString(4, o.sha256());
                    ps.setString(5, o.requestId());
                    ps.setLong(6, o.deliveredAtNs());
                    ps.setLong(7, o.sizeBytes());
                    ps.setString(8, o.etag());
                    ps.setLong(9, run);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE delivery_runs SET status = ?, finished_at_ns = ?, record_path = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setLong(2, finishedAtNs);
                ps.setString(3, recordPath);
                ps.setLong(4, run);
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "delivery.finish", "delivery", deliveryId, null, auditJson);
            return null;
        });
    }

    /** Records presigned links handed out for a delivery and when they stop working. */
    public void shared(String deliveryId, long expiresAtNs, String linksPath, String actor) {
        catalog.write(c -> {
            long run = runRow(c, deliveryId);
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_runs SET expires_at_ns = ?, links_path = ? WHERE id = ?")) {
                ps.setLong(1, expiresAtNs);
                ps.setString(2, linksPath);
                ps.setLong(3, run);
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "delivery.share", "delivery", deliveryId, null,
                    "{\"expires_at_ns\":" + expiresAtNs + ",\"links\":" + Json.of(linksPath) + "}");
            return null;
        });
    }

    /** Sets one object's status (e.g. {@code purged}) and, when every object of the run has it, the run's. */
    public void objectStatus(String deliveryId, String key, String status, String actor) {
        catalog.write(c -> {
            long run = runRow(c, deliveryId);
            try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET status = ? WHERE run_id = ? AND object_path = ?")) {
                ps.setString(1, status);
                ps.setLong(2, run);
                ps.setString(3, key);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE delivery_runs SET status = ? WHERE id = ?
                    AND NOT EXISTS (SELECT 1 FROM deliveries WHERE run_id = ? AND status != ?)""")) {
                ps.setString(1, status);
                ps.setLong(2, run);
                ps.setLong(3, run);
                ps.setString(4, status);
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "delivery.object_" + status, "delivery", deliveryId, null, "{\"key\":" + Json.of(key) + "}");
            return null;
        });
    }

    public Optional<Run> find(String deliveryId) {
        return catalog.read(c -> first(c, RUN_SQL + " WHERE r.delivery_id = ?", deliveryId));
    }

    /** The unfinished delivery of this bundle to this destination, which a new delivery there resumes. */
    public Optional<Run> unfinished(String manifestId, String destination) {
        return catalog.read(c -> first(c, RUN_SQL + " WHERE b.manifest_id = ? AND r.destination = ? AND r.status = 'in_progress'"
                + " ORDER BY r.started_at_ns DESC LIMIT 1", manifestId, destination));
    }

    /** Every delivery, newest first; of one bundle when {@code manifestId} is not null. */
    public List<Run> list(String manifestId) {
        return catalog.read(c -> {
            String sql = RUN_SQL + (manifestId == null ? "" : " WHERE b.manifest_id = ?") + " ORDER BY r.started_at_ns DESC, r.id DESC";
            List<Run> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (manifestId != null) ps.setString(1, manifestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(run(rs));
                }
            }
            return out;
        });
    }

    public List<DeliveredObject> objects(String deliveryId) {
        return catalog.read(c -> {
            List<DeliveredObject> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT o.object_path, o.destination, o.size_bytes, o.sha256, o.etag, o.provider_request_id, o.status, o.delivered_at_ns
                    FROM deliveries o JOIN delivery_runs r ON r.id = o.run_id WHERE r.delivery_id = ? ORDER BY o.id""")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeliveredObject(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getLong(8)));
                    }
                }
            }
            return out;
        });
    }

    static long bundleRow(Connection c, String manifestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bundles WHERE manifest_id = ?")) {
            ps.setString(1, manifestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CurioException("deliver.unknown_bundle", null, manifestId,
                            "bundle " + manifestId + " was not exported from this catalog");
                }
                return rs.getLong(1);
            }
        }
    }

    private static long runRow(Connection c, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM delivery_runs WHERE delivery_id = ?")) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new CurioException("delivery.not_found", null, deliveryId, "no delivery " + deliveryId + " in the catalog");
                return rs.getLong(1);
            }
        }
    }

    private static Optional<Run> first(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        }
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), longOrNull(rs, 12),
                rs.getString(13), longOrNull(rs, 14), rs.getString(15));
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
