package pipeline.source;

import java.util.Arrays;
import store.CurioException;

/**
 * When each frame of a stream is shown, on the episode clock. A frame is on screen from its own timestamp
 * until the next frame's; the last one for one nominal frame period, after which the stream has ended.
 */
public final class FrameTimeline {
    private final long[] episodeNs;
    private final long periodNs;

    /**
     * @param episodeNs non-decreasing frame times on the episode clock (clock offset already applied)
     * @param periodNs  how long the last frame stays on screen
     */
    public FrameTimeline(long[] episodeNs, long periodNs) {
        this.episodeNs = episodeNs;
        this.periodNs = Math.max(1, periodNs);
    }

    /** Frames at a constant rate: frame n at {@code firstNs + round(n * 1e9 / fps)}. */
    public static FrameTimeline constantRate(int frames, double fps, long firstNs) {
        long[] t = new long[Math.max(0, frames)];
        for (int i = 0; i < t.length; i++) t[i] = firstNs + Math.round(i * 1e9 / fps);
        return new FrameTimeline(t, Math.round(1e9 / fps));
    }

    /** Frames at measured times; the last frame lasts as long as the median gap between frames. */
    public static FrameTimeline measured(long[] episodeNs, double fallbackHz) {
        long period = Math.round(1e9 / (fallbackHz > 0 ? fallbackHz : 30.0));
        if (episodeNs.length > 1) {
            long[] gaps = new long[episodeNs.length - 1];
            for (int i = 1; i < episodeNs.length; i++) gaps[i - 1] = episodeNs[i] - episodeNs[i - 1];
            Arrays.sort(gaps);
            if (gaps[gaps.length / 2] > 0) period = gaps[gaps.length / 2];
        }
        return new FrameTimeline(episodeNs, period);
    }

    public int frameCount() {
        return episodeNs.length;
    }

    public long timeNs(int frame) {
        return episodeNs[frame];
    }

    public long periodNs() {
        return periodNs;
    }

    public long startNs() {
        return episodeNs.length == 0 ? 0 : episodeNs[0];
    }

    /** Exclusive end: the moment the last frame stops being shown. */
    public long endNs() {
        return episodeNs.length == 0 ? 0 : episodeNs[episodeNs.length - 1] + periodNs;
    }

    /** Fails with {@code source.out_of_range} unless {@code frame} is one of this stream's frames. */
    public void requireFrame(int frame, String file, String field) {
        if (frame < 0 || frame >= episodeNs.length) {
            throw new CurioException("source.out_of_range", file, field, "frame " + frame + " outside 0.." + episodeNs.length);
        }
    }

    /** The latest frame at or before {@code masterNs}, or -1 outside {@code [startNs, endNs)}. */
    public int frameIndexAt(long masterNs) {
        if (episodeNs.length == 0 || masterNs < episodeNs[0] || masterNs >= endNs()) return -1;
        int i = Arrays.binarySearch(episodeNs, masterNs);
        if (i >= 0) {
            // Equal timestamps: the last of them is the latest at or before.
            while (i + 1 < episodeNs.length && episodeNs[i + 1] == masterNs) i++;
            return i;
        }
        return -i - 2;
    }
}
