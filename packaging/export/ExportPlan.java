package packaging.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import store.Subset;
import store.Annotations;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;

/** The segments a subset exports, in subset order (episode id, then segment start). */
public record ExportPlan(Subset subset, List<SegmentPlan> segments, List<EpisodeDetail> episodes) {
    public static ExportPlan of(Catalog catalog, Subset subset) {
        return of(catalog, subset, e -> e);
    }

    /** @param adjust applied to every episode as the catalog has it (an export's retiming of rate-less episodes) */
    public static ExportPlan of(Catalog catalog, Subset subset, java.util.function.UnaryOperator<EpisodeDetail> adjust) {
        List<SegmentPlan> segments = new ArrayList<>();
        List<EpisodeDetail> episodes = new ArrayList<>();
        for (String id : subset.episodeIds()) {
            EpisodeDetail d = adjust.apply(catalog.episodes().find(id)
                    .orElseThrow(() -> new CurioException("export.no_episode", null, id, "episode " + id + " of subset "
                            + subset.name() + " is no longer in the catalog")));
            episodes.add(d);
            Annotations.Snapshot snap = catalog.annotations().load(id);
            List<Annotations.Range> trims = new ArrayList<>(snap.ofKind(Annotations.TRIM));
            trims.sort(Comparator.comparingLong(Annotations.Range::startNs));
            if (trims.isEmpty()) {
                segments.add(new SegmentPlan(segments.size(), d, snap, 0, d.durationNs(), true));
            } else {
                for (Annotations.Range t : trims) {
                    long start = Math.max(0, t.startNs());
                    long end = Math.min(d.durationNs(), t.endNs());
                    if (end > start) segments.add(new SegmentPlan(segments.size(), d, snap, start, end, false));
                }
            }
        }
        if (segments.isEmpty()) throw new CurioException("export.empty", null, subset.name(), "the subset has no segment to export");
        return new ExportPlan(subset, segments, episodes);
    }

    public double hours() {
        return segments.stream().mapToDouble(SegmentPlan::durationS).sum() / 3600.0;
    }
}
