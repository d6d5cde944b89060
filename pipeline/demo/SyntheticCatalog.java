package pipeline.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import store.Annotations;
import store.Cancellation;
import store.Catalog;
import store.DatasetRef;
import store.EpisodeWrite;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;
import store.Validations;

/**
 * A catalog of many episodes without media, for measuring the catalog itself ({@code curio bench catalog}): the spread
 * of a real lab's catalog (a few datasets, tasks and robots used unevenly, dozens of operators, six months of
 * recording days, durations from seconds to minutes), validation outcomes with findings and QC figures, review
 * decisions, subtasks on every episode and failure marks, some of them clustered. Deterministic for a seed.
 */
public final class SyntheticCatalog {
    static final String[] DATASETS = {"lab-a-teleop", "lab-a-auto", "lab-b-aloha", "sim-rollouts", "field-trials"};
    static final String[] ROBOTS = {"arm6-0411", "arm6-0412", "arm6-0415", "aloha-l2", "aloha-r1", "ur5e-03", "franka-07",
            "franka-09"};
    static final String[] VERBS = {"pick up", "place", "stack", "open", "close", "pour", "wipe", "hand over"};
    static final String[] OBJECTS = {"the red cube", "the blue mug", "the drawer", "the towel", "the bottle"};
    static final String[] SUBTASKS = {"reach", "grasp", "lift", "transport", "place", "release", "retract"};
    static final String[] MODES = {"grasp_slip", "missed_grasp", "drop", "collision", "wrong_object", "timeout",
            "operator_intervention"};
    static final String[] CLUSTERS = {"slip on wet towel", "gripper misaligned", "arm hits shelf", "late release"};
    static final String[] SOFT_CODES = {"temporal.frame_gap", "temporal.dropped_frames", "completeness.stream_short",
            "action.out_of_limits", "temporal.clock_offset"};
    static final String[] HARD_CODES = {"integrity.sha256_mismatch", "completeness.stream_missing", "temporal.non_monotonic"};

    private SyntheticCatalog() { }

