package packaging.export.steplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import packaging.export.EpisodeOut;
import packaging.export.SegmentPlan;
import store.Annotations;
import store.EpisodeDetail;

/**
 * An exported segment's {@code metadata.json}: a step-log source's own metadata where there is one (its safety block,
 * software, capabilities and so on are kept), the segment's id, start and duration, and Curio's account of the export
 * under {@code curio_export} (source episode, segment, success and failure modes, subtasks, joint names). Seed 004
 * requires fields other sources do not record (xr_mode, control_role, robot ids, frame convention); those get the
 * defaults documented in docs/export.md and are listed in {@code curio_export.defaulted}, so no default passes for a
 * recorded fact.
 */
final class Metadata {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_XR_MODE = "observer";
    static final String DEFAULT_CONTROL_ROLE = "human_supervisor";
    static final String DEFAULT_FRAME = "base_link";

    private final ObjectNode node;
    private final long stampZeroNs;
    private final String frameId;
    private final List<String> defaulted;

    private Metadata(ObjectNode node, long stampZeroNs, String frameId, List<String> defaulted) {
        this.node = node;
        this.stampZeroNs = stampZeroNs;
        this.frameId = frameId;
        this.defaulted = defaulted;
    }

    static Metadata of(SegmentPlan seg, EpisodeOut ep, String name, SourceSteps source, int fps) {
        EpisodeDetail e = seg.episode();
        ObjectNode md = sourceMetadata(e);
        List<String> defaulted = new ArrayList<>();
        md.put("schema_version", StepLogFormat.SCHEMA_VERSION);
        md.put("episode_id", name.equals(sanitized(seg.episodeId())) ? seg.episodeId() : name);
        text(md, "xr_mode", null, DEFAULT_XR_MODE, defaulted);
        text(md, "control_role", null, DEFAULT_CONTROL_ROLE, defaulted);
        text(md, "robot_id", e.robot(), e.summary().dataset(), defaulted);
        text(md, "robot_model", e.robot(), "unknown", defaulted);
        text(md, "frame_convention", null, DEFAULT_FRAME, defaulted);
        long firstRow = ep.length() == 0 ? seg.startNs() : ep.timeNs(0);
        // Steps are stamped on the recording's wall clock when it is known, so the log's times are the recording's.
        long zero = e.startTimeNs() != null ? e.startTimeNs() : 0;
        if (e.startTimeNs() != null) {
            md.put("start_time_unix_ms", Math.floorDiv(zero + firstRow, 1_000_000L));
        } else {
            md.put("start_time_unix_ms", 0);
            defaulted.add("start_time_unix_ms");
        }
        md.put("duration_ms", Math.round(ep.length() * 1000.0 / fps));
        if (!md.has("tags")) md.putArray("tags").add(seg.task());
        if (!md.path("safety").isObject()) {
            // Every exported episode passed review, and its redactions are burned into the blobs.
            md.putObject("safety").put("pii_redacted", !seg.annotations().redactions().isEmpty()).put("pending_review", false);
        }
        ObjectNode curio = md.putObject("curio_export");
        curio.put("source_episode_id", seg.episodeId()).put("segment_index", seg.index()).put("t_start_ns", seg.startNs())
                .put("t_end_ns", seg.endNs()).put("success", seg.failures().isEmpty()).put("task", seg.task());
        seg.failureModes().forEach(curio.putArray("failure_modes")::add);
        ArrayNode subtasks = curio.putArray("subtasks");
        for (Annotations.Range r : seg.subtasks()) {
            subtasks.addObject().put("label", r.label()).put("t_start_ns", Math.max(r.startNs(), seg.startNs()))
                    .put("t_end_ns", Math.min(r.endNs(), seg.endNs()));
        }
        defaulted.forEach(curio.putArray("defaulted")::add);
        String frame = source.frameId() != null ? source.frameId() : md.path("frame_convention").asText(DEFAULT_FRAME);
        return new Metadata(md, zero, frame, defaulted);
    }

    /** A recorded value wins; else the catalog's; else the default, noted. */
    private static void text(ObjectNode md, String field, String known, String fallback, List<String> defaulted) {
        if (md.path(field).isTextual() && !md.path(field).asText().isBlank()) return;
        if (known != null && !known.isBlank()) {
            md.put(field, known);
            return;
        }
        md.put(field, fallback);
        defaulted.add(field);
    }

    /** The metadata of a step-log source (at the root or under "metadata", as writers do), else an empty object. */
    private static ObjectNode sourceMetadata(EpisodeDetail e) {
        if (!"rlds-steps".equals(e.summary().format()) || e.manifestJson() == null) return JSON.createObjectNode();
        try {
            JsonNode n = JSON.readTree(e.manifestJson());
            if (n.path("metadata").isObject() && !n.has("xr_mode")) n = n.get("metadata");
            return n.isObject() ? ((ObjectNode) n).deepCopy() : JSON.createObjectNode();
        } catch (IOException ex) {
            return JSON.createObjectNode();
        }
    }

    private static String sanitized(String id) {
        return packaging.export.FeatureMap.sanitize(id);
    }

    ObjectNode node() {
        return node;
    }

    /** The step stamp of episode time {@code tNs}. */
    long stampNs(long tNs) {
        return stampZeroNs + tNs;
    }

    String frameId() {
        return frameId;
    }

    List<String> defaulted() {
        return List.copyOf(defaulted);
    }
}
