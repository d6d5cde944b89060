package packaging.subset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pipeline.demo.SyntheticCatalog;
import store.Cancellation;
import store.Catalog;
import store.Condition;
import store.EpisodeField;
import store.EpisodeListing;
import store.EpisodeSnapshot;
import store.ProgressSink;

/**
 * Times what the catalog view, the subset builder and the dashboard ask of a large catalog: opening it and listing
 * the first page, a fixed set of typical filters (each with its count, hours and first page) in the episode index and
 * as the catalog table lists them in SQL, the builder's facet counts and the dashboard's aggregates.
 * {@code curio bench catalog} prints the result.
 */
public final class CatalogBench {
    /** The filters a data lead typically types or clicks, in the where language, with the column sorted by (or none). */
    static final List<String[]> FILTERS = List.of(
            new String[] {"", null},
            new String[] {"review=accept", null},
            new String[] {"review=accept and validation!=hard and duration>10", "duration"},
            new String[] {"task~\"red cube\" and (robot=arm6-0411 or robot=arm6-0412)", null},
            new String[] {"failures>0 and failure_mode=collision", "date"},
            new String[] {"quality>=0.6 and sharpness>40 and exposure<0.1", "quality"},
            new String[] {"date>=2026-07-01 and date<2026-08-01 and operator=op-07", null},
            new String[] {"subtask=grasp and not cluster~shelf and review!=reject", "task"},
            new String[] {"dataset=lab-b-aloha and dropped<0.01 and validation=passed", null},
            new String[] {"id~syn_00012", "id"});
    /** Words typed in the catalog table's search field: a task word, a state, an id prefix, a miss, two terms. */
    static final List<String> SEARCHES = List.of("cube", "soft", "syn_0001", "zzz", "lab a");
    /** The facets the builder counts. */
    public static final List<EpisodeField> FACETS = List.of(EpisodeField.DATASET, EpisodeField.TASK, EpisodeField.ROBOT,
            EpisodeField.OPERATOR, EpisodeField.REVIEW, EpisodeField.VALIDATION, EpisodeField.FAILURE_MODE,
            EpisodeField.CLUSTER, EpisodeField.SUBTASK);
    private static final int PAGE = 40;
    /** A page of the catalog table. */
    private static final int TABLE_PAGE = 200;
    private static final int RUNS = 20;
    /** The columns the catalog table sorts by. */
    private static final Set<EpisodeField> TABLE_COLUMNS = Set.of(EpisodeField.ID, EpisodeField.DATASET, EpisodeField.TASK,
            EpisodeField.DURATION, EpisodeField.STREAMS, EpisodeField.VALIDATION, EpisodeField.REVIEW, EpisodeField.STATUS);

    /**
     * @param buildS         how long writing the synthetic catalog took
     * @param firstPageMs    opening the catalog, counting it and reading the table's first page from SQL (what the app
     *                       shows first)
     * @param openMs         opening the catalog, loading the index and listing the first page from it
     * @param filterP95Ms    95th percentile of a filter with its count, hours and first page
     * @param tableP95Ms     95th percentile of the catalog table's listing in SQL (count and first page) under the
     *                       filters, sorted where the table has the column, and under typed searches
     * @param facetsMs       median of the builder's facet counts under a filter with two facet selections
     * @param dashboardMs    median of the dashboard's aggregates over a filter and over everything
     * @param indexHeapMb    heap the loaded index takes
     */
    public record Result(int episodes, double buildS, double firstPageMs, double openMs, double filterP95Ms, double filterMedianMs,
                         double tableP95Ms, double tableMedianMs, double facetsMs, double dashboardMs, double indexHeapMb) { }

    private CatalogBench() { }

    /** Writes a synthetic catalog of {@code episodes} at {@code file} (which must not exist) and measures it. */
    public static Result run(Path file, int episodes, long seed, ProgressSink progress, Cancellation cancel) {
        long t0 = System.nanoTime();
        try (Catalog c = Catalog.open(file)) {
            SyntheticCatalog.write(c, episodes, seed, progress, cancel);
        }
        double buildS = (System.nanoTime() - t0) / 1e9;
        return measure(file, buildS);
    }

