package player;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import pipeline.annotate.ManifestSubtasks;

/** Jump targets on the episode clock; until the timeline feeds real marks, subtask boundaries. */
public final class Marks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Marks() { }

    /** Subtask starts and ends a manifest declares ({@code task.subtasks[].start_ts/end_ts}, seconds), in ns. */
    public static List<Long> subtaskBoundaries(String manifestJson) {
        TreeSet<Long> out = new TreeSet<>();
        if (manifestJson == null) return List.of();
        try {
            for (ManifestSubtasks.Subtask st : ManifestSubtasks.of(JSON.readTree(manifestJson))) {
                if (st.startNs() != null) out.add(st.startNs());
                if (st.endNs() != null) out.add(st.endNs());
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(out);
    }
}
