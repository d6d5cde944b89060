package ui.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.SyntheticCatalog;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSummary;
import store.ProgressSink;
import ui.BackgroundJobs;

/**
 * A listing counts the catalog and reads its first page in one step off the FX thread; the table's other rows are read
 * a page at a time when asked for. The view-model's executors are stepped by hand, so each step is seen as the table
 * would see it.
 */
class CatalogListingTest {
    @TempDir
    Path dir;

    private final Deque<Runnable> background = new ArrayDeque<>();
    private final Deque<Runnable> fx = new ArrayDeque<>();

    private static void runAll(Deque<Runnable> q) {
        while (!q.isEmpty()) q.poll().run();
    }

    private CatalogViewModel viewModel(Catalog c) {
        Executor bg = background::add;
        Executor ui = fx::add;
        return new CatalogViewModel(c, new BackgroundJobs(bg, ui), bg, ui, dir.resolve("demo"), "test");
    }

    @Test
    void aListingCountsTheCatalogAndReadsOnlyItsFirstPage() {
        int n = CatalogRows.PAGE * 3 + 37;
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            SyntheticCatalog.write(c, n, 7, ProgressSink.NONE, Cancellation.NEVER);
            List<EpisodeSummary> all = c.episodes().list();
            CatalogViewModel vm = viewModel(c);
            vm.refresh();
            assertEquals(-1, vm.listedProperty().get(), "nothing listed before the background step");
            runAll(background);
            assertEquals(1, fx.size(), "one step: the count with the first page");
            fx.poll().run();
            assertEquals(n, vm.rows().size());
            assertEquals(n, vm.listedProperty().get());
            assertEquals(n, vm.totalEpisodesProperty().get());
            assertEquals(CatalogRows.PAGE, vm.rowsHeld(), "only the first page is read");
            assertEquals(all.subList(0, CatalogRows.PAGE), List.copyOf(vm.rows().subList(0, CatalogRows.PAGE)),
                    "the catalog's order: dataset, then id");
            assertEquals(0, vm.rowToSelectProperty().get(), "the first row is selected");

            List<int[]> changes = new ArrayList<>();
            vm.rows().addListener((ListChangeListener<EpisodeSummary>) ch -> {
                while (ch.next()) changes.add(new int[] {ch.getFrom(), ch.getTo(), ch.wasUpdated() ? 1 : 0});
            });
            int past = CatalogRows.PAGE * 2 + 5;
            assertSame(CatalogViewModel.LOADING, vm.rows().get(past), "a row past the first page is read when asked for");
            assertEquals(1, background.size());
            runAll(background);
            runAll(fx);
            assertEquals(all.get(past), vm.rows().get(past));
            assertEquals(CatalogRows.PAGE * 2, vm.rowsHeld());
            assertEquals(1, changes.size());
            assertEquals(1, changes.get(0)[2], "told as an update, which keeps the table's selection");
            assertEquals(CatalogRows.PAGE * 2, changes.get(0)[0]);
            assertEquals(CatalogRows.PAGE * 3, changes.get(0)[1]);
        }
    }

    @Test
    void aSecondListingOvertakesAnOlderOne() {
        int n = CatalogRows.PAGE + 10;
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            SyntheticCatalog.write(c, n, 3, ProgressSink.NONE, Cancellation.NEVER);
            CatalogViewModel vm = viewModel(c);
            vm.refresh();
            vm.refresh();
            runAll(background);
            assertEquals(1, fx.size(), "the listing overtaken before it ran is not run");
            vm.filterTextProperty().set("zzz-no-such-episode");
            runAll(background);
            assertEquals(2, fx.size());
            fx.poll().run();
            assertEquals(-1, vm.listedProperty().get(), "the older listing's rows are dropped");
            runAll(fx);
            assertEquals(0, vm.listedProperty().get());
            assertEquals(0, vm.rows().size());
            assertEquals(n, vm.totalEpisodesProperty().get(), "the catalog's size whatever the filter");
            assertEquals(-1, vm.rowToSelectProperty().get(), "no row to select");
        }
    }

    @Test
    void aSmallCatalogIsListedInOneStep() {
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            SyntheticCatalog.write(c, 12, 5, ProgressSink.NONE, Cancellation.NEVER);
            CatalogViewModel vm = viewModel(c);
            vm.refresh();
            runAll(background);
            assertEquals(1, fx.size());
            runAll(fx);
            assertEquals(12, vm.rows().size());
            assertEquals(c.episodes().list(), List.copyOf(vm.rows()));
            assertTrue(background.isEmpty(), "every row came with the count");
        }
    }
}
