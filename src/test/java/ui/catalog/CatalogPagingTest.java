package ui.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.SyntheticCatalog;
import store.Cancellation;
import store.Catalog;
import store.EpisodeField;
import store.EpisodeSummary;
import store.ProgressSink;
import store.TableSearch;
import ui.BackgroundJobs;

/**
 * The catalog table on a few thousand episodes, read as the table reads it: a page at a time. The view-model never
 * holds more than its few pages, and what it lists under the search field, the state filter, a where expression and
 * a sort is what a plain pass over every row computes.
 */
class CatalogPagingTest {
    private static final int EPISODES = 3000;
    private static final int BOUND = CatalogRows.KEPT_PAGES * CatalogRows.PAGE;

    @TempDir
    static Path dir;
    private static Catalog catalog;
    /** Every row, in the catalog's default order: the reference the listings are checked against. */
    private static List<EpisodeSummary> all;

    private final Deque<Runnable> background = new ArrayDeque<>();
    private final Deque<Runnable> fx = new ArrayDeque<>();
    private CatalogViewModel vm;
    private int mostHeld;

    @BeforeAll
    static void build() {
        catalog = Catalog.open(dir.resolve("c.db"));
        SyntheticCatalog.write(catalog, EPISODES, 21, ProgressSink.NONE, Cancellation.NEVER);
        List<String> ids = catalog.episodes().list().stream().map(EpisodeSummary::episodeId).toList();
        catalog.recalls().add("rc-1", List.of(ids.get(3), ids.get(1234), ids.get(2999)), "consent withdrawn", "t", 1L, "{}");
        all = catalog.episodes().list();
    }

    @AfterAll
    static void close() {
        catalog.close();
    }

    @BeforeEach
    void listed() {
        Executor bg = background::add;
        Executor ui = fx::add;
        vm = new CatalogViewModel(catalog, new BackgroundJobs(bg, ui), bg, ui, dir.resolve("demo"), "test");
        vm.refresh();
        settle();
        assertEquals(EPISODES, vm.rows().size());
    }

    /** Runs the background work and what it hands to the FX thread until both are idle. */
    private void settle() {
        while (!background.isEmpty() || !fx.isEmpty()) {
            while (!background.isEmpty()) background.poll().run();
            mostHeld = Math.max(mostHeld, vm.rowsHeld());
            while (!fx.isEmpty()) fx.poll().run();
            mostHeld = Math.max(mostHeld, vm.rowsHeld());
        }
    }

    /** Every row of the table, read as scrolling through it reads them: each page asked for as it comes on screen. */
    private List<EpisodeSummary> scrollThrough() {
        List<EpisodeSummary> out = new ArrayList<>();
        for (int i = 0; i < vm.rows().size(); i++) {
            EpisodeSummary row = vm.rows().get(i);
            if (row == CatalogViewModel.LOADING) {
                settle();
                row = vm.rows().get(i);
            }
            out.add(row);
            mostHeld = Math.max(mostHeld, vm.rowsHeld());
        }
        return out;
    }

    private static List<EpisodeSummary> where(Predicate<EpisodeSummary> p) {
        return all.stream().filter(p).toList();
    }

    @Test
    void scrollingThroughTheWholeCatalogHoldsOnlyAFewPages() {
        assertEquals(all, scrollThrough());
        assertTrue(mostHeld <= BOUND, "held " + mostHeld + " rows of " + EPISODES);
        assertEquals(BOUND, vm.rowsHeld(), "the last pages read are kept");
    }

    @Test
    void theSearchFieldListsWhatTheTableMatchedInMemory() {
        vm.filterTextProperty().set("Cube SOFT");
        settle();
        List<EpisodeSummary> expected = where(TableSearch.matching("Cube SOFT"));
        assertTrue(expected.size() > CatalogRows.PAGE, "a filter of more than a page: " + expected.size());
        assertEquals(expected.size(), vm.listedProperty().get());
        assertEquals(EPISODES, vm.totalEpisodesProperty().get());
        assertEquals(expected, scrollThrough());
    }

    @Test
    void theStateFilterListsWhatItsStateSays() {
        vm.stateFilterProperty().set(StateFilter.SOFT);
        settle();
        assertEquals(where(e -> e.validation().equals("soft")), scrollThrough());
        vm.stateFilterProperty().set(StateFilter.REVIEW_QUEUE);
        settle();
        assertEquals(where(e -> e.review().equals("needs-review")), scrollThrough());
        vm.stateFilterProperty().set(StateFilter.UNVALIDATED);
        settle();
        assertEquals(where(e -> e.validation().equals("unvalidated") || e.validation().equals("stale")), scrollThrough());
        vm.stateFilterProperty().set(StateFilter.RECALLED);
        settle();
        List<EpisodeSummary> recalled = where(e -> e.status().equals("recalled"));
        assertEquals(3, recalled.size());
        assertEquals(recalled, scrollThrough());
        assertTrue(mostHeld <= BOUND);
    }

