package player;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import store.StreamEntry;

/**
 * Every pulse while playing, the frame number drawn into each tile's shown picture (the demo's pixel code)
 * against the frame master time asks for: the drift a viewer sees, independent of what the engine believes.
 * Pulses in the first {@code warmUpMs} of play are skipped: they show players opening, not steady play.
 */
final class DisplayedDrift extends AnimationTimer {
    private final PlayerView view;
    private final List<StreamEntry> cams;
    private final Function<VideoTile, Image> shownImage;
    private final long warmUpNs;
    private final List<Double> millis = new ArrayList<>();
    /** Shown minus wanted: negative is behind master. */
    private final List<Double> signed = new ArrayList<>();
    private long startedAt;

    DisplayedDrift(PlayerView view, List<StreamEntry> cams, Function<VideoTile, Image> shownImage, long warmUpMs) {
        this.view = view;
        this.cams = cams;
        this.shownImage = shownImage;
        this.warmUpNs = warmUpMs * 1_000_000L;
    }

    @Override
    public void handle(long now) {
        // Held at a start, master waits for the pictures: the drift counts from when it moves.
        if (!view.viewModel().clock().isPlaying() || view.viewModel().clock().isHeld()) return;
        if (startedAt == 0) startedAt = now;
        if (now - startedAt < warmUpNs) return;
        long master = view.viewModel().clock().time();
        for (int i = 0; i < view.tiles().size(); i++) {
            if (!(shownImage.apply(view.tiles().get(i)) instanceof WritableImage img)) continue;
            int want = PlayerViewTest.expectedFrame(cams.get(i), master);
            int shown = PlayerViewTest.readFrameNumber(img);
            if (want >= 0 && shown >= 0) {
                double d = (shown - want) * 1000.0 / cams.get(i).rateHz();
                millis.add(Math.abs(d));
                signed.add(d);
            }
        }
    }

    int samples() {
        return millis.size();
    }

    /** Quantile {@code q} of |shown - wanted| in ms. */
    double percentile(double q) {
        return percentile(millis, q);
    }

    String summary() {
        return String.format(Locale.ROOT, "%d samples, median %.1f ms, p95 %.1f ms, max %.1f ms;"
                        + " signed (shown - master) p5 %.1f / median %.1f / p95 %.1f ms",
                samples(), percentile(0.5), percentile(0.95), percentile(1.0),
                percentile(signed, 0.05), percentile(signed, 0.5), percentile(signed, 0.95));
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    /** Waits until a start has stopped holding master for the streams' first pictures. */
    static void awaitMoving(PlayerView view) throws java.util.concurrent.TimeoutException {
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> org.testfx.util.WaitForAsyncUtils
                .asyncFx(() -> !view.viewModel().clock().isHeld()).get());
    }

    /** One-minute load average, 0 where /proc is absent: printed with every timing so it can be judged. */
    static double loadAverage() throws java.io.IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.isReadable(p) ? Double.parseDouble(Files.readString(p).split(" ")[0]) : 0;
    }
}
