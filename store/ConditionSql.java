package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link Condition} as an SQL expression over {@code episodes e}, answering as {@link EpisodeSnapshot#select} does,
 * so the catalog table can count and page a filter in SQL without loading the whole index first.
 *
 * <p>Text fields are matched the way the snapshot matches them, in Java: each field's distinct values are read
 * (a few, and from an index), lower-cased and tested there, and the row test becomes membership in the values that
 * pass. SQLite's own {@code lower} and {@code LIKE} fold ASCII only; the episode id, unique per row, is the one field
 * matched with {@code LIKE}. Every expression built here is 0 or 1, never NULL, so {@code NOT} negates it exactly.
 */
final class ConditionSql {
    /** An SQL boolean expression and the values of its parameters, in order. */
    record Sql(String text, List<Object> args) {
        static final Sql TRUE = new Sql("1", List.of());
        static final Sql FALSE = new Sql("0", List.of());

        /** A NULL argument is allowed: {@code key IS ?} compares with it. */
        static Sql of(String text, Object... args) {
            return new Sql(text, java.util.Collections.unmodifiableList(java.util.Arrays.asList(args)));
        }

        int bind(PreparedStatement ps, int from) throws SQLException {
            int i = from;
            for (Object a : args) ps.setObject(i++, a);
            return i;
        }
    }

    /**
     * Whether an episode has been recalled: what its status shows instead of the stored one. A set read once per
     * statement, not a lookup per row.
     */
    static final String RECALLED = "(e.id IN (SELECT episode_id FROM recall_episodes"
            + " UNION ALL SELECT episode_id FROM recalls WHERE episode_id IS NOT NULL))";
    private static final String SCORED = "e.validation_state IN ('passed', 'soft', 'hard')";

    private final Connection c;
    /**
     * Whether marks and counts are tested row by row ({@code EXISTS}, a count per row) instead of as a set read once.
     * A set costs its whole size before the first row; a probe costs per row. Counting passes every row, so it takes
     * sets; a page walked in order stops after a few hundred rows, so it takes probes.
     */
    private boolean probe;
    private final Map<EpisodeField, List<String>> vocabulary = new EnumMap<>(EpisodeField.class);
    private Map<String, List<Long>> datasets;
    private Map<String, List<Long>> clusters;

    ConditionSql(Connection c) {
        this.c = c;
    }

    /** The condition with sets for marks and counts, and the same condition with probes (the values read once). */
    Sql[] setsAndProbes(Condition cond) throws SQLException {
        probe = false;
        Sql sets = of(cond);
        probe = true;
        Sql probes = of(cond);
        probe = false;
        return new Sql[] {sets, probes};
    }

    Sql of(Condition cond) throws SQLException {
        if (cond == null) return Sql.TRUE;
        if (cond instanceof Condition.And a) {
            List<Sql> parts = new ArrayList<>();
            for (Condition p : a.all()) parts.add(of(p));
            return and(parts);
        }
        if (cond instanceof Condition.Or o) {
            List<Sql> parts = new ArrayList<>();
            for (Condition p : o.any()) parts.add(of(p));
            return or(parts);
        }
        if (cond instanceof Condition.Not n) return not(of(n.inner()));
        if (cond instanceof Condition.Text t) return text(t.query());
        if (cond instanceof Condition.Range r) return range(r);
        if (cond instanceof Condition.In in) return in(in);
        return compare((Condition.Compare) cond);
    }

    static Sql and(List<Sql> parts) {
        List<Sql> kept = new ArrayList<>();
        for (Sql p : parts) {
            if (p.equals(Sql.FALSE)) return Sql.FALSE;
            if (!p.equals(Sql.TRUE)) kept.add(p);
        }
        return join(kept, " AND ", Sql.TRUE);
    }

    static Sql or(List<Sql> parts) {
        List<Sql> kept = new ArrayList<>();
        for (Sql p : parts) {
            if (p.equals(Sql.TRUE)) return Sql.TRUE;
            if (!p.equals(Sql.FALSE)) kept.add(p);
        }
        return join(kept, " OR ", Sql.FALSE);
    }

    private static Sql join(List<Sql> parts, String op, Sql empty) {
        if (parts.isEmpty()) return empty;
        if (parts.size() == 1) return parts.get(0);
        List<Object> args = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Sql p : parts) {
            texts.add(p.text());
            args.addAll(p.args());
        }
        return new Sql("(" + String.join(op, texts) + ")", args);
    }

    static Sql not(Sql s) {
        if (s.equals(Sql.TRUE)) return Sql.FALSE;
        if (s.equals(Sql.FALSE)) return Sql.TRUE;
        return new Sql("NOT " + s.text(), s.args());
    }

    // ---- text ----

    /** Every term in the id, dataset, format, task, validation, review or status, as the snapshot's search does. */
    private Sql text(String query) throws SQLException {
        if (query == null || query.isBlank()) return Sql.TRUE;
        EpisodeField[] searched = {EpisodeField.ID, EpisodeField.DATASET, EpisodeField.FORMAT, EpisodeField.TASK,
                EpisodeField.VALIDATION, EpisodeField.REVIEW, EpisodeField.STATUS};
        List<Sql> all = new ArrayList<>();
        for (String term : query.toLowerCase(Locale.ROOT).strip().split("\\s+")) {
            List<Sql> any = new ArrayList<>();
            for (EpisodeField f : searched) any.add(matches(f, v -> v.contains(term), like(term, true)));
            all.add(or(any));
        }
        return and(all);
    }

    private Sql compare(Condition.Compare cmp) throws SQLException {
        EpisodeField f = cmp.field();
        Condition.Op op = cmp.op();
        if (f.kind == EpisodeField.Kind.NUMBER || f.kind == EpisodeField.Kind.DATE) return number(f, op, cmp.number());
        String value = cmp.text().toLowerCase(Locale.ROOT);
        boolean contains = op == Condition.Op.CONTAINS || op == Condition.Op.NOT_CONTAINS;
        Sql positive = matches(f, contains ? v -> v.contains(value) : v -> v.equals(value), like(value, contains));
        return op == Condition.Op.EQ || op == Condition.Op.CONTAINS ? positive : not(positive);
    }

    private Sql in(Condition.In in) throws SQLException {
        EpisodeField f = in.field();
        if (!f.textual()) throw new IllegalArgumentException("the listing compares " + f.whereName + " by value, not by a set");
        Set<String> values = new HashSet<>();
        in.values().forEach(v -> values.add(v.toLowerCase(Locale.ROOT)));
        if (f == EpisodeField.ID) {
            List<Sql> any = new ArrayList<>();
            for (String v : values) any.add(Sql.of("e.episode_id LIKE ? ESCAPE '\\'", like(v, false)));
            return or(any);
        }
        return matches(f, values::contains, null);
    }

    /**
     * Rows where the field (any of its values, for a field with several) passes {@code test} on its lower-cased value;
     * a field with no value is tested as the empty string, as the snapshot does.
     */
    private Sql matches(EpisodeField f, Predicate<String> test, String idPattern) throws SQLException {
        switch (f) {
            case ID -> {
                return Sql.of("e.episode_id LIKE ? ESCAPE '\\'", idPattern);
            }
            case DATASET -> {
                return ids("e.dataset_id", datasets(), test);
            }
            case CLUSTER -> {
                Sql any = ids("a.cluster_id", clusters(), test);
                return any.equals(Sql.FALSE) ? any : mark(Annotations.FAILURE, any);
            }
            case FAILURE_MODE -> {
                Sql any = values("a.failure_mode", distinct(f), test, EpisodeSnapshot.UNSPECIFIED, true);
                return any.equals(Sql.FALSE) ? any : mark(Annotations.FAILURE, any);
            }
            case SUBTASK -> {
                List<String> labels = distinct(f).stream().filter(v -> v != null && !v.isBlank()).toList();
                Sql any = values("a.label", labels, test, "", false);
                return any.equals(Sql.FALSE) ? any : mark(Annotations.SUBTASK, any);
            }
            case STATUS -> {
                // The status shown is "recalled" for a recalled episode, whatever the stored one says.
                Sql stored = values("e.status", distinct(f), test, "", false);
                return test.test("recalled") ? or(List.of(Sql.of(RECALLED), stored))
                        : and(List.of(stored, not(Sql.of(RECALLED))));
            }
            default -> {
                boolean blankIsAbsent = f == EpisodeField.TASK || f == EpisodeField.ROBOT || f == EpisodeField.OPERATOR;
                return values(column(f), distinct(f), test, "", blankIsAbsent);
            }
        }
    }

    /**
     * {@code column} holds one of {@code values} that pass. A NULL reads as {@code absent}; so does a blank value
     * where {@code blankIsAbsent}, as the snapshot reads a blank task, robot, operator or failure mode (the columns
     * that may be NULL). The test is written so an index on the column can serve it, and is never NULL.
     */
    private static Sql values(String column, List<String> values, Predicate<String> test, String absent, boolean blankIsAbsent) {
        List<Object> pass = new ArrayList<>();
        boolean nullPasses = false;
        for (String v : values) {
            String read = v == null || (blankIsAbsent && v.isBlank()) ? absent : v.toLowerCase(Locale.ROOT);
            if (!test.test(read)) continue;
            if (v == null) nullPasses = true; else pass.add(v);
        }
        if (pass.isEmpty()) return nullPasses ? Sql.of("(" + column + " IS NULL)") : Sql.FALSE;
        String in = column + " IN (" + String.join(",", java.util.Collections.nCopies(pass.size(), "?")) + ")";
        if (nullPasses) return new Sql("(" + column + " IS NULL OR " + in + ")", pass);
        return new Sql(blankIsAbsent ? "(" + column + " IS NOT NULL AND " + in + ")" : "(" + in + ")", pass);
    }

    private static Sql ids(String column, Map<String, List<Long>> byName, Predicate<String> test) {
        List<Object> pass = new ArrayList<>();
        byName.forEach((name, ids) -> {
            if (test.test(name.toLowerCase(Locale.ROOT))) pass.addAll(ids);
        });
        if (pass.isEmpty()) return Sql.FALSE;
        return new Sql("(" + column + " IN (" + String.join(",", java.util.Collections.nCopies(pass.size(), "?")) + "))", pass);
    }

    /** Episodes with a mark of {@code kind} that passes {@code test}. */
    private Sql mark(String kind, Sql test) {
        List<Object> args = new ArrayList<>();
        args.add(kind);
        args.addAll(test.args());
        return new Sql(probe ? "EXISTS (SELECT 1 FROM annotations a WHERE a.episode_id = e.id AND a.kind = ? AND " + test.text() + ")"
                : "(e.id IN (SELECT a.episode_id FROM annotations a WHERE a.kind = ? AND " + test.text() + "))", args);
    }

    private static String column(EpisodeField f) {
        return switch (f) {
            case FORMAT -> "e.format";
            case TASK -> "e.task";
            case ROBOT -> "e.robot";
            case OPERATOR -> "e.operator";
            case REVIEW -> "e.review_state";
            case VALIDATION -> "e.validation_state";
            case STATUS -> "e.status";
            default -> throw new IllegalArgumentException(f + " is not a column of episodes");
        };
    }

    /**
     * The field's distinct stored values, NULL included. Each value is found by one seek on the field's index for the
     * least value above the last (a skip scan): a few dozen seeks instead of a pass over every row, whatever the
     * planner's statistics say.
     */
    private List<String> distinct(EpisodeField f) throws SQLException {
        List<String> known = vocabulary.get(f);
        if (known != null) return known;
        String table = "episodes";
        String where = "1";
        String col;
        switch (f) {
            case FAILURE_MODE -> {
                table = "annotations";
                where = "kind = 'failure'";
                col = "failure_mode";
            }
            case SUBTASK -> {
                table = "annotations";
                where = "kind = 'subtask'";
                col = "label";
            }
            default -> col = column(f).substring(2);
        }
        String sql = "WITH RECURSIVE v(x) AS (SELECT (SELECT min(" + col + ") FROM " + table + " WHERE " + where + ")"
                + " UNION ALL SELECT (SELECT min(" + col + ") FROM " + table + " WHERE " + where + " AND " + col + " > v.x)"
                + " FROM v WHERE v.x IS NOT NULL)"
                + " SELECT x FROM v WHERE x IS NOT NULL"
                + " UNION ALL SELECT NULL WHERE EXISTS (SELECT 1 FROM " + table + " WHERE " + where + " AND " + col + " IS NULL)";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        vocabulary.put(f, out);
        return out;
    }

    private Map<String, List<Long>> datasets() throws SQLException {
        if (datasets == null) datasets = names("SELECT name, id FROM datasets");
        return datasets;
    }

    private Map<String, List<Long>> clusters() throws SQLException {
        if (clusters == null) clusters = names("SELECT name, id FROM failure_clusters");
        return clusters;
    }

    private Map<String, List<Long>> names(String sql) throws SQLException {
        Map<String, List<Long>> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.computeIfAbsent(String.valueOf(rs.getString(1)), k -> new ArrayList<>()).add(rs.getLong(2));
        }
        return out;
    }

    /** A LIKE pattern for the value as it is ({@code %} and {@code _} escaped), or anywhere in the text. */
    static String like(String value, boolean anywhere) {
        String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return anywhere ? "%" + escaped + "%" : escaped;
    }

    // ---- numbers ----

    /** The field's value for the row, NULL when it is not known (a figure of an episode never scored, no start time). */
    static String numberExpr(EpisodeField f) {
        return switch (f) {
            case DURATION -> "(e.duration_ns / 1e9)";
            case DATE -> "(CASE WHEN e.start_time_ns IS NULL THEN NULL ELSE (e.start_time_ns - ((e.start_time_ns % 86400000000000)"
                    + " + 86400000000000) % 86400000000000) / 86400000000000 END)";
            case QUALITY -> "(CASE WHEN " + SCORED + " THEN e.quality_score END)";
            case SHARPNESS -> "(CASE WHEN " + SCORED + " THEN e.qc_sharpness END)";
            case EXPOSURE -> "(CASE WHEN " + SCORED + " THEN e.qc_exposure END)";
            case DROPPED -> "(CASE WHEN " + SCORED + " THEN e.qc_dropped END)";
            case FAILURES -> "(SELECT count(*) FROM annotations a WHERE a.episode_id = e.id AND a.kind = 'failure')";
            case STREAMS -> "(SELECT count(*) FROM streams s WHERE s.episode_id = e.id)";
            default -> throw new IllegalArgumentException(f + " is not a number");
        };
    }

    /** An unknown value satisfies only {@code !=}. */
    private Sql number(EpisodeField f, Condition.Op op, double v) {
        if (!probe && (f == EpisodeField.FAILURES || f == EpisodeField.STREAMS)) {
            // "Has any" (failures>0) is the set of episodes with a row at all: no counting per episode.
            if (atLeastOne(op, v)) {
                return Sql.of(f == EpisodeField.FAILURES ? "(e.id IN (SELECT episode_id FROM annotations WHERE kind = 'failure'))"
                        : "(e.id IN (SELECT episode_id FROM streams))");
            }
            Sql known = bound(f, "count(*)", op == Condition.Op.NE ? Condition.Op.EQ : op, v);
            return counted(f, op == Condition.Op.NE ? not(known) : known, op.holds(0, v));
        }
        String x = numberExpr(f);
        Sql known = bound(f, x, op == Condition.Op.NE ? Condition.Op.EQ : op, v);
        // A duration is always known.
        if (f == EpisodeField.DURATION) return op == Condition.Op.NE ? not(known) : known;
        if (op == Condition.Op.NE) return new Sql("coalesce(NOT " + known.text() + ", 1)", known.args());
        return new Sql("coalesce(" + known.text() + ", 0)", known.args());
    }

    private Sql range(Condition.Range r) {
        if (!probe && (r.field() == EpisodeField.FAILURES || r.field() == EpisodeField.STREAMS)) {
            List<Sql> parts = new ArrayList<>();
            if (r.min() != null) parts.add(bound(r.field(), "count(*)", Condition.Op.GE, r.min()));
            if (r.max() != null) parts.add(bound(r.field(), "count(*)", r.maxInclusive() ? Condition.Op.LE : Condition.Op.LT, r.max()));
            boolean zero = (r.min() == null || Condition.Op.GE.holds(0, r.min()))
                    && (r.max() == null || (r.maxInclusive() ? Condition.Op.LE : Condition.Op.LT).holds(0, r.max()));
            return counted(r.field(), and(parts), zero);
        }
        String x = numberExpr(r.field());
        List<Sql> parts = new ArrayList<>();
        if (r.min() != null) parts.add(bound(r.field(), x, Condition.Op.GE, r.min()));
        if (r.max() != null) parts.add(bound(r.field(), x, r.maxInclusive() ? Condition.Op.LE : Condition.Op.LT, r.max()));
        if (parts.isEmpty()) return Sql.of("(" + x + " IS NOT NULL)");
        Sql all = and(parts);
        return new Sql("coalesce(" + all.text() + ", 0)", all.args());
    }

    /** Whether {@code count op v} passes every count from one up and fails zero, as {@code >0} and {@code >=1} do. */
    private static boolean atLeastOne(Condition.Op op, double v) {
        return (op == Condition.Op.GT && v >= 0 && v < 1) || (op == Condition.Op.GE && v > 0 && v <= 1);
    }

    /**
     * A test on how many failure marks or streams an episode has, as a set of episodes read once: those whose count
     * passes, or, when no marks at all passes too (and episodes without any are in no group), all but those whose
     * count fails.
     */
    private static Sql counted(EpisodeField f, Sql test, boolean zeroPasses) {
        String groups = f == EpisodeField.FAILURES
                ? "SELECT episode_id FROM annotations WHERE kind = 'failure' GROUP BY episode_id HAVING "
                : "SELECT episode_id FROM streams GROUP BY episode_id HAVING ";
        return zeroPasses ? new Sql("(e.id NOT IN (" + groups + not(test).text() + "))", test.args())
                : new Sql("(e.id IN (" + groups + test.text() + "))", test.args());
    }

    /**
     * {@code x op v}, NULL when x is. The snapshot keeps the quality figures as floats, so there a figure compares as
     * the float nearest to it; here the comparison is moved to the edges of the doubles that round to the bound's
     * float, which gives the same answer for every stored double.
     */
    private static Sql bound(EpisodeField f, String x, Condition.Op op, double v) {
        boolean figure = f == EpisodeField.QUALITY || f == EpisodeField.SHARPNESS || f == EpisodeField.EXPOSURE
                || f == EpisodeField.DROPPED;
        if (!figure || Double.isInfinite(v) || Double.isNaN(v)) {
            String sym = op == Condition.Op.EQ ? "=" : op.symbol;
            return Sql.of("(" + x + " " + sym + " ?)", v);
        }
        float b = (float) v;
        double lo = ((double) Math.nextDown(b) + b) / 2;
        double hi = ((double) b + Math.nextUp(b)) / 2;
        // A double halfway between two floats rounds to the one whose last mantissa bit is 0.
        boolean even = (Float.floatToRawIntBits(b) & 1) == 0;
        Sql atLeast = Sql.of("(" + x + (even ? " >= ?)" : " > ?)"), lo);
        Sql atMost = Sql.of("(" + x + (even ? " <= ?)" : " < ?)"), hi);
        return switch (op) {
            case GE -> atLeast;
            case LE -> atMost;
            case GT -> Sql.of("(" + x + (even ? " > ?)" : " >= ?)"), hi);
            case LT -> Sql.of("(" + x + (even ? " < ?)" : " <= ?)"), lo);
            case EQ -> and(List.of(atLeast, atMost));
            default -> throw new IllegalArgumentException(op + " on a number");
        };
    }
}
