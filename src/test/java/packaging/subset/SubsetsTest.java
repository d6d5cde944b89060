package packaging.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import store.Annotations;
import store.Catalog;
import store.CurioException;
import store.DatasetRef;
import store.EpisodeField;
import store.EpisodeWrite;
import store.Subset;
import store.Validations;

/**
 * Twelve accepted episodes of three tasks (6, 4 and 2 of them) on two robots: balanced sampling draws the same
 * episodes for the same seed whatever the catalog's order, a split puts a share of each task into validation, a
 * difference keeps what the second subset lacks, and the seed-001 gates read validation, quality and failure marks.
 */
class SubsetsTest {
    @TempDir
    Path dir;

    private Catalog catalog(List<Integer> order) {
        Catalog c = Catalog.open(dir.resolve("c" + order.get(0) + ".db"));
        List<EpisodeWrite> writes = new ArrayList<>();
        List<Validations.Run> runs = new ArrayList<>();
        for (int i : order) {
            String id = String.format("ep%02d", i);
            String task = i < 6 ? "pick up the cube" : i < 10 ? "open drawer" : "pour";
            writes.add(new EpisodeWrite(new DatasetRef("d", "/d", "raw-episode", null), id, id, "raw-episode", task, List.of(task),
                    i % 2 == 0 ? "arm-a" : "arm-b", "op", 0L, (long) ((10 + i) * 1e9), null, null, List.of(), List.of()));
            // Every third episode has a soft finding and a lower score; ep11 scores lowest.
            boolean soft = i % 3 == 0;
            double quality = i == 11 ? 0.4 : soft ? 0.6 : 0.9;
            runs.add(new Validations.Run(id, "p", "f", !soft, soft ? "soft" : "passed", List.of(), List.of(), "{}",
                    new Validations.Scores(quality, 100.0, 0.01, 0.0)));
        }
        c.episodes().upsertAll(writes);
        c.validations().saveAll(runs, "t");
        Map<String, String> decisions = new LinkedHashMap<>();
        for (int i : order) decisions.put(String.format("ep%02d", i), "accept");
        Map<String, List<Annotations.Range>> marks = new LinkedHashMap<>();
        marks.put("ep01", List.of(new Annotations.Range(0, Annotations.FAILURE, 1, 1, null, null, null, "collision", null)));
        marks.put("ep02", List.of(new Annotations.Range(0, Annotations.FAILURE, 1, 1, null, null, null, "grasp_slip", null)));
        c.annotations().addAll(marks, decisions, "t");
        return c;
    }

    @Test
    void balancedSamplingIsSeededAndIndependentOfOrder() {
        List<Integer> forward = new ArrayList<>();
        for (int i = 0; i < 12; i++) forward.add(i);
        List<Integer> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        Subsets.Plan plan = new Subsets.Plan("", true, new Subsets.Sampling(EpisodeField.TASK, 3, 42), null);
        List<String> a;
        List<String> b;
        try (Catalog c = catalog(forward)) {
            Subsets.Outcome o = new Subsets(c).outcome(plan);
            a = o.included();
            assertEquals(12, o.matched());
            assertEquals(8, a.size(), "3 of each of the two larger tasks, both episodes of the smallest");
            assertEquals(Map.of("pour", 2), o.shortGroups());
            assertEquals(4, o.excluded().size());
            assertTrue(o.excluded().values().stream().allMatch(r -> r.contains("3 per task (seed 42)")), o.excluded().toString());
            Subsets.Outcome other = new Subsets(c).outcome(new Subsets.Plan("", true, new Subsets.Sampling(EpisodeField.TASK, 3, 7), null));
            assertNotEquals(a, other.included(), "another seed draws other episodes");
        }
        try (Catalog c = catalog(backward)) {
            b = new Subsets(c).outcome(plan).included();
        }
        assertEquals(a, b, "the same seed draws the same episodes whatever order they were catalogued in");
    }

