package pipeline.read.rlds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pipeline.read.NodeCursor;
import pipeline.read.PathGuard;
import store.CurioException;

/** Accumulates {@link StepLogSummary} one step at a time; holds counters, never steps. */
final class StepLogScan {
    /** Blocks whose {@code uri} names a recorded blob; a bare string is accepted as the URI itself. */
    private static final List<String> MEDIA = List.of("observation.egocentric_video", "observation.egocentric_depth",
            "observation.media.rgb", "observation.media.depth", "observation.media.audio", "observation.audio");
    /** frame_id sets are for spotting misalignment, a handful of ids; cap so a broken log cannot grow them. */
    private static final int MAX_IDS = 64;

    private final Path episodeDir;
    private final Map<String, MediaAcc> media = new LinkedHashMap<>();
    private final Map<String, ArmAcc> arms = new LinkedHashMap<>();
    private long steps;
    private long stamped;
    private Long firstTs;
    private Long lastTs;
    private long nonIncreasing;
    private long maxGap;
    private long gapSum;
    private long gaps;
    private long commandSteps;
    private int commandLength = -1;
    private boolean commandConsistent = true;
    private long gloveSteps;
    private long gloveValid;
    private String instruction;
    private String lastInstruction;
    private int instructionChanges;
    private long terminal;

    StepLogScan(Path episodeDir) {
        this.episodeDir = episodeDir;
    }

    void accept(NodeCursor step, String file) {
        step.requireObject();
        steps++;
        NodeCursor obs = step.get("observation");
        NodeCursor ts = step.get("timestamp_ns").isAbsent() ? obs.get("timestamp_ns") : step.get("timestamp_ns");
        timestamp(ts.longOrNull());
        for (String key : MEDIA) {
            NodeCursor block = step.dotted(key);
            if (!block.isAbsent()) media.computeIfAbsent(key, MediaAcc::new).add(block, file);
        }
        // Seed 004 extends observation with new blocks rather than sidecars: a camera beyond rgb and depth is one more
        // media block (observation.media.wrist), read like them.
        NodeCursor more = obs.get("media");
        if (more.isObject()) {
            for (java.util.Iterator<String> it = more.node().fieldNames(); it.hasNext(); ) {
                String key = "observation.media." + it.next();
                if (MEDIA.contains(key)) continue;
                NodeCursor block = step.dotted(key);
                if (block.isObject() && !block.get("uri").isAbsent()) media.computeIfAbsent(key, MediaAcc::new).add(block, file);
            }
        }
        for (NodeCursor mask : obs.get("segmentation").get("masks").elementsOrEmpty()) {
            media.computeIfAbsent("observation.segmentation.masks", MediaAcc::new).add(mask, file);
        }
        NodeCursor state = obs.get("robot_state");
        for (String arm : List.of("left_arm", "right_arm")) {
            NodeCursor a = state.get(arm);
            if (!a.isAbsent()) arms.computeIfAbsent(arm, ArmAcc::new).add(a.requireObject());
        }
        NodeCursor command = step.get("action").get("command");
        if (!command.isAbsent()) {
            int len = command.arrayLength();
            if (commandSteps++ == 0) commandLength = len;
            else if (len != commandLength) commandConsistent = false;
        }
        NodeCursor glove = obs.get("glove");
        if (!glove.isAbsent()) {
            gloveSteps++;
            if (Boolean.TRUE.equals(glove.get("valid").boolOrNull())) gloveValid++;
        }
        NodeCursor lang = obs.get("language_instruction").isAbsent() ? step.get("language_instruction") : obs.get("language_instruction");
        String text = lang.textOr(null);
        if (text != null) {
            if (instruction == null) instruction = text;
            else if (!text.equals(lastInstruction)) instructionChanges++;
            lastInstruction = text;
        }
        if (Boolean.TRUE.equals(step.get("is_terminal").boolOrNull())) terminal++;
    }

