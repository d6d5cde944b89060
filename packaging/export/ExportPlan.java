package packaging.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import pipeline.source.Placement;
import store.Subset;
import store.Annotations;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;

/**
 * The segments a subset exports, in subset order (episode id, then segment start), the train split before the
 * validation split so that each split is one range of episode indices (LeRobot's {@code splits}).
 */
public record ExportPlan(Subset subset, List<SegmentPlan> segments, List<EpisodeDetail> episodes) {
    public static ExportPlan of(Catalog catalog, Subset subset) {
        return of(catalog, subset, Placement.DEFAULT, e -> e);
    }

    /**
     * @param placement which clock places bag messages
     * @param adjust    applied to every episode as the catalog has it (an export's retiming of rate-less episodes)
     */
    public static ExportPlan of(Catalog catalog, Subset subset, Placement placement,
                                java.util.function.UnaryOperator<EpisodeDetail> adjust) {
        List<SegmentPlan> segments = new ArrayList<>();
        List<EpisodeDetail> episodes = new ArrayList<>();
        List<String> ids = new ArrayList<>(subset.episodeIds());
        ids.sort(Comparator.comparing(id -> subset.split(id).equals(Subset.TRAIN) ? 0 : 1));
        for (String id : ids) {
            EpisodeDetail d = adjust.apply(catalog.episodes().find(id)
                    .orElseThrow(() -> new CurioException("export.no_episode", null, id, "episode " + id + " of subset "
                            + subset.name() + " is no longer in the catalog")));
            episodes.add(d);
            Annotations.Snapshot snap = catalog.annotations().load(id);
            List<Annotations.Range> trims = new ArrayList<>(snap.ofKind(Annotations.TRIM));
            trims.sort(Comparator.comparingLong(Annotations.Range::startNs));
            if (trims.isEmpty()) {
                segments.add(new SegmentPlan(segments.size(), d, snap, 0, d.durationNs(), true, placement));
            } else {
                for (Annotations.Range t : trims) {
                    long start = Math.max(0, t.startNs());
                    long end = Math.min(d.durationNs(), t.endNs());
                    if (end > start) segments.add(new SegmentPlan(segments.size(), d, snap, start, end, false, placement));
                }
            }
        }
        if (segments.isEmpty()) throw new CurioException("export.empty", null, subset.name(), "the subset has no segment to export");
        return new ExportPlan(subset, segments, episodes);
    }

    /** How many exported episodes (segments) belong to the train split; the rest, after them, are validation. */
    public int trainSegments() {
        return (int) segments.stream().filter(s -> subset.split(s.episodeId()).equals(Subset.TRAIN)).count();
    }

    public double hours() {
        return segments.stream().mapToDouble(SegmentPlan::durationS).sum() / 3600.0;
    }
}
