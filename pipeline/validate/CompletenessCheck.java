package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import store.StreamEntry;
import store.StreamKind;

/**
 * Every declared stream has data covering the episode, and what was found matches what the manifest
 * declares (frame and sample counts).
 */
final class CompletenessCheck implements Check {
    @Override
    public Dimension dimension() {
        return Dimension.COMPLETENESS;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        long duration = ctx.episode().durationNs();
        double minCoverage = ctx.profile().threshold("coverage_min_ratio");
        long tolerance = Math.round(ctx.profile().threshold("count_tolerance"));
        Map<String, StreamEntry> byName = new HashMap<>();
        boolean anyData = ctx.episode().streams().isEmpty();
        for (StreamEntry s : ctx.episode().streams()) {
            byName.put(s.name(), s);
            boolean empty = s.frameCount() != null && s.frameCount() == 0;
            anyData |= !empty;
            // A bag registers infrastructure topics (/rosout, /parameter_events) that often carry nothing;
            // only an empty sensor stream is missing data.
            if (empty && s.kind() != StreamKind.OTHER) {
                out.stream("completeness.stream_empty", s.name(), null, null, "no frames or samples");
                continue;
            }
            if (empty) continue;
            if (duration > 0 && s.startNs() != null && s.endNs() != null) {
                double covered = (double) (Math.min(s.endNs(), duration) - Math.max(0, s.startNs())) / duration;
                if (covered < minCoverage) {
                    out.stream("completeness.stream_short", s.name(), s.startNs(), s.endNs(), String.format(
                            "covers %.0f%% of the episode, the profile asks for %.0f%%", covered * 100, minCoverage * 100));
                }
            }
        }
        if (!anyData) {
            out.stream("completeness.stream_empty", null, null, null, "the episode has no data in any stream");
        }
        JsonNode declared = ctx.manifest() == null ? null : ctx.manifest().get("streams");
        if (declared == null || !declared.isObject() || !ctx.contract().usesEpisodeManifest()) return;
        String file = ctx.contract().manifestFile();
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            StreamEntry found = found(byName, e.getKey());
            if (found == null) {
                out.add("completeness.stream_missing", e.getKey(), null, null, file, "$.streams." + e.getKey(),
                        "declared in the manifest, not found in the episode's data");
                continue;
            }
            JsonNode count = e.getValue().has("frame_count") ? e.getValue().get("frame_count") : e.getValue().get("sample_count");
            if (count != null && count.canConvertToLong() && found.frameCount() != null
                    && Math.abs(count.asLong() - found.frameCount()) > tolerance) {
                out.add("completeness.count_mismatch", e.getKey(), null, null, file, "$.streams." + e.getKey(),
                        "manifest declares " + count.asLong() + ", the data has " + found.frameCount());
            }
        }
    }

    /**
     * The stream ingest made of a declared one: named like it, or {@code name:topic} when its file was a bag with
     * more than one topic and the manifest named no topic.
     */
    private static StreamEntry found(Map<String, StreamEntry> byName, String declared) {
        StreamEntry s = byName.get(declared);
        if (s != null) return s;
        return byName.entrySet().stream().filter(e -> e.getKey().startsWith(declared + ":")).map(Map.Entry::getValue)
                .filter(x -> x.frameCount() == null || x.frameCount() > 0).findFirst().orElse(null);
    }
}
