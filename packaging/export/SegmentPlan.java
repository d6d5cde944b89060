package packaging.export;

import java.util.List;
import pipeline.source.Placement;
import store.Annotations;
import store.EpisodeDetail;

/**
 * One exported episode: an accepted (trimmed) segment of a catalog episode, or the whole episode when it has
 * no trims. Times are episode-clock nanoseconds, end exclusive.
 *
 * @param index     position in the export (the LeRobot episode_index)
 * @param placement which clock places the episode's bag messages (the export's profile's time base)
 */
public record SegmentPlan(int index, EpisodeDetail episode, Annotations.Snapshot annotations, long startNs, long endNs,
                          boolean whole, Placement placement) {
    public String episodeId() {
        return episode.summary().episodeId();
    }

    public String task() {
        String t = episode.summary().task();
        return t == null || t.isBlank() ? "unspecified task" : t;
    }

    public List<Annotations.Range> subtasks() {
        return annotations.ofKind(Annotations.SUBTASK).stream()
                .filter(r -> r.endNs() > startNs && r.startNs() < endNs).toList();
    }

    /** The label of the subtask running at {@code tNs} (episode clock), or null outside every labelled subtask. */
    public String subtaskAt(long tNs) {
        for (Annotations.Range r : subtasks()) {
            if (tNs >= r.startNs() && tNs < r.endNs() && r.label() != null) return r.label();
        }
        return null;
    }

    /** The failure marks inside this segment: the episode failed (in this part) when there is any. */
    public List<Annotations.Range> failures() {
        return annotations.ofKind(Annotations.FAILURE).stream()
                .filter(r -> r.endNs() > startNs && r.startNs() < endNs).toList();
    }

    /** The failure modes marked inside this segment (a mark's mode, else its label), in time order. */
    public List<String> failureModes() {
        return failures().stream().map(SegmentPlan::failureMode).toList();
    }

    /** How a failure mark is named in data cards and exports: its mode, else its label. */
    public static String failureMode(Annotations.Range r) {
        return r.failureMode() != null ? r.failureMode() : r.label() != null ? r.label() : "unlabelled";
    }

    /** Whether the segment ends where the episode does, so its last row is the episode's own end, not a cut. */
    public boolean reachesEpisodeEnd() {
        return endNs >= episode.durationNs();
    }

    public List<Annotations.RedactionTrack> redactions(String stream) {
        return annotations.redactions().stream().filter(t -> t.stream().equals(stream) && !t.keyframes().isEmpty()).toList();
    }

    public double durationS() {
        return (endNs - startNs) / 1e9;
    }
}
