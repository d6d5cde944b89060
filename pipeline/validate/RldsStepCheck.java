package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pipeline.read.rlds.StepLogReader;

/**
 * Seed 004's step rules, in one pass over the steps of an RLDS step log: frame_ids agree across video, depth and
 * robot state; timestamps of one step agree within the profile's alignment (5 ms); step timestamps increase; the
 * fields the seed says each arm MUST carry are there; gaze and audio blocks are complete; glove frames are present
 * often enough and the glove BLE link's MTU and sample rate are logged.
 */
final class RldsStepCheck implements Check {
    /** A log broken on every step is a handful of findings per rule, each naming its step, not thousands. */
    static final int MAX_PER_RULE = 5;
    /** Where a step keeps its vision frames (video first: it is the reference the others are compared with). */
    private static final List<String> VIDEO = List.of("observation.media.rgb", "observation.egocentric_video");
    private static final List<String> DEPTH = List.of("observation.media.depth", "observation.egocentric_depth");
    private static final List<String> ARMS = List.of("observation.robot_state.left_arm", "observation.robot_state.right_arm");
    /** Other timestamped parts of a step that must align with its vision frame. */
    private static final List<String> TIMED = List.of("observation.glove", "observation.xr_headset_pose",
            "observation.xr_hand_right_pose", "observation.xr_hand_left_pose");
    /** Seed 004: the robot_state arm fields the Pi-side recorder MUST write. */
    private static final List<String> ARM_FIELDS = List.of("joint_positions", "joint_velocities", "end_effector_pose");
    private static final List<String> AUDIO = List.of("observation.audio", "observation.media.audio");

    @Override
    public Dimension dimension() {
        return Dimension.TEMPORAL;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        if (ctx.contract().kind() != Contract.Kind.RLDS_STEPLOG) return;
        Path folder = ctx.episodeFolder();
        if (folder == null || !Files.isDirectory(folder.resolve(StepLogReader.STEPS_DIR))) return;
        Rules rules = new Rules(ctx, out);
        StepLogReader.open(folder).forEachStep((index, step, file) ->
                rules.step(index, step.node(), ctx.episode().relPath() + "/" + file), ctx.cancel());
        rules.finish();
    }

    /** A block at a dotted path of a step, or null when absent or not an object. */
    static JsonNode at(JsonNode step, String dotted) {
        JsonNode n = step;
        for (String part : dotted.split("\\.")) {
            n = n.get(part);
            if (n == null || n.isNull()) return null;
        }
        return n.isObject() ? n : null;
    }

    private static final class Rules {
        private final ValidationContext ctx;
        private final Findings out;
        private final long maxNs;
        private final double gazeTolerance;
        private final Map<String, Long> counts = new HashMap<>();
        private final Map<String, String> firstFile = new HashMap<>();
        private Long previousTs;
        private long steps;
        private long gloveSteps;
        private long gloveValid;
        private boolean gloveBleLogged;
        private String lastFile;

        Rules(ValidationContext ctx, Findings out) {
            this.ctx = ctx;
            this.out = out;
            this.maxNs = Math.round(ctx.profile().threshold("step_alignment_max_ms") * 1e6);
            this.gazeTolerance = ctx.profile().threshold("gaze_norm_tolerance");
            JsonNode md = Contract.rldsMetadata(ctx.manifest());
            this.gloveBleLogged = md != null && logsGloveBle(md, "");
        }

        void step(long i, JsonNode step, String file) {
            steps++;
            lastFile = file;
            String at = "$.steps[" + i + "]";
            frameIds(i, step, file, at);
            alignment(i, step, file, at);
            order(i, step, file, at);
            armFields(i, step, file, at);
            gaze(i, step, file, at);
            audio(i, step, file, at);
            JsonNode glove = at(step, "observation.glove");
            if (glove != null) {
                gloveSteps++;
                if (glove.path("valid").asBoolean(false)) gloveValid++;
                if (!gloveBleLogged) gloveBleLogged = logsGloveBle(glove, "glove") || logsGloveBle(step.path("observation").path("diagnostics"), "");
            } else if (!gloveBleLogged) {
                gloveBleLogged = logsGloveBle(step.path("observation").path("diagnostics"), "");
            }
        }

