package ui.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.source.DemoFixture;
import player.VideoTile;
import store.Annotations.Range;
import store.Annotations.Snapshot;
import store.Catalog;
import timeline.TimelineFixture;
import timeline.TimelineView;
import timeline.TimelineViewModel;
import timeline.Tracks;
import ui.Settings;

/**
 * The annotator's workflow in a real window: every kind of annotation made by keyboard and by mouse, undone and
 * redone, the review decided; then the window is closed and a new one on the same catalog shows the same timeline.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-bg");
        t.setDaemon(true);
        return t;
    });
    private Catalog catalog;
    private PlayerWindows windows;
    private String episodeId;

    @Start
    void start(Stage stage) {
        // The workbench opens its own window, as from the catalog.
    }

    @AfterEach
    void close() throws Exception {
        WorkbenchWindows.hideAll();
        background.shutdownNow();
        if (catalog != null) catalog.close();
    }

    @Test
    void annotateByKeyboardAndMouseUndoRedoAndFindItAllAfterReopening(FxRobot robot) throws Exception {
        catalog = Catalog.open(TimelineFixture.catalogCopy(dir));
        episodeId = DemoFixture.richest().summary().episodeId();
        Settings settings = new Settings(dir.resolve("settings.properties"));
        settings.put(PlayerWindows.REVIEWER, "ada");
        windows = new PlayerWindows(background, Platform::runLater, settings);
        EpisodeWorkbench bench = openAndWait(robot);
        TimelineViewModel vm = bench.timelineViewModel();
        TimelineView tl = bench.timeline();

        // Keyboard: trim with I / O / Enter.
        seek(robot, bench, 1_000_000_000L);
        robot.type(KeyCode.I);
        seek(robot, bench, 3_000_000_000L);
        robot.type(KeyCode.O);
        robot.type(KeyCode.ENTER);
        saved(vm);
        assertEquals(1, vm.rangesOf(Tracks.TRIM).size(), vm.statusProperty().get());
        // Tab to subtasks, then a subtask by keyboard.
        robot.type(KeyCode.TAB);
        saved(vm);
        assertEquals(Tracks.SUBTASK, vm.activeTrackProperty().get());
        seek(robot, bench, 500_000_000L);
        robot.type(KeyCode.I);
        seek(robot, bench, 2_500_000_000L);
        robot.type(KeyCode.O);
        robot.type(KeyCode.ENTER);
        saved(vm);
        assertEquals(1, vm.rangesOf(Tracks.SUBTASK).size());
        // M: a failure point.
        seek(robot, bench, 2_000_000_000L);
        robot.type(KeyCode.M);
        saved(vm);
        assertEquals(1, vm.rangesOf(Tracks.FAILURE).size());
        // Enter on a blur track: a keyframe at the playhead.
        robot.type(KeyCode.TAB);
        robot.type(KeyCode.TAB);
        saved(vm);
        assertTrue(Tracks.isRedaction(vm.activeTrackProperty().get()), vm.activeTrackProperty().get());
        robot.type(KeyCode.ENTER);
        saved(vm);
        assertEquals(1, vm.redactions().size());

        // Mouse: drag a subtask on its row, a range failure on the failure row, a box on a video tile.
        drag(robot, tl, tl.xFor(4_000_000_000L), tl.xFor(6_000_000_000L), tl.rowCentre(Tracks.SUBTASK));
        saved(vm);
        assertEquals(2, vm.rangesOf(Tracks.SUBTASK).size(), vm.statusProperty().get());
        drag(robot, tl, tl.xFor(5_000_000_000L), tl.xFor(5_600_000_000L), tl.rowCentre(Tracks.FAILURE));
        saved(vm);
        assertEquals(2, vm.rangesOf(Tracks.FAILURE).size());
        VideoTile tile = bench.player().tiles().get(0);
        seek(robot, bench, 2_500_000_000L);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> tile.stateProperty().get() == VideoTile.State.FRAME);
        Point2D a = tile.localToScreen(tile.getWidth() * 0.3, tile.getHeight() * 0.3);
        Point2D b = tile.localToScreen(tile.getWidth() * 0.6, tile.getHeight() * 0.7);
        robot.moveTo(a).press(MouseButton.PRIMARY).moveTo(b).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        saved(vm);
        assertTrue(vm.trackFor(tile.streamName()).isPresent(), "drawing on " + tile.streamName() + " made a keyframe");
        // Mouse: drag the trim's end edge to 3.5 s.
        Range trim = vm.rangesOf(Tracks.TRIM).get(0);
        drag(robot, tl, tl.xFor(trim.endNs()) - 1, tl.xFor(3_500_000_000L), tl.rowCentre(Tracks.TRIM));
        saved(vm);
        assertEquals(3_500_000_000L, vm.rangesOf(Tracks.TRIM).get(0).endNs(), 80_000_000L, "end moved, snapped to a frame");

        // S splits the selected trim; Delete removes a part; undo / redo by keyboard.
        robot.clickOn(tl.localToScreen(tl.xFor(1_200_000_000L), tl.rowCentre(Tracks.TRIM)));
        seek(robot, bench, 2_000_000_000L);
        robot.type(KeyCode.S);
        saved(vm);
        assertEquals(2, vm.rangesOf(Tracks.TRIM).size());
        robot.type(KeyCode.DELETE);
        saved(vm);
        assertEquals(1, vm.rangesOf(Tracks.TRIM).size());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        saved(vm);
        assertEquals(2, vm.rangesOf(Tracks.TRIM).size(), "undo brings the deleted part back");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        saved(vm);
        assertEquals(1, vm.rangesOf(Tracks.TRIM).size(), "undo joins the split");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        saved(vm);
        assertEquals(2, vm.rangesOf(Tracks.TRIM).size(), "redo splits again");

        // Review: needs-review with a note, by the reviewer from the settings.
        robot.clickOn("#review-note").write("check the slip");
        robot.clickOn("#review-needs-review");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !bench.review().saving());
        assertEquals("needs-review", catalog.episodes().find(episodeId).orElseThrow().summary().review());
        assertEquals("ada", catalog.annotations().reviewHistory(episodeId).get(0).reviewer());
        assertEquals("check the slip", catalog.annotations().reviewHistory(episodeId).get(0).note());

        Snapshot before = catalog.annotations().load(episodeId);
        assertEquals(before.ranges(), List.copyOf(vm.ranges()), "the view shows what the catalog holds");
        snapshot(bench, Path.of("target/timeline-screenshot.png"));

        robot.interact(() -> bench.getScene().getWindow().hide());
        EpisodeWorkbench again = openAndWait(robot);
        assertTrue(again != bench);
        assertEquals(before.ranges(), List.copyOf(again.timelineViewModel().ranges()));
        assertEquals(before.redactions(), List.copyOf(again.timelineViewModel().redactions()));
        assertEquals("needs-review", again.review().decisionProperty().get());
    }

    private EpisodeWorkbench openAndWait(FxRobot robot) throws Exception {
        robot.interact(() -> windows.open(catalog, episodeId, null, msg -> { throw new AssertionError(msg); }));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WorkbenchWindows.showing() != null);
        EpisodeWorkbench bench = WorkbenchWindows.showing();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> bench.player().tiles().stream()
                .allMatch(t -> t.stateProperty().get() == VideoTile.State.FRAME || t.stateProperty().get() == VideoTile.State.NO_DATA));
        robot.interact(() -> bench.timeline().requestFocus());
        return bench;
    }


    /** Edits are written on a background thread: waits until the last one is written and shown. */
    private static void saved(TimelineViewModel vm) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.saving());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void seek(FxRobot robot, EpisodeWorkbench bench, long ns) {
        robot.interact(() -> bench.player().seek(ns));
    }

    private static void drag(FxRobot robot, TimelineView tl, double x0, double x1, double y) {
        robot.moveTo(tl.localToScreen(x0, y)).press(MouseButton.PRIMARY).moveTo(tl.localToScreen((x0 + x1) / 2, y))
                .moveTo(tl.localToScreen(x1, y)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void snapshot(EpisodeWorkbench bench, Path out) throws Exception {
        Files.createDirectories(out.getParent());
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> img[0] = bench.getScene().snapshot(null));
        assertNotNull(img[0]);
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.toFile());
    }
}
