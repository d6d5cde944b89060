package store;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Near-duplicate signatures of episodes (written by validation) and the pairs found close: each pair is stored once
 * and both of its episodes carry a finding naming the other, so either can be dropped.
 */
public final class NearDuplicates {
    private final Catalog catalog;

    NearDuplicates(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param frameHashes 64-bit perceptual hashes of frames of {@code camera} sampled every {@code frameStepNs}
     * @param trajectory  {@code trajectoryChannels} values per sample, every {@code trajectoryStepNs}, channels interleaved
     */
    public record Signature(String episodeId, String version, long durationNs, String camera, long frameStepNs,
                            long[] frameHashes, String trajectoryStream, long trajectoryStepNs, int trajectoryChannels,
                            float[] trajectory) {
        public int trajectorySamples() {
            return trajectoryChannels == 0 || trajectory == null ? 0 : trajectory.length / trajectoryChannels;
        }
    }

    /** Two episodes closer than the threshold; {@code a} sorts before {@code b}. */
    public record Pair(String a, String b, double score, Double frameScore, Double trajectoryScore, long foundAtNs) {
        public String other(String episodeId) {
            return a.equals(episodeId) ? b : a;
        }
    }

    /** Every stored signature of {@code version}, streamed; with {@code trajectories} false their trajectories are left out. */
    public void forEach(String version, boolean trajectories, Consumer<Signature> each) {
        catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.episode_id, s.version, e.duration_ns, s.camera, s.frame_step_ns, s.frame_hashes, s.trajectory_stream,
                           s.trajectory_step_ns, s.trajectory_channels, """ + (trajectories ? "s.trajectory " : "NULL ") + """
                    FROM episode_signatures s JOIN episodes e ON e.id = s.episode_id WHERE s.version = ?""")) {
                ps.setString(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) each.accept(signature(rs));
                }
            }
            return null;
        });
    }

    public Optional<Signature> signature(String episodeId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.episode_id, s.version, e.duration_ns, s.camera, s.frame_step_ns, s.frame_hashes, s.trajectory_stream,
                           s.trajectory_step_ns, s.trajectory_channels, s.trajectory
                    FROM episode_signatures s JOIN episodes e ON e.id = s.episode_id WHERE e.episode_id = ?""")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(signature(rs)) : Optional.<Signature>empty();
                }
            }
        });
    }

    private static Signature signature(ResultSet rs) throws SQLException {
        byte[] hashes = rs.getBytes(6);
        long[] h = new long[hashes == null ? 0 : hashes.length / 8];
        if (hashes != null) ByteBuffer.wrap(hashes).asLongBuffer().get(h);
        byte[] traj = rs.getBytes(10);
        float[] t = null;
        if (traj != null) {
            t = new float[traj.length / 4];
            ByteBuffer.wrap(traj).asFloatBuffer().get(t);
        }
        return new Signature(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), h,
                rs.getString(7), rs.getLong(8), rs.getInt(9), t);
    }

    /**
     * Stores the episode's signature and replaces its pairs with {@code pairs}, in one transaction. Each partner
     * gets {@code partnerFinding} (its field names this episode) in place of any earlier one about this episode, and
     * a partner whose findings now include a soft or hard one takes that validation state.
     */
    public void record(Signature s, List<Pair> pairs, java.util.function.Function<Pair, Validations.FindingRow> partnerFinding) {
        catalog.write(c -> {
            long row = Validations.episodeRow(c, s.episodeId());
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR REPLACE INTO episode_signatures(episode_id, version, camera, frame_step_ns, frame_hashes,
                        trajectory_stream, trajectory_step_ns, trajectory_channels, trajectory, computed_at_ns)
                    VALUES (?,?,?,?,?,?,?,?,?,?)""")) {
                ps.setLong(1, row);
                ps.setString(2, s.version());
                ps.setString(3, s.camera());
                ps.setLong(4, s.frameStepNs());
                ByteBuffer hb = ByteBuffer.allocate(s.frameHashes().length * 8);
                hb.asLongBuffer().put(s.frameHashes());
                ps.setBytes(5, s.frameHashes().length == 0 ? null : hb.array());
                ps.setString(6, s.trajectoryStream());
                ps.setLong(7, s.trajectoryStepNs());
                ps.setInt(8, s.trajectoryChannels());
                if (s.trajectory() == null) {
                    ps.setNull(9, java.sql.Types.BLOB);
                } else {
                    ByteBuffer tb = ByteBuffer.allocate(s.trajectory().length * 4);
                    tb.asFloatBuffer().put(s.trajectory());
                    ps.setBytes(9, tb.array());
                }
                ps.setLong(10, Clock.nowNs());
                ps.executeUpdate();
            }
            List<Long> touched = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a, b FROM near_duplicates WHERE a = ? OR b = ?")) {
                ps.setLong(1, row);
                ps.setLong(2, row);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) touched.add(rs.getLong(1) == row ? rs.getLong(2) : rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM validation_findings WHERE episode_id = ? AND code = 'quality.near_duplicate' AND field = ?")) {
                for (long other : touched) {
                    ps.setLong(1, other);
                    ps.setString(2, s.episodeId());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM near_duplicates WHERE a = ? OR b = ?")) {
                ps.setLong(1, row);
                ps.setLong(2, row);
                ps.executeUpdate();
            }
            for (Pair p : pairs) {
                long other = Validations.episodeRow(c, p.other(s.episodeId()));
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT OR REPLACE INTO near_duplicates(a, b, score, frame_score, trajectory_score, found_at_ns)
                        VALUES (?,?,?,?,?,?)""")) {
                    ps.setLong(1, Math.min(row, other));
                    ps.setLong(2, Math.max(row, other));
                    ps.setDouble(3, p.score());
                    setNullable(ps, 4, p.frameScore());
                    setNullable(ps, 5, p.trajectoryScore());
                    ps.setLong(6, p.foundAtNs());
                    ps.executeUpdate();
                }
                Validations.FindingRow f = partnerFinding.apply(p);
                Validations.insertFindings(c, other, List.of(f));
                touched.add(other);
            }
            for (long other : touched) Validations.restate(c, other);
            return null;
        });
    }

    private static void setNullable(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, java.sql.Types.REAL); else ps.setDouble(i, v);
    }

    /** Every pair, closest first. */
    public List<Pair> pairs() {
        return catalog.read(c -> pairs(c, null));
    }

    /** The pairs an episode is in, closest first. */
    public List<Pair> pairsOf(String episodeId) {
        return catalog.read(c -> pairs(c, Validations.episodeRow(c, episodeId)));
    }

    private static List<Pair> pairs(Connection c, Long row) throws SQLException {
        List<Pair> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ea.episode_id, eb.episode_id, n.score, n.frame_score, n.trajectory_score, n.found_at_ns
                FROM near_duplicates n JOIN episodes ea ON ea.id = n.a JOIN episodes eb ON eb.id = n.b
                """ + (row == null ? "" : "WHERE n.a = ? OR n.b = ? ") + "ORDER BY n.score DESC, min(ea.episode_id, eb.episode_id), max(ea.episode_id, eb.episode_id)")) {
            if (row != null) {
                ps.setLong(1, row);
                ps.setLong(2, row);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double f = rs.getDouble(4);
                    Double frame = rs.wasNull() ? null : f;
                    double t = rs.getDouble(5);
                    Double traj = rs.wasNull() ? null : t;
                    String a = rs.getString(1);
                    String b = rs.getString(2);
                    // Rows are keyed by catalog row order; callers see the pair in episode-id order, as it was found.
                    if (a.compareTo(b) > 0) {
                        String swap = a;
                        a = b;
                        b = swap;
                    }
                    out.add(new Pair(a, b, rs.getDouble(3), frame, traj, rs.getLong(6)));
                }
            }
        }
        return out;
    }
}
