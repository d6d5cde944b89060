package pipeline.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every finding code with its dimension, default severity, meaning and the contract line it enforces;
 * {@code docs/validation.md} mirrors it (CodesDocumentedTest keeps the two together).
 */
public final class Codes {
    /**
     * @param dimension null for {@code check.failed}, whose finding carries the dimension of the check that failed
     * @param rule      the seed line the code enforces, or the Curio rule it implements
     */
    public record Code(String code, Dimension dimension, Severity severity, String meaning, String rule) { }

    private static final Map<String, Code> ALL = new LinkedHashMap<>();

    static {
        String s002 = "seed 002, ";
        String s004 = "seed 004, Validation rules (MVP): ";
        add("integrity.file_missing", Dimension.INTEGRITY, Severity.HARD, "a file recorded at ingest is gone",
                s002 + "Integrity: \"Missing or corrupted files hard-rejected\"");
        add("integrity.truncated", Dimension.INTEGRITY, Severity.HARD, "a file is shorter than when it was ingested",
                s002 + "Integrity: \"Missing or corrupted files hard-rejected\"");
        add("integrity.sha256_mismatch", Dimension.INTEGRITY, Severity.HARD,
                "a file's SHA-256 differs from the catalog or from the manifest's checksums",
                s002 + "Integrity: \"SHA-256 checksums verified against manifest\"");
        add("integrity.extra_file", Dimension.INTEGRITY, Severity.WARN,
                "a file in the episode folder that neither the catalog nor the manifest lists",
                "Curio: every file of an episode is accounted for");
        add("integrity.unreadable", Dimension.INTEGRITY, Severity.HARD,
                "a stream's file is there but its data cannot be parsed (corrupt video, truncated bag)",
                s002 + "Integrity: \"Missing or corrupted files hard-rejected\"");
        add("schema.manifest_missing", Dimension.SCHEMA, Severity.HARD, "the episode's contract needs a manifest and it has none",
                s002 + "\"One manifest per episode\"; seed 004, File layout: metadata.json");
        add("schema.missing_field", Dimension.SCHEMA, Severity.HARD, "a field the declared contract requires is absent",
                s002 + "\"Missing required fields -> hard reject\"; " + s004 + "\"Reject episodes missing required fields above\"");
        add("schema.wrong_type", Dimension.SCHEMA, Severity.HARD, "a field has the wrong JSON type",
                s002 + "Schema: \"Required fields present and correctly typed\"");
        add("schema.bad_value", Dimension.SCHEMA, Severity.SOFT, "a field's value is outside its enum, format or range",
                s002 + "Schema: \"correctly typed against the canonical contract definition\"");
        add("schema.episode_id_mismatch", Dimension.SCHEMA, Severity.HARD,
                "the manifest's episode_id is not the id computed from the manifest",
                s002 + "\"Hashing the manifest yields episode_id\"");
        add("schema.contract_unknown", Dimension.SCHEMA, Severity.WARN,
                "the episode declares a contract (or version) Curio does not know; only the generic rules applied",
                "Curio: an episode is judged by the contract it declares");
        add("schema.contract_required", Dimension.SCHEMA, Severity.HARD,
                "the profile requires a contract for this dataset and the episode does not declare it",
                "Curio profile: require_contract");
        add("schema.gaze_invalid", Dimension.SCHEMA, Severity.HARD,
                "a gaze block lacks a 3-float origin or direction, or its direction is not a unit vector",
                s004 + "\"Gaze vectors (when present) must be normalized and include origin/direction with 3 floats each\"");
        add("schema.audio_incomplete", Dimension.SCHEMA, Severity.HARD,
                "an audio block does not give sample_rate_hz and num_channels",
                s004 + "\"Audio (when present) must specify sample_rate_hz and num_channels\"");
        add("temporal.non_monotonic", Dimension.TEMPORAL, Severity.HARD,
                "a stream's timestamps (log time or header.stamp) do not strictly increase",
                s002 + "Temporal: \"Timestamps monotonically increasing\"");
        add("temporal.clock_offset", Dimension.TEMPORAL, Severity.SOFT,
                "a stream's clock offset, or its header.stamp against log time, exceeds the profile's limit",
                s002 + "Temporal: \"Clock offsets within +/-100 ms threshold\"");
        add("temporal.frame_gap", Dimension.TEMPORAL, Severity.SOFT, "a gap between samples longer than the profile allows",
                s002 + "Temporal: \"Frame gaps flagged\"");
        add("temporal.dropped_frames", Dimension.TEMPORAL, Severity.SOFT, "fewer frames than the declared rate implies",
                s002 + "Temporal: \"Frame gaps flagged\"; quality.dropped_frames");
        add("temporal.step_misaligned", Dimension.TEMPORAL, Severity.HARD,
                "timestamps of one RLDS step (robot state, video, depth, glove, pose) are further apart than the profile allows",
                s004 + "\"Reject if robot_state.left_arm.frame_id or robot_state.right_arm.frame_id timestamps deviate "
                        + "from corresponding vision frame_id by more than +/-5 ms when present\"; Step structure: "
                        + "\"Steps must align robot state, video, glove, and pose to within 5 ms\"");
        add("temporal.frame_id_mismatch", Dimension.TEMPORAL, Severity.HARD,
                "video, depth and robot state of one RLDS step carry different frame_ids",
                s004 + "\"Reject if any step has mismatched frame_ids across video/depth/robot state\"");
        add("completeness.stream_missing", Dimension.COMPLETENESS, Severity.HARD, "a stream the manifest declares has no data",
                s002 + "Completeness: \"All declared streams have corresponding data\"");
        add("completeness.stream_empty", Dimension.COMPLETENESS, Severity.HARD, "a stream has no frames or samples",
                s002 + "Completeness: \"All declared streams have corresponding data\"");
        add("completeness.stream_short", Dimension.COMPLETENESS, Severity.SOFT, "a stream covers too little of the episode",
                "Curio: every stream covers the episode (profile coverage_min_ratio)");
        add("completeness.count_mismatch", Dimension.COMPLETENESS, Severity.SOFT,
                "the frame or sample count differs from what the manifest declares",
                s002 + "Completeness: \"Episode count matches manifest\"");
        add("completeness.glove_dropout", Dimension.COMPLETENESS, Severity.WARN, "glove frames below the profile's share",
                s004 + "\"Warn (but keep) if glove frames drop below 95% of expected count per episode\"");
        add("completeness.glove_ble_unlogged", Dimension.COMPLETENESS, Severity.WARN,
                "glove data is present but the glove BLE MTU or sample rate is not logged",
                s004 + "\"Ensure MTU and sample rate are logged for glove BLE for QA\"");
        add("action.non_finite", Dimension.ACTION_VALIDITY, Severity.HARD, "an action or joint value is NaN or infinite",
                s002 + "Action validity: \"Action vectors within declared joint limits\" (NaN is within no limit)");
        add("action.out_of_limits", Dimension.ACTION_VALIDITY, Severity.SOFT, "an action or joint position is outside its declared limits",
                s002 + "Action validity: \"Action vectors within declared joint limits\"");
        add("action.latency", Dimension.ACTION_VALIDITY, Severity.SOFT,
                "the measured state lags the commanded action by more than the profile allows",
                s002 + "Action validity: \"Action-proprio latency within profile threshold\"");
        add("privacy.consent_missing", Dimension.PRIVACY, Severity.HARD,
                "the declared contract needs consent and the episode has none (or says consent: false)",
                s002 + "Privacy: \"Consent field present\"; seed 004 safety.pii_attestation.consent");
        add("privacy.consent_unknown", Dimension.PRIVACY, Severity.WARN,
                "the episode declares no contract that carries consent; confirm consent before release",
                "Curio: episodes without a declared contract; seed 004: safety is \"recommended always\"");
        add("privacy.raw_pii_restricted", Dimension.PRIVACY, Severity.HARD, "raw PII in a jurisdiction (EU, UK) that forbids it",
                s002 + "Privacy: \"PII state matches jurisdiction policy\"; stage 03 \"Hard reject (EU/UK)\"");
        add("privacy.raw_pii", Dimension.PRIVACY, Severity.WARN, "raw PII: redact before release",
                s002 + "Privacy: \"PII state matches jurisdiction policy\"; seed 004 PII defaults");
        add("privacy.blur_tool_missing", Dimension.PRIVACY, Severity.SOFT,
                "PII is marked blurred but the blur tool or its version is not recorded",
                s002 + "Privacy: \"Blur tool version recorded\"");
        add("privacy.public_listing_blocked", Dimension.PRIVACY, Severity.HARD,
                "marked public while pii_cleared is false, pending_review is true, or the safety block is missing",
                "seed 004, PII + public safety: \"Public listing MUST require pii_cleared=true and pending_review=false\"; "
                        + "metadata.safety \"required for public/share flows\"");
        add("qc.blurry", Dimension.QC, Severity.WARN, "sharpness (Laplacian variance) below the profile's minimum",
                s002 + "stage 02 Preprocess: \"Laplacian-variance blur scored per clip\"");
        add("qc.overexposed", Dimension.QC, Severity.WARN, "too many clipped highlights",
                s002 + "stage 02 Preprocess: \"Exposure ... scored per clip\"");
        add("qc.underexposed", Dimension.QC, Severity.WARN, "too many crushed shadows",
                s002 + "stage 02 Preprocess: \"Exposure ... scored per clip\"");
        add("qc.black_frames", Dimension.QC, Severity.SOFT, "black frames", "Curio QC");
        add("qc.frozen_frames", Dimension.QC, Severity.SOFT, "the picture does not change between sampled frames", "Curio QC");
        add("qc.unavailable", Dimension.QC, Severity.WARN,
                "a camera could not be scored (its frames cannot be decoded here); the cause and file are named",
                "Curio: a check that cannot run says so");
        add("quality.near_duplicate", Dimension.QUALITY, Severity.WARN,
                "another episode has nearly the same frames and joint trajectory (a copy, re-encoded or trimmed); field names it",
                "Curio: a subset should not count one recording twice (profile near_duplicate_min_score)");
        add("check.failed", null, Severity.SOFT,
                "a check could not run on this episode; its dimension is unknown until the cause (named) is fixed",
                "Curio: a check that cannot run says so, never a finding it did not make");
    }

    private Codes() { }

    private static void add(String code, Dimension d, Severity s, String meaning, String rule) {
        ALL.put(code, new Code(code, d, s, meaning, rule));
    }

    public static boolean known(String code) {
        return ALL.containsKey(code);
    }

    public static Code get(String code) {
        Code c = ALL.get(code);
        if (c == null) throw new IllegalArgumentException("unknown finding code " + code);
        return c;
    }

    static Severity defaultSeverity(String code) {
        return get(code).severity();
    }

    public static Iterable<Code> all() {
        return ALL.values();
    }
}
