package app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.demo.SyntheticCatalog;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSummary;
import store.ProgressSink;
import ui.catalog.CatalogViewModel;

/**
 * The catalog table over 2,000 episodes, a page of them read at a time: a click on a header sorts in SQL, the count
 * beside the filter says how many pass, and a Ctrl-click selection survives scrolling to rows read later.
 */
@ExtendWith(ApplicationExtension.class)
class CatalogTableUiTest {
    @TempDir
    static Path home;
    private static List<EpisodeSummary> all;
    private DesktopSession session;

    @BeforeAll
    static void generatedCatalog() {
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            SyntheticCatalog.write(c, 2000, 9, ProgressSink.NONE, Cancellation.NEVER);
            all = c.episodes().list();
        }
    }

    @Start
    void start(Stage stage) {
        session = AppOnStage.show(stage, home.resolve("c.db"), home, null);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHeaderClickSortsTheWholeCatalogNotTheRowsRead(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = AppOnStage.awaitEpisodes(robot, 2000);
        Label count = robot.lookup("#catalog-count").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "2000 of 2000".equals(count.getText()));
        List<EpisodeSummary> byDuration = all.stream().sorted(Comparator.comparingDouble(EpisodeSummary::durationS)
                .thenComparing(EpisodeSummary::episodeId)).toList();
        TableColumn<EpisodeSummary, ?> duration = table.getColumns().stream().filter(c -> c.getText().equals("Duration"))
                .findFirst().orElseThrow();
        robot.clickOn(robot.lookup(".column-header").match((javafx.scene.Node n) ->
                n instanceof javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() == duration).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> table.getSortOrder().contains(duration)
                && table.getItems().get(0).equals(byDuration.get(0))));
        robot.interact(() -> table.scrollTo(1999));
        assertEquals(byDuration.get(1999), awaitRow(table, 1999),
                "the longest episode of the catalog is last, though its page was not read when the sort was asked for");

        robot.interact(() -> duration.setSortType(TableColumn.SortType.DESCENDING));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> table.getItems().get(0).equals(byDuration.get(1999))));

        robot.clickOn("#catalog-filter").write("soft");
        long soft = all.stream().filter(e -> String.join(" ", e.episodeId(), e.dataset(), e.format(), e.task(), e.validation(),
                e.review(), e.status()).contains("soft")).count();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> (soft + " of 2000").equals(count.getText()));
        assertEquals(soft, (long) onFx(() -> table.getItems().size()));
    }

    private static EpisodeSummary awaitRow(TableView<EpisodeSummary> table, int row) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> table.getItems().get(row)) != CatalogViewModel.LOADING);
        return onFx(() -> table.getItems().get(row));
    }

    @Test
    void aSelectionSurvivesScrollingToRowsReadLater(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = AppOnStage.awaitEpisodes(robot, 2000);
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 3, 7));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> session.viewModel().selectedIds().size() == 3));
        robot.interact(() -> table.scrollTo(1700));
        awaitRow(table, 1700);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(0, 3, 7), onFx(() -> List.copyOf(table.getSelectionModel().getSelectedIndices())));
        assertEquals(List.of(all.get(0).episodeId(), all.get(3).episodeId(), all.get(7).episodeId()),
                onFx(() -> List.copyOf(session.viewModel().selectedIds())));

        robot.interact(() -> table.getSelectionModel().selectRange(1000, 1600));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> session.viewModel().selectedIds().size() == 603));
        assertEquals(all.get(1599).episodeId(), onFx(() -> session.viewModel().selectedIds().get(602)),
                "rows never read are in the selection by id");
    }
}
