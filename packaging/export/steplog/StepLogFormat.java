package packaging.export.steplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import packaging.export.CameraFrames;
import packaging.export.EpisodeOut;
import packaging.export.ExportFormat;
import packaging.export.ExportProgress;
import packaging.export.FeatureMap;
import packaging.export.FrameRows;
import packaging.export.ImageCodec;
import packaging.export.Produced;
import packaging.export.SegmentNames;
import packaging.export.SegmentPlan;
import packaging.export.SeriesSampler;
import pipeline.source.FrameBuffer;
import store.CurioException;

/**
 * Seed 004's RLDS step logs: per exported segment a folder {@code episodes/<segment>/} with {@code metadata.json},
 * {@code steps/000000.jsonl} (one JSON step per row) and {@code blobs/} (one image per camera frame), and one
 * {@code edge_manifest.json} at the root whose checksum block covers every metadata and steps file. Joint positions
 * go to {@code observation.robot_state.<arm>.joint_positions} (two arms when the names say left_arm/right_arm, else
 * one), commands to {@code action.command}, cameras to {@code observation.media.<camera>} (JPEG, or as stored),
 * depth maps to 16-bit PNG blobs.
 */
public final class StepLogFormat implements ExportFormat {
    public static final String ID = "steplog";
    /** The step-log schema written ({@code metadata.schema_version}). */
    static final String SCHEMA_VERSION = "1.1";
    static final String EDGE_MANIFEST = "edge_manifest.json";
    /** Steps per {@code steps/*.jsonl} file: a long take is a few files a reader can stream, not one of gigabytes. */
    static final int STEPS_PER_FILE = 10_000;
    static final String STATE = "observation.state";
    static final String VELOCITY = "observation.velocity";
    static final String ACTION = "action";
    static final String REWARD = "next.reward";
    static final String DONE = "next.done";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "rlds-steplog/" + SCHEMA_VERSION;
    }

    @Override
    public FeatureMap plan(FeatureMap shared) {
        return shared.without(f -> f.kind() == FeatureMap.Kind.SERIES && !carried(f), "not_in_format",
                f -> "a seed-004 step has no field for " + f.key() + " (it carries joint positions and velocities, the "
                        + "end-effector pose, commands, reward, terminal flags and media)");
    }

    private static boolean carried(FeatureMap.Feature f) {
        return List.of(STATE, VELOCITY, ACTION, REWARD, DONE).contains(f.key()) || Pose.isPart(f);
    }

    @Override
    public Map<String, String> layout(FeatureMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> arms = Arms.of(map).names();
        String armPath = "observation.robot_state." + (arms.size() == 1 ? arms.get(0) : "{" + String.join(",", arms) + "}");
        for (FeatureMap.Feature f : map.features()) {
            out.put(f.key(), switch (f.key()) {
                case STATE -> armPath + ".joint_positions";
                case VELOCITY -> armPath + ".joint_velocities";
                case ACTION -> "action.command";
                case REWARD -> "reward";
                case DONE -> "is_terminal";
                default -> Pose.isPart(f) ? armPath + ".end_effector_pose." + (Pose.isPosition(f) ? "position" : "orientation")
                        : "observation.media." + MediaNames.of(map).get(f.key()) + " (blobs/*." + (f.kind() == FeatureMap.Kind.DEPTH
                        ? "png, 16-bit)" : "jpg)");
            });
        }
        return out;
    }

    @Override
    public Written write(Job job) {
        FeatureMap map = job.map();
        FrameRows.Rows rows = FrameRows.of(job.plan(), map, job.cancel());
        List<String> names = SegmentNames.of(job.plan());
        ExportProgress counter = new ExportProgress(job.progress(), rows.frames());
        List<Produced> produced = new ArrayList<>();
        Map<String, String> covered = new TreeMap<>();
        StepWriter writer = new StepWriter(map, job.cancel());
        List<String> defaulted = new ArrayList<>();
        List<String> derived = new ArrayList<>();
        for (int i = 0; i < rows.episodes().size(); i++) {
            EpisodeOut ep = rows.episodes().get(i);
            String folder = "episodes/" + names.get(i);
            StepWriter.Episode written = writer.write(job.work().resolve(folder), ep, names.get(i), counter);
            for (Map.Entry<String, String> f : written.files().entrySet()) {
                String rel = folder + "/" + f.getKey();
                boolean described = f.getKey().equals("metadata.json") || f.getKey().startsWith("steps/");
                if (described) covered.put(rel, f.getValue());
                produced.add(new Produced(rel, job.work().resolve(rel), described ? "robotics_episode_data" : "robotics_episode_media",
                        List.of(ep.segment()), described ? "resample onto the frame clock, write seed-004 steps" : "camera frame blob",
                        f.getValue()));
            }
            written.defaulted().forEach(d -> { if (!defaulted.contains(d)) defaulted.add(d); });
            written.derived().forEach(d -> { if (!derived.contains(d)) derived.add(d); });
        }
        ObjectNode edge = edgeManifest(job, covered);
        Path edgeFile = job.work().resolve(EDGE_MANIFEST);
        try {
            Files.writeString(edgeFile, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(edge) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", edgeFile.toString(), null, e.getMessage(), e);
        }
        produced.add(new Produced(EDGE_MANIFEST, edgeFile, "robotics_edge_manifest", job.plan().segments(), "edge bundle manifest", null));
        counter.finish("step logs written");
        Stats stats = Stats.of(rows.episodes(), rows.masterKey());
        ObjectNode card = JSON.createObjectNode();
        card.put("schema_version", SCHEMA_VERSION).put("episodes_folder", "episodes").put("edge_manifest", EDGE_MANIFEST)
                .put("steps_per_file", STEPS_PER_FILE);
        ArrayNode arms = card.putArray("arms");
        Arms.of(map).names().forEach(arms::add);
        ObjectNode media = card.putObject("media");
        MediaNames.of(map).forEach(media::put);
        defaulted.forEach(card.putArray("metadata_defaulted")::add);
        derived.forEach(card.putArray("derived_fields")::add);
        ArrayNode gaps = card.putArray("missing_required");
        if (writer.poseMissing()) {
            gaps.add("end_effector_pose: seed 004 requires it of every arm; the sources record none (no step-log pose, no "
                    + "eef_pos/eef_quat features), so the arms have none and validating the exported log reports "
                    + "schema.missing_field");
        }
        ObjectNode settings = JSON.createObjectNode().put("schema_version", SCHEMA_VERSION)
                .put("images", "JPEG (quality 95) unless the source frame is stored as JPEG/PNG and unredacted, then as stored; "
                        + "depth as 16-bit grey PNG").put("steps_per_file", STEPS_PER_FILE);
        return new Written(produced, stats, card, settings);
    }

    /**
     * Seed 004's edge bundle manifest. Curio packages no model, so {@code tflite_path} is null; the checksum block
     * covers every {@code metadata.json} and {@code steps/} file (the bundle's signature covers everything else).
     */
    private static ObjectNode edgeManifest(Job job, Map<String, String> covered) {
        ObjectNode edge = JSON.createObjectNode();
        edge.put("version", "1.0.0");
        edge.put("model_name", job.plan().subset().name());
        edge.putNull("tflite_path");
        edge.putObject("dependencies");
        ObjectNode sig = edge.putObject("signature");
        sig.put("type", "sha256_checksums");
        sig.put("note", "no model artifact is packaged; the bundle's signature.jws signs every file of the bundle");
        ObjectNode files = sig.putObject("files");
        covered.forEach(files::put);
        edge.put("created_at_unix_ms", Instant.now().toEpochMilli());
        edge.put("source", "curio.export");
        return edge;
    }

    @Override
    public String markdown(JsonNode s) {
        StringBuilder md = new StringBuilder();
        md.append("- One folder per exported segment under episodes/ (metadata.json, steps/*.jsonl, blobs/), schema_version ")
                .append(s.path("schema_version").asText()).append("; ").append(EDGE_MANIFEST).append(" at the root\n");
        md.append("- Arms: ").append(s.path("arms").isEmpty() ? "none" : String.join(", ", texts(s.path("arms")))).append("\n");
        if (!s.path("metadata_defaulted").isEmpty()) {
            md.append("- metadata fields the sources do not record, written with a default: ")
                    .append(String.join(", ", texts(s.path("metadata_defaulted")))).append("\n");
        }
        if (!s.path("derived_fields").isEmpty()) {
            md.append("- Derived fields: ").append(String.join("; ", texts(s.path("derived_fields")))).append("\n");
        }
        for (JsonNode gap : s.path("missing_required")) md.append("- Not written: ").append(gap.asText()).append("\n");
        return md.toString();
    }

    static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A file written while its SHA-256 is taken. */
    static final class HashedFile implements AutoCloseable {
        private final MessageDigest md;
        private final BufferedWriter writer;

        HashedFile(Path file) {
            try {
                Files.createDirectories(file.getParent());
                md = MessageDigest.getInstance("SHA-256");
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md);
                writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            } catch (IOException e) {
                throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void line(JsonNode n) throws IOException {
            writer.write(JSON.writeValueAsString(n));
            writer.write('\n');
        }

        void text(String s) throws IOException {
            writer.write(s);
        }

        /** Closes the file; its SHA-256. */
        String finish() throws IOException {
            writer.close();
            return HexFormat.of().formatHex(md.digest());
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** The name of each camera's and depth map's media block: the camera name; a depth map's always contains "depth". */
    static final class MediaNames {
        private MediaNames() { }

        static Map<String, String> of(FeatureMap map) {
            Map<String, String> out = new LinkedHashMap<>();
            for (FeatureMap.Feature f : map.features()) {
                if (f.kind() == FeatureMap.Kind.SERIES) continue;
                String name = f.key().substring(f.key().indexOf(f.kind() == FeatureMap.Kind.DEPTH ? "depth." : "images.")
                        + (f.kind() == FeatureMap.Kind.DEPTH ? "depth." : "images.").length());
                // Ingest tells a depth block by its name; a colour camera's must not look like one.
                if (f.kind() == FeatureMap.Kind.DEPTH && !name.contains("depth")) name = name + "_depth";
                if (f.kind() == FeatureMap.Kind.VIDEO && name.contains("depth")) name = name.replace("depth", "dpt");
                String unique = name;
                for (int n = 2; out.containsValue(unique); n++) unique = name + "_" + n;
                out.put(f.key(), unique);
            }
            return out;
        }
    }

    /** How the state's joints split into seed-004 arms: by a left_arm./right_arm. name prefix, else one left arm. */
    record Arms(List<String> names, List<int[]> ranges) {
        static Arms of(FeatureMap map) {
            FeatureMap.Feature state = map.feature(STATE);
            if (state == null) return new Arms(List.of(), List.of());
            List<String> jointNames = state.names();
            List<String> names = new ArrayList<>();
            List<int[]> ranges = new ArrayList<>();
            boolean split = jointNames.stream().allMatch(n -> n.startsWith("left_arm.") || n.startsWith("right_arm."));
            if (!split) return new Arms(List.of("left_arm"), List.of(new int[] {0, jointNames.size()}));
            int start = 0;
            for (int i = 1; i <= jointNames.size(); i++) {
                String arm = jointNames.get(start).substring(0, jointNames.get(start).indexOf('.'));
                if (i == jointNames.size() || !jointNames.get(i).startsWith(arm + ".")) {
                    names.add(arm);
                    ranges.add(new int[] {start, i});
                    start = i;
                }
            }
            return new Arms(List.copyOf(names), List.copyOf(ranges));
        }
    }

    /** End-effector features: a 3-value position and a 4-value quaternion named like robomimic's robot0_eef_pos/quat. */
    static final class Pose {
        private Pose() { }

        static boolean isPart(FeatureMap.Feature f) {
            return f.kind() == FeatureMap.Kind.SERIES && (isPosition(f) || isOrientation(f));
        }

        static boolean isPosition(FeatureMap.Feature f) {
            return f.key().contains("eef_pos") && f.dims() == 3;
        }

        static boolean isOrientation(FeatureMap.Feature f) {
            return f.key().contains("eef_quat") && f.dims() == 4;
        }

        /** The sampler's index of the position (or orientation) feature, or -1. */
        static int index(SeriesSampler sampler, boolean position) {
            for (int i = 0; i < sampler.features().size(); i++) {
                FeatureMap.Feature f = sampler.features().get(i);
                if (position ? isPosition(f) : isOrientation(f)) return i;
            }
            return -1;
        }
    }

    /** Writes one segment's folder; see {@link #write}. Holds the segment's series, one frame and one step at a time. */
    static final class StepWriter {
        private final FeatureMap map;
        private final SeriesSampler sampler;
        private final Arms arms;
        private final Map<String, String> media;
        private final store.Cancellation cancel;
        private boolean poseMissing;

        /** @param files name inside the folder to SHA-256, in writing order */
        record Episode(Map<String, String> files, List<String> defaulted, List<String> derived) { }

        StepWriter(FeatureMap map, store.Cancellation cancel) {
            this.map = map;
            this.sampler = new SeriesSampler(map.series(), cancel);
            this.arms = Arms.of(map);
            this.media = MediaNames.of(map);
            this.cancel = cancel;
        }

        /** Whether some arm was written without the end-effector pose seed 004 requires (the sources had none). */
        boolean poseMissing() {
            return poseMissing;
        }

        Episode write(Path dir, EpisodeOut ep, String name, ExportProgress progress) {
            SegmentPlan seg = ep.segment();
            sampler.begin(seg);
            SourceSteps source = SourceSteps.of(seg, arms.names(), cancel);
            Metadata md = Metadata.of(seg, ep, name, source, map.fps());
            Map<String, String> files = new LinkedHashMap<>();
            List<String> derived = new ArrayList<>();
            List<CameraFrames> cams = new ArrayList<>();
            List<FeatureMap.Feature> camFeatures = new ArrayList<>();
            try {
                for (FeatureMap.Feature f : map.features()) {
                    if (f.kind() == FeatureMap.Kind.SERIES) continue;
                    cams.add(CameraFrames.open(ep, f));
                    camFeatures.add(f);
                }
                try (HashedFile meta = new HashedFile(dir.resolve("metadata.json"))) {
                    meta.text(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(md.node()) + "\n");
                    files.put("metadata.json", meta.finish());
                }
                int state = sampler.indexOf(STATE);
                int velocity = sampler.indexOf(VELOCITY);
                // Velocities go into the arms' blocks beside the positions, so they must be the same joints.
                if (velocity >= 0 && (state < 0 || map.series().get(velocity).dims() != map.series().get(state).dims())) velocity = -1;
                boolean differentiate = state >= 0 && velocity < 0 && !source.has("joint_velocities");
                if (differentiate) derived.add("joint_velocities: central difference of joint_positions over the rows' times "
                        + "(the source records no joint velocities)");
                HashedFile steps = null;
                String stepsName = null;
                String[] lastUri = new String[cams.size()];
                int[] lastFrame = new int[cams.size()];
                java.util.Arrays.fill(lastFrame, -1);
                FrameBuffer frame = new FrameBuffer();
                try {
                    for (int k = 0; k < ep.length(); k++) {
                        if ((k & 63) == 0) cancel.check();
                        if (k % STEPS_PER_FILE == 0) {
                            if (steps != null) files.put(stepsName, steps.finish());
                            stepsName = String.format("steps/%06d.jsonl", k / STEPS_PER_FILE);
                            steps = new HashedFile(dir.resolve(stepsName));
                        }
                        long t = ep.timeNs(k);
                        long stamp = md.stampNs(t);
                        ObjectNode step = JSON.createObjectNode();
                        step.put("timestamp_ns", stamp);
                        ObjectNode obs = step.putObject("observation");
                        for (int c = 0; c < cams.size(); c++) {
                            FeatureMap.Feature f = camFeatures.get(c);
                            CameraFrames cam = cams.get(c);
                            int sourceFrame = cam.frameAt(k);
                            boolean depth = f.kind() == FeatureMap.Kind.DEPTH;
                            String format = depth ? "png16" : "jpeg";
                            if (sourceFrame != lastFrame[c]) {
                                byte[] bytes;
                                if (depth) {
                                    bytes = cam.depthPng(k);
                                } else {
                                    byte[] stored = cam.storedImage(k);
                                    String storedFormat = stored == null ? null : ImageCodec.formatOf(stored).orElse(null);
                                    if (stored != null && ("jpeg".equals(storedFormat) || "png".equals(storedFormat))) {
                                        bytes = stored;
                                        format = storedFormat;
                                    } else {
                                        cam.decode(k, frame);
                                        bytes = ImageCodec.jpeg(frame);
                                    }
                                }
                                String blob = String.format("blobs/%s_%06d.%s", media.get(f.key()), k, format.equals("jpeg") ? "jpg" : "png");
                                Path file = dir.resolve(blob);
                                Files.createDirectories(file.getParent());
                                Files.write(file, bytes);
                                files.put(blob, pipeline.Digests.sha256Hex(bytes));
                                lastUri[c] = blob;
                                lastFrame[c] = sourceFrame;
                            } else if (!depth) {
                                // The same source frame on the next row (a grid faster than the camera) is the same blob.
                                format = lastUri[c].endsWith(".png") ? "png" : "jpeg";
                            }
                            ObjectNode block = obs.withObjectProperty("media").putObject(media.get(f.key()));
                            block.put("uri", lastUri[c]).put("frame_id", md.frameId()).put("timestamp_ns", stamp)
                                    .put("width", f.width()).put("height", f.height()).put("format", format);
                            if (depth) block.put("units", "as recorded (millimetres for 16-bit depth)");
                        }
                        if (state >= 0) robotState(obs, ep, k, state, velocity, differentiate, source, md.frameId());
                        String label = seg.subtaskAt(t);
                        obs.put("language_instruction", k == 0 || label == null ? seg.task() : label);
                        int action = sampler.indexOf(ACTION);
                        if (action >= 0) {
                            ArrayNode cmd = step.putObject("action").putArray("command");
                            for (double v : sampler.sample(action, t)) cmd.add(v);
                        }
                        int reward = sampler.indexOf(REWARD);
                        if (reward >= 0) step.put("reward", sampler.sample(reward, t)[0]);
                        int done = sampler.indexOf(DONE);
                        boolean last = k == ep.length() - 1;
                        step.put("is_terminal", done >= 0 ? sampler.sample(done, t)[0] != 0
                                : last && seg.reachesEpisodeEnd() && seg.failures().isEmpty());
                        if (label != null) step.putObject("step_metadata").put("subtask", label);
                        steps.line(step);
                        progress.add(1);
                        if ((k & 63) == 0) progress.report("step log: episode " + (seg.index() + 1));
                    }
                    if (steps != null) files.put(stepsName, steps.finish());
                } finally {
                    if (steps != null) steps.close();
                }
                for (CameraFrames cam : cams) ep.addRedacted(cam.redactedRows());
            } catch (IOException e) {
                throw new CurioException("io.write_failed", dir.toString(), null, e.getMessage(), e);
            } finally {
                cams.forEach(CameraFrames::close);
            }
            return new Episode(files, md.defaulted(), derived);
        }

        /** Each arm's joint positions and velocities at row {@code k}, with its end-effector pose where one is known. */
        private void robotState(ObjectNode obs, EpisodeOut ep, int k, int state, int velocity, boolean differentiate,
                                SourceSteps source, String frameId) {
            long t = ep.timeNs(k);
            double[] q = sampler.sample(state, t);
            double[] v;
            if (velocity >= 0) {
                v = sampler.sample(velocity, t);
            } else if (differentiate) {
                int a = Math.max(0, k - 1);
                int b = Math.min(ep.length() - 1, k + 1);
                double[] qa = sampler.sample(state, ep.timeNs(a));
                double[] qb = sampler.sample(state, ep.timeNs(b));
                double dt = (ep.timeNs(b) - ep.timeNs(a)) / 1e9;
                v = new double[q.length];
                for (int j = 0; j < v.length; j++) v[j] = dt > 0 ? (qb[j] - qa[j]) / dt : 0;
            } else {
                v = null;
            }
            int pos = Pose.index(sampler, true);
            int quat = Pose.index(sampler, false);
            ObjectNode robot = obs.putObject("robot_state");
            for (int a = 0; a < arms.names().size(); a++) {
                String arm = arms.names().get(a);
                int[] r = arms.ranges().get(a);
                ObjectNode block = robot.putObject(arm);
                ArrayNode jp = block.putArray("joint_positions");
                for (int j = r[0]; j < r[1]; j++) jp.add(q[j]);
                ArrayNode jv = block.putArray("joint_velocities");
                double[] carriedV = v == null ? source.at(arm, "joint_velocities", t) : null;
                if (v != null) for (int j = r[0]; j < r[1]; j++) jv.add(v[j]);
                else if (carriedV != null) for (double x : carriedV) jv.add(x);
                double[] p = pos >= 0 && arms.names().size() == 1 ? sampler.sample(pos, t) : source.at(arm, "end_effector_pose.position", t);
                double[] o = quat >= 0 && arms.names().size() == 1 ? sampler.sample(quat, t) : source.at(arm, "end_effector_pose.orientation", t);
                if (p == null || o == null) {
                    poseMissing = true;
                } else {
                    ObjectNode pose = block.putObject("end_effector_pose");
                    ArrayNode pa = pose.putArray("position");
                    for (double x : p) pa.add(x);
                    ArrayNode oa = pose.putArray("orientation");
                    for (double x : o) oa.add(x);
                }
                block.put("frame_id", frameId);
            }
        }
    }
}
