package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pipeline.read.rlds.StepLogReader;
import pipeline.read.rlds.StepLogSummary;
import store.ProgressSink;

/**
 * The RLDS v1.1 step rules: within one step, video, depth and robot state share a frame_id and their
 * timestamps agree within the profile's alignment (5 ms); glove frames are present often enough.
 */
final class RldsStepCheck implements Check {
    @Override
    public Dimension dimension() {
        return Dimension.TEMPORAL;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        if (ctx.contract().kind() != Contract.Kind.RLDS_STEPLOG) return;
        Path folder = ctx.episodeFolder();
        if (folder == null || !Files.isDirectory(folder.resolve(StepLogReader.STEPS_DIR))) return;
        long maxNs = Math.round(ctx.profile().threshold("step_alignment_max_ms") * 1e6);
        StepLogReader reader = StepLogReader.open(folder);
        long[] misaligned = {0};
        String[] first = {null, null};
        reader.forEachStep((index, step, file) -> {
            String problem = problem(step.node(), maxNs);
            if (problem != null && misaligned[0]++ == 0) {
                first[0] = ctx.episode().relPath() + "/" + file;
                first[1] = "$.steps[" + index + "]: " + problem;
            }
        }, ctx.cancel());
        if (misaligned[0] > 0) {
            out.file("temporal.step_misaligned", first[0], first[1].substring(0, first[1].indexOf(':')),
                    misaligned[0] + " steps out of alignment; first: " + first[1]);
        }
        StepLogSummary.Glove glove = reader.scan(ctx.cancel(), ProgressSink.NONE).glove();
        double minRatio = ctx.profile().threshold("glove_min_ratio");
        if (glove != null && glove.stepsWithGlove() > 0 && glove.validRatio() < minRatio) {
            out.file("completeness.glove_dropout", ctx.episode().relPath(), "glove.valid", String.format(
                    "glove valid in %.1f%% of steps, the profile asks for %.0f%%", glove.validRatio() * 100, minRatio * 100));
        }
    }

    /** Why one step is out of alignment, or null. */
    static String problem(JsonNode step, long maxNs) {
        JsonNode obs = step.path("observation");
        Map<String, JsonNode> vision = new LinkedHashMap<>();
        vision.put("rgb", first(obs.path("media").path("rgb"), obs.path("egocentric_video")));
        vision.put("depth", first(obs.path("media").path("depth"), obs.path("egocentric_depth")));
        String frameId = null;
        String frameFrom = null;
        Long rgbTs = null;
        for (Map.Entry<String, JsonNode> v : vision.entrySet()) {
            JsonNode n = v.getValue();
            if (n == null || !n.isObject()) continue;
            if (n.hasNonNull("frame_id")) {
                if (frameId == null) {
                    frameId = n.get("frame_id").asText();
                    frameFrom = v.getKey();
                } else if (!frameId.equals(n.get("frame_id").asText())) {
                    return v.getKey() + " frame_id " + n.get("frame_id").asText() + " != " + frameFrom + " frame_id " + frameId;
                }
            }
            if (n.path("timestamp_ns").canConvertToLong()) {
                long ts = n.get("timestamp_ns").asLong();
                if (rgbTs == null) {
                    rgbTs = ts;
                } else if (Math.abs(ts - rgbTs) > maxNs) {
                    return String.format("%s is %.1f ms from rgb", v.getKey(), (ts - rgbTs) / 1e6);
                }
            }
        }
        if (rgbTs != null && step.path("timestamp_ns").canConvertToLong()
                && Math.abs(step.get("timestamp_ns").asLong() - rgbTs) > maxNs) {
            return String.format("robot state is %.1f ms from the video frame", (step.get("timestamp_ns").asLong() - rgbTs) / 1e6);
        }
        return null;
    }

    private static JsonNode first(JsonNode a, JsonNode b) {
        return a != null && a.isObject() ? a : b != null && b.isObject() ? b : null;
    }
}
