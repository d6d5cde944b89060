package packaging.export.steplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import packaging.export.FrameClock;
import packaging.export.SegmentPlan;
import pipeline.read.rlds.StepLogReader;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import pipeline.source.StreamLocator;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * The arm fields of a source that is itself a step log, which ingest keeps in the steps rather than as streams (joint
 * velocities, the end-effector pose) and the frame they are in: carried into the exported steps so a step log
 * exported again keeps what the seed requires of each arm. Values at a row are the latest step's at or before it.
 */
final class SourceSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceSteps NONE = new SourceSteps(null, null, null, List.of(), null);

    private final EpisodeDetail episode;
    private final StreamEntry anchor;
    private final Cancellation cancel;
    private final List<String> arms;
    private final JsonNode firstStep;
    private final Map<String, SeriesData> loaded = new HashMap<>();
    private final Map<String, int[]> cursors = new HashMap<>();

    private SourceSteps(EpisodeDetail episode, StreamEntry anchor, Cancellation cancel, List<String> arms, JsonNode firstStep) {
        this.episode = episode;
        this.anchor = anchor;
        this.cancel = cancel;
        this.arms = arms;
        this.firstStep = firstStep;
    }

    /** The segment's source steps, or none when its episode is not a step log. */
    static SourceSteps of(SegmentPlan seg, List<String> arms, Cancellation cancel) {
        EpisodeDetail e = seg.episode();
        StreamEntry anchor = e.streams().stream().filter(s -> StreamLocator.RLDS_STEPS.equals(StreamLocator.of(s).container()))
                .findFirst().orElse(null);
        if (anchor == null) return NONE;
        Path dir = Path.of(e.datasetRoot()).resolve(StreamLocator.of(anchor).file());
        return new SourceSteps(e, anchor, cancel, arms, firstStep(dir));
    }

    private static JsonNode firstStep(Path dir) {
        StepLogReader reader = StepLogReader.open(dir);
        if (reader.stepFiles().isEmpty()) return null;
        Path file = dir.resolve(reader.stepFiles().get(0));
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null || line.isBlank() ? null : JSON.readTree(line);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", file.toString(), null, "cannot read the source step log: " + e.getMessage(), e);
        }
    }

    /** The source's frame of the arms' poses (its first step's first arm frame_id), or null. */
    String frameId() {
        if (firstStep == null) return null;
        for (String arm : List.of("left_arm", "right_arm")) {
            JsonNode id = firstStep.path("observation").path("robot_state").path(arm).path("frame_id");
            if (id.isTextual()) return id.asText();
        }
        return null;
    }

    /** Whether every exported arm's source steps carry {@code field} (a dotted path inside the arm block). */
    boolean has(String field) {
        if (firstStep == null || arms.isEmpty()) return false;
        for (String arm : arms) {
            JsonNode n = firstStep.path("observation").path("robot_state").path(arm);
            for (String part : field.split("\\.")) n = n.path(part);
            if (!n.isArray() || n.isEmpty()) return false;
        }
        return true;
    }

    /** {@code field} of {@code arm} at episode time {@code tNs}: the latest source step's, or null when not carried. */
    double[] at(String arm, String field, long tNs) {
        if (!has(field)) return null;
        String key = "observation.robot_state." + arm + "." + field;
        SeriesData d = loaded.computeIfAbsent(key, this::load);
        if (d.size() == 0) return null;
        int[] cursor = cursors.computeIfAbsent(key, k -> new int[1]);
        double[] out = new double[d.channels().size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = FrameClock.hold(d.timesNs(), d.channels().get(c).values(), tNs, cursor);
        }
        return out;
    }

    private SeriesData load(String key) {
        StreamLocator loc = StreamLocator.of(anchor);
        StreamLocator at = new StreamLocator(StreamLocator.RLDS_STEPS, loc.file(), key, null, null, null, null, null, null, null,
                null, null);
        StreamEntry s = new StreamEntry(key, store.StreamKind.TIMESERIES, key, anchor.fileRelPath(), anchor.rateHz(), null, null,
                null, null, null, anchor.clockOffsetNs(), null, null, null, at.toExtraJson());
        return Sources.openSeriesWhole(Path.of(episode.datasetRoot()), episode, s, cancel);
    }
}
