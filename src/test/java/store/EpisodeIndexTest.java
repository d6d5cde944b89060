package store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar index answers what the catalog holds: filters, facet counts that leave out their own selection,
 * sorting and dashboard aggregates; and it follows every write, this process's (row by row) and another's (whole).
 */
class EpisodeIndexTest {
    @TempDir
    Path dir;

    private static EpisodeWrite episode(String id, String dataset, String task, String robot, long durationS, String day) {
        long start = java.time.LocalDate.parse(day).toEpochDay() * 86_400_000_000_000L + 3_600_000_000_000L;
        return new EpisodeWrite(new DatasetRef(dataset, "/data/" + dataset, "raw-episode", null), id, id, "raw-episode", task,
                List.of(task), robot, "op-1", start, durationS * 1_000_000_000L, null, null,
                List.of(new StreamEntry("cam", StreamKind.VIDEO, null, null, 30.0, 64, 48, "h264", 0L, durationS * 1_000_000_000L,
                        0, durationS * 30, null, null, null)), List.of());
    }

    private static Catalog filled(Path file) {
        Catalog c = Catalog.open(file);
        c.episodes().upsertAll(List.of(
                episode("ep_a", "lab", "task 3", "arm-1", 10, "2026-07-01"),
                episode("ep_b", "lab", "task 3", "arm-2", 20, "2026-07-01"),
                episode("ep_c", "lab", "task 30", "arm-1", 30, "2026-07-02"),
                episode("ep_d", "sim", "stack cubes", "arm-2", 40, "2026-07-03")));
        c.annotations().decide("ep_a", "accept", null, "t");
        c.annotations().decide("ep_c", "accept", null, "t");
        c.validations().save(new Validations.Run("ep_a", "p", "f", true, "passed", List.of(), List.of(), "{}",
                new Validations.Scores(0.9, 120.0, 0.01, 0.0)), "t");
        c.validations().save(new Validations.Run("ep_b", "p", "f", false, "soft", List.of(), List.of(), "{}",
                new Validations.Scores(0.4, 30.0, 0.2, 0.05)), "t");
        c.annotations().addRange("ep_b", new Annotations.Range(0, Annotations.FAILURE, 5_000_000_000L, 5_000_000_000L, null,
                null, null, "collision", null), "t");
        c.annotations().addRange("ep_b", new Annotations.Range(0, Annotations.SUBTASK, 0, 9_000_000_000L, "grasp", null, null,
                null, null), "t");
        return c;
    }

    private static List<String> ids(EpisodeSnapshot.Selection s) {
        return s.episodeIds();
    }

    @Test
    void filtersOverEveryKindOfField() {
        try (Catalog c = filled(dir.resolve("c.db"))) {
            EpisodeSnapshot s = c.index().snapshot();
            assertEquals(List.of("ep_a", "ep_b", "ep_c", "ep_d"), ids(s.all()), "dataset, then id");
            assertEquals(List.of("ep_a", "ep_b"), ids(s.select(new Condition.Compare(EpisodeField.TASK, Condition.Op.EQ, "TASK 3", 0))));
            assertEquals(List.of("ep_a", "ep_b", "ep_c"),
                    ids(s.select(new Condition.Compare(EpisodeField.TASK, Condition.Op.CONTAINS, "task 3", 0))));
            assertEquals(List.of("ep_b"), ids(s.select(new Condition.Compare(EpisodeField.FAILURE_MODE, Condition.Op.EQ, "collision", 0))));
            assertEquals(List.of("ep_a", "ep_c", "ep_d"),
                    ids(s.select(new Condition.Compare(EpisodeField.FAILURE_MODE, Condition.Op.NE, "collision", 0))),
                    "!= on a field with several values: none of them");
            assertEquals(List.of("ep_b"), ids(s.select(new Condition.Compare(EpisodeField.SUBTASK, Condition.Op.EQ, "grasp", 0))));
            assertEquals(List.of("ep_c", "ep_d"), ids(s.select(new Condition.Range(EpisodeField.DURATION, 25.0, null, true))));
            assertEquals(List.of("ep_a"), ids(s.select(new Condition.Compare(EpisodeField.QUALITY, Condition.Op.GE, "0.5", 0.5))),
                    "an unknown quality satisfies no comparison");
            assertEquals(List.of("ep_b", "ep_c", "ep_d"),
                    ids(s.select(new Condition.Compare(EpisodeField.QUALITY, Condition.Op.NE, "0.9", 0.9))));
            long day = java.time.LocalDate.parse("2026-07-02").toEpochDay();
            assertEquals(List.of("ep_c", "ep_d"), ids(s.select(new Condition.Compare(EpisodeField.DATE, Condition.Op.GE, "", day))));
            assertEquals(List.of("ep_b"), ids(s.select(new Condition.Compare(EpisodeField.FAILURES, Condition.Op.GT, "0", 0))));
            assertEquals(List.of("ep_c"), ids(s.select(new Condition.Text("accept 30"))), "every term, in any column");
            assertEquals(List.of("ep_d"), ids(s.select(new Condition.Not(new Condition.In(EpisodeField.DATASET, Set.of("LAB"))))));
            assertEquals(List.of("ep_a", "ep_d"), ids(s.select(new Condition.Or(List.of(
                    new Condition.Compare(EpisodeField.ID, Condition.Op.EQ, "EP_A", 0),
                    new Condition.Compare(EpisodeField.ID, Condition.Op.CONTAINS, "_d", 0))))));
        }
    }

