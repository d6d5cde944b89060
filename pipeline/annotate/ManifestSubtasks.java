package pipeline.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The subtasks a manifest declares ({@code task.subtasks[]: {start_ts, end_ts, label}}, seed 002). Their times are
 * JSON numbers, integer or not, in seconds from the episode start; this is the one place that reads them onto the
 * episode clock (ns).
 */
public final class ManifestSubtasks {
    /** One declared subtask on the episode clock; a time the manifest does not give as a number is null. */
    public record Subtask(Long startNs, Long endNs, String label) { }

    private ManifestSubtasks() { }

    public static List<Subtask> of(JsonNode manifest) {
        List<Subtask> out = new ArrayList<>();
        if (manifest == null) return out;
        for (JsonNode st : manifest.path("task").path("subtasks")) {
            out.add(new Subtask(ns(st.get("start_ts")), ns(st.get("end_ts")), st.path("label").asText(null)));
        }
        return out;
    }

    private static Long ns(JsonNode seconds) {
        return seconds != null && seconds.isNumber() ? Math.round(seconds.asDouble() * 1e9) : null;
    }
}