    @Test
    void splitDifferenceAndGates() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) all.add(i);
        try (Catalog c = catalog(all)) {
            Subsets subsets = new Subsets(c);
            Subset full = subsets.create("full", new Subsets.Plan("", true, null, new Subsets.Split(0.5, 3))).subset();
            assertEquals(12, full.episodeIds().size());
            Map<String, Integer> validationPerTask = new LinkedHashMap<>();
            for (String id : full.episodeIds()) {
                if (full.split(id).equals(Subset.VALIDATION)) validationPerTask.merge(taskOf(id), 1, Integer::sum);
            }
            assertEquals(Map.of("pick up the cube", 3, "open drawer", 2, "pour", 1), validationPerTask, "half of each task");
            assertEquals(full.episodeIds(), subsets.require("full").episodeIds(), "stored as created");
            assertEquals(Subset.VALIDATION, subsets.require("full").split(full.episodeIds().stream()
                    .filter(id -> full.split(id).equals(Subset.VALIDATION)).findFirst().orElseThrow()));

            subsets.createWhere("cubes", "task~\"the cube\"", true);
            Subsets.Created diff = subsets.difference("not-cubes", "full", "cubes");
            assertEquals(List.of("ep06", "ep07", "ep08", "ep09", "ep10", "ep11"), diff.subset().episodeIds());
            assertEquals(6, diff.excluded().size());
            assertTrue(diff.excluded().values().stream().allMatch("in cubes"::equals));
            for (String id : diff.subset().episodeIds()) assertEquals(full.split(id), diff.subset().split(id), "keeps its split");

            Map<String, Double> thresholds = new LinkedHashMap<>();
            thresholds.put("min_episodes_required", 10.0);
            thresholds.put("quality_pass_rate_min", 0.6);
            thresholds.put("quality_score_min", 0.5);
            thresholds.put("min_average_quality_score", 0.7);
            thresholds.put("collision_free_rate_min", 0.9);
            QualityGates.Result gates = subsets.gates("full", thresholds, "lab.yaml");
            Map<String, Double> values = new LinkedHashMap<>();
            Set<String> failing = new HashSet<>();
            for (QualityGates.Gate g : gates.gates()) {
                values.put(g.name(), g.value());
                if (!g.pass()) failing.add(g.name());
            }
            // 4 of 12 soft (ep00, 03, 06, 09) → 8/12 passed; scores 0.6×4, 0.4 (ep11), 0.9×7 → mean 9.1/12.
            assertEquals(12.0, values.get("min_episodes_required"));
            assertEquals(0.666667, values.get("quality_pass_rate_min"), 1e-6);
            assertEquals(0.4, values.get("quality_score_min"), 1e-9);
            assertEquals(0.758333, values.get("min_average_quality_score"), 1e-6);
            assertEquals(0.916667, values.get("collision_free_rate_min"), 1e-6, "one episode of 12 has a collision mark");
            assertEquals(Set.of("quality_score_min"), failing);
            assertFalse(gates.pass());
            assertEquals("quality_score_min 0.4 < 0.5", gates.describeFailing());

            QualityGates.Result cubes = subsets.gates("not-cubes", thresholds, "lab.yaml");
            assertEquals(List.of("min_episodes_required", "quality_score_min"),
                    cubes.failing().stream().map(QualityGates.Gate::name).toList());
            assertTrue(QualityGates.evaluate(QualityGates.values(c.index().snapshot(), new int[0]), Map.of(), null).pass(),
                    "a profile without gates passes");
        }
    }

    @Test
    void badPlans() {
        assertEquals("subset.bad_sampling", assertThrows(CurioException.class,
                () -> new Subsets.Sampling(EpisodeField.OPERATOR, 3, 1)).code());
        assertEquals("subset.bad_sampling", assertThrows(CurioException.class,
                () -> new Subsets.Sampling(EpisodeField.ROBOT, 0, 1)).code());
        assertEquals("subset.bad_split", assertThrows(CurioException.class, () -> new Subsets.Split(1.0, 1)).code());
    }

    private static String taskOf(String id) {
        int i = Integer.parseInt(id.substring(2));
        return i < 6 ? "pick up the cube" : i < 10 ? "open drawer" : "pour";
    }
}
