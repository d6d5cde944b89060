package packaging.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows of one exported segment on the shared clock, and what the writers learned about it: per-feature
 * statistics and where each camera's frames went. Writers of different features fill different entries, each its own.
 */
public final class EpisodeOut {
    private final SegmentPlan segment;
    private final long[] frameTimesNs;
    private final int masterFirstFrame;
    private final long fromIndex;
    private final Map<String, FeatureStats> stats = new LinkedHashMap<>();
    private final Map<String, CameraVideo.Span> videos = new LinkedHashMap<>();
    private int redactedFrames;

    /**
     * @param frameTimesNs     episode-clock time of each row
     * @param masterFirstFrame index of the first row's frame in the master camera's own frames (0 for a constant grid)
     * @param fromIndex        index of the first row among all rows of the export
     */
    public EpisodeOut(SegmentPlan segment, long[] frameTimesNs, int masterFirstFrame, long fromIndex) {
        this.segment = segment;
        this.frameTimesNs = frameTimesNs;
        this.masterFirstFrame = masterFirstFrame;
        this.fromIndex = fromIndex;
    }

    public SegmentPlan segment() {
        return segment;
    }

    public int length() {
        return frameTimesNs.length;
    }

    /** Episode-clock time of row {@code k}. */
    public long timeNs(int k) {
        return frameTimesNs[k];
    }

    public long[] frameTimesNs() {
        return frameTimesNs.clone();
    }

    public int masterFirstFrame() {
        return masterFirstFrame;
    }

    public long fromIndex() {
        return fromIndex;
    }

    public Map<String, FeatureStats> stats() {
        return stats;
    }

    public Map<String, CameraVideo.Span> videos() {
        return videos;
    }

    public synchronized int redactedFrames() {
        return redactedFrames;
    }

    /** Writers of different cameras add theirs from their own threads. */
    public synchronized void addRedacted(int frames) {
        redactedFrames += frames;
    }
}
