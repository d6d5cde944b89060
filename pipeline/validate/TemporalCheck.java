package pipeline.validate;

import java.nio.file.Path;
import pipeline.source.FrameSource;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.StreamEntry;
import store.StreamKind;

/**
 * Timestamps strictly increase per stream; clock offsets stay within the profile's limit; no gap between
 * samples is longer than the profile allows; no frames are missing against the declared rate.
 */
final class TemporalCheck implements Check {
    /** A long run of gaps is one finding per stream, not hundreds. */
    private static final int MAX_GAP_FINDINGS = 5;

    @Override
    public Dimension dimension() {
        return Dimension.TEMPORAL;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        long maxOffset = Math.round(ctx.profile().threshold("clock_offset_max_ms") * 1e6);
        for (StreamEntry s : ctx.episode().streams()) {
            ctx.cancel().check();
            if (Math.abs(s.clockOffsetNs()) > maxOffset) {
                out.stream("temporal.clock_offset", s.name(), null, null, String.format(
                        "clock offset %+.1f ms exceeds +/-%.0f ms", s.clockOffsetNs() / 1e6, maxOffset / 1e6));
            }
            if (!MediaFiles.readable(ctx, s)) continue;
            long[] times;
            try {
                times = timestamps(ctx, s);
            } catch (CurioException e) {
                ReadFailures.report(out, Dimension.TEMPORAL, s.name(), e, "cannot read timestamps");
                continue;
            }
            if (times == null || times.length < 2) continue;
            checkOrderAndGaps(ctx, s, times, out);
        }
    }

    /** Own timestamps (ns) of a stream's samples; null where the stream kind has none to check. */
    private static long[] timestamps(ValidationContext ctx, StreamEntry s) {
        StreamLocator loc = StreamLocator.of(s);
        Path root = ctx.datasetRoot();
        if (s.kind() == StreamKind.VIDEO || s.kind() == StreamKind.DEPTH) {
            if (loc.container().equals(StreamLocator.MP4)) {
                return VideoTimestamps.read(root.resolve(loc.file()), loc.file(), loc.fromS(), loc.toS());
            }
            // TFDS steps carry no time: their frames are placed at a nominal rate, nothing to check.
            if (loc.container().equals(StreamLocator.TFRECORD)) return null;
            try (FrameSource src = Sources.open(root, ctx.episode(), s)) {
                long[] t = new long[src.frameCount()];
                for (int i = 0; i < t.length; i++) t[i] = src.timeline().timeNs(i);
                return t;
            }
        }
        if (s.kind() == StreamKind.TIMESERIES) {
            SeriesData d = Sources.openSeries(root, ctx.episode(), s, ctx.cancel());
            return d.stride() == 1 ? d.timesNs() : null;
        }
        return null;
    }

    private static void checkOrderAndGaps(ValidationContext ctx, StreamEntry s, long[] t, Findings out) {
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                out.stream("temporal.non_monotonic", s.name(), t[i - 1], t[i], String.format(
                        "sample %d at %.6f s does not come after sample %d at %.6f s", i, t[i] / 1e9, i - 1, t[i - 1] / 1e9));
                return;
            }
        }
        if (s.rateHz() == null || s.rateHz() <= 0) return;
        double period = 1e9 / s.rateHz();
        double factor = ctx.profile().threshold("frame_gap_factor");
        int gaps = 0;
        long missing = 0;
        for (int i = 1; i < t.length; i++) {
            long gap = t[i] - t[i - 1];
            if (gap > factor * period) {
                missing += Math.round(gap / period) - 1;
                if (gaps++ < MAX_GAP_FINDINGS) {
                    out.stream("temporal.frame_gap", s.name(), t[i - 1], t[i], String.format(
                            "%.1f ms between samples %d and %d, the rate implies %.1f ms", gap / 1e6, i - 1, i, period / 1e6));
                }
            }
        }
        long span = t[t.length - 1] - t[0];
        long expected = Math.round(span / period) + 1;
        double ratio = ctx.profile().threshold("dropped_frames_max_ratio");
        long dropped = Math.max(missing, expected - t.length);
        if (dropped > 0 && dropped > ratio * expected) {
            out.stream("temporal.dropped_frames", s.name(), t[0], t[t.length - 1], String.format(
                    "%d of %d expected samples missing at %.3g Hz", dropped, expected, s.rateHz()));
        }
    }
}
