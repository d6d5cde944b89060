package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pipeline.EpisodeIds;

/**
 * Required fields present and typed per the contract the episode declares (see {@link Contract}): the ingest
 * contract v0 manifest (episode.yaml, and raw episode manifests that declare curio-raw-episode/1), the RLDS step-log
 * metadata, or LeRobot's info.json; nothing for an episode that declares none. The contracts are JSON Schemas in
 * {@code pipeline/validate/schemas/}, checked by a real JSON Schema validator.
 */
final class SchemaCheck implements Check {
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    /** A subtask may end up to one frame at 30 fps after the episode's declared end. */
    private static final long SUBTASK_SLACK_NS = 34_000_000L;

    @Override
    public Dimension dimension() {
        return Dimension.SCHEMA;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        Contract c = ctx.contract();
        required(ctx, c, out);
        if (c.unknown() != null) {
            out.file("schema.contract_unknown", c.manifestFile(), Contract.isRldsStepLog(ctx.format()) ? "$.schema_version" : "$.contract",
                    "declares " + c.unknown() + ", which Curio does not know; only the generic rules were applied");
        }
        switch (c.kind()) {
            case CONTRACT_V0, RAW_EPISODE -> episodeManifest(ctx, c, out);
            case RLDS_STEPLOG -> {
                JsonNode m = Contract.rldsMetadata(ctx.manifest());
                if (m == null) {
                    out.file("schema.manifest_missing", c.manifestFile(), null, "metadata.json is missing");
                    return;
                }
                validate(m, "rlds-steplog-metadata", c.manifestFile(), out);
            }
            case LEROBOT -> {
                JsonNode info = ctx.datasetInfo() != null ? ctx.datasetInfo() : readJson(ctx.datasetRoot().resolve("meta/info.json"));
                if (info == null) {
                    out.file("schema.manifest_missing", "meta/info.json", null, "a LeRobot dataset needs meta/info.json");
                    return;
                }
                validate(info, "lerobot-info", "meta/info.json", out);
                declaredCodecs(ctx, info, out);
            }
            case NONE -> { }
        }
    }

    /** A profile's require_contract for the episode's dataset. */
    private static void required(ValidationContext ctx, Contract c, Findings out) {
        String dataset = ctx.episode().summary().dataset();
        String required = ctx.profile().requiredContract(dataset);
        if (required == null || required.equals(c.declared())) return;
        out.file("schema.contract_required", c.manifestFile(), Contract.isRldsStepLog(ctx.format()) ? "$.schema_version" : "$.contract",
                "the profile requires " + required + " for dataset " + dataset + "; the episode declares "
                        + (c.declared() == null ? "no contract" : c.declared()));
    }

    private static void episodeManifest(ValidationContext ctx, Contract c, Findings out) {
        String file = c.manifestFile();
        JsonNode m = ctx.manifest();
        if (m == null || !m.isObject()) {
            out.file("schema.manifest_missing", file, null, "no manifest was found for this episode");
            return;
        }
        validate(m, "episode-manifest", file, out);
        calibrationPerCamera(m, file, out);
        episodeId(m, file, out);
        subtasks(m, ctx.episode().durationNs(), file, out);
    }

    /** Seed 002: "Hashing the manifest yields episode_id"; the field is optional, and when given it must be that hash. */
    private static void episodeId(JsonNode m, String file, Findings out) {
        JsonNode id = m.get("episode_id");
        if (id == null || !id.isTextual()) return;
        if (!EpisodeIds.matches(id.asText(), m)) {
            String full = EpisodeIds.manifestSha256(m);
            out.file("schema.episode_id_mismatch", file, "$.episode_id", "episode_id is " + id.asText()
                    + "; the manifest hashes to " + EpisodeIds.fromManifest(m) + " (SHA-256 " + full
                    + " of its RFC 8785 canonical JSON without episode_id)");
        }
    }

