package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The last validation of each episode: state, findings, QC windows; and the review queue it feeds. */
public final class Validations {
    private final Catalog catalog;

    Validations(Catalog catalog) {
        this.catalog = catalog;
    }

    public record FindingRow(String dimension, String code, String severity, String stream, Long tStartNs,
                             Long tEndNs, String file, String field, String message) { }

    public record QcWindow(String stream, long tStartNs, long tEndNs, Double sharpness, Double clippedHigh,
                           Double clippedLow, Double meanLuma, boolean black, boolean frozen) { }

    /**
     * The episode's figures the filters, the dashboard and the dataset gates read (docs/subsets.md); null where a figure
     * does not apply (no camera to score).
     *
     * @param quality   0..1: the validation outcome times the share of QC windows without a problem
     * @param sharpness the mean Laplacian variance over the cameras' QC windows
     * @param exposure  the largest share of clipped highlights or crushed shadows in any QC window
     * @param dropped   the largest share of frames a camera is missing against its rate
     */
    public record Scores(Double quality, Double sharpness, Double exposure, Double dropped) {
        public static final Scores NONE = new Scores(null, null, null, null);
    }

    /** @param state passed (no hard or soft findings), soft, or hard */
    public record Run(String episodeId, String profile, String fingerprint, boolean passed, String state,
                      List<FindingRow> findings, List<QcWindow> qc, String qcJson, Scores scores) {
        public Run(String episodeId, String profile, String fingerprint, boolean passed, String state,
                   List<FindingRow> findings, List<QcWindow> qc, String qcJson) {
            this(episodeId, profile, fingerprint, passed, state, findings, qc, qcJson, Scores.NONE);
        }
    }

