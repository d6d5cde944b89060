package pipeline.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subtask times are seconds from the episode start, whether the manifest writes them as integers or not. */
class ManifestSubtasksTest {
    @Test
    void integerAndFractionalSecondsLandOnTheEpisodeClock() throws Exception {
        var m = new ObjectMapper().readTree("""
                {"task": {"subtasks": [{"start_ts": 0, "end_ts": 1.2, "label": "reach"},
                                       {"start_ts": 1.2, "end_ts": 3, "label": "grasp"},
                                       {"start_ts": "soon", "label": "lift"}]}}""");
        assertEquals(List.of(new ManifestSubtasks.Subtask(0L, 1_200_000_000L, "reach"),
                new ManifestSubtasks.Subtask(1_200_000_000L, 3_000_000_000L, "grasp"),
                new ManifestSubtasks.Subtask(null, null, "lift")), ManifestSubtasks.of(m));
    }
}