    /**
     * Subtask times are seconds from episode_start_utc (JSON numbers, integer or not). The schema types them; here
     * each must end no earlier than it starts and inside the episode, which also catches times written in ns.
     */
    private static void subtasks(JsonNode m, long durationNs, String file, Findings out) {
        JsonNode list = m.path("task").path("subtasks");
        for (int i = 0; i < list.size(); i++) {
            JsonNode st = list.get(i);
            if (!st.path("start_ts").isNumber() || !st.path("end_ts").isNumber()) continue;
            double start = st.get("start_ts").asDouble();
            double end = st.get("end_ts").asDouble();
            String at = "$.task.subtasks[" + i + "]";
            if (end < start) {
                out.file("schema.bad_value", file, at + ".end_ts", String.format("ends at %.3f s, before it starts at %.3f s", end, start));
            } else if (durationNs > 0 && end * 1e9 > durationNs + SUBTASK_SLACK_NS) {
                out.file("schema.bad_value", file, at + ".end_ts", String.format(
                        "ends at %.3f s, after the episode's %.3f s (start_ts/end_ts are seconds from episode_start_utc)",
                        end, durationNs / 1e9));
            }
        }
    }

    /**
     * A LeRobot video feature declares its codec; a decoder chosen from that declaration fails on a file that
     * is really another codec (seen in the wild: h264 declared, MPEG-4 Part 2 stored).
     */
    private static void declaredCodecs(ValidationContext ctx, JsonNode info, Findings out) {
        for (store.StreamEntry s : ctx.episode().streams()) {
            if (s.kind() != store.StreamKind.VIDEO || s.encoding() == null) continue;
            JsonNode feature = info.path("features").path(s.name());
            JsonNode block = feature.has("info") ? feature.get("info") : feature.path("video_info");
            String declared = block.path("video.codec").asText(null);
            if (declared != null && !sameCodec(declared, s.encoding())) {
                out.add("schema.bad_value", s.name(), null, null, "meta/info.json",
                        "$.features." + s.name() + "." + (feature.has("info") ? "info" : "video_info") + ".video.codec",
                        "declares " + declared + ", the video file " + s.fileRelPath() + " is " + s.encoding());
            }
        }
    }

    private static boolean sameCodec(String declared, String actual) {
        String d = declared.toLowerCase(Locale.ROOT).replace("libdav1d", "av1").replace("avc1", "h264").replace("hevc", "h265");
        String a = actual.toLowerCase(Locale.ROOT).replace("libdav1d", "av1").replace("hevc", "h265");
        return d.equals(a) || d.startsWith(a) || a.startsWith(d);
    }

    private static JsonNode readJson(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.isRegularFile(file) ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Seed 002: calibration is "required per camera". A depth stream {@code aligned_to} a calibrated camera shares
     * that camera's calibration, as the seed's own template has it (depth_head aligned_to rgb_head, one block).
     */
    private static void calibrationPerCamera(JsonNode m, String file, Findings out) {
        JsonNode streams = m.path("streams");
        JsonNode calibration = m.path("calibration");
        for (Iterator<Map.Entry<String, JsonNode>> it = streams.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            String type = s.getValue().path("type").asText();
            boolean sharesCalibration = type.equals("depth") && calibration.has(s.getValue().path("aligned_to").asText(""));
            if ((type.equals("rgb") || type.equals("depth")) && !calibration.has(s.getKey()) && !sharesCalibration) {
                out.file("schema.missing_field", file, "$.calibration." + s.getKey(),
                        "camera " + s.getKey() + " has no calibration block");
            }
        }
    }

    private static void validate(JsonNode doc, String schemaName, String file, Findings out) {
        List<ValidationMessage> messages = schema(schemaName).validate(doc).stream()
                .sorted(Comparator.comparing((ValidationMessage v) -> v.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .toList();
        for (ValidationMessage v : messages) {
            String at = v.getInstanceLocation().toString();
            switch (v.getType()) {
                case "required" -> out.file("schema.missing_field", file,
                        at + "." + v.getProperty(), "required field " + v.getProperty() + " is missing");
                case "type" -> out.file("schema.wrong_type", file, at, v.getMessage());
                default -> out.file("schema.bad_value", file, at, v.getMessage());
            }
        }
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            try (InputStream in = SchemaCheck.class.getResourceAsStream("/pipeline/validate/schemas/" + n + ".schema.json")) {
                if (in == null) throw new IllegalStateException("missing schema " + n);
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
