package pipeline.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import pipeline.Digests;
import java.util.Map;
import java.util.UUID;

/**
 * The episode_manifest.json of a demo episode: the blocks of the ingest contract v0 (identity, time,
 * streams, calibration, task, consent, quality, lineage) plus the file checksums the integrity check uses.
 */
final class DemoManifest {
    static final String DEMO_TOOL = "curio-demo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoManifest() { }

    static ObjectNode build(DemoEpisodePlan plan, String datasetId, Map<String, String> checksums, String version) {
        ObjectNode m = JSON.createObjectNode();
        m.put("contract", "curio-raw-episode/1");
        m.put("dataset_id", datasetId);
        m.put("operator_id", uuid("operator-" + (plan.index() % 3)));
        ObjectNode robot = m.putObject("robot");
        robot.put("serial", "ARM-" + (4100 + plan.seed() % 7));
        robot.put("model", "curio-sim-arm6");
        robot.put("embodiment_ref", "sha256:" + Digests.sha256Hex("curio-sim-arm6 urdf+srdf"));
        robot.put("firmware_version", "2.4.1");
        ObjectNode device = m.putObject("capture_device");
        device.put("kind", "robot");
        device.put("serial", "CAP-" + (900 + plan.index()));
        device.put("firmware_version", "1.2.0");
        long durationMs = Math.round(plan.durationS() * 1000);
        m.put("episode_start_utc", Instant.ofEpochMilli(plan.startEpochMs()).toString());
        m.put("episode_end_utc", Instant.ofEpochMilli(plan.startEpochMs() + durationMs).toString());
        m.put("timebase", "monotonic");
        ObjectNode offsets = m.putObject("clock_offsets_ns");
        for (DemoEpisodePlan.Camera c : plan.cameras()) offsets.put(c.name(), c.clockOffsetNs());
        offsets.put("proprio", 0);
        offsets.put("action", 0);
        streams(m.putObject("streams"), plan);
        calibration(m.putObject("calibration"), plan);
        task(m.putObject("task"), plan);
        consent(m.putObject("consent"), plan);
        ObjectNode quality = m.putObject("quality");
        quality.put("motion_blur_score", 0.05);
        quality.put("exposure_health", 0.93);
        quality.put("dropped_frames", 0);
        quality.put("operator_tier", plan.index() % 2 == 0 ? "trained" : "expert");
        quality.putArray("sensor_drift_flags");
        ObjectNode lineage = m.putObject("lineage");
        lineage.putArray("parent_refs");
        ObjectNode step = lineage.putArray("processing_steps").addObject();
        step.put("tool", DEMO_TOOL);
        step.put("version", version);
        step.put("input_hash", "seed:" + plan.seed() + ":" + plan.index());
        step.put("output_hash", "sha256:" + Digests.sha256Hex(String.join(",", checksums.values())));
        step.put("ts", Instant.ofEpochMilli(plan.startEpochMs() + durationMs + 60_000).toString());
        ObjectNode sums = m.putObject("checksums");
        checksums.forEach(sums::put);
        return m;
    }

    private static void streams(ObjectNode s, DemoEpisodePlan plan) {
        for (DemoEpisodePlan.Camera c : plan.cameras()) {
            ObjectNode cam = s.putObject(c.name());
            cam.put("type", "rgb");
            cam.putArray("resolution").add(DemoScene.WIDTH).add(DemoScene.HEIGHT);
            cam.put("fps", (int) DemoEpisodePlan.VIDEO_FPS);
            cam.put("shutter", "global");
            cam.put("exposure_mode", "auto");
            cam.put("encoding", "h264");
            cam.put("frame_uri", "video/" + c.name() + ".mp4");
            cam.put("start_ns", Math.round(c.startS() * 1e9));
            cam.put("frame_count", c.frameCount());
        }
        ObjectNode proprio = s.putObject("proprio");
        proprio.put("type", "proprioception");
        ArrayNode names = proprio.putArray("joint_names");
        ArmMotion.JOINTS.forEach(names::add);
        proprio.put("units", "rad");
        proprio.put("hz", (int) DemoEpisodePlan.JOINT_HZ);
        proprio.put("topic", "/joint_states");
        proprio.put("frame_uri", DemoGenerator.BAG_FILE);
        proprio.put("sample_count", plan.jointSamples());
        ArrayNode limits = proprio.putArray("joint_limits");
        for (double[] l : ArmMotion.LIMITS) limits.addArray().add(l[0]).add(l[1]);
        ObjectNode action = s.putObject("action");
        action.put("type", "action");
        action.put("space", "abs_joint");
        ArrayNode mapping = action.putArray("joint_mapping");
        ArmMotion.JOINTS.forEach(mapping::add);
        action.put("dt_ms", (int) (1000 / DemoEpisodePlan.JOINT_HZ));
        action.put("topic", "/joint_command");
        action.put("frame_uri", DemoGenerator.BAG_FILE);
        action.put("sample_count", plan.jointSamples());
    }

    private static void calibration(ObjectNode cal, DemoEpisodePlan plan) {
        for (DemoEpisodePlan.Camera c : plan.cameras()) {
            ObjectNode cam = cal.putObject(c.name());
            ObjectNode k = cam.putObject("intrinsics");
            k.put("fx", 462.0);
            k.put("fy", 462.0);
            k.put("cx", DemoScene.WIDTH / 2.0);
            k.put("cy", DemoScene.HEIGHT / 2.0);
            k.putArray("distortion").add(0.01).add(-0.002).add(0.0).add(0.0).add(0.0);
            cam.put("extrinsics_ref_frame", c.name().equals("cam_high") ? "base_link" : "wrist_link");
            ArrayNode se3 = cam.putArray("extrinsics_SE3");
            double[] t = {1, 0, 0, 0.1, 0, 1, 0, 0, 0, 0, 1, 0.6, 0, 0, 0, 1};
            for (double v : t) se3.add(v);
            cam.put("quality_score", 0.92);
            cam.put("source", "checkerboard");
            cam.put("timestamp", Instant.ofEpochMilli(plan.startEpochMs() - 3_600_000).toString());
        }
    }

    private static void task(ObjectNode task, DemoEpisodePlan plan) {
        task.put("nl_instruction", plan.task());
        task.put("ontology_ref", "curio:tasks/pick_place");
        ArrayNode subtasks = task.putArray("subtasks");
        double start = 0;
        for (int i = 0; i < plan.phaseEndS().length; i++) {
            ObjectNode st = subtasks.addObject();
            // Seconds from episode_start_utc, the unit Curio reads subtask times in.
            st.put("start_ts", Math.round(start * 1000) / 1000.0);
            st.put("end_ts", Math.round(plan.phaseEndS()[i] * 1000) / 1000.0);
            st.put("label", plan.subtaskLabels().get(i));
            start = plan.phaseEndS()[i];
        }
        task.put("success", !plan.fails());
        if (plan.fails()) task.put("failure_mode", "grasp_slip"); else task.putNull("failure_mode");
    }

    private static void consent(ObjectNode consent, DemoEpisodePlan plan) {
        consent.put("environment", "lab");
        consent.put("pii_state", plan.hasFace() ? "raw" : "reviewed");
        consent.put("blur_tool", "none");
        consent.put("blur_tool_version", "0.0.0");
        consent.put("jurisdiction", "us");
        consent.put("retention_policy_ref", "curio:retention/lab-3y");
        consent.put("consent_receipt", "consent_demo_" + (plan.index() % 3));
        consent.put("license_scope", "lic_demo_internal");
    }

    static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