    StepLogSummary result(StepLogMetadata metadata, List<String> stepFiles) {
        Map<String, StepLogSummary.MediaStream> m = new LinkedHashMap<>();
        media.forEach((k, v) -> m.put(k, v.result()));
        Map<String, StepLogSummary.Arm> a = new LinkedHashMap<>();
        arms.forEach((k, v) -> a.put(k, new StepLogSummary.Arm(k, v.steps, v.joints, v.jointsConsistent, Set.copyOf(v.frameIds))));
        return new StepLogSummary(episodeDir, metadata, stepFiles, steps,
                new StepLogSummary.TimestampStats(stamped, steps - stamped, firstTs, lastTs, nonIncreasing == 0,
                        nonIncreasing, maxGap, gaps == 0 ? 0 : (double) gapSum / gaps),
                m, a, new StepLogSummary.Action(commandSteps, commandLength, commandConsistent),
                new StepLogSummary.Glove(gloveSteps, gloveValid, steps == 0 ? 0 : (double) gloveValid / steps),
                instruction, instructionChanges, terminal);
    }

    private void timestamp(Long ts) {
        if (ts == null) return;
        if (lastTs != null) {
            long gap = ts - lastTs;
            if (gap <= 0) {
                nonIncreasing++;
            } else {
                maxGap = Math.max(maxGap, gap);
                gapSum += gap;
                gaps++;
            }
        } else {
            firstTs = ts;
        }
        lastTs = ts;
        stamped++;
    }

    private static void addCapped(Set<String> set, String v) {
        if (v != null && set.size() < MAX_IDS) set.add(v);
    }

    /** Checks a local blob reference: inside the episode folder and present. */
    private Path blob(NodeCursor uriNode, String file) {
        String uri = uriNode.text();
        Path p = PathGuard.resolve(episodeDir, PathGuard.localPart(uri), file, uriNode.path());
        if (!Files.isRegularFile(p)) {
            throw new CurioException(StepLogReader.BLOB_MISSING, file, uriNode.path(), "blob not found: " + uri);
        }
        return p;
    }

    private final class MediaAcc {
        final String key;
        long frames;
        long blobs;
        long remote;
        final Set<String> frameIds = new LinkedHashSet<>();
        final Set<String> formats = new LinkedHashSet<>();
        int width;
        int height;
        boolean sizeConsistent = true;
        Long firstTs;
        Long lastTs;
        boolean increasing = true;

        MediaAcc(String key) {
            this.key = key;
        }

        void add(NodeCursor block, String file) {
            frames++;
            NodeCursor uri = block.isText() ? block : block.requireObject().get("uri");
            if (!uri.isAbsent()) {
                if (PathGuard.isRemoteUri(uri.text())) remote++;
                else {
                    blob(uri, file);
                    blobs++;
                }
            }
            if (block.isText()) return;
            addCapped(frameIds, block.get("frame_id").textOr(null));
            addCapped(formats, block.get("format").textOr(null));
            Long w = block.get("width").longOrNull();
            Long h = block.get("height").longOrNull();
            if (w != null && h != null) {
                if (width == 0 && height == 0) {
                    width = w.intValue();
                    height = h.intValue();
                } else if (width != w || height != h) {
                    sizeConsistent = false;
                }
            }
            Long ts = block.get("timestamp_ns").longOrNull();
            if (ts != null) {
                if (lastTs != null && ts <= lastTs) increasing = false;
                if (firstTs == null) firstTs = ts;
                lastTs = ts;
            }
        }

        StepLogSummary.MediaStream result() {
            return new StepLogSummary.MediaStream(key, frames, blobs, remote, Set.copyOf(frameIds), Set.copyOf(formats),
                    width, height, sizeConsistent, firstTs, lastTs, increasing);
        }
    }

    private static final class ArmAcc {
        final String name;
        long steps;
        int joints = -1;
        boolean jointsConsistent = true;
        final Set<String> frameIds = new LinkedHashSet<>();

        ArmAcc(String name) {
            this.name = name;
        }

        void add(NodeCursor arm) {
            NodeCursor jp = arm.get("joint_positions");
            if (!jp.isAbsent()) {
                int n = jp.arrayLength();
                if (joints < 0) joints = n;
                else if (n != joints) jointsConsistent = false;
            }
            addCapped(frameIds, arm.get("frame_id").textOr(null));
            steps++;
        }
    }
}
