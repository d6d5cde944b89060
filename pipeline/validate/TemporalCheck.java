package pipeline.validate;

import java.nio.file.Path;
import pipeline.source.FrameSource;
import pipeline.source.HeaderStamps;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.StreamEntry;
import store.StreamKind;

/**
 * Timestamps strictly increase per stream; clock offsets stay within the profile's limit; no gap between
 * samples is longer than the profile allows; no frames are missing against the declared rate. ROS topics whose
 * messages carry a {@code header.stamp} are checked on that clock as well as on log time (see {@link #rosTopic}).
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
            HeaderStamps.Stamps stamps;
            try {
                stamps = headerStamps(ctx, s);
            } catch (CurioException e) {
                ReadFailures.report(out, Dimension.TEMPORAL, s.name(), e, "cannot read header stamps");
                continue;
            }
            if (stamps != null) {
                rosTopic(ctx, s, stamps, out);
                continue;
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
            if (increasing(s, times, null, "sample", out)) gaps(ctx, s, times, out);
        }
    }

    /** Both clocks of a bag topic whose messages carry a header, or null for any other stream. */
    private static HeaderStamps.Stamps headerStamps(ValidationContext ctx, StreamEntry s) {
        StreamLocator loc = StreamLocator.of(s);
        boolean bag = StreamLocator.MCAP.equals(loc.container()) || StreamLocator.ROSBAG2.equals(loc.container());
        if (!bag || loc.file() == null || !java.nio.file.Files.exists(ctx.datasetRoot().resolve(loc.file()))) return null;
        HeaderStamps.Stamps st = pipeline.source.Placement.cachedStamps(ctx.datasetRoot(), loc, loc.key() != null ? loc.key() : s.topic(),
                ctx.cancel());
        return st == null || st.size() == 0 ? null : st;
    }

    /**
     * A ROS topic is checked on both clocks: its log times and its header stamps must each increase, and they may
     * not drift apart beyond the profile's limit; gaps and dropped frames are judged on the profile's time base.
     */
    private static void rosTopic(ValidationContext ctx, StreamEntry s, HeaderStamps.Stamps st, Findings out) {
        long episodeStart = ctx.episode().startTimeNs() == null ? 0 : ctx.episode().startTimeNs();
        int n = st.size();
        long[] log = new long[n];
        for (int i = 0; i < n; i++) log[i] = st.logNs()[i] - episodeStart + s.clockOffsetNs();
        String topic = s.topic() != null ? s.topic() : s.name();
        boolean logOrdered = increasing(s, log, null, "message", out);
        boolean headerOrdered = headerIncreasing(s, topic, st.headerNs(), log, out);
        long limit = Math.round(ctx.profile().threshold("header_log_max_ms") * 1e6);
        int worst = 0;
        for (int i = 1; i < n; i++) {
            if (Math.abs(st.logNs()[i] - st.headerNs()[i]) > Math.abs(st.logNs()[worst] - st.headerNs()[worst])) worst = i;
        }
        long diff = st.logNs()[worst] - st.headerNs()[worst];
        if (Math.abs(diff) > limit) {
            out.add("temporal.clock_offset", s.name(), log[worst], log[worst], null, topic + ".header.stamp", String.format(
                    "message %d of %s: log time is %+.1f ms from header.stamp, beyond +/-%.0f ms", worst, topic, diff / 1e6,
                    limit / 1e6));
        }
        if (n < 2) return;
        if (ctx.profile().timeBase() == pipeline.source.Placement.TimeBase.HEADER && headerOrdered) {
            long[] header = new long[n];
            for (int i = 0; i < n; i++) header[i] = st.headerNs()[i] - st.headerNs()[0] + log[0];
            gaps(ctx, s, header, out);
        } else if (logOrdered) {
            gaps(ctx, s, log, out);
        }
    }

    /** Every step back of the header stamps, up to a handful, each naming its message. */
    private static boolean headerIncreasing(StreamEntry s, String topic, long[] header, long[] log, Findings out) {
        int backwards = 0;
        for (int i = 1; i < header.length; i++) {
            if (header[i] > header[i - 1]) continue;
            if (++backwards <= MAX_GAP_FINDINGS) {
                out.add("temporal.non_monotonic", s.name(), log[i - 1], log[i], null, topic + ".header.stamp", String.format(
                        "message %d of %s: header.stamp goes back %.1f ms from message %d's", i, topic,
                        (header[i - 1] - header[i]) / 1e6, i - 1));
            }
        }
        if (backwards > MAX_GAP_FINDINGS) {
            out.add("temporal.non_monotonic", s.name(), log[0], log[log.length - 1], null, topic + ".header.stamp",
                    backwards + " messages of " + topic + " have a header.stamp not after the one before; the first "
                            + MAX_GAP_FINDINGS + " are listed");
        }
        return backwards == 0;
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

    /** Whether the times strictly increase; the first place they do not is a finding. */
    private static boolean increasing(StreamEntry s, long[] t, String field, String what, Findings out) {
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                out.add("temporal.non_monotonic", s.name(), t[i - 1], t[i], null, field, String.format(
                        "%s %d at %.6f s does not come after %s %d at %.6f s", what, i, t[i] / 1e9, what, i - 1, t[i - 1] / 1e9));
                return false;
            }
        }
        return true;
    }

    private static void gaps(ValidationContext ctx, StreamEntry s, long[] t, Findings out) {
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
