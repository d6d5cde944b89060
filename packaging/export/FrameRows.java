package packaging.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pipeline.source.Sources;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * The rows every format writes, on the one clock of the export: with the cameras' own rate, the frames of the master
 * camera inside each segment; with a rate of the user's choosing, a constant grid from each segment's start. Every
 * format takes the same rows, so one subset gives the same frame counts in each.
 */
public final class FrameRows {
    public static final String ALIGNMENT = "Rows follow the master camera's own frames inside each segment when the dataset "
            + "rate is the cameras' rate, else a constant grid at the chosen rate from the segment start; other cameras "
            + "show their nearest frame at each row instant; each series is sampled at each row instant by its "
            + "feature's rule (linear: interpolated between the samples around it; hold: the latest sample at or "
            + "before it), and held at its first/last sample outside its range.";

    /** The rows of every segment, in plan order, and the camera they follow (null for a constant grid). */
    public record Rows(List<EpisodeOut> episodes, FeatureMap.Feature master, long frames) {
        public String masterKey() {
            return master == null ? null : master.key();
        }
    }

    private FrameRows() { }

    public static Rows of(ExportPlan plan, FeatureMap map, Cancellation cancel) {
        List<FeatureMap.Feature> cameras = map.cameras();
        FeatureMap.Feature master = cameras.isEmpty() || !map.clock().equals("camera_rate") ? null
                : master(cameras, plan.episodes().get(0));
        List<EpisodeOut> outs = new ArrayList<>();
        long index = 0;
        for (SegmentPlan seg : plan.segments()) {
            cancel.check();
            EpisodeOut ep;
            if (master == null) {
                ep = new EpisodeOut(seg, FrameClock.constantTimes(seg.startNs(), seg.endNs(), map.fps()), 0, index);
            } else {
                StreamEntry ms = stream(seg.episode(), master.stream(seg.episodeId()));
                int[] first = new int[1];
                long[] times = FrameClock.masterTimes(Sources.timeline(Path.of(seg.episode().datasetRoot()), seg.episode(), ms, seg.placement()),
                        seg.startNs(), seg.endNs(), first);
                ep = new EpisodeOut(seg, times, first[0], index);
            }
            outs.add(ep);
            index += ep.length();
        }
        return new Rows(outs, master, index);
    }

    /**
     * The camera whose frames the rows follow: the one that starts first in the first episode (then the one with the
     * most frames), so a camera switched on late does not cut the others' start off.
     */
    private static FeatureMap.Feature master(List<FeatureMap.Feature> cameras, EpisodeDetail first) {
        FeatureMap.Feature best = cameras.get(0);
        long bestStart = Long.MAX_VALUE;
        long bestFrames = -1;
        for (FeatureMap.Feature c : cameras) {
            StreamEntry s = stream(first, c.stream(first.summary().episodeId()));
            long start = (s.startNs() == null ? 0 : s.startNs()) + s.clockOffsetNs();
            long frames = s.frameCount() == null ? 0 : s.frameCount();
            if (start < bestStart || start == bestStart && frames > bestFrames) {
                best = c;
                bestStart = start;
                bestFrames = frames;
            }
        }
        return best;
    }

    /** The stream {@code name} of an episode, or a machine-readable error naming it. */
    public static StreamEntry stream(EpisodeDetail e, String name) {
        return e.streams().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new CurioException("export.missing_stream", null, name,
                        "episode " + e.summary().episodeId() + " has no stream " + name));
    }
}