        /** Seed 004: "Reject if any step has mismatched frame_ids across video/depth/robot state." */
        private void frameIds(long i, JsonNode step, String file, String at) {
            String refPath = null;
            String refId = null;
            List<String> paths = new ArrayList<>(VIDEO);
            paths.addAll(DEPTH);
            paths.addAll(ARMS);
            for (String p : paths) {
                JsonNode b = at(step, p);
                if (b == null || !b.hasNonNull("frame_id")) continue;
                String id = b.get("frame_id").asText();
                if (refId == null) {
                    refId = id;
                    refPath = p;
                } else if (!refId.equals(id)) {
                    report("temporal.frame_id_mismatch", file, at + "." + p + ".frame_id", String.format(
                            "step %d: %s.frame_id is \"%s\", %s.frame_id is \"%s\"", i, p, id, refPath, refId));
                    return;
                }
            }
        }

        /**
         * Seed 004: robot-state timestamps within +/-5 ms of the corresponding vision frame "when present", and
         * "Steps must align robot state, video, glove, and pose to within 5 ms". The step's own timestamp_ns is the
         * robot state's when an arm carries none.
         */
        private void alignment(long i, JsonNode step, String file, String at) {
            String refPath = null;
            Long ref = null;
            List<String> vision = new ArrayList<>(VIDEO);
            vision.addAll(DEPTH);
            for (String p : vision) {
                JsonNode b = at(step, p);
                if (b == null || !b.path("timestamp_ns").canConvertToLong()) continue;
                long ts = b.get("timestamp_ns").asLong();
                if (ref == null) {
                    ref = ts;
                    refPath = p;
                } else if (Math.abs(ts - ref) > maxNs) {
                    misaligned(i, file, at, p, ts, refPath, ref);
                    return;
                }
            }
            if (ref == null) return;
            List<String> others = new ArrayList<>(ARMS);
            others.addAll(TIMED);
            boolean armStamped = false;
            for (String p : others) {
                JsonNode b = at(step, p);
                if (b == null || !b.path("timestamp_ns").canConvertToLong()) continue;
                armStamped |= ARMS.contains(p);
                long ts = b.get("timestamp_ns").asLong();
                if (Math.abs(ts - ref) > maxNs) {
                    misaligned(i, file, at, p, ts, refPath, ref);
                    return;
                }
            }
            if (!armStamped && step.path("timestamp_ns").canConvertToLong()) {
                long ts = step.get("timestamp_ns").asLong();
                if (Math.abs(ts - ref) > maxNs) misaligned(i, file, at, "timestamp_ns (robot state)", ts, refPath, ref);
            }
        }

        private void misaligned(long i, String file, String at, String p, long ts, String refPath, long ref) {
            String field = p.startsWith("timestamp_ns") ? at + ".timestamp_ns" : at + "." + p + ".timestamp_ns";
            report("temporal.step_misaligned", file, field, String.format("step %d: %s is %+.1f ms from %s (limit +/-%.0f ms)",
                    i, p, (ts - ref) / 1e6, refPath, maxNs / 1e6));
        }

        /** Seed 004: "Each step is timestamped in monotonic time (ns)". */
        private void order(long i, JsonNode step, String file, String at) {
            JsonNode t = step.path("timestamp_ns");
            if (!t.canConvertToLong()) return;
            long ts = t.asLong();
            if (previousTs != null && ts <= previousTs) {
                report("temporal.non_monotonic", file, at + ".timestamp_ns", String.format(
                        "step %d at %d ns does not come after step %d at %d ns", i, ts, i - 1, previousTs));
            }
            previousTs = ts;
        }

        /** Seed 004: robot_state "MUST include per-arm joint_positions, joint_velocities, and end_effector_pose". */
        private void armFields(long i, JsonNode step, String file, String at) {
            for (String arm : ARMS) {
                JsonNode b = at(step, arm);
                if (b == null) continue;
                for (String f : ARM_FIELDS) {
                    if (!b.hasNonNull(f)) {
                        report("schema.missing_field", file, at + "." + arm + "." + f,
                                "step " + i + ": " + arm + " has no " + f + " (seed 004: robot_state MUST include it per arm)");
                    }
                }
            }
        }