    @Test
    void facetCountsLeaveOutTheirOwnSelection() {
        try (Catalog c = filled(dir.resolve("c.db"))) {
            EpisodeSnapshot s = c.index().snapshot();
            Map<EpisodeField, List<EpisodeSnapshot.FacetValue>> f = s.facets(Condition.ALL,
                    Map.of(EpisodeField.ROBOT, new Condition.In(EpisodeField.ROBOT, Set.of("arm-1")),
                            EpisodeField.REVIEW, new Condition.In(EpisodeField.REVIEW, Set.of("accept"))),
                    List.of(EpisodeField.ROBOT, EpisodeField.REVIEW, EpisodeField.TASK));
            // Robots among accepted episodes: arm-1 has ep_a and ep_c; arm-2 none accepted.
            assertEquals(List.of(new EpisodeSnapshot.FacetValue("arm-1", 2, 40 / 3600.0)), f.get(EpisodeField.ROBOT));
            // Review states among arm-1's episodes: both accepted.
            assertEquals(List.of("accept"), f.get(EpisodeField.REVIEW).stream().map(EpisodeSnapshot.FacetValue::value).toList());
            // Tasks under both selections.
            assertEquals(Map.of("task 3", 1, "task 30", 1), counts(f.get(EpisodeField.TASK)));
            assertThrows(IllegalArgumentException.class, () -> s.facets(Condition.ALL, Map.of(), List.of(EpisodeField.DURATION)));
        }
    }