    public Optional<String> fingerprint(String episodeId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT v.fingerprint FROM validation_runs v JOIN episodes e ON e.id = v.episode_id
                    WHERE e.episode_id = ?""")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Replaces the episode's last run in one transaction, sets its validation state, and puts an episode with
     * soft findings that nobody has reviewed yet into the review queue (review state needs-review).
     */
    public void save(Run run, String actor) {
        catalog.write(c -> {
            save(c, run, actor);
            return null;
        });
    }

    /** Many runs in one transaction (a generated catalog). */
    public void saveAll(List<Run> runs, String actor) {
        catalog.write(c -> {
            for (Run r : runs) save(c, r, actor);
            return null;
        });
    }

    private static void save(Connection c, Run run, String actor) throws SQLException {
        {
            long row = episodeRow(c, run.episodeId());
            Episodes.exec(c, "DELETE FROM validation_findings WHERE episode_id = ?", row);
            Episodes.exec(c, "DELETE FROM qc_windows WHERE episode_id = ?", row);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR REPLACE INTO validation_runs(episode_id, profile, fingerprint, passed, state, qc_json, ran_at_ns)
                    VALUES (?,?,?,?,?,?,?)""")) {
                ps.setLong(1, row);
                ps.setString(2, run.profile());
                ps.setString(3, run.fingerprint());
                ps.setInt(4, run.passed() ? 1 : 0);
                ps.setString(5, run.state());
                ps.setString(6, run.qcJson());
                ps.setLong(7, Clock.nowNs());
                ps.executeUpdate();
            }
            insertFindings(c, row, run.findings());
            insertQc(c, row, run.qc());
            String before = stateOf(c, row);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE episodes SET validation_state = ?, quality_score = ?, qc_sharpness = ?, qc_exposure = ?,
                        qc_dropped = ? WHERE id = ?""")) {
                ps.setString(1, run.state());
                setDbl(ps, 2, run.scores().quality());
                setDbl(ps, 3, run.scores().sharpness());
                setDbl(ps, 4, run.scores().exposure());
                setDbl(ps, 5, run.scores().dropped());
                ps.setLong(6, row);
                ps.executeUpdate();
            }
            if (run.state().equals("soft")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE episodes SET review_state = 'needs-review' WHERE id = ? AND review_state = 'unreviewed'")) {
                    ps.setLong(1, row);
                    if (ps.executeUpdate() == 1) {
                        AuditLog.append(c, actor, "review.queue", "episode", run.episodeId(),
                                "{\"review\":\"unreviewed\"}", "{\"review\":\"needs-review\",\"reason\":\"soft validation findings\"}");
                    }
                }
            }
            AuditLog.append(c, actor, "validate", "episode", run.episodeId(),
                    "{\"validation\":\"" + before + "\"}", "{\"validation\":\"" + run.state() + "\",\"profile\":\"" + run.profile() + "\"}");
        }
    }

    /** The per-stream QC summary of the episode's last run, as JSON, or null when it was never validated. */
    public String qcSummaryJson(String episodeId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT v.qc_json FROM validation_runs v JOIN episodes e ON e.id = v.episode_id WHERE e.episode_id = ?")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    public List<FindingRow> findings(String episodeId) {
        return catalog.read(c -> {
            List<FindingRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT f.dimension, f.code, f.severity, f.stream, f.t_start_ns, f.t_end_ns, f.file, f.field, f.message
                    FROM validation_findings f JOIN episodes e ON e.id = f.episode_id WHERE e.episode_id = ?
                    ORDER BY CASE f.severity WHEN 'hard' THEN 0 WHEN 'soft' THEN 1 ELSE 2 END, f.id""")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FindingRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Episodes.nullableLong(rs, 5), Episodes.nullableLong(rs, 6), rs.getString(7),
                                rs.getString(8), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    public List<QcWindow> qcWindows(String episodeId) {
        return catalog.read(c -> {
            List<QcWindow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT q.stream, q.t_start_ns, q.t_end_ns, q.sharpness, q.clipped_high, q.clipped_low, q.mean_luma,
                           q.black, q.frozen
                    FROM qc_windows q JOIN episodes e ON e.id = q.episode_id WHERE e.episode_id = ?
                    ORDER BY q.stream, q.t_start_ns""")) {
                ps.setString(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new QcWindow(rs.getString(1), rs.getLong(2), rs.getLong(3), dbl(rs, 4), dbl(rs, 5),
                                dbl(rs, 6), dbl(rs, 7), rs.getInt(8) != 0, rs.getInt(9) != 0));
                    }
                }
            }
            return out;
        });
    }

    /** The review queue: episodes waiting for a decision, those flagged needs-review first. */
    public List<EpisodeSummary> reviewQueue() {
        EpisodeSnapshot s = catalog.index().snapshot();
        List<EpisodeSummary> out = new ArrayList<>();
        for (String state : List.of("needs-review", "unreviewed")) {
            EpisodeSnapshot.Selection q = s.sorted(s.select(new Condition.In(EpisodeField.REVIEW, java.util.Set.of(state))),
                    EpisodeField.ID, true);
            for (int i = 0; i < q.size(); i++) out.add(q.summary(i));
        }
        return out;
    }

    static void insertFindings(Connection c, long row, List<FindingRow> findings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO validation_findings(episode_id, dimension, code, severity, stream, t_start_ns, t_end_ns, file,
                    field, message) VALUES (?,?,?,?,?,?,?,?,?,?)""")) {
            for (FindingRow f : findings) {
                ps.setLong(1, row);
                ps.setString(2, f.dimension());
                ps.setString(3, f.code());
                ps.setString(4, f.severity());
                ps.setString(5, f.stream());
                Episodes.setNullableLong(ps, 6, f.tStartNs());
                Episodes.setNullableLong(ps, 7, f.tEndNs());
                ps.setString(8, f.file());
                ps.setString(9, f.field());
                ps.setString(10, f.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Sets a validated episode's state from its stored findings again, after a finding was added to or taken from
     * it outside its own run (a near-duplicate found when another episode was validated).
     */
    static void restate(Connection c, long row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE episodes SET validation_state = CASE
                    WHEN EXISTS (SELECT 1 FROM validation_findings f WHERE f.episode_id = episodes.id AND f.severity = 'hard') THEN 'hard'
                    WHEN EXISTS (SELECT 1 FROM validation_findings f WHERE f.episode_id = episodes.id AND f.severity = 'soft') THEN 'soft'
                    ELSE 'passed' END
                WHERE id = ? AND validation_state IN ('passed', 'soft', 'hard')""")) {
            ps.setLong(1, row);
            ps.executeUpdate();
        }
    }

    private static void insertQc(Connection c, long row, List<QcWindow> qc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO qc_windows(episode_id, stream, t_start_ns, t_end_ns, sharpness, clipped_high, clipped_low,
                    mean_luma, black, frozen) VALUES (?,?,?,?,?,?,?,?,?,?)""")) {
            for (QcWindow q : qc) {
                ps.setLong(1, row);
                ps.setString(2, q.stream());
                ps.setLong(3, q.tStartNs());
                ps.setLong(4, q.tEndNs());
                setDbl(ps, 5, q.sharpness());
                setDbl(ps, 6, q.clippedHigh());
                setDbl(ps, 7, q.clippedLow());
                setDbl(ps, 8, q.meanLuma());
                ps.setInt(9, q.black() ? 1 : 0);
                ps.setInt(10, q.frozen() ? 1 : 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String stateOf(Connection c, long row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT validation_state FROM episodes WHERE id = ?")) {
            ps.setLong(1, row);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static long episodeRow(Connection c, String episodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM episodes WHERE episode_id = ?")) {
            ps.setString(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new CurioException("catalog.no_episode", null, "episode_id", "no episode " + episodeId);
                return rs.getLong(1);
            }
        }
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static void setDbl(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || !Double.isFinite(v)) ps.setNull(i, Types.REAL); else ps.setDouble(i, v);
    }
}
