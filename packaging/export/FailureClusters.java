package packaging.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import store.FailureBoard;

/**
 * The failure clusters of a bundle's episodes (seed 000's robotics_failure_cluster): for the manifest, each cluster
 * with its marks (episode, time, mode, label), marks in no cluster last; for the data card, marks per cluster.
 */
final class FailureClusters {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String UNCLUSTERED = "(unclustered)";

    private FailureClusters() { }

    /** {@code {"clusters": [...], "summary": {name: marks}}}. */
    static ObjectNode json(List<FailureBoard.Mark> marks) {
        Map<String, List<FailureBoard.Mark>> byCluster = new TreeMap<>();
        Map<String, Long> ids = new LinkedHashMap<>();
        for (FailureBoard.Mark m : marks) {
            String name = m.cluster() == null ? UNCLUSTERED : m.cluster();
            byCluster.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(m);
            if (m.clusterId() != null) ids.put(name, m.clusterId());
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode clusters = out.putArray("clusters");
        ObjectNode summary = out.putObject("summary");
        for (boolean clustered : new boolean[] {true, false}) {
            for (Map.Entry<String, List<FailureBoard.Mark>> e : byCluster.entrySet()) {
                if (e.getKey().equals(UNCLUSTERED) == clustered) continue;
                ObjectNode c = clusters.addObject();
                if (clustered) c.put("cluster_id", ids.get(e.getKey())).put("name", e.getKey()); else c.putNull("name");
                ArrayNode ms = c.putArray("marks");
                for (FailureBoard.Mark m : e.getValue()) {
                    ms.addObject().put("episode_id", m.episodeId()).put("t_start_ns", m.startNs()).put("t_end_ns", m.endNs())
                            .put("failure_mode", m.failureMode()).put("label", m.label());
                }
                summary.put(e.getKey(), e.getValue().size());
            }
        }
        return out;
    }
}
