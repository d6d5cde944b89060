package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.source.DemoFixture;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * Real-time play decoded by libVLC: every tile shows libVLC's pictures on the master clock, the frame drawn into
 * each shown picture (the demo's frame code) is the frame master time asks for, the overlay's drift is measured
 * rather than estimated, and pause returns to exact frames. Also with B-frames, where libVLC's first picture
 * after a start is stale and its timestamps skip, at 854x480, whose coded width libVLC reports instead.
 */
@ExtendWith(ApplicationExtension.class)
class VlcPlaybackTest {
    private static final long PLAY_MS = 6000;
    /** Pictures before this are libVLC opening and its offset being pinned (0.4-0.5 s here), not steady play. */
    private static final long WARM_UP_MS = 1000;
    /** The target: one frame, at p95 of every pulse's shown frame after the warm-up. */
    private static final int BOUND_FRAMES = 1;

    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private Stage stage;
    private PlayerView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) WaitForAsyncUtils.waitForAsyncFx(5000, () -> view.close());
        background.shutdownNow();
    }

    @Test
    void vlcPicturesShowTheFrameForMasterTime(FxRobot robot) throws Exception {
        assumeVlc();
        EpisodeDetail e = DemoFixture.richest();
        playAndCheck(robot, e, DemoFixture.datasetRoot(e));
    }

    @Test
    void vlcPicturesShowTheFrameForMasterTimeWithBFramesAndAWidthNotAMultipleOf16(FxRobot robot, @TempDir Path dir) throws Exception {
        assumeVlc();
        Assumptions.assumeTrue(HighResMedia.hasFfmpeg(), "the ffmpeg command re-encodes the demo with B-frames");
        EpisodeDetail e = DemoFixture.richest();
        Path root = DemoFixture.datasetRoot(e);
        List<StreamEntry> cams = PlayerViewTest.videos(e);
        for (StreamEntry cam : cams) {
            Path out = dir.resolve(cam.fileRelPath());
            Files.createDirectories(out.getParent());
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", root.resolve(cam.fileRelPath()).toString(),
                    "-vf", "scale=854:480", "-c:v", "libx264", "-bf", "3", "-g", "60", "-crf", "16", "-pix_fmt", "yuv420p",
                    out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), log);
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=has_b_frames", "-of", "csv=p=0", out.toString()).start();
            String bFrames = new String(probe.getInputStream().readAllBytes()).trim();
            probe.waitFor();
            assertTrue(!bFrames.isEmpty() && !"0".equals(bFrames), "re-encoded with B-frames: " + bFrames);
        }
        EpisodeDetail videosOnly = new EpisodeDetail(e.rowId(), e.summary(), dir.toString(), e.relPath(), e.robot(),
                e.operator(), e.startTimeNs(), e.durationNs(), e.frameCount(), e.manifestJson(),
                e.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).toList(), e.files());
        playAndCheck(robot, videosOnly, dir);
    }

    private static void assumeVlc() {
        if (!VlcEngine.isAvailable()) System.out.println("libVLC not installed: skipping the VLC playback test");
        Assumptions.assumeTrue(VlcEngine.isAvailable(), "libVLC (apt-get install libvlc5 vlc-plugin-base) is needed");
    }

    private void playAndCheck(FxRobot robot, EpisodeDetail e, Path root) throws Exception {
        VlcEngine engine = (VlcEngine) VlcEngine.createOrFallback();
        robot.interact(() -> {
            view = new PlayerView(e, root, background, Platform::runLater, engine);
            stage.setScene(new Scene(view, 1200, 760));
            stage.show();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        assertTrue(view.viewModel().engineProperty().get().startsWith("VLC"));
        assertTrue(view.tiles().stream().allMatch(t -> t.stateProperty().get() == VideoTile.State.FRAME
                || t.stateProperty().get() == VideoTile.State.NO_DATA), "every stream opened");
        List<StreamEntry> cams = PlayerViewTest.videos(e);
        DisplayedDrift displayed = new DisplayedDrift(view, cams, VideoTile::image, WARM_UP_MS);
        robot.interact(() -> view.seek(1_000_000_000L));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        robot.interact(displayed::start);
        robot.interact(() -> view.viewModel().diagnosticsProperty().set(true));
        double rate = Double.parseDouble(System.getProperty("curio.test.playRate", "1"));
        robot.interact(() -> {
            view.viewModel().clock().setRate(rate);
            view.viewModel().clock().play();
        });
        DisplayedDrift.awaitMoving(view);
        Thread.sleep((long) (PLAY_MS / Math.max(1, rate))); // the demo episode is 8 s long
        String overlay = robot.lookup("#player-diagnostics").queryAs(Label.class).getText();
        robot.interact(displayed::stop);
        // After the measurement: a snapshot holds the FX thread for a while, and master time jumps meanwhile.
        PlayerViewTest.snapshot(view, Path.of("target", "vlc-playback-" + e.streams().size() + "-streams.png"));
        robot.interact(() -> {
            for (VideoTile t : view.tiles()) {
                assertTrue(view.viewModel().clock().isPlaying());
                assertTrue(engine.isPlaying(t) && engine.picturesShown(t) > 10, t.streamName() + " shows libVLC's pictures: "
                        + engine.picturesShown(t));
                // The frame libVLC's picture shows is known, so its drift is measured, not estimated.
                assertTrue(overlay.lines().anyMatch(l -> l.startsWith(t.streamName() + " ") && !l.contains("est.")),
                        t.streamName() + " measured in:\n" + overlay);
            }
        });
        double load = DisplayedDrift.loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "VLC playback at %sx (%s), displayed frame vs master after %d ms warm-up: %s;"
                        + " overlay max %.1f ms; max pulse gap %.1f ms; start waited %.0f ms; load %.2f on %d cores%n", rate,
                root.getFileName(), WARM_UP_MS, displayed.summary(), view.maxDriftMillis(), view.maxPulseMillis(),
                view.lastStartHoldMillis(), load, cores);
        assertTrue(displayed.samples() > 0, "the frame code was read from VLC's pictures");
        // Measured p95 0 here at load 1.7-3.3 on 2 cores; a machine busier than its cores gets a looser bound, so
        // that the neighbours' load does not fail the build, while a wrongly pinned or stalled libVLC still does.
        int bound = load < cores ? BOUND_FRAMES : 3 * BOUND_FRAMES;
        assertTrue(displayed.percentile(0.95) <= bound * 1000.0 / 30 + 0.1,
                "95% of displayed frames within " + bound + " frame(s) of master time: " + displayed.summary());
        // A seek back while playing: libVLC starts again there and its pictures take over once pinned.
        long[] before = new long[view.tiles().size()];
        robot.interact(() -> {
            for (int i = 0; i < before.length; i++) before[i] = engine.picturesShown(view.tiles().get(i));
            view.seek(2_000_000_000L);
        });
        Thread.sleep(1500);
        robot.interact(() -> {
            long t = view.viewModel().clock().time();
            for (int i = 0; i < view.tiles().size(); i++) {
                VideoTile tile = view.tiles().get(i);
                int want = PlayerViewTest.expectedFrame(cams.get(i), t);
                assertTrue(engine.picturesShown(tile) > before[i], tile.streamName() + " shows libVLC's pictures after the seek");
                // Two runs, one picture pool: the second takes the first's buffers (a few may be in flight at its stop).
                assertTrue(engine.buffersAllocated(tile) <= VlcEngine.AHEAD + 6,
                        tile.streamName() + " picture buffers " + engine.buffersAllocated(tile));
                int shown = PlayerViewTest.readFrameNumber(tile.image());
                assertTrue(want < 0 || Math.abs(shown - want) <= 1, tile.streamName() + " after the seek: " + shown + " for " + want);
            }
        });
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
