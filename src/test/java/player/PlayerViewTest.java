package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.demo.FrameCode;
import pipeline.source.DemoFixture;
import pipeline.source.StreamLocator;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * The player shows, in every tile, exactly the frame master time asks for: checked by reading the frame
 * number the demo generator drew into each frame back out of the tile's image.
 */
@ExtendWith(ApplicationExtension.class)
class PlayerViewTest {
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-bg");
        t.setDaemon(true);
        return t;
    });
    private EpisodeDetail episode;
    private PlayerView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        episode = DemoFixture.richest();
        show(episode);
    }

    private void show(EpisodeDetail e) {
        if (view != null) view.close();
        view = new PlayerView(e, DemoFixture.datasetRoot(e), background, Platform::runLater, PlaybackEngine.NONE);
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
        view.requestFocus();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> view.close());
        background.shutdownNow();
    }

    @Test
    void everyTileShowsTheFrameForMasterTimeAfterSeeksStepsAndPlay(FxRobot robot) throws Exception {
        assertEquals(3, view.tiles().size(), "the richest demo episode has three cameras");
        awaitSettled();
        assertTrue(view.openMillisProperty().get() >= 0, "open time measured");
        assertFramesMatchMaster();

        StreamEntry wrist = videos(episode).get(1);
        long wristFirst = wrist.startNs() + wrist.clockOffsetNs();
        long[] seeks = {wristFirst - 50_000_000L, wristFirst, wristFirst + 1, 1_234_567_890L,
                        episode.durationNs() / 2, wrist.endNs() + wrist.clockOffsetNs() + 5_000_000L, 400_000_000L};
        for (long t : seeks) {
            robot.interact(() -> view.seek(t));
            awaitSettled();
            assertFramesMatchMaster();
        }
        robot.interact(() -> view.seek(wristFirst - 10_000_000L));
        awaitSettled();
        assertTrue(view.tiles().stream().anyMatch(t -> t.stateProperty().get() == VideoTile.State.NO_DATA),
                "a wrist camera has not started yet");

        robot.interact(() -> view.seek(2_000_000_000L));
        int before = view.viewModel().referenceFrame();
        for (int i = 0; i < 4; i++) {
            robot.type(KeyCode.RIGHT);
            awaitSettled();
            assertFramesMatchMaster();
        }
        assertEquals(before + 4, view.viewModel().referenceFrame(), "Right steps one reference frame");
        robot.type(KeyCode.LEFT);
        awaitSettled();
        assertFramesMatchMaster();
        assertEquals(before + 3, view.viewModel().referenceFrame());

        robot.type(KeyCode.SPACE);
        assertTrue(view.viewModel().clock().isPlaying());
        long t0 = view.viewModel().clock().time();
        Thread.sleep(700);
        robot.type(KeyCode.SPACE);
        assertTrue(!view.viewModel().clock().isPlaying());
        assertTrue(view.viewModel().clock().time() > t0 + 300_000_000L, "played at least 0.3 s in 0.7 s");
        awaitSettled();
        assertFramesMatchMaster();

        robot.type(KeyCode.END);
        awaitSettled();
        assertFramesMatchMaster();
        robot.type(KeyCode.HOME);
        awaitSettled();
        assertFramesMatchMaster();
        assertEquals(view.viewModel().clock().start(), view.viewModel().clock().time());
        snapshot(Path.of("target/player-screenshot.png"));
    }

    @Test
    void plotCursorFollowsThePlayheadAndClickingSeeks(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !view.plots().plot(PlotsPane.Group.POSITIONS).curves().isEmpty());
        SeriesPlot positions = view.plots().plot(PlotsPane.Group.POSITIONS);
        assertEquals(6, positions.curves().size(), "joint_1..6; the gripper has its own plot");
        assertEquals(2, view.plots().plot(PlotsPane.Group.GRIPPER).curves().size(), "gripper state and command");
        assertTrue(view.plots().plot(PlotsPane.Group.ACTIONS).curves().size() >= 6);
        // Joint positions show by default, alone, with room; a toggle in the bar adds another plot beside it.
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(positions.getScene() != null && view.plots().plot(PlotsPane.Group.VELOCITIES).getScene() == null);
        robot.interact(() -> view.plots().toggle(PlotsPane.Group.VELOCITIES).fire());
        WaitForAsyncUtils.waitForFxEvents();
        SeriesPlot velocities = view.plots().plot(PlotsPane.Group.VELOCITIES);
        assertTrue(velocities.getScene() != null, "the toggle shows the velocity plot");
        assertTrue(positions.getHeight() >= 64 && velocities.getHeight() >= 64,
                "each shown plot keeps room for its legend band and traces: " + positions.getHeight() + ", " + velocities.getHeight());
        robot.interact(() -> view.seek(3_000_000_000L));
        WaitForAsyncUtils.waitForFxEvents();
        for (PlotsPane.Group g : PlotsPane.Group.values()) {
            SeriesPlot p = view.plots().plot(g);
            if (p.getScene() == null) continue;
            assertEquals(p.xFor(view.viewModel().clock().time()), p.cursorX(), 1.0, g + " cursor at the playhead");
        }
        javafx.geometry.Bounds b = positions.localToScreen(positions.getBoundsInLocal());
        double x = b.getMinX() + b.getWidth() * 0.75;
        robot.clickOn(x, b.getMinY() + b.getHeight() / 2);
        WaitForAsyncUtils.waitForFxEvents();
        long expected = positions.timeAt(x - b.getMinX());
        assertEquals(expected, view.viewModel().clock().time(), 2e7, "clicking the plot seeks");
        assertEquals(positions.xFor(view.viewModel().clock().time()), positions.cursorX(), 1.0);
        awaitSettled();
        assertFramesMatchMaster();
    }

    @Test
    void missingAndCorruptStreamsShowErrorTilesWhileTheOthersPlay(FxRobot robot) throws Exception {
        Path root = DemoFixture.datasetRoot(episode);
        Path corrupt = root.resolve("corrupt-" + System.nanoTime() + ".mp4");
        Files.write(corrupt, "not a video at all".getBytes());
        List<StreamEntry> streams = new ArrayList<>();
        int cams = 0;
        for (StreamEntry s : episode.streams()) {
            if (s.kind() == StreamKind.VIDEO && cams == 1) s = withFile(s, "gone/missing.mp4");
            else if (s.kind() == StreamKind.VIDEO && cams == 2) s = withFile(s, root.relativize(corrupt).toString());
            if (s.kind() == StreamKind.VIDEO) cams++;
            streams.add(s);
        }
        EpisodeDetail broken = new EpisodeDetail(episode.rowId(), episode.summary(), episode.datasetRoot(),
                episode.relPath(), episode.robot(), episode.operator(), episode.startTimeNs(), episode.durationNs(),
                episode.frameCount(), episode.manifestJson(), streams, episode.files());
        robot.interact(() -> show(broken));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.tiles().stream()
                .filter(t -> t.stateProperty().get() == VideoTile.State.ERROR).count() == 2);
        assertTrue(view.tiles().get(1).overlayText().contains("source.missing_file"), view.tiles().get(1).overlayText());
        assertTrue(view.tiles().get(1).overlayText().contains("gone/missing.mp4"));
        assertTrue(view.tiles().get(2).overlayText().contains("source.unreadable"), view.tiles().get(2).overlayText());
        episode = broken;
        awaitSettled();
        assertFramesMatchMaster();
        robot.type(KeyCode.RIGHT);
        awaitSettled();
        assertFramesMatchMaster();
        Files.deleteIfExists(corrupt);
    }

    private void awaitSettled() throws TimeoutException {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            boolean[] ok = new boolean[1];
            WaitForAsyncUtils.waitForAsyncFx(5000, () -> ok[0] = view.settled());
            return ok[0];
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Each tile's picture carries the frame the stream's timestamps and clock offset say master time shows. */
    private void assertFramesMatchMaster() throws Exception {
        List<String> problems = new ArrayList<>();
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> {
            long t = view.viewModel().clock().time();
            List<StreamEntry> cams = videos(episode);
            for (int i = 0; i < view.tiles().size(); i++) {
                VideoTile tile = view.tiles().get(i);
                if (tile.stateProperty().get() == VideoTile.State.ERROR) continue;
                int want = expectedFrame(cams.get(i), t);
                if (want < 0) {
                    if (tile.stateProperty().get() != VideoTile.State.NO_DATA) {
                        problems.add(tile.streamName() + " at " + t + ": expected no data, is " + tile.stateProperty().get());
                    }
                    continue;
                }
                int shown = readFrameNumber(tile.image());
                if (shown != want || tile.stateProperty().get() != VideoTile.State.FRAME) {
                    problems.add(tile.streamName() + " at " + t + ": expected frame " + want + ", image shows " + shown
                            + " (" + tile.stateProperty().get() + ")");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Latest frame n with start + offset + round(n/fps) at or before t, computed from the catalog alone. */
    static int expectedFrame(StreamEntry s, long t) {
        double fps = s.rateHz();
        long rel = t - s.startNs() - s.clockOffsetNs();
        if (rel < 0) return -1;
        long n = (long) Math.floor(rel * fps / 1e9);
        if (Math.round((n + 1) * 1e9 / fps) <= rel) n++;
        while (n > 0 && Math.round(n * 1e9 / fps) > rel) n--;
        long last = s.frameCount() - 1;
        if (n > last && rel >= Math.round(last * 1e9 / fps) + Math.round(1e9 / fps)) return -1;
        return (int) Math.min(n, last);
    }

    static int readFrameNumber(WritableImage img) {
        if (img == null) return -2;
        PixelReader r = img.getPixelReader();
        return FrameCode.read((x, y) -> FrameCode.luma(r.getArgb(x, y)), (int) img.getWidth(), (int) img.getHeight());
    }

    static List<StreamEntry> videos(EpisodeDetail e) {
        return e.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO || s.kind() == StreamKind.DEPTH).toList();
    }

    private static StreamEntry withFile(StreamEntry s, String rel) {
        return new StreamEntry(s.name(), s.kind(), s.topic(), rel, s.rateHz(), s.width(), s.height(), s.encoding(),
                s.startNs(), s.endNs(), s.clockOffsetNs(), s.frameCount(), s.jointNames(), s.jointLimits(),
                StreamLocator.mp4(rel).toExtraJson());
    }

    private void snapshot(Path out) throws Exception {
        snapshot(view, out);
    }

    /** The scene with the diagnostics overlay on, as a PNG to look at. */
    static void snapshot(PlayerView view, Path out) throws Exception {
        Files.createDirectories(out.getParent());
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> {
            view.viewModel().diagnosticsProperty().set(true);
            img[0] = view.getScene().snapshot(null);
        });
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
