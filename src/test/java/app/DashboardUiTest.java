package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
import packaging.subset.WhereExpression;
import pipeline.demo.SyntheticCatalog;
import store.Cancellation;
import store.Catalog;
import store.EpisodeField;
import store.EpisodeSnapshot;
import store.EpisodeSummary;
import store.ProgressSink;
import ui.catalog.CatalogViewModel;

/**
 * The dashboard over a generated catalog of 2,000 episodes: its totals and charts match the episode index, clicking a
 * task's bar narrows the catalog table to that task, and clicking a duration bin narrows it further.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardUiTest {
    @TempDir
    static Path home;
    private static String topTask;
    private static int topTaskEpisodes;
    private static String pair;
    private DesktopSession session;

    @BeforeAll
    static void generatedCatalog() {
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            SyntheticCatalog.write(c, 2000, 5, ProgressSink.NONE, Cancellation.NEVER);
            EpisodeSnapshot s = c.index().snapshot();
            EpisodeSnapshot.FacetValue top = s.dashboard(s.all(), 12).groups().get(EpisodeField.TASK).get(0);
            topTask = top.value();
            topTaskEpisodes = top.episodes();
            // One near-duplicate pair, as validation records it for a re-encoded copy.
            String a = s.episodeId(0);
            String b = s.episodeId(1);
            c.nearDuplicates().record(new store.NearDuplicates.Signature(a, "test", s.durationNs(0), "cam_high", 1_000_000_000L,
                    new long[] {1L, 2L}, null, 0, 0, null), java.util.List.of(new store.NearDuplicates.Pair(a, b, 0.97, 0.98, 0.95, 0)),
                    p -> new store.Validations.FindingRow("quality", "quality.near_duplicate", "warn", null, null, null, null, a,
                            "near duplicate of " + a));
            pair = a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
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

    @Test
    void barsAndBinsFilterTheCatalog(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = AppOnStage.awaitEpisodes(robot, 2000);
        robot.clickOn("#tool-dashboard");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#dashboard-task").tryQuery().isPresent());
        Label heading = robot.lookup("#dashboard-heading").query();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !heading.getText().isEmpty());
        assertTrue(heading.getText().startsWith("2000 episodes, ") && heading.getText().endsWith("(the whole catalog)"), heading.getText());
        BarChart<?, ?> tasks = robot.lookup("#dashboard-task").query();
        assertEquals(12, tasks.getData().get(0).getData().size(), "the top 12 of the 40 tasks");
        assertTrue(tasks.getTitle().contains("top 12 of 40"), tasks.getTitle());
        for (String id : new String[] {"#dashboard-robot", "#dashboard-operator", "#dashboard-dataset", "#dashboard-validation",
                "#dashboard-review", "#dashboard-failure_mode", "#dashboard-days", "#dashboard-hist-duration", "#dashboard-hist-quality",
                "#dashboard-hist-sharpness", "#dashboard-hist-exposure", "#dashboard-hist-dropped"}) {
            assertTrue(robot.lookup(id).tryQuery().isPresent(), id);
        }
        TableView<store.NearDuplicates.Pair> near = robot.lookup("#dashboard-near-duplicates").queryTableView();
        assertEquals(1, near.getItems().size());
        assertEquals(pair, near.getItems().get(0).a() + " " + near.getItems().get(0).b());
        assertEquals(0.97, near.getItems().get(0).score(), 1e-9);
        WaitForAsyncUtils.waitForFxEvents();
        Snapshots.save(robot, heading.getScene().getRoot(), "dashboard");

        robot.interact(() -> robot.lookup("#bar-task-" + topTask.replaceAll("[^A-Za-z0-9_-]", "_")).query()
                .fireEvent(click()));
        TextField where = robot.lookup("#catalog-where").query();
        assertEquals("task=\"" + topTask + "\"", where.getText());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == topTaskEpisodes);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> heading.getText().startsWith(topTaskEpisodes + " episodes, "));
        // The first page came with the count; the last row is read when the table scrolls to it.
        List<EpisodeSummary> first = WaitForAsyncUtils.asyncFx(() -> List.copyOf(table.getItems().subList(0, Math.min(200, topTaskEpisodes))))
                .get(5, TimeUnit.SECONDS);
        assertTrue(first.stream().allMatch(e -> topTask.equals(e.task())), first.toString());
        robot.interact(() -> table.scrollTo(topTaskEpisodes - 1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().get(topTaskEpisodes - 1) != CatalogViewModel.LOADING);
        assertEquals(topTask, table.getItems().get(topTaskEpisodes - 1).task());

        robot.interact(() -> robot.lookup("#bin-duration-0").query().fireEvent(click()));
        String narrowed = where.getText();
        assertTrue(narrowed.startsWith("(task=\"" + topTask + "\") and (duration>=0 and duration<"), narrowed);
        int expected;
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            expected = c.index().snapshot().select(WhereExpression.parse(narrowed)).size();
        }
        assertTrue(expected > 0 && expected < topTaskEpisodes, narrowed + ": " + expected);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == expected);
        robot.interact(() -> where.setText(""));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 2000);
    }

    private static javafx.scene.input.MouseEvent click() {
        return new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED, 0, 0, 0, 0,
                javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, true, false, false, null);
    }
}
