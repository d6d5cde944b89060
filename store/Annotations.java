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
 * Everything an annotator decides about an episode: ranges (trims, subtasks, failure marks), redaction
 * tracks with keyframes, failure clusters and review decisions. Every edit is its own transaction with an
 * audit entry (who, when, what, before/after), so killing the app loses at most the edit in flight.
 */
public final class Annotations {
    public static final String TRIM = "trim";
    public static final String SUBTASK = "subtask";
    public static final String FAILURE = "failure";

    private final Catalog catalog;

    Annotations(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A trim, subtask or failure; a failure point has start == end. */
    public record Range(long id, String kind, long startNs, long endNs, String label, String note, Long parentId,
                        String failureMode, Long clusterId) {
        public Range withTimes(long start, long end) {
            return new Range(id, kind, start, end, label, note, parentId, failureMode, clusterId);
        }

        public Range withId(long newId) {
            return new Range(newId, kind, startNs, endNs, label, note, parentId, failureMode, clusterId);
        }
    }

    public record Keyframe(long tNs, double x, double y, double w, double h) { }

    public record RedactionTrack(long id, String stream, String method, int paddingPx, List<Keyframe> keyframes) {
        /**
         * The box at episode time t, or empty when the track does not cover t. Between two keyframes each edge
         * moves linearly; a track covers [first keyframe, last keyframe] (a face enters and leaves), and a
         * track with a single keyframe is a static box for the whole stream (a fixed whiteboard).
         */
        public Optional<Keyframe> boxAt(long tNs) {
            if (keyframes.isEmpty()) return Optional.empty();
            if (keyframes.size() == 1) return Optional.of(keyframes.get(0));
            Keyframe first = keyframes.get(0);
            Keyframe last = keyframes.get(keyframes.size() - 1);
            if (tNs < first.tNs() || tNs > last.tNs()) return Optional.empty();
            for (int i = 1; i < keyframes.size(); i++) {
                Keyframe b = keyframes.get(i);
                if (tNs > b.tNs()) continue;
                Keyframe a = keyframes.get(i - 1);
                if (b.tNs() == a.tNs()) return Optional.of(b);
                double u = (double) (tNs - a.tNs()) / (b.tNs() - a.tNs());
                return Optional.of(new Keyframe(tNs, a.x() + u * (b.x() - a.x()), a.y() + u * (b.y() - a.y()),
                        a.w() + u * (b.w() - a.w()), a.h() + u * (b.h() - a.h())));
            }
            return Optional.of(last);
        }
    }

    public record Cluster(long id, String name, String description) { }

    public record Review(String decision, String note, String reviewer, long decidedAtNs) { }

    /** The whole annotation state of one episode, as the timeline restores it and the exporters read it. */
    public record Snapshot(String episodeId, List<Range> ranges, List<RedactionTrack> redactions, Optional<Review> review) {
        public List<Range> ofKind(String kind) {
            return ranges.stream().filter(r -> r.kind().equals(kind)).toList();
        }
    }

    public Snapshot load(String episodeId) {
        return catalog.read(c -> load(c, episodeId));
    }

    static Snapshot load(Connection c, String episodeId) throws SQLException {
        long ep = Validations.episodeRow(c, episodeId);
        List<Range> ranges = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, kind, start_ns, end_ns, label, note, parent_id, failure_mode, cluster_id FROM annotations
                WHERE episode_id = ? ORDER BY kind, start_ns, end_ns, id""")) {
            ps.setLong(1, ep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranges.add(new Range(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), Episodes.nullableLong(rs, 7), rs.getString(8), Episodes.nullableLong(rs, 9)));
                }
            }
        }
        Map<Long, RedactionTrack> tracks = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.id, s.name, t.method, t.padding_px FROM redaction_tracks t JOIN streams s ON s.id = t.stream_id
                WHERE t.episode_id = ? ORDER BY s.name, t.id""")) {
            ps.setLong(1, ep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tracks.put(rs.getLong(1), new RedactionTrack(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getInt(4), new ArrayList<>()));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.track_id, k.t_ns, k.x, k.y, k.w, k.h FROM redaction_keyframes k
                JOIN redaction_tracks t ON t.id = k.track_id WHERE t.episode_id = ? ORDER BY k.track_id, k.t_ns""")) {
            ps.setLong(1, ep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tracks.get(rs.getLong(1)).keyframes().add(new Keyframe(rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getDouble(6)));
                }
            }
        }
        List<RedactionTrack> redactions = new ArrayList<>();
        for (RedactionTrack t : tracks.values()) {
            redactions.add(new RedactionTrack(t.id(), t.stream(), t.method(), t.paddingPx(), List.copyOf(t.keyframes())));
        }
        return new Snapshot(episodeId, List.copyOf(ranges), List.copyOf(redactions), lastReview(c, ep));
    }

    // ---- ranges ----

    public long addRange(String episodeId, Range r, String actor) {
        return catalog.write(c -> {
            long id = insertRange(c, Validations.episodeRow(c, episodeId), r);
            AuditLog.append(c, actor, "annotation.add", "episode", episodeId, null, Json.of(r.withId(id)));
            return id;
        });
    }

    /**
     * Ranges and review decisions of many episodes in one transaction, one audit entry per episode (a generated or
     * imported catalog).
     */
    public void addAll(Map<String, List<Range>> ranges, Map<String, String> decisions, String actor) {
        catalog.write(c -> {
            for (Map.Entry<String, List<Range>> e : ranges.entrySet()) {
                long ep = Validations.episodeRow(c, e.getKey());
                for (Range r : e.getValue()) insertRange(c, ep, r);
                AuditLog.append(c, actor, "annotations.add_all", "episode", e.getKey(), null, Json.of(e.getValue()));
            }
            for (Map.Entry<String, String> d : decisions.entrySet()) {
                insertReview(c, Validations.episodeRow(c, d.getKey()), new Review(d.getValue(), null, actor, Clock.nowNs()));
            }
            return null;
        });
    }

    public void updateRange(String episodeId, Range r, String actor) {
        catalog.write(c -> {
            Range before = range(c, r.id());
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE annotations SET start_ns=?, end_ns=?, label=?, note=?, parent_id=?, failure_mode=?, cluster_id=?,
                        updated_at_ns=? WHERE id=?""")) {
                bindRange(ps, r, 1);
                ps.setLong(8, Clock.nowNs());
                ps.setLong(9, r.id());
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "annotation.update", "episode", episodeId, Json.of(before), Json.of(r));
            return null;
        });
    }

    public void deleteRange(String episodeId, long id, String actor) {
        catalog.write(c -> {
            Range before = range(c, id);
            Episodes.exec(c, "DELETE FROM annotations WHERE id = ?", id);
            AuditLog.append(c, actor, "annotation.delete", "episode", episodeId, Json.of(before), null);
            return null;
        });
    }

    // ---- redactions ----

    public long addTrack(String episodeId, String stream, String method, int paddingPx, String actor) {
        return catalog.write(c -> {
            long ep = Validations.episodeRow(c, episodeId);
            long id = insertTrack(c, ep, stream, method, paddingPx);
            AuditLog.append(c, actor, "redaction.add_track", "episode", episodeId, null,
                    Json.of(Map.of("track", id, "stream", stream, "method", method, "padding_px", paddingPx)));
            return id;
        });
    }

    public void updateTrack(String episodeId, long trackId, String method, int paddingPx, String actor) {
        catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE redaction_tracks SET method=?, padding_px=? WHERE id=?")) {
                ps.setString(1, method);
                ps.setInt(2, paddingPx);
                ps.setLong(3, trackId);
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "redaction.update_track", "episode", episodeId, null,
                    Json.of(Map.of("track", trackId, "method", method, "padding_px", paddingPx)));
            return null;
        });
    }

    public void deleteTrack(String episodeId, long trackId, String actor) {
        catalog.write(c -> {
            Episodes.exec(c, "DELETE FROM redaction_tracks WHERE id = ?", trackId);
            AuditLog.append(c, actor, "redaction.delete_track", "episode", episodeId, Json.of(Map.of("track", trackId)), null);
            return null;
        });
    }

    /** Adds or moves the keyframe at {@code k.tNs()} (one keyframe per track and time). */
    public void putKeyframe(String episodeId, long trackId, Keyframe k, String actor) {
        catalog.write(c -> {
            insertKeyframe(c, trackId, k);
            AuditLog.append(c, actor, "redaction.keyframe", "episode", episodeId, null, Json.of(Map.of("track", trackId, "keyframe", k)));
            return null;
        });
    }

    public void deleteKeyframe(String episodeId, long trackId, long tNs, String actor) {
        catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM redaction_keyframes WHERE track_id=? AND t_ns=?")) {
                ps.setLong(1, trackId);
                ps.setLong(2, tNs);
                ps.executeUpdate();
            }
            AuditLog.append(c, actor, "redaction.delete_keyframe", "episode", episodeId,
                    Json.of(Map.of("track", trackId, "t_ns", tNs)), null);
            return null;
        });
    }

    // ---- failure clusters ----

    public Cluster cluster(String name, String description) {
        return catalog.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO failure_clusters(name, description, created_at_ns) VALUES (?,?,?)
                    ON CONFLICT(name) DO UPDATE SET description = coalesce(excluded.description, failure_clusters.description)
                    RETURNING id, name, description""")) {
                ps.setString(1, name);
                ps.setString(2, description);
                ps.setLong(3, Clock.nowNs());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Cluster(rs.getLong(1), rs.getString(2), rs.getString(3));
                }
            }
        });
    }

    public List<Cluster> clusters() {
        return catalog.read(c -> {
            List<Cluster> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, description FROM failure_clusters ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Cluster(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
            return out;
        });
    }

    // ---- review ----

    /** Records a decision (history kept in review_decisions) and makes it the episode's review state. */
    public void decide(String episodeId, String decision, String note, String reviewer) {
        if (!List.of("accept", "reject", "needs-review").contains(decision)) {
            throw new CurioException("review.bad_decision", null, "decision", "decision must be accept, reject or needs-review");
        }
        catalog.write(c -> {
            long ep = Validations.episodeRow(c, episodeId);
            String before;
            try (PreparedStatement ps = c.prepareStatement("SELECT review_state FROM episodes WHERE id = ?")) {
                ps.setLong(1, ep);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    before = rs.getString(1);
                }
            }
            insertReview(c, ep, new Review(decision, note, reviewer, Clock.nowNs()));
            AuditLog.append(c, reviewer, "review", "episode", episodeId, Json.of(Map.of("review", before)),
                    Json.of(note == null ? Map.of("review", decision) : Map.of("review", decision, "note", note)));
            return null;
        });
    }

    public List<Review> reviewHistory(String episodeId) {
        return catalog.read(c -> {
            List<Review> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT decision, note, reviewer, decided_at_ns FROM review_decisions WHERE episode_id = ?
                    ORDER BY decided_at_ns, id""")) {
                ps.setLong(1, Validations.episodeRow(c, episodeId));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Review(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        });
    }

    /**
     * Replaces the episode's whole annotation state in one transaction (annotation import): either all of it
     * lands or none of it does. Range ids and parent links are remapped; parents must come before children.
     */
    public void replace(String episodeId, Snapshot s, String actor) {
        catalog.write(c -> {
            long ep = Validations.episodeRow(c, episodeId);
            Snapshot before = load(c, episodeId);
            Episodes.exec(c, "DELETE FROM annotations WHERE episode_id = ?", ep);
            Episodes.exec(c, "DELETE FROM redaction_tracks WHERE episode_id = ?", ep);
            Map<Long, Long> ids = new LinkedHashMap<>();
            for (Range r : s.ranges()) {
                Long parent = r.parentId() == null ? null : ids.get(r.parentId());
                if (r.parentId() != null && parent == null) {
                    throw new CurioException("annotations.bad_parent", null, "parent_id",
                            "range " + r.id() + " names parent " + r.parentId() + " that is not before it");
                }
                long id = insertRange(c, ep, new Range(r.id(), r.kind(), r.startNs(), r.endNs(), r.label(), r.note(),
                        parent, r.failureMode(), r.clusterId()));
                ids.put(r.id(), id);
            }
            for (RedactionTrack t : s.redactions()) {
                long id = insertTrack(c, ep, t.stream(), t.method(), t.paddingPx());
                for (Keyframe k : t.keyframes()) insertKeyframe(c, id, k);
            }
            if (s.review().isPresent()) insertReview(c, ep, s.review().get());
            AuditLog.append(c, actor, "annotations.replace", "episode", episodeId, Json.of(before), Json.of(s));
            return null;
        });
    }

    static long insertRange(Connection c, long ep, Range r) throws SQLException {
        if (!List.of(TRIM, SUBTASK, FAILURE).contains(r.kind())) {
            throw new CurioException("annotations.bad_kind", null, "kind", "kind must be trim, subtask or failure");
        }
        if (r.endNs() < r.startNs()) {
            throw new CurioException("annotations.bad_range", null, "end_ns", "a range cannot end before it starts");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO annotations(start_ns, end_ns, label, note, parent_id, failure_mode, cluster_id, episode_id, kind,
                    created_at_ns, updated_at_ns) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id""")) {
            bindRange(ps, r, 1);
            ps.setLong(8, ep);
            ps.setString(9, r.kind());
            long now = Clock.nowNs();
            ps.setLong(10, now);
            ps.setLong(11, now);
            return Episodes.single(ps);
        }
    }

    static void bindRange(PreparedStatement ps, Range r, int from) throws SQLException {
        ps.setLong(from, r.startNs());
        ps.setLong(from + 1, r.endNs());
        ps.setString(from + 2, r.label());
        ps.setString(from + 3, r.note());
        Episodes.setNullableLong(ps, from + 4, r.parentId());
        ps.setString(from + 5, r.failureMode());
        Episodes.setNullableLong(ps, from + 6, r.clusterId());
    }

    private static Range range(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, kind, start_ns, end_ns, label, note, parent_id, failure_mode, cluster_id FROM annotations WHERE id = ?""")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new CurioException("annotations.not_found", null, "id", "no annotation " + id);
                return new Range(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), Episodes.nullableLong(rs, 7), rs.getString(8), Episodes.nullableLong(rs, 9));
            }
        }
    }

    static long insertTrack(Connection c, long ep, String stream, String method, int padding) throws SQLException {
        long streamId;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM streams WHERE episode_id = ? AND name = ?")) {
            ps.setLong(1, ep);
            ps.setString(2, stream);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new CurioException("annotations.no_stream", null, "stream", "no stream " + stream);
                streamId = rs.getLong(1);
            }
        }
        if (!List.of("gaussian", "pixelate", "solid").contains(method)) {
            throw new CurioException("annotations.bad_method", null, "method", "method must be gaussian, pixelate or solid");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO redaction_tracks(episode_id, stream_id, method, padding_px, created_at_ns) VALUES (?,?,?,?,?)
                RETURNING id""")) {
            ps.setLong(1, ep);
            ps.setLong(2, streamId);
            ps.setString(3, method);
            ps.setInt(4, padding);
            ps.setLong(5, Clock.nowNs());
            return Episodes.single(ps);
        }
    }

    static void insertKeyframe(Connection c, long trackId, Keyframe k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO redaction_keyframes(track_id, t_ns, x, y, w, h) VALUES (?,?,?,?,?,?)
                ON CONFLICT(track_id, t_ns) DO UPDATE SET x=excluded.x, y=excluded.y, w=excluded.w, h=excluded.h""")) {
            ps.setLong(1, trackId);
            ps.setLong(2, k.tNs());
            ps.setDouble(3, k.x());
            ps.setDouble(4, k.y());
            ps.setDouble(5, k.w());
            ps.setDouble(6, k.h());
            ps.executeUpdate();
        }
    }

    private static void insertReview(Connection c, long ep, Review r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO review_decisions(episode_id, decision, note, reviewer, decided_at_ns) VALUES (?,?,?,?,?)""")) {
            ps.setLong(1, ep);
            ps.setString(2, r.decision());
            ps.setString(3, r.note());
            ps.setString(4, r.reviewer());
            ps.setLong(5, r.decidedAtNs());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE episodes SET review_state = ? WHERE id = ?")) {
            ps.setString(1, r.decision());
            ps.setLong(2, ep);
            ps.executeUpdate();
        }
    }

    private static Optional<Review> lastReview(Connection c, long ep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT decision, note, reviewer, decided_at_ns FROM review_decisions WHERE episode_id = ?
                ORDER BY decided_at_ns DESC, id DESC LIMIT 1""")) {
            ps.setLong(1, ep);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Review(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                        : Optional.empty();
            }
        }
    }
}