    @Test
    void aWhereExpressionNarrowsTheListingAndOneThatCannotBeReadLeavesItAsItWas() {
        vm.whereFilterProperty().set("review=accept and duration>30");
        settle();
        List<EpisodeSummary> expected = where(e -> e.review().equals("accept") && e.durationS() > 30);
        assertTrue(expected.size() > CatalogRows.PAGE);
        assertEquals(expected, scrollThrough());
        vm.whereFilterProperty().set("review=accept and duration>");
        settle();
        assertTrue(!vm.whereErrorProperty().get().isEmpty());
        assertEquals(expected.size(), vm.rows().size(), "the last expression that could be read still filters");
        vm.refineWhere("validation=passed");
        assertEquals("(review=accept and duration>) and validation=passed", vm.whereFilterProperty().get());
        vm.whereFilterProperty().set("");
        settle();
        assertEquals("", vm.whereErrorProperty().get());
        assertEquals(EPISODES, vm.rows().size());
    }

    @Test
    void aSortIsDoneInSqlWithTheIdBreakingTies() {
        vm.filterTextProperty().set("lab");
        vm.sortBy(EpisodeField.DURATION, false);
        settle();
        List<EpisodeSummary> expected = where(TableSearch.matching("lab")).stream()
                .sorted(Comparator.comparingDouble(EpisodeSummary::durationS).thenComparing(EpisodeSummary::episodeId).reversed())
                .toList();
        assertEquals(expected, scrollThrough());
        vm.sortBy(EpisodeField.TASK, true);
        settle();
        assertEquals(expected.stream().sorted(Comparator.comparing(EpisodeSummary::task).thenComparing(EpisodeSummary::episodeId))
                .toList(), scrollThrough());
        vm.sortBy(null, true);
        settle();
        assertEquals(where(TableSearch.matching("lab")), scrollThrough());
        assertTrue(mostHeld <= BOUND);
    }

    @Test
    void aRowPastTheFirstPageAppearsWhenItsPageIsRead() {
        int row = 2345;
        assertSame(CatalogViewModel.LOADING, vm.rows().get(row));
        vm.focusRow(row);
        assertNull(vm.selectedProperty().get(), "nothing to show until the row is read");
        settle();
        assertEquals(all.get(row), vm.rows().get(row));
        assertEquals(all.get(row), vm.selectedProperty().get(), "the focused row, once read, is the selected episode");
    }

    @Test
    void theSelectionIsEpisodeIdsEvenForRowsNotRead() {
        List<Integer> rows = new ArrayList<>(List.of(1, 2));
        for (int i = 1000; i < 2500; i++) rows.add(i);
        vm.selectRows(rows);
        assertTrue(vm.selectedIds().isEmpty(), "rows not read are looked up off the FX thread");
        settle();
        List<String> expected = new ArrayList<>();
        for (int i : rows) expected.add(all.get(i).episodeId());
        assertEquals(expected, vm.selectedIds());
        assertTrue(mostHeld <= BOUND, "looked up as ids, not as rows");
        vm.selectRows(List.of(0, 5));
        assertEquals(List.of(all.get(0).episodeId(), all.get(5).episodeId()), vm.selectedIds(), "rows held: at once");

        List<List<String>> filtered = new ArrayList<>();
        vm.stateFilterProperty().set(StateFilter.HARD);
        settle();
        vm.filteredIds(filtered::add);
        settle();
        assertEquals(where(e -> e.validation().equals("hard")).stream().map(EpisodeSummary::episodeId).toList(), filtered.get(0));
    }

    @Test
    void aNewListingKeepsTheSelectedEpisodeWhereverItNowIs() {
        vm.focusRow(0);
        EpisodeSummary chosen = all.get(1500);
        vm.filterTextProperty().set(chosen.episodeId());
        settle();
        assertEquals(0, vm.rowToSelectProperty().get(), "the episode selected before is filtered out: the first row");
        vm.focusRow(0);
        assertEquals(chosen, vm.selectedProperty().get());
        settle();
        assertEquals(chosen.episodeId(), vm.detailProperty().get().summary().episodeId(), "its details are read");
        vm.filterTextProperty().set("");
        background.poll().run();
        fx.poll().run();
        assertEquals(EPISODES, vm.rows().size());
        assertEquals(-1, vm.rowToSelectProperty().get(), "the table has its rows before the selected one is found");
        settle();
        assertEquals(1500, vm.rowToSelectProperty().get(), "the episode selected before, at its row in the whole catalog");
    }
}
