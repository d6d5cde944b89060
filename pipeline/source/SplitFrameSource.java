package pipeline.source;

import store.CurioException;

import java.util.List;

/**
 * One stream whose frames are spread over several files (a split rosbag2), shown as a single timeline:
 * the parts' frames merged in time order, ties kept in file order. Each frame costs a long and two ints.
 */
final class SplitFrameSource implements FrameSource, EncodedFrames {
    private final String name;
    private final List<FrameSource> parts;
    private final int[] partOf;
    private final int[] localIndex;
    private final FrameTimeline timeline;
    private int width;
    private int height;

    /** Takes ownership of {@code parts}. */
    SplitFrameSource(String name, List<FrameSource> parts, double fallbackHz) {
        this.name = name;
        this.parts = List.copyOf(parts);
        int total = 0;
        for (FrameSource p : parts) total += p.frameCount();
        long[] times = new long[total];
        partOf = new int[total];
        localIndex = new int[total];
        int[] next = new int[parts.size()];
        // k-way merge: every part's timeline is already sorted, and a bag has only a handful of files.
        for (int i = 0; i < total; i++) {
            int best = -1;
            for (int k = 0; k < parts.size(); k++) {
                if (next[k] >= parts.get(k).frameCount()) continue;
                if (best < 0 || parts.get(k).timeline().timeNs(next[k]) < parts.get(best).timeline().timeNs(next[best])) {
                    best = k;
                }
            }
            times[i] = parts.get(best).timeline().timeNs(next[best]);
            partOf[i] = best;
            localIndex[i] = next[best]++;
        }
        timeline = FrameTimeline.measured(times, fallbackHz);
        for (FrameSource p : parts) {
            if (width == 0) width = p.width();
            if (height == 0) height = p.height();
        }
    }

    @Override public String name() { return name; }
    @Override public FrameTimeline timeline() { return timeline; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public byte[] encoded(int n) {
        timeline.requireFrame(n, null, name);
        if (!(parts.get(partOf[n]) instanceof EncodedFrames e)) {
            throw new CurioException("source.unsupported", null, name, "the stream's frames are not stored as images");
        }
        return e.encoded(localIndex[n]);
    }

    @Override
    public void decode(int n, FrameBuffer out) {
        timeline.requireFrame(n, null, name);
        parts.get(partOf[n]).decode(localIndex[n], out);
        width = out.width();
        height = out.height();
        out.setIndex(n);
    }

    @Override
    public void close() {
        parts.forEach(FrameSource::close);
    }
}