    private static Map<String, Integer> counts(List<EpisodeSnapshot.FacetValue> values) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        values.forEach(v -> m.put(v.value(), v.episodes()));
        return m;
    }

    @Test
    void sortsAndAggregates() {
        try (Catalog c = filled(dir.resolve("c.db"))) {
            EpisodeSnapshot s = c.index().snapshot();
            assertEquals(List.of("ep_d", "ep_c", "ep_b", "ep_a"), ids(s.sorted(s.all(), EpisodeField.DURATION, false)));
            assertEquals(List.of("ep_a", "ep_b", "ep_c", "ep_d"), ids(s.sorted(s.all(), EpisodeField.QUALITY, false)),
                    "known qualities first, highest first; unknown ones last either way");
            assertEquals(List.of("ep_b", "ep_a", "ep_c", "ep_d"), ids(s.sorted(s.all(), EpisodeField.QUALITY, true)));
            assertEquals(List.of("ep_d", "ep_a", "ep_b", "ep_c"), ids(s.sorted(s.all(), EpisodeField.TASK, true)));
            EpisodeSnapshot.Dashboard d = s.dashboard(s.all(), 10);
            assertEquals(4, d.episodes());
            assertEquals(100 / 3600.0, d.hours(), 1e-9);
            assertEquals(List.of("2026-07-01", "2026-07-02", "2026-07-03"), d.days().stream().map(EpisodeSnapshot.FacetValue::value).toList());
            assertEquals(2, d.days().get(0).episodes());
            EpisodeSnapshot.Histogram q = d.histograms().get(EpisodeField.QUALITY);
            assertEquals(2, q.unknown(), "two episodes were never scored");
            assertEquals(2, java.util.Arrays.stream(q.counts()).sum());
            EpisodeSnapshot.Histogram dur = d.histograms().get(EpisodeField.DURATION);
            assertEquals(4, java.util.Arrays.stream(dur.counts()).sum());
            assertTrue(dur.edges()[dur.edges().length - 1] >= 40, "the last bin reaches the longest episode");
            assertEquals(Map.of("lab", 3, "sim", 1), counts(d.groups().get(EpisodeField.DATASET)));
        }
    }

    @Test
    void followsThisProcessesWritesRowByRowAndIgnoresRolledBackOnes() {
        try (Catalog c = filled(dir.resolve("c.db"))) {
            EpisodeSnapshot before = c.index().snapshot();
            c.annotations().decide("ep_d", "accept", null, "t");
            c.annotations().addRange("ep_d", new Annotations.Range(0, Annotations.FAILURE, 1, 1, null, null, null, "drop", null), "t");
            c.episodes().upsert(episode("ep_e", "sim", "stack cubes", "arm-3", 5, "2026-07-04"));
            assertThrows(CurioException.class, () -> c.write(conn -> {
                try (var s = conn.createStatement()) {
                    s.executeUpdate("UPDATE episodes SET task = 'never' WHERE episode_id = 'ep_a'");
                }
                throw new CurioException("test.rollback", "rolled back");
            }));
            EpisodeSnapshot after = c.index().snapshot();
            assertEquals("unreviewed", before.text(EpisodeField.REVIEW, before.position("ep_d")), "an old snapshot does not change");
            assertEquals("accept", after.text(EpisodeField.REVIEW, after.position("ep_d")));
            assertEquals(List.of("drop"), after.texts(EpisodeField.FAILURE_MODE, after.position("ep_d")));
            assertEquals(List.of("ep_a", "ep_b", "ep_c", "ep_d", "ep_e"), ids(after.all()));
            assertEquals("task 3", after.text(EpisodeField.TASK, after.position("ep_a")));
            c.recalls();
            c.failureBoard().create("shelf", null, "t");
            long cluster = c.failureBoard().clusters().get(0).id();
            long mark = c.failureBoard().marks().stream().filter(m -> m.episodeId().equals("ep_d")).findFirst().orElseThrow().id();
            c.failureBoard().assign(List.of(mark), cluster, "t");
            c.failureBoard().rename(cluster, "arm hits shelf", "t");
            EpisodeSnapshot renamed = c.index().snapshot();
            assertEquals(List.of("arm hits shelf"), renamed.texts(EpisodeField.CLUSTER, renamed.position("ep_d")));
        }
    }

    @Test
    void anotherProcessesCommitReloadsTheWholeIndex() throws Exception {
        Path file = dir.resolve("c.db");
        try (Catalog app = filled(file)) {
            assertEquals(4, app.index().snapshot().rows());
            try (Catalog cli = Catalog.open(file)) {
                cli.annotations().decide("ep_b", "reject", null, "cli");
                cli.episodes().upsert(episode("ep_z", "sim", "x", "arm-9", 1, "2026-07-09"));
            }
            EpisodeSnapshot s = app.index().snapshot();
            assertEquals(5, s.rows());
            assertEquals("reject", s.text(EpisodeField.REVIEW, s.position("ep_b")));
        }
    }

    @Test
    void aReviewQueueComesFromTheIndex() {
        try (Catalog c = filled(dir.resolve("c.db"))) {
            List<String> queue = new ArrayList<>();
            c.validations().reviewQueue().forEach(e -> queue.add(e.episodeId() + ":" + e.review()));
            assertEquals(List.of("ep_b:needs-review", "ep_d:unreviewed"), queue);
        }
    }
}
