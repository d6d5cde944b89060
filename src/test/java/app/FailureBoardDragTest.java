package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
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
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Annotations;
import store.Cancellation;
import store.Catalog;
import store.FailureBoard;
import store.ProgressSink;
import ui.board.FailureBoardViewModel;

/**
 * Dropping marks on the failure-cluster board: the selection's drag payload dropped on a cluster moves those marks
 * into it, a drop on "(unclustered)" takes a mark out of every cluster, and text dragged in from elsewhere is refused;
 * the catalog holds each move.
 */
@ExtendWith(ApplicationExtension.class)
class FailureBoardDragTest {
    @TempDir
    static Path home;
    private DesktopSession session;

    @BeforeAll
    static void marks() {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("demo"), 2, 5),
                ProgressSink.NONE, Cancellation.NEVER);
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            for (var g : generated) {
                long d = c.episodes().find(g.episodeId()).orElseThrow().durationNs();
                for (double at : new double[] {0.2, 0.5, 0.8}) c.annotations().addRange(g.episodeId(),
                        new Annotations.Range(0, Annotations.FAILURE, (long) (d * at), (long) (d * at), null, null, null, "collision", null), "t");
            }
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

    private static Map<String, Integer> counts(ListView<FailureBoardViewModel.Group> groups) {
        Map<String, Integer> out = new java.util.HashMap<>();
        groups.getItems().forEach(g -> out.put(g.name(), g.marks()));
        return out;
    }

    @Test
    void marksDraggedOntoAClusterMoveIntoIt(FxRobot robot) throws Exception {
        AppOnStage.awaitEpisodes(robot, 2);
        robot.clickOn("#tool-failure-board");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#board-clusters").tryQuery().isPresent());
        ListView<FailureBoardViewModel.Group> groups = robot.lookup("#board-clusters").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups.getItems().size() == 1);
        robot.clickOn("#board-new");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane .text-field").tryQuery().isPresent());
        TextField name = robot.lookup(".dialog-pane .text-field").query();
        robot.interact(() -> name.setText("dragged"));
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> counts(groups).equals(Map.of("dragged", 0, "(unclustered)", 6)));
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream().filter(g -> g.cluster() == null).findFirst().orElseThrow()));
        TableView<FailureBoard.Mark> marks = robot.lookup("#board-marks").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> marks.getItems().size() == 6);
        // The selection's payload dropped on a cluster moves those marks into it.
        List<Long> moved = java.util.stream.Stream.of(marks.getItems().get(1).id(), marks.getItems().get(3).id()).sorted().toList();
        robot.interact(() -> {
            marks.getSelectionModel().clearSelection();
            marks.getSelectionModel().select(1);
            marks.getSelectionModel().select(3);
        });
        String payload = FailureBoardViewModel.dragPayload(List.copyOf(marks.getSelectionModel().getSelectedItems()));
        assertEquals(moved, FailureBoardViewModel.markIdsOf(payload).stream().sorted().toList(), "the payload names the selected marks");
        assertEquals(TransferMode.MOVE, drop(robot, cell(robot, "dragged"), payload), "marks are accepted as a move");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> counts(groups).equals(Map.of("dragged", 2, "(unclustered)", 4)));
        assertEquals(moved, clustered());

        // Text dragged in from elsewhere is refused and moves nothing.
        assertNull(drop(robot, cell(robot, "dragged"), "not marks"), "other text is not accepted");
        assertNull(drop(robot, cell(robot, "dragged"), "12,x"), "a malformed payload is not accepted");

        // Dropped on "(unclustered)", a mark leaves every cluster.
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream().filter(g -> g.cluster() != null).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> marks.getItems().stream().map(FailureBoard.Mark::id).sorted().toList().equals(moved));
        long out = marks.getItems().get(0).id();
        assertEquals(TransferMode.MOVE, drop(robot, cell(robot, "(unclustered)"), FailureBoardViewModel.dragPayload(List.of(marks.getItems().get(0)))));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> counts(groups).equals(Map.of("dragged", 1, "(unclustered)", 5)));
        assertEquals(moved.stream().filter(id -> id != out).toList(), clustered());
    }

    /**
     * A drag of {@code payload} over {@code target} and dropped there, through the cell's own DRAG_OVER and
     * DRAG_DROPPED handlers; returns the transfer mode the target accepted (null: refused). The headless toolkit
     * has no native drag session to carry a drag from the marks table, and one left open disturbs the next test, so
     * the dragboard is made by hand as the table row makes it.
     */
    private static TransferMode drop(FxRobot robot, Node target, String payload) {
        TransferMode[] accepted = new TransferMode[1];
        robot.interact(() -> {
            Dragboard board = IngestPanelTest.dragboard(TransferMode.MOVE);
            board.setContent(Map.of(DataFormat.PLAIN_TEXT, payload));
            DragEvent over = IngestPanelTest.drag(target, DragEvent.DRAG_OVER, board, TransferMode.MOVE);
            Event.fireEvent(target, over);
            accepted[0] = over.getAcceptedTransferMode();
            if (accepted[0] != null) Event.fireEvent(target, IngestPanelTest.drag(target, DragEvent.DRAG_DROPPED, board, TransferMode.MOVE));
        });
        return accepted[0];
    }

    private static Node cell(FxRobot robot, String group) {
        return robot.lookup("#board-clusters .list-cell").match((ListCell<FailureBoardViewModel.Group> c) ->
                c.getItem() != null && group.equals(c.getItem().name())).query();
    }

    private static List<Long> clustered() {
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            return c.failureBoard().marks().stream().filter(m -> m.clusterId() != null).map(FailureBoard.Mark::id).sorted().toList();
        }
    }
}