        /** Seed 004: "Gaze vectors (when present) must be normalized and include origin/direction with 3 floats each." */
        private void gaze(long i, JsonNode step, String file, String at) {
            JsonNode g = at(step, "observation.gaze");
            if (g == null) return;
            double[] origin = vector3(g.get("origin"));
            double[] direction = vector3(g.get("direction"));
            String field = at + ".observation.gaze";
            if (origin == null) {
                report("schema.gaze_invalid", file, field + ".origin", "step " + i + ": gaze.origin is not 3 floats");
            } else if (direction == null) {
                report("schema.gaze_invalid", file, field + ".direction", "step " + i + ": gaze.direction is not 3 floats");
            } else {
                double norm = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2]);
                if (Math.abs(norm - 1) > gazeTolerance) {
                    report("schema.gaze_invalid", file, field + ".direction", String.format(
                            "step %d: gaze.direction has length %.4f, not a unit vector", i, norm));
                }
            }
        }

        /** An [x, y, z] array or an {x, y, z} object of numbers. */
        static double[] vector3(JsonNode n) {
            if (n == null) return null;
            if (n.isArray() && n.size() == 3 && n.get(0).isNumber() && n.get(1).isNumber() && n.get(2).isNumber()) {
                return new double[]{n.get(0).asDouble(), n.get(1).asDouble(), n.get(2).asDouble()};
            }
            if (n.isObject() && n.size() == 3 && n.path("x").isNumber() && n.path("y").isNumber() && n.path("z").isNumber()) {
                return new double[]{n.get("x").asDouble(), n.get("y").asDouble(), n.get("z").asDouble()};
            }
            return null;
        }

        /** Seed 004: "Audio (when present) must specify sample_rate_hz and num_channels." */
        private void audio(long i, JsonNode step, String file, String at) {
            for (String p : AUDIO) {
                JsonNode a = at(step, p);
                if (a == null) continue;
                for (String f : List.of("sample_rate_hz", "num_channels")) {
                    if (!a.path(f).isNumber()) {
                        report("schema.audio_incomplete", file, at + "." + p + "." + f, "step " + i + ": " + p + " has no " + f);
                    }
                }
            }
        }

        private void report(String code, String file, String field, String message) {
            long n = counts.merge(code, 1L, Long::sum);
            firstFile.putIfAbsent(code, file);
            if (n <= MAX_PER_RULE) out.file(code, file, field, message);
        }

        void finish() {
            counts.forEach((code, n) -> {
                if (n > MAX_PER_RULE) {
                    out.file(code, firstFile.get(code), null, n + " steps break this rule; the first " + MAX_PER_RULE + " are listed");
                }
            });
            glove();
        }

        /**
         * Seed 004: "Warn (but keep) if glove frames drop below 95% of expected count per episode". A glove that was
         * never paired writes valid=false on every step, as the seed asks; that is no dropout.
         */
        private void glove() {
            if (gloveSteps == 0 || gloveValid == 0) return;
            double ratio = (double) gloveValid / steps;
            double minRatio = ctx.profile().threshold("glove_min_ratio");
            String rel = ctx.episode().relPath();
            if (ratio < minRatio) {
                out.file("completeness.glove_dropout", rel, "glove.valid", String.format(
                        "glove valid in %.1f%% of steps, the profile asks for %.0f%%", ratio * 100, minRatio * 100));
            }
            if (!gloveBleLogged) {
                out.file("completeness.glove_ble_unlogged", lastFile == null ? rel : ctx.contract().manifestFile(), "glove",
                        "glove data present, but no glove BLE MTU and sample rate are logged (looked for keys with \"mtu\" "
                                + "and \"sample_rate\" under a glove/ble block of metadata, observation.glove or observation.diagnostics)");
            }
        }

        /** Whether a block (or a glove/BLE block within it) names both an MTU and a sample rate. */
        static boolean logsGloveBle(JsonNode n, String path) {
            if (n == null || !n.isObject()) return false;
            boolean scope = path.contains("glove") || path.contains("ble");
            boolean mtu = false;
            boolean rate = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().toLowerCase(Locale.ROOT);
                String here = path.isEmpty() ? key : path + "." + key;
                if (e.getValue().isObject()) {
                    if (logsGloveBle(e.getValue(), here)) return true;
                    continue;
                }
                boolean inScope = scope || key.contains("glove") || key.contains("ble");
                if (inScope && key.contains("mtu")) mtu = true;
                if (inScope && key.contains("sample_rate")) rate = true;
            }
            return mtu && rate;
        }
    }
}
