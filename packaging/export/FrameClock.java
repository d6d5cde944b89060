package packaging.export;

import pipeline.source.FrameTimeline;

/**
 * The one frame clock of an export (every format Curio writes has one rate per dataset): the master camera's frames
 * inside a segment define the exported frames; other cameras show their nearest frame at each of those instants and
 * time series are sampled there (held at the first/last sample outside their range).
 */
public final class FrameClock {
    private FrameClock() { }

    /** Episode-clock times of the master frames in {@code [startNs, endNs)}; the first index is {@code firstIndex[0]}. */
    public static long[] masterTimes(FrameTimeline master, long startNs, long endNs, int[] firstIndex) {
        int n = master.frameCount();
        int first = 0;
        while (first < n && master.timeNs(first) < startNs) first++;
        int last = first;
        while (last < n && master.timeNs(last) < endNs) last++;
        long[] out = new long[last - first];
        for (int i = first; i < last; i++) out[i - first] = master.timeNs(i);
        firstIndex[0] = first;
        return out;
    }

    /** Times at a constant {@code fps} from {@code startNs}, for an export without cameras. */
    public static long[] constantTimes(long startNs, long endNs, int fps) {
        int n = (int) Math.max(0, Math.ceil((endNs - startNs) * fps / 1e9 - 1e-9));
        long[] out = new long[n];
        for (int k = 0; k < n; k++) out[k] = startNs + Math.round(k * 1e9 / fps);
        return out;
    }

    /** The frame of {@code t} whose time is nearest to {@code tNs}, clamped to the stream's frames. */
    public static int nearest(FrameTimeline t, long tNs) {
        int n = t.frameCount();
        if (n == 0) return -1;
        if (tNs <= t.timeNs(0)) return 0;
        if (tNs >= t.timeNs(n - 1)) return n - 1;
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (t.timeNs(mid) <= tNs) lo = mid; else hi = mid;
        }
        return tNs - t.timeNs(lo) <= t.timeNs(hi) - tNs ? lo : hi;
    }

    /**
     * Linear interpolation of one channel at {@code tNs}; {@code cursor[0]} is advanced monotonically so a
     * segment's frames cost one pass over the samples.
     */
    public static double interpolate(long[] times, double[] values, long tNs, int[] cursor) {
        int n = times.length;
        if (n == 0) return Double.NaN;
        if (tNs <= times[0]) return values[0];
        if (tNs >= times[n - 1]) return values[n - 1];
        int i = Math.max(0, Math.min(cursor[0], n - 2));
        while (i > 0 && times[i] > tNs) i--;
        while (i + 1 < n - 1 && times[i + 1] <= tNs) i++;
        cursor[0] = i;
        long t0 = times[i];
        long t1 = times[i + 1];
        if (t1 == t0) return values[i + 1];
        double f = (tNs - t0) / (double) (t1 - t0);
        return values[i] + (values[i + 1] - values[i]) * f;
    }

    /**
     * The latest sample at or before {@code tNs} (the first sample before the series starts), for commands and
     * flags that hold their value until the next one; {@code cursor} advances as in {@link #interpolate}.
     */
    public static double hold(long[] times, double[] values, long tNs, int[] cursor) {
        int n = times.length;
        if (n == 0) return Double.NaN;
        if (tNs <= times[0]) return values[0];
        int i = Math.max(0, Math.min(cursor[0], n - 1));
        while (i > 0 && times[i] > tNs) i--;
        while (i + 1 < n && times[i + 1] <= tNs) i++;
        cursor[0] = i;
        return values[i];
    }
}
