package ui.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.SyntheticCatalog;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;
import ui.BackgroundJobs;

/**
 * A large catalog is listed in two steps: its first rows straight from SQL, with the total known, then every row. The
 * view-model's executors are stepped by hand, so each step is seen as the table would see it.
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
    void aLargeCatalogShowsItsFirstRowsWhileTheRestAreRead() {
        int n = CatalogViewModel.FIRST_PAGE * 2 + 37;
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            SyntheticCatalog.write(c, n, 7, ProgressSink.NONE, Cancellation.NEVER);
            CatalogViewModel vm = viewModel(c);
            vm.refresh();
            runAll(background);
            assertEquals(2, fx.size(), "one step for the first rows, one for all");

            fx.poll().run();
            assertEquals(CatalogViewModel.FIRST_PAGE, vm.allEpisodes().size());
            assertEquals(n, vm.totalEpisodesProperty().get());
            assertFalse(vm.completeProperty().get());
            assertEquals(CatalogViewModel.FIRST_PAGE, vm.listedProperty().get());
            var first = vm.allEpisodes().get(0).episodeId();

            fx.poll().run();
            assertEquals(n, vm.allEpisodes().size());
            assertTrue(vm.completeProperty().get());
            assertEquals(n, vm.listedProperty().get());
            assertEquals(first, vm.allEpisodes().get(0).episodeId(), "the first rows are the full list's first rows");
        }
    }

    @Test
    void aSecondListingOvertakesAnOlderOnesLateRows() {
        int n = CatalogViewModel.FIRST_PAGE + 10;
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            SyntheticCatalog.write(c, n, 3, ProgressSink.NONE, Cancellation.NEVER);
            CatalogViewModel vm = viewModel(c);
            vm.refresh();
            runAll(background);
            vm.refresh();
            runAll(background);
            assertEquals(4, fx.size());
            fx.poll().run();
            fx.poll().run();
            assertEquals(-1, vm.listedProperty().get(), "the older listing's rows are dropped");
            runAll(fx);
            assertEquals(n, vm.allEpisodes().size());
            assertTrue(vm.completeProperty().get());
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
            assertEquals(12, vm.allEpisodes().size());
            assertTrue(vm.completeProperty().get());
        }
    }
}