    /** Writes {@code episodes} episodes in batches of one transaction each. */
    public static void write(Catalog catalog, int episodes, long seed, ProgressSink progress, Cancellation cancel) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] tasks = new String[VERBS.length * OBJECTS.length];
        for (int i = 0; i < tasks.length; i++) tasks[i] = VERBS[i % VERBS.length] + " " + OBJECTS[i / VERBS.length];
        String[] operators = new String[36];
        for (int i = 0; i < operators.length; i++) operators[i] = String.format("op-%02d", i + 1);
        long day0 = java.time.LocalDate.of(2026, 6, 1).toEpochDay() * 86_400_000_000_000L;
        for (String cluster : CLUSTERS) catalog.annotations().cluster(cluster, null);
        Map<String, Long> clusterIds = new LinkedHashMap<>();
        catalog.annotations().clusters().forEach(c -> clusterIds.put(c.name(), c.id()));
        int batch = 5000;
        for (int from = 0; from < episodes; from += batch) {
            cancel.check();
            int to = Math.min(episodes, from + batch);
            List<EpisodeWrite> writes = new ArrayList<>();
            List<Validations.Run> runs = new ArrayList<>();
            Map<String, List<Annotations.Range>> ranges = new LinkedHashMap<>();
            Map<String, String> decisions = new LinkedHashMap<>();
            for (int i = from; i < to; i++) {
                String dataset = DATASETS[skewed(rnd, DATASETS.length)];
                String id = String.format("syn_%07d_%s", i, Long.toHexString(rnd.nextLong() & 0xffffffL));
                String task = tasks[skewed(rnd, tasks.length)];
                String robot = ROBOTS[skewed(rnd, ROBOTS.length)];
                String operator = operators[rnd.nextInt(operators.length)];
                long duration = (long) (Math.exp(1.6 + 3.0 * rnd.nextDouble()) * 1e9);
                long start = day0 + rnd.nextLong(180) * 86_400_000_000_000L + rnd.nextLong(86_400_000_000_000L);
                List<StreamEntry> streams = List.of(
                        camera("cam_high", duration, rnd), camera("cam_wrist", duration, rnd),
                        new StreamEntry("/joint_states", StreamKind.TIMESERIES, "/joint_states", null, 100.0, null, null,
                                "sensor_msgs/msg/JointState", 0L, duration, 0, duration / 10_000_000L, List.of(), List.of(), null));
                writes.add(new EpisodeWrite(new DatasetRef(dataset, "/synthetic/" + dataset, "raw-episode", null), id,
                        "episodes/" + id, "raw-episode", task, List.of(task), robot, operator, start, duration,
                        duration / 33_333_333L, null, streams, List.of()));
                double v = rnd.nextDouble();
                if (v < 0.93) runs.add(run(id, v < 0.70 ? "passed" : v < 0.88 ? "soft" : "hard", duration, rnd));
                double r = rnd.nextDouble();
                if (r < 0.55) decisions.put(id, "accept");
                else if (r < 0.65) decisions.put(id, "reject");
                else if (r < 0.80) decisions.put(id, "needs-review");
                List<Annotations.Range> rs = new ArrayList<>();
                int parts = 2 + rnd.nextInt(3);
                int first = rnd.nextInt(SUBTASKS.length - parts + 1);
                for (int k = 0; k < parts; k++) {
                    rs.add(new Annotations.Range(0, Annotations.SUBTASK, duration * k / parts, duration * (k + 1) / parts,
                            SUBTASKS[first + k], null, null, null, null));
                }
                if (rnd.nextDouble() < 0.25) {
                    int marks = 1 + (rnd.nextDouble() < 0.2 ? 1 : 0);
                    for (int k = 0; k < marks; k++) {
                        long t = (long) (duration * (0.2 + 0.7 * rnd.nextDouble()));
                        Long cluster = rnd.nextDouble() < 0.4 ? clusterIds.get(CLUSTERS[rnd.nextInt(CLUSTERS.length)]) : null;
                        rs.add(new Annotations.Range(0, Annotations.FAILURE, t, t, null, null, null,
                                MODES[skewed(rnd, MODES.length)], cluster));
                    }
                }
                ranges.put(id, rs);
            }
            catalog.episodes().upsertAll(writes);
            catalog.validations().saveAll(runs, "bench");
            catalog.annotations().addAll(ranges, decisions, "bench");
            progress.update(to, episodes, to + " episodes");
        }
    }

    /** An index into n values where the first ones are used most, as real catalogs use a few tasks and robots most. */
    private static int skewed(SplittableRandom rnd, int n) {
        double u = rnd.nextDouble();
        return Math.min(n - 1, (int) Math.floor(n * u * u));
    }

    private static StreamEntry camera(String name, long duration, SplittableRandom rnd) {
        long frames = Math.max(1, Math.round(duration / 1e9 * 30 * (1 - 0.02 * rnd.nextDouble())));
        return new StreamEntry(name, StreamKind.VIDEO, null, null, 30.0, 640, 480, "h264", 0L, duration, 0, frames,
                List.of(), List.of(), null);
    }

    private static Validations.Run run(String id, String state, long duration, SplittableRandom rnd) {
        List<Validations.FindingRow> findings = new ArrayList<>();
        if (!state.equals("passed")) {
            String code = state.equals("hard") ? HARD_CODES[rnd.nextInt(HARD_CODES.length)] : SOFT_CODES[rnd.nextInt(SOFT_CODES.length)];
            findings.add(new Validations.FindingRow(code.substring(0, code.indexOf('.')), code, state, "cam_high", 0L, duration,
                    null, null, "synthetic finding"));
        }
        if (rnd.nextDouble() < 0.1) {
            findings.add(new Validations.FindingRow("qc", "qc.blurry", "warn", "cam_wrist", 0L, duration / 4, null, null,
                    "synthetic finding"));
        }
        double qcShare = 0.75 + 0.25 * rnd.nextDouble();
        double quality = (state.equals("passed") ? 1.0 : state.equals("soft") ? 0.5 : 0.0) * qcShare;
        Validations.Scores scores = new Validations.Scores(quality, 20 + 180 * rnd.nextDouble() * rnd.nextDouble(),
                0.3 * rnd.nextDouble() * rnd.nextDouble(), 0.03 * rnd.nextDouble() * rnd.nextDouble());
        return new Validations.Run(id, "synthetic", "synthetic", state.equals("passed"), state, findings, List.of(), "{}", scores);
    }
}
