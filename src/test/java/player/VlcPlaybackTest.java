package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.source.DemoFixture;
import store.EpisodeDetail;

/** Real-time play through libVLC: frames arrive in every tile, the displayed drift is measured, pause returns to exact frames. */
@ExtendWith(ApplicationExtension.class)
class VlcPlaybackTest {
    private PlayerView view;
    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newFixedThreadPool(2);

    @Start
    void start(Stage stage) {
        if (!VlcEngine.isAvailable()) return;
        EpisodeDetail e = DemoFixture.richest();
        view = new PlayerView(e, DemoFixture.datasetRoot(e), background, Platform::runLater, VlcEngine.createOrFallback());
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) WaitForAsyncUtils.waitForAsyncFx(5000, () -> view.close());
        background.shutdownNow();
    }

    private static final long PLAY_MS = 6000;
    /** Pictures before this are libVLC opening and its offset being pinned, not steady playback. */
    private static final long WARM_UP_MS = 1000;
    /**
     * A regression bound, not the one frame: at 1x the displayed frame was p95 one frame off (median 0 or
     * one behind, depending on the run), at 2x p95 two frames, at 4x 4-6 frames behind (README, Player playback).
     */
    private static final int BOUND_FRAMES = 2;

    @Test
    void vlcPlaysEveryMp4TileWithinAFrameOfMasterTime(FxRobot robot) throws Exception {
        if (!VlcEngine.isAvailable()) System.out.println("libVLC not installed: skipping the VLC playback test");
        Assumptions.assumeTrue(VlcEngine.isAvailable());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        assertTrue(view.viewModel().engineProperty().get().startsWith("VLC"));
        var cams = PlayerViewTest.videos(DemoFixture.richest());
        DisplayedDrift displayed = new DisplayedDrift(view, cams, VideoTile::image, WARM_UP_MS);
        robot.interact(() -> view.seek(1_000_000_000L));
        robot.interact(displayed::start);
        robot.interact(() -> view.viewModel().diagnosticsProperty().set(true));
        double rate = Double.parseDouble(System.getProperty("curio.test.playRate", "1"));
        robot.interact(() -> {
            view.viewModel().clock().setRate(rate);
            view.viewModel().clock().play();
        });
        Thread.sleep((long) (PLAY_MS / Math.max(1, rate))); // the demo episode is 8 s long
        String overlay = robot.lookup("#player-diagnostics").queryAs(javafx.scene.control.Label.class).getText();
        robot.interact(() -> {
            for (VideoTile t : view.tiles()) {
                // The frame libVLC's picture shows is known, so its drift is measured, not estimated.
                assertTrue(overlay.lines().anyMatch(l -> l.startsWith(t.streamName() + " ") && l.contains("frame)")
                                && !l.contains("est.")), t.streamName() + " measured in:\n" + overlay);
                assertTrue(view.viewModel().clock().isPlaying());
            }
        });
        robot.interact(displayed::stop);
        System.out.println(overlay);
        double load = DisplayedDrift.loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "VLC playback at " + rate + "x, displayed frame vs master after %d ms warm-up: %s;"
                        + " engine's own estimate max %.1f ms; max pulse gap %.1f ms; load %.2f on %d cores%n",
                WARM_UP_MS, displayed.summary(), view.maxDriftMillis(), view.maxPulseMillis(), load, cores);
        assertTrue(displayed.samples() > 0, "the frame code was read from VLC's pictures");
        // Timing on a shared, loaded machine says more about the neighbours than about the engine.
        if (load < cores) {
            assertTrue(displayed.percentile(0.95) <= BOUND_FRAMES * 1000.0 / 30 + 0.1,
                    "95% of displayed frames within " + BOUND_FRAMES + " frames of master time");
        } else {
            System.out.println("load " + load + " >= " + cores + " cores: displayed drift printed, not asserted");
        }
        robot.interact(() -> view.viewModel().clock().pause());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        robot.interact(() -> {
            long t = view.viewModel().clock().time();
            for (int i = 0; i < view.tiles().size(); i++) {
                VideoTile tile = view.tiles().get(i);
                int want = PlayerViewTest.expectedFrame(cams.get(i), t);
                if (want >= 0) assertEquals(want, PlayerViewTest.readFrameNumber(tile.image()), tile.streamName());
            }
        });
    }
}
