package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.source.DemoFixture;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * Speed, printed rather than asserted (timings depend on the machine): open-to-first-frames, the longest
 * FX pulse while scrubbing for 10 s, and drift while JavaCV plays, on four 640x360 H.264 streams (the demo), four
 * 1280x720 AV1 streams and three 1920x1080 H.264 streams with B-frames ({@link HighResMedia}). What is asserted
 * is that the frames are still right afterwards.
 */
@ExtendWith(ApplicationExtension.class)
class PlayerBenchTest {
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private PlayerView view;
    private EpisodeDetail episode;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) WaitForAsyncUtils.waitForAsyncFx(5000, () -> view.close());
        background.shutdownNow();
    }

    private void open(FxRobot robot, EpisodeDetail e, java.nio.file.Path root) {
        open(robot, e, root, PlaybackEngine.NONE);
    }

    private void open(FxRobot robot, EpisodeDetail e, java.nio.file.Path root, PlaybackEngine engine) {
        episode = e;
        robot.interact(() -> {
            view = new PlayerView(episode, root, background, Platform::runLater, engine);
            stage.setScene(new Scene(view, 1200, 760));
            stage.show();
        });
    }

    @Test
    void scrubFourDemoStreamsAndPlay(FxRobot robot) throws Exception {
        EpisodeDetail e = DemoFixture.richest();
        List<StreamEntry> streams = new ArrayList<>(e.streams());
        StreamEntry cam = e.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).findFirst().orElseThrow();
        // A fourth camera: the overview file again on a shifted clock, so four decoders run.
        streams.add(new StreamEntry("cam_extra", cam.kind(), null, cam.fileRelPath(), cam.rateHz(), cam.width(),
                cam.height(), cam.encoding(), cam.startNs(), cam.endNs(), 12_345_678L, cam.frameCount(), null, null,
                cam.extraJson()));
        open(robot, new EpisodeDetail(e.rowId(), e.summary(), e.datasetRoot(), e.relPath(), e.robot(), e.operator(),
                e.startTimeNs(), e.durationNs(), e.frameCount(), e.manifestJson(), streams, e.files()), DemoFixture.datasetRoot(e));
        scrubAndPlay(robot, "640x360 H.264");
    }

    @Test
    void scrubFour720pAv1StreamsAndPlay(FxRobot robot) throws Exception {
        HighResMedia.Set media = HighResMedia.av1x4();
        open(robot, media.episode(), media.root());
        scrubAndPlay(robot, "1280x720 AV1");
    }

    @Test
    void scrubThree1080pH264StreamsAndPlay(FxRobot robot) throws Exception {
        HighResMedia.Set media = HighResMedia.h264x3();
        open(robot, media.episode(), media.root());
        scrubAndPlay(robot, "1920x1080 H.264 with B-frames");
    }

    @Test
    void vlcPlaysFour720pAv1Streams(FxRobot robot) throws Exception {
        HighResMedia.Set media = HighResMedia.av1x4();
        vlcPlay(robot, media, "1280x720 AV1");
    }

    @Test
    void vlcPlaysThree1080pH264Streams(FxRobot robot) throws Exception {
        HighResMedia.Set media = HighResMedia.h264x3();
        vlcPlay(robot, media, "1920x1080 H.264 with B-frames");
    }

    /**
     * Plays 6 s at 1x from 1 s with libVLC and prints the frame each tile shows against master time (read out of the
     * picture), from the first second on and from the third on: libVLC's start (opening, the exact decoders'
     * reference frames, pinning) is what takes long at these sizes on two cores.
     */
    private void vlcPlay(FxRobot robot, HighResMedia.Set media, String label) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(VlcEngine.isAvailable(), "libVLC (apt-get install libvlc5 vlc-plugin-base) is needed");
        PlaybackEngine engine = VlcEngine.createOrFallback();
        open(robot, media.episode(), media.root(), engine);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        List<StreamEntry> cams = PlayerViewTest.videos(episode);
        DisplayedDrift fromFirst = new DisplayedDrift(view, cams, VideoTile::image, 1000);
        DisplayedDrift fromThird = new DisplayedDrift(view, cams, VideoTile::image, 3000);
        robot.interact(() -> view.seek(1_000_000_000L));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        robot.interact(() -> {
            view.resetPulseStats();
            fromFirst.start();
            fromThird.start();
            view.viewModel().clock().play();
        });
        DisplayedDrift.awaitMoving(view);
        Thread.sleep(6000);
        double[] pulse = new double[1];
        List<String> byExactDecoders = new java.util.ArrayList<>();
        robot.interact(() -> {
            fromFirst.stop();
            fromThird.stop();
            pulse[0] = view.maxPulseMillis();
            for (VideoTile t : view.tiles()) {
                String why = engine.drawnByExactDecoders(t);
                if (why != null) byExactDecoders.add(t.streamName() + ": " + why);
            }
            view.viewModel().clock().pause();
        });
        System.out.printf(java.util.Locale.ROOT, "BENCH %s, libVLC at 1x, %d streams: shown vs master after 1 s: %s; after 3 s: %s;"
                + " max FX pulse gap %.1f ms; drawn by the exact decoders: %s; start waited %.0f ms; load %.2f%n", label, cams.size(),
                fromFirst.summary(), fromThird.summary(), pulse[0], byExactDecoders, view.lastStartHoldMillis(),
                DisplayedDrift.loadAverage());
        assertTrue(fromFirst.samples() > 0, "the frame code was read from the shown pictures");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        assertFramesExact();
    }

    private void scrubAndPlay(FxRobot robot, String media) throws Exception {
        int streams = PlayerViewTest.videos(episode).size();
        assertEquals(streams, view.tiles().size());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.openMillisProperty().get() >= 0);
        long openMs = view.openMillisProperty().get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);

        // Every gap, not only the longest: one collector pause makes the maximum, the distribution shows the rest.
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        AnimationTimer gapTimer = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) gaps.add(now - last);
                last = now;
            }
        };
        robot.interact(() -> {
            view.resetPulseStats();
            gapTimer.start();
        });
        Random r = new Random(1);
        long end = System.nanoTime() + 10_000_000_000L;
        long seeks = 0;
        long t = view.viewModel().clock().start();
        long span = view.viewModel().clock().end() - t;
        while (System.nanoTime() < end) {
            // A drag: mostly small moves, sometimes a jump, about one mouse event per 16 ms.
            long next = r.nextInt(10) == 0 ? view.viewModel().clock().start() + (long) (r.nextDouble() * span)
                    : view.viewModel().clock().time() + (long) ((r.nextDouble() - 0.4) * 150_000_000L);
            long target = next;
            Platform.runLater(() -> view.seek(target));
            seeks++;
            Thread.sleep(16);
        }
        double[] pulse = new double[1];
        robot.interact(() -> {
            pulse[0] = view.maxPulseMillis();
            gapTimer.stop();
        });
        long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH %s pulse gaps: %d pulses, p50 %.1f ms, p99 %.1f ms, max %.1f ms, over 50 ms: %d%n",
                media, sorted.length, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, Arrays.stream(sorted).filter(g -> g > 50_000_000L).count());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        assertFramesExact();

        robot.interact(() -> {
            view.seek(1_000_000_000L);
            view.viewModel().clock().play();
        });
        Thread.sleep(3000);
        double[] drift = new double[1];
        robot.interact(() -> {
            drift[0] = view.maxDriftMillis();
            view.viewModel().clock().pause();
        });
        System.out.printf(java.util.Locale.ROOT, "BENCH %s open-to-first-frames %d ms (%d streams); scrub 10 s, %d seeks:"
                + " max FX pulse gap %.1f ms; JavaCV play 3 s: max drift %.1f ms; load %.2f%n", media, openMs, streams, seeks,
                pulse[0], drift[0], DisplayedDrift.loadAverage());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::settled);
        assertFramesExact();
    }

    private void assertFramesExact() throws Exception {
        List<String> bad = new ArrayList<>();
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> {
            long t = view.viewModel().clock().time();
            List<StreamEntry> cams = PlayerViewTest.videos(episode);
            for (int i = 0; i < cams.size(); i++) {
                int want = PlayerViewTest.expectedFrame(cams.get(i), t);
                VideoTile tile = view.tiles().get(i);
                int got = want < 0 ? -1 : PlayerViewTest.readFrameNumber(tile.image());
                if (want >= 0 && got != want) bad.add(tile.streamName() + " want " + want + " got " + got);
                if (want < 0 && tile.stateProperty().get() != VideoTile.State.NO_DATA) bad.add(tile.streamName() + " not no-data");
            }
        });
        assertTrue(bad.isEmpty(), String.join("; ", bad));
    }
}
