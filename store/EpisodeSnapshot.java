package store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One immutable state of the {@link EpisodeIndex}: the episodes as columns, and the queries the app and the CLI run
 * over them (filters, facet counts, sorting, dashboard aggregates). Rows are addressed by position; {@link #order}
 * holds the live positions by dataset and episode id, the catalog's default order.
 */
public final class EpisodeSnapshot {
    private static final EpisodeField[] SINGLE = {EpisodeField.DATASET, EpisodeField.FORMAT, EpisodeField.TASK,
            EpisodeField.ROBOT, EpisodeField.OPERATOR, EpisodeField.REVIEW, EpisodeField.VALIDATION, EpisodeField.STATUS};
    private static final EpisodeField[] MULTI = {EpisodeField.FAILURE_MODE, EpisodeField.CLUSTER, EpisodeField.SUBTASK};
    private static final long DAY_NS = 86_400_000_000_000L;
    /** A failure mark without a mode. */
    public static final String UNSPECIFIED = "unspecified";

    private final int n;
    private final long[] rowId;
    private final String[] episodeId;
    private final int[][] single;
    private final int[] statusRaw;
    private final Dict[] dicts;
    private final long[] durationNs;
    private final long[] startNs;
    private final float[] quality;
    private final float[] sharpness;
    private final float[] exposure;
    private final float[] dropped;
    private final int[] streams;
    private final boolean[] hard;
    private final boolean[] recalled;
    private final boolean[] removed;
    private final int[][][] multi;
    private final int[] failures;
    private final int[] order;
    private final Map<Long, Integer> byRow;
    private volatile Map<String, Integer> byId;
    private volatile int[] idRank;
    private volatile String[] idLower;

    private EpisodeSnapshot(Builder b, int[] order) {
        n = b.n;
        rowId = b.rowId;
        episodeId = b.episodeId;
        single = b.single;
        statusRaw = b.statusRaw;
        dicts = b.dicts;
        durationNs = b.durationNs;
        startNs = b.startNs;
        quality = b.quality;
        sharpness = b.sharpness;
        exposure = b.exposure;
        dropped = b.dropped;
        streams = b.streams;
        hard = b.hard;
        recalled = b.recalled;
        removed = b.removed;
        multi = b.multi;
        failures = b.failures;
        byRow = b.byRow;
        this.order = order;
    }

    /** Live episodes. */
    public int rows() {
        return order.length;
    }

    /** Every live episode, in the default order. */
    public Selection all() {
        long total = 0;
        for (int p : order) total += durationNs[p];
        return new Selection(this, order, total);
    }

    public Selection select(Condition c) {
        if (c == null || c.equals(Condition.ALL)) return all();
        RowTest t = compile(c);
        int[] out = new int[order.length];
        int k = 0;
        long total = 0;
        for (int p : order) {
            if (t.test(p)) {
                out[k++] = p;
                total += durationNs[p];
            }
        }
        return new Selection(this, Arrays.copyOf(out, k), total);
    }

    /** Positions in an order, with their total duration. */
    public record Selection(EpisodeSnapshot snapshot, int[] positions, long durationNs) {
        public int size() {
            return positions.length;
        }

        public double hours() {
            return durationNs / 3.6e12;
        }

        public String episodeId(int i) {
            return snapshot.episodeId[positions[i]];
        }

        public EpisodeSummary summary(int i) {
            return snapshot.summary(positions[i]);
        }

        public List<String> episodeIds() {
            List<String> out = new ArrayList<>(positions.length);
            for (int p : positions) out.add(snapshot.episodeId[p]);
            return out;
        }
    }

    // ---- rows ----

    public EpisodeSummary summary(int p) {
        return new EpisodeSummary(episodeId[p], text(EpisodeField.DATASET, p), text(EpisodeField.FORMAT, p),
                text(EpisodeField.TASK, p), durationNs[p] / 1e9, streams[p], text(EpisodeField.VALIDATION, p),
                text(EpisodeField.REVIEW, p), text(EpisodeField.STATUS, p));
    }

    /** The episode as the subset rules see it. */
    public CandidateEpisode candidate(int p) {
        return new CandidateEpisode(episodeId[p], text(EpisodeField.DATASET, p), text(EpisodeField.FORMAT, p),
                text(EpisodeField.TASK, p), text(EpisodeField.ROBOT, p), text(EpisodeField.OPERATOR, p), durationNs[p] / 1e9,
                text(EpisodeField.VALIDATION, p), text(EpisodeField.REVIEW, p), text(EpisodeField.STATUS, p), hard[p], recalled[p]);
    }

    /** The position of an episode, or -1. */
    public int position(String id) {
        Map<String, Integer> m = byId;
        if (m == null) {
            m = new HashMap<>(order.length * 2);
            for (int p : order) m.put(episodeId[p], p);
            byId = m;
        }
        return m.getOrDefault(id, -1);
    }

    public String episodeId(int p) {
        return episodeId[p];
    }

    /** A text field's value (null when the episode has none); for fields with several values, the first. */
    public String text(EpisodeField f, int p) {
        if (f == EpisodeField.ID) return episodeId[p];
        int s = singleIndex(f);
        if (s >= 0) return dicts[f.ordinal()].values.get(single[s][p]);
        int m = multiIndex(f);
        if (m >= 0) {
            int[] codes = multi[m][p];
            return codes.length == 0 ? null : dicts[f.ordinal()].values.get(codes[0]);
        }
        throw new IllegalArgumentException(f + " is not a text field");
    }

    /** Every value of a field with several values per episode. */
    public List<String> texts(EpisodeField f, int p) {
        int m = multiIndex(f);
        if (m < 0) {
            String v = text(f, p);
            return v == null ? List.of() : List.of(v);
        }
        List<String> out = new ArrayList<>();
        for (int code : multi[m][p]) out.add(dicts[f.ordinal()].values.get(code));
        return out;
    }

    /** A number or date field's value (dates as the UTC epoch day); NaN when unknown. */
    public double number(EpisodeField f, int p) {
        return switch (f) {
            case DURATION -> durationNs[p] / 1e9;
            case DATE -> startNs[p] == Long.MIN_VALUE ? Double.NaN : Math.floorDiv(startNs[p], DAY_NS);
            case QUALITY -> quality[p];
            case SHARPNESS -> sharpness[p];
            case EXPOSURE -> exposure[p];
            case DROPPED -> dropped[p];
            case FAILURES -> failures[p];
            case STREAMS -> streams[p];
            default -> throw new IllegalArgumentException(f + " is not a number");
        };
    }

    public long durationNs(int p) {
        return durationNs[p];
    }

    // ---- filters ----

    @FunctionalInterface
    private interface RowTest {
        boolean test(int p);
    }

    private RowTest compile(Condition c) {
        if (c instanceof Condition.And a) {
            RowTest[] parts = a.all().stream().map(this::compile).toArray(RowTest[]::new);
            return p -> {
                for (RowTest t : parts) if (!t.test(p)) return false;
                return true;
            };
        }
        if (c instanceof Condition.Or o) {
            RowTest[] parts = o.any().stream().map(this::compile).toArray(RowTest[]::new);
            return p -> {
                for (RowTest t : parts) if (t.test(p)) return true;
                return false;
            };
        }
        if (c instanceof Condition.Not not) {
            RowTest inner = compile(not.inner());
            return p -> !inner.test(p);
        }
        if (c instanceof Condition.Text t) return text(t.query());
        if (c instanceof Condition.Range r) return range(r);
        if (c instanceof Condition.In in) return in(in);
        return compare((Condition.Compare) c);
    }

    private RowTest compare(Condition.Compare c) {
        EpisodeField f = c.field();
        Condition.Op op = c.op();
        if (f.kind == EpisodeField.Kind.NUMBER || f.kind == EpisodeField.Kind.DATE) {
            double v = stored(f, c.number());
            return p -> {
                double x = number(f, p);
                if (Double.isNaN(x)) return op == Condition.Op.NE;
                return op.holds(x, v);
            };
        }
        String value = c.text().toLowerCase(Locale.ROOT);
        boolean positive = op == Condition.Op.EQ || op == Condition.Op.CONTAINS;
        boolean contains = op == Condition.Op.CONTAINS || op == Condition.Op.NOT_CONTAINS;
        if (f == EpisodeField.ID) {
            String[] lower = idLower();
            return p -> (contains ? lower[p].contains(value) : lower[p].equals(value)) == positive;
        }
        boolean[] match = dictMatch(f, v -> contains ? v.contains(value) : v.equals(value));
        return matchCodes(f, match, positive);
    }

    /** A bound as the column holds it: the quality figures are kept as floats, so 0.9 compares as 0.9f does. */
    private static double stored(EpisodeField f, double v) {
        return switch (f) {
            case QUALITY, SHARPNESS, EXPOSURE, DROPPED -> Double.isInfinite(v) ? v : (float) v;
            default -> v;
        };
    }

    private RowTest in(Condition.In in) {
        EpisodeField f = in.field();
        Set<String> values = new java.util.HashSet<>();
        in.values().forEach(v -> values.add(v.toLowerCase(Locale.ROOT)));
        if (f == EpisodeField.ID) {
            String[] lower = idLower();
            return p -> values.contains(lower[p]);
        }
        if (!f.textual()) {
            return p -> values.contains(format(number(f, p)));
        }
        return matchCodes(f, dictMatch(f, values::contains), true);
    }

    private RowTest matchCodes(EpisodeField f, boolean[] match, boolean positive) {
        int s = singleIndex(f);
        if (s >= 0) {
            int[] col = single[s];
            return p -> match[col[p]] == positive;
        }
        int[][] col = multi[multiIndex(f)];
        return p -> {
            for (int code : col[p]) if (match[code]) return positive;
            return !positive;
        };
    }

    private RowTest range(Condition.Range r) {
        EpisodeField f = r.field();
        double lo = r.min() == null ? Double.NEGATIVE_INFINITY : stored(f, r.min());
        double hi = r.max() == null ? Double.POSITIVE_INFINITY : stored(f, r.max());
        boolean inclusive = r.maxInclusive();
        return p -> {
            double x = number(f, p);
            return x >= lo && (inclusive ? x <= hi : x < hi);
        };
    }

    private RowTest text(String query) {
        if (query == null || query.isBlank()) return p -> true;
        String[] terms = query.toLowerCase(Locale.ROOT).strip().split("\\s+");
        EpisodeField[] searched = {EpisodeField.DATASET, EpisodeField.FORMAT, EpisodeField.TASK, EpisodeField.VALIDATION,
                EpisodeField.REVIEW, EpisodeField.STATUS};
        String[] lower = idLower();
        List<RowTest> perTerm = new ArrayList<>();
        for (String term : terms) {
            int[][] cols = new int[searched.length][];
            boolean[][] matches = new boolean[searched.length][];
            for (int i = 0; i < searched.length; i++) {
                cols[i] = single[singleIndex(searched[i])];
                matches[i] = dictMatch(searched[i], v -> v.contains(term));
            }
            perTerm.add(p -> {
                for (int i = 0; i < cols.length; i++) if (matches[i][cols[i][p]]) return true;
                return lower[p].contains(term);
            });
        }
        return p -> {
            for (RowTest t : perTerm) if (!t.test(p)) return false;
            return true;
        };
    }

    private boolean[] dictMatch(EpisodeField f, java.util.function.Predicate<String> test) {
        Dict d = dicts[f.ordinal()];
        boolean[] m = new boolean[d.values.size()];
        for (int i = 0; i < m.length; i++) m[i] = test.test(d.lower(i));
        return m;
    }

    private String[] idLower() {
        String[] l = idLower;
        if (l == null) {
            l = new String[n];
            for (int p = 0; p < n; p++) l[p] = episodeId[p] == null ? "" : episodeId[p].toLowerCase(Locale.ROOT);
            idLower = l;
        }
        return l;
    }

    // ---- facets ----

    /** A value of a field with the episodes that have it and their hours. */
    public record FacetValue(String value, int episodes, double hours) { }

    /**
     * For each of {@code fields}, how many episodes each value would give: episodes that pass {@code base} and every
     * selection in {@code selections} except the field's own, so choosing a value shows what the others would add.
     */
    public Map<EpisodeField, List<FacetValue>> facets(Condition base, Map<EpisodeField, Condition> selections,
                                                      List<EpisodeField> fields) {
        RowTest b = base == null ? p -> true : compile(base);
        EpisodeField[] selField = selections.keySet().toArray(EpisodeField[]::new);
        RowTest[] sel = new RowTest[selField.length];
        for (int i = 0; i < sel.length; i++) sel[i] = compile(selections.get(selField[i]));
        Map<EpisodeField, int[]> counts = new LinkedHashMap<>();
        Map<EpisodeField, long[]> durations = new LinkedHashMap<>();
        for (EpisodeField f : fields) {
            if (!f.textual() || f == EpisodeField.ID) throw new IllegalArgumentException(f + " has no values to count");
            int size = dicts[f.ordinal()].values.size();
            counts.put(f, new int[size]);
            durations.put(f, new long[size]);
        }
        for (int p : order) {
            if (!b.test(p)) continue;
            EpisodeField failed = null;
            boolean drop = false;
            for (int i = 0; i < sel.length; i++) {
                if (!sel[i].test(p)) {
                    if (failed != null) {
                        drop = true;
                        break;
                    }
                    failed = selField[i];
                }
            }
            if (drop) continue;
            for (EpisodeField f : fields) {
                if (failed != null && failed != f) continue;
                add(f, p, counts.get(f), durations.get(f));
            }
        }
        Map<EpisodeField, List<FacetValue>> out = new LinkedHashMap<>();
        for (EpisodeField f : fields) out.put(f, values(f, counts.get(f), durations.get(f), true));
        return out;
    }

    private void add(EpisodeField f, int p, int[] count, long[] duration) {
        int s = singleIndex(f);
        if (s >= 0) {
            int code = single[s][p];
            count[code]++;
            duration[code] += durationNs[p];
        } else {
            for (int code : multi[multiIndex(f)][p]) {
                count[code]++;
                duration[code] += durationNs[p];
            }
        }
    }

    private List<FacetValue> values(EpisodeField f, int[] count, long[] duration, boolean byCount) {
        Dict d = dicts[f.ordinal()];
        List<FacetValue> out = new ArrayList<>();
        for (int code = 0; code < count.length; code++) {
            if (count[code] > 0) out.add(new FacetValue(d.values.get(code) == null ? "" : d.values.get(code), count[code], duration[code] / 3.6e12));
        }
        out.sort(byCount ? Comparator.comparingInt(FacetValue::episodes).reversed().thenComparing(FacetValue::value)
                : Comparator.comparing(FacetValue::value));
        return out;
    }

    // ---- dashboard ----

    /** Equal-width bins {@code [edges[i], edges[i+1])} (the last one closed) and the episodes without a value. */
    public record Histogram(EpisodeField field, double[] edges, int[] counts, int unknown) { }

    /**
     * What the dashboard shows of a selection: episodes and hours per dataset, task, robot, operator, review and
     * validation state and recording day; distributions of duration and the quality figures.
     */
    public record Dashboard(int episodes, double hours, Map<EpisodeField, List<FacetValue>> groups, List<FacetValue> days,
                            Map<EpisodeField, Histogram> histograms) { }

    public static final List<EpisodeField> GROUPS = List.of(EpisodeField.TASK, EpisodeField.ROBOT, EpisodeField.OPERATOR,
            EpisodeField.DATASET, EpisodeField.VALIDATION, EpisodeField.REVIEW, EpisodeField.FAILURE_MODE);
    public static final List<EpisodeField> HISTOGRAMS = List.of(EpisodeField.DURATION, EpisodeField.QUALITY,
            EpisodeField.SHARPNESS, EpisodeField.EXPOSURE, EpisodeField.DROPPED);

    public Dashboard dashboard(Selection s, int bins) {
        Map<EpisodeField, int[]> counts = new LinkedHashMap<>();
        Map<EpisodeField, long[]> durations = new LinkedHashMap<>();
        for (EpisodeField f : GROUPS) {
            counts.put(f, new int[dicts[f.ordinal()].values.size()]);
            durations.put(f, new long[dicts[f.ordinal()].values.size()]);
        }
        Map<Long, long[]> days = new java.util.TreeMap<>();
        double[] max = new double[HISTOGRAMS.size()];
        for (int p : s.positions()) {
            for (EpisodeField f : GROUPS) add(f, p, counts.get(f), durations.get(f));
            if (startNs[p] != Long.MIN_VALUE) {
                long[] d = days.computeIfAbsent(Math.floorDiv(startNs[p], DAY_NS), k -> new long[2]);
                d[0]++;
                d[1] += durationNs[p];
            }
            for (int i = 0; i < max.length; i++) {
                double x = number(HISTOGRAMS.get(i), p);
                if (!Double.isNaN(x)) max[i] = Math.max(max[i], x);
            }
        }
        Map<EpisodeField, List<FacetValue>> groups = new LinkedHashMap<>();
        for (EpisodeField f : GROUPS) groups.put(f, values(f, counts.get(f), durations.get(f), true));
        List<FacetValue> dayList = new ArrayList<>();
        days.forEach((day, d) -> dayList.add(new FacetValue(LocalDate.ofEpochDay(day).toString(), (int) d[0], d[1] / 3.6e12)));
        Map<EpisodeField, Histogram> histograms = new LinkedHashMap<>();
        for (int i = 0; i < max.length; i++) {
            EpisodeField f = HISTOGRAMS.get(i);
            double step = niceStep(max[i] / bins);
            double[] edges = new double[bins + 1];
            for (int k = 0; k <= bins; k++) edges[k] = k * step;
            int[] c = new int[bins];
            int unknown = 0;
            for (int p : s.positions()) {
                double x = number(f, p);
                if (Double.isNaN(x)) {
                    unknown++;
                    continue;
                }
                c[Math.max(0, Math.min(bins - 1, (int) Math.floor(x / step)))]++;
            }
            histograms.put(f, new Histogram(f, edges, c, unknown));
        }
        return new Dashboard(s.size(), s.hours(), groups, dayList, histograms);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw} (and above 0). */
    static double niceStep(double raw) {
        if (!(raw > 0)) return 1e-3;
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * exp >= raw * (1 - 1e-12)) return m * exp;
        return 10 * exp;
    }

    // ---- sorting ----

    /** The selection ordered by {@code field}; ties keep the default order. */
    public Selection sorted(Selection s, EpisodeField field, boolean ascending) {
        int[] pos = s.positions();
        long[] keys = new long[pos.length];
        int[] rank = field == EpisodeField.ID ? idRank() : null;
        for (int i = 0; i < pos.length; i++) {
            int p = pos[i];
            int primary;
            boolean unknown = false;
            if (rank != null) {
                primary = rank[p];
            } else if (field.textual()) {
                int s1 = singleIndex(field);
                int code = s1 >= 0 ? single[s1][p] : multi[multiIndex(field)][p].length == 0 ? 0 : multi[multiIndex(field)][p][0];
                primary = dicts[field.ordinal()].rank()[code];
            } else {
                double x = number(field, p);
                unknown = Double.isNaN(x);
                primary = unknown ? 0 : sortable((float) x);
            }
            // Unknown figures go last whichever way the column is sorted.
            if (unknown) primary = Integer.MAX_VALUE;
            else if (!ascending) primary = ~primary;
            keys[i] = ((long) primary << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(keys);
        int[] out = new int[pos.length];
        for (int i = 0; i < keys.length; i++) out[i] = pos[(int) keys[i]];
        return new Selection(this, out, s.durationNs());
    }

    /** Float bits turned into an int that orders like the float. */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f == 0f ? 0f : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    private int[] idRank() {
        int[] r = idRank;
        if (r == null) {
            Integer[] live = new Integer[order.length];
            for (int i = 0; i < live.length; i++) live[i] = order[i];
            Arrays.sort(live, Comparator.comparing(p -> episodeId[p]));
            r = new int[n];
            for (int i = 0; i < live.length; i++) r[live[i]] = i;
            idRank = r;
        }
        return r;
    }

    /** The distinct values of a text field in the catalog, alphabetically (for facet lists and completion). */
    public List<String> distinct(EpisodeField f) {
        if (!f.textual() || f == EpisodeField.ID) throw new IllegalArgumentException(f + " has no vocabulary");
        List<String> out = new ArrayList<>();
        for (String v : dicts[f.ordinal()].values) if (v != null) out.add(v);
        out.sort(String.CASE_INSENSITIVE_ORDER);
        return out;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static int singleIndex(EpisodeField f) {
        for (int i = 0; i < SINGLE.length; i++) if (SINGLE[i] == f) return i;
        return -1;
    }

    private static int multiIndex(EpisodeField f) {
        for (int i = 0; i < MULTI.length; i++) if (MULTI[i] == f) return i;
        return -1;
    }

    // ---- building ----

    /** The values of one text field; code 0 is "no value". */
    static final class Dict {
        final List<String> values;
        final Map<String, Integer> codes;
        private volatile String[] lower;
        private volatile int[] rank;

        Dict() {
            values = new ArrayList<>();
            codes = new HashMap<>();
            values.add(null);
        }

        Dict(Dict d) {
            values = new ArrayList<>(d.values);
            codes = new HashMap<>(d.codes);
        }

        int code(String v) {
            if (v == null) return 0;
            Integer c = codes.get(v);
            if (c != null) return c;
            values.add(v);
            codes.put(v, values.size() - 1);
            return values.size() - 1;
        }

        String lower(int code) {
            String[] l = lower;
            if (l == null || l.length != values.size()) {
                l = new String[values.size()];
                for (int i = 0; i < l.length; i++) l[i] = values.get(i) == null ? "" : values.get(i).toLowerCase(Locale.ROOT);
                lower = l;
            }
            return l[code];
        }

        int[] rank() {
            int[] r = rank;
            if (r == null || r.length != values.size()) {
                Integer[] codes = new Integer[values.size()];
                for (int i = 0; i < codes.length; i++) codes[i] = i;
                Arrays.sort(codes, Comparator.comparing((Integer i) -> values.get(i) == null ? "" : values.get(i),
                        String.CASE_INSENSITIVE_ORDER));
                r = new int[codes.length];
                for (int i = 0; i < codes.length; i++) r[codes[i]] = i;
                rank = r;
            }
            return r;
        }
    }

    /** Fills the columns of a new snapshot, from nothing or from an older one (copied, so that one stays intact). */
    static final class Builder {
        int n;
        long[] rowId;
        String[] episodeId;
        int[][] single;
        int[] statusRaw;
        Dict[] dicts;
        long[] durationNs;
        long[] startNs;
        float[] quality;
        float[] sharpness;
        float[] exposure;
        float[] dropped;
        int[] streams;
        boolean[] hard;
        boolean[] recalled;
        boolean[] removed;
        int[][][] multi;
        int[] failures;
        Map<Long, Integer> byRow;
        private final int[] baseOrder;

        private Builder(int capacity, int[] baseOrder) {
            this.baseOrder = baseOrder;
            rowId = new long[capacity];
            episodeId = new String[capacity];
            single = new int[SINGLE.length][capacity];
            statusRaw = new int[capacity];
            durationNs = new long[capacity];
            startNs = new long[capacity];
            quality = new float[capacity];
            sharpness = new float[capacity];
            exposure = new float[capacity];
            dropped = new float[capacity];
            streams = new int[capacity];
            hard = new boolean[capacity];
            recalled = new boolean[capacity];
            removed = new boolean[capacity];
            multi = new int[MULTI.length][capacity][];
            failures = new int[capacity];
        }

        static Builder empty() {
            Builder b = new Builder(1024, null);
            b.dicts = new Dict[EpisodeField.values().length];
            for (EpisodeField f : EpisodeField.values()) if (f.textual()) b.dicts[f.ordinal()] = new Dict();
            b.byRow = new HashMap<>();
            return b;
        }

        static Builder from(EpisodeSnapshot s) {
            Builder b = new Builder(0, s.order);
            b.n = s.n;
            b.rowId = s.rowId.clone();
            b.episodeId = s.episodeId.clone();
            for (int i = 0; i < SINGLE.length; i++) b.single[i] = s.single[i].clone();
            b.statusRaw = s.statusRaw.clone();
            b.durationNs = s.durationNs.clone();
            b.startNs = s.startNs.clone();
            b.quality = s.quality.clone();
            b.sharpness = s.sharpness.clone();
            b.exposure = s.exposure.clone();
            b.dropped = s.dropped.clone();
            b.streams = s.streams.clone();
            b.hard = s.hard.clone();
            b.recalled = s.recalled.clone();
            b.removed = s.removed.clone();
            for (int i = 0; i < MULTI.length; i++) b.multi[i] = s.multi[i].clone();
            b.failures = s.failures.clone();
            b.dicts = new Dict[s.dicts.length];
            for (int i = 0; i < s.dicts.length; i++) if (s.dicts[i] != null) b.dicts[i] = new Dict(s.dicts[i]);
            b.byRow = new HashMap<>(s.byRow);
            return b;
        }

        private void grow() {
            int cap = Math.max(1024, rowId.length * 2);
            rowId = Arrays.copyOf(rowId, cap);
            episodeId = Arrays.copyOf(episodeId, cap);
            for (int i = 0; i < single.length; i++) single[i] = Arrays.copyOf(single[i], cap);
            statusRaw = Arrays.copyOf(statusRaw, cap);
            durationNs = Arrays.copyOf(durationNs, cap);
            startNs = Arrays.copyOf(startNs, cap);
            quality = Arrays.copyOf(quality, cap);
            sharpness = Arrays.copyOf(sharpness, cap);
            exposure = Arrays.copyOf(exposure, cap);
            dropped = Arrays.copyOf(dropped, cap);
            streams = Arrays.copyOf(streams, cap);
            hard = Arrays.copyOf(hard, cap);
            recalled = Arrays.copyOf(recalled, cap);
            removed = Arrays.copyOf(removed, cap);
            for (int i = 0; i < multi.length; i++) multi[i] = Arrays.copyOf(multi[i], cap);
            failures = Arrays.copyOf(failures, cap);
        }

        /** Sets an episode's row; true when the episode is new to the index. */
        boolean put(EpisodeIndex.Row r) {
            Integer at = byRow.get(r.rowId());
            boolean added = at == null;
            int p;
            if (added) {
                if (n == rowId.length) grow();
                p = n++;
                byRow.put(r.rowId(), p);
                for (int i = 0; i < MULTI.length; i++) multi[i][p] = new int[0];
            } else {
                p = at;
            }
            rowId[p] = r.rowId();
            episodeId[p] = r.episodeId();
            removed[p] = false;
            single[singleIndex(EpisodeField.DATASET)][p] = dicts[EpisodeField.DATASET.ordinal()].code(r.dataset());
            single[singleIndex(EpisodeField.FORMAT)][p] = dicts[EpisodeField.FORMAT.ordinal()].code(r.format());
            single[singleIndex(EpisodeField.TASK)][p] = dicts[EpisodeField.TASK.ordinal()].code(blankToNull(r.task()));
            single[singleIndex(EpisodeField.ROBOT)][p] = dicts[EpisodeField.ROBOT.ordinal()].code(blankToNull(r.robot()));
            single[singleIndex(EpisodeField.OPERATOR)][p] = dicts[EpisodeField.OPERATOR.ordinal()].code(blankToNull(r.operator()));
            single[singleIndex(EpisodeField.REVIEW)][p] = dicts[EpisodeField.REVIEW.ordinal()].code(r.review());
            single[singleIndex(EpisodeField.VALIDATION)][p] = dicts[EpisodeField.VALIDATION.ordinal()].code(r.validation());
            statusRaw[p] = dicts[EpisodeField.STATUS.ordinal()].code(r.status());
            durationNs[p] = r.durationNs();
            startNs[p] = r.startNs() == null ? Long.MIN_VALUE : r.startNs();
            // Figures of a run over files that changed since (stale) or of no run describe nothing current.
            boolean scored = "passed".equals(r.validation()) || "soft".equals(r.validation()) || "hard".equals(r.validation());
            quality[p] = figure(scored, r.quality());
            sharpness[p] = figure(scored, r.sharpness());
            exposure[p] = figure(scored, r.exposure());
            dropped[p] = figure(scored, r.dropped());
            return added;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        private static float figure(boolean scored, Double v) {
            return scored && v != null ? v.floatValue() : Float.NaN;
        }

        void remove(long row) {
            Integer p = byRow.get(row);
            if (p != null) removed[p] = true;
        }

        void streams(long row, int count) {
            Integer p = byRow.get(row);
            if (p != null) streams[p] = count;
        }

        void recalled(long row, boolean value) {
            Integer p = byRow.get(row);
            if (p != null) recalled[p] = value;
        }

        void hardFinding(long row, boolean value) {
            Integer p = byRow.get(row);
            if (p != null) hard[p] = value;
        }

        /** @param marks {kind, value (subtask label or failure mode), cluster name} per failure mark and subtask */
        void marks(long row, List<String[]> marks) {
            Integer p = byRow.get(row);
            if (p == null) return;
            java.util.TreeSet<Integer> modes = new java.util.TreeSet<>();
            java.util.TreeSet<Integer> clusters = new java.util.TreeSet<>();
            java.util.TreeSet<Integer> labels = new java.util.TreeSet<>();
            int count = 0;
            for (String[] m : marks) {
                if (m[0].equals(Annotations.FAILURE)) {
                    count++;
                    modes.add(dicts[EpisodeField.FAILURE_MODE.ordinal()].code(m[1] == null || m[1].isBlank() ? UNSPECIFIED : m[1]));
                    if (m[2] != null) clusters.add(dicts[EpisodeField.CLUSTER.ordinal()].code(m[2]));
                } else if (m[1] != null && !m[1].isBlank()) {
                    labels.add(dicts[EpisodeField.SUBTASK.ordinal()].code(m[1]));
                }
            }
            multi[multiIndex(EpisodeField.FAILURE_MODE)][p] = modes.stream().mapToInt(Integer::intValue).toArray();
            multi[multiIndex(EpisodeField.CLUSTER)][p] = clusters.stream().mapToInt(Integer::intValue).toArray();
            multi[multiIndex(EpisodeField.SUBTASK)][p] = labels.stream().mapToInt(Integer::intValue).toArray();
            failures[p] = count;
        }

        /** How the default order of the new snapshot is found. */
        enum Order {
            /** Rows were put in the default order (a full load sorted by SQL). */
            AS_PUT,
            /** No row was added: the old order, without removed rows. */
            KEEP,
            /** Rows were added: sorted again. */
            SORT
        }

        EpisodeSnapshot freeze(Order how) {
            int statusCol = singleIndex(EpisodeField.STATUS);
            int recalledCode = dicts[EpisodeField.STATUS.ordinal()].code("recalled");
            for (int p = 0; p < n; p++) single[statusCol][p] = recalled[p] ? recalledCode : statusRaw[p];
            int[] order;
            if (how == Order.AS_PUT) {
                order = java.util.stream.IntStream.range(0, n).filter(p -> !removed[p]).toArray();
            } else if (how == Order.KEEP && baseOrder != null) {
                order = Arrays.stream(baseOrder).filter(p -> !removed[p]).toArray();
            } else {
                Dict ds = dicts[EpisodeField.DATASET.ordinal()];
                int dsCol = singleIndex(EpisodeField.DATASET);
                order = java.util.stream.IntStream.range(0, n).filter(p -> !removed[p]).boxed()
                        .sorted(Comparator.comparing((Integer p) -> ds.values.get(single[dsCol][p]))
                                .thenComparing(p -> episodeId[p]))
                        .mapToInt(Integer::intValue).toArray();
            }
            return new EpisodeSnapshot(this, order);
        }
    }
}