    public static Result measure(Path file, double buildS) {
        long before = usedHeap();
        long t0 = System.nanoTime();
        try (Catalog c = Catalog.open(file)) {
            EpisodeListing listing = c.episodes().listing(Condition.ALL, null, true);
            listing.count();
            listing.page(0, TABLE_PAGE);
            double firstPageMs = (System.nanoTime() - t0) / 1e6;
            EpisodeSnapshot s = c.index().snapshot();
            page(s.all());
            double openMs = (System.nanoTime() - t0) / 1e6;
            long heap = usedHeap() - before;
            List<Double> filters = new ArrayList<>();
            for (int run = -1; run < RUNS; run++) {
                for (String[] f : FILTERS) {
                    long start = System.nanoTime();
                    EpisodeSnapshot snap = c.index().snapshot();
                    EpisodeSnapshot.Selection sel = snap.select(WhereExpression.parse(f[0]));
                    if (f[1] != null) sel = snap.sorted(sel, EpisodeField.byWhereName(f[1]), false);
                    page(sel);
                    if (run >= 0) filters.add((System.nanoTime() - start) / 1e6);
                }
            }
            List<Double> table = new ArrayList<>();
            List<Condition> tableFilters = new ArrayList<>();
            List<EpisodeField> tableSorts = new ArrayList<>();
            for (String[] f : FILTERS) {
                tableFilters.add(WhereExpression.parse(f[0]));
                EpisodeField sort = f[1] == null ? null : EpisodeField.byWhereName(f[1]);
                tableSorts.add(sort != null && TABLE_COLUMNS.contains(sort) ? sort : null);
            }
            for (String text : SEARCHES) {
                tableFilters.add(new Condition.Text(text));
                tableSorts.add(null);
            }
            for (int run = -1; run < RUNS; run++) {
                for (int i = 0; i < tableFilters.size(); i++) {
                    long start = System.nanoTime();
                    EpisodeListing l = c.episodes().listing(tableFilters.get(i), tableSorts.get(i), false);
                    l.count();
                    l.page(0, TABLE_PAGE);
                    if (run >= 0) table.add((System.nanoTime() - start) / 1e6);
                }
            }
            List<Double> facets = new ArrayList<>();
            Condition base = WhereExpression.parse("validation!=hard and duration>5");
            for (int run = -1; run < RUNS; run++) {
                long start = System.nanoTime();
                EpisodeSnapshot snap = c.index().snapshot();
                List<String> tasks = snap.distinct(EpisodeField.TASK);
                Map<EpisodeField, Condition> selections = Map.of(
                        EpisodeField.TASK, new Condition.In(EpisodeField.TASK, Set.copyOf(tasks.subList(0, Math.min(3, tasks.size())))),
                        EpisodeField.REVIEW, new Condition.In(EpisodeField.REVIEW, Set.of("accept")));
                snap.facets(base, selections, FACETS);
                if (run >= 0) facets.add((System.nanoTime() - start) / 1e6);
            }
            List<Double> dashboards = new ArrayList<>();
            for (int run = -1; run < RUNS; run++) {
                long start = System.nanoTime();
                EpisodeSnapshot snap = c.index().snapshot();
                snap.dashboard(snap.all(), 20);
                snap.dashboard(snap.select(WhereExpression.parse("review=accept and task~cube")), 20);
                if (run >= 0) dashboards.add((System.nanoTime() - start) / 1e6 / 2);
            }
            return new Result(s.rows(), round(buildS), round(firstPageMs), round(openMs), round(percentile(filters, 0.95)),
                    round(percentile(filters, 0.5)), round(percentile(table, 0.95)), round(percentile(table, 0.5)),
                    round(percentile(facets, 0.5)), round(percentile(dashboards, 0.5)), round(heap / 1048576.0));
        }
    }

    private static void page(EpisodeSnapshot.Selection sel) {
        for (int i = 0; i < Math.min(PAGE, sel.size()); i++) sel.summary(i);
        sel.hours();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    static double percentile(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) return 0;
        return v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1)];
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }
}
