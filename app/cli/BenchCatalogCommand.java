package app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import packaging.subset.CatalogBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import store.Cancellation;
import store.CurioException;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"Build a synthetic catalog of N episodes (datasets, tasks, robots, operators, validation findings, "
                + "QC figures, reviews, subtasks, failure marks and clusters; no media) and time opening it, a fixed set of "
                + "typical filters, the subset builder's facet counts and the dashboard's aggregates.",
                "JSON: {\"episodes\",\"open_ms\",\"filter_p95_ms\",\"table_filter_p95_ms\",\"facets_ms\",\"dashboard_ms\", ...}"})
final class BenchCatalogCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--episodes", defaultValue = "100000", paramLabel = "N", description = "episodes (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--keep", paramLabel = "FILE", description = "write the catalog here and keep it; when FILE exists, measure "
            + "it as it is instead of building one (default: a temporary file, deleted after)")
    Path keep;

    @Override
    public Integer call() throws Exception {
        CurioCli root = bench.root;
        if (episodes < 1) throw new CurioException("bench.bad_size", null, "--episodes", "--episodes must be at least 1");
        Path dir = keep == null ? Files.createTempDirectory("curio-bench-catalog-") : null;
        Path file = keep != null ? keep : dir.resolve("catalog.db");
        try {
            CatalogBench.Result r = keep != null && Files.exists(keep) ? CatalogBench.measure(keep, Double.NaN)
                    : CatalogBench.run(file, episodes, seed, Output.progress(root.context()), Cancellation.NEVER);
            if (root.json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("episodes", r.episodes());
                doc.put("open_ms", r.openMs());
                doc.put("filter_p95_ms", r.filterP95Ms());
                doc.put("facets_ms", r.facetsMs());
                doc.put("dashboard_ms", r.dashboardMs());
                doc.put("first_page_ms", r.firstPageMs());
                doc.put("filter_median_ms", r.filterMedianMs());
                doc.put("table_filter_p95_ms", r.tableP95Ms());
                doc.put("table_filter_median_ms", r.tableMedianMs());
                if (!Double.isNaN(r.buildS())) doc.put("build_s", r.buildS());
                doc.put("index_heap_mb", r.indexHeapMb());
                Output.printJson(root.context().out(), doc);
            } else {
                root.context().out().printf("%d episodes (built in %.1f s): first page %.1f ms, open with index %.1f ms, filter p95 %.1f ms (median %.1f), "
                                + "table filter p95 %.1f ms (median %.1f), facets %.1f ms, dashboard %.1f ms; index %.1f MB of heap%n", r.episodes(),
                        r.buildS(), r.firstPageMs(), r.openMs(), r.filterP95Ms(), r.filterMedianMs(), r.tableP95Ms(), r.tableMedianMs(),
                        r.facetsMs(), r.dashboardMs(), r.indexHeapMb());
                root.context().out().flush();
            }
            return ExitCodes.OK;
        } finally {
            if (dir != null) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }
}
