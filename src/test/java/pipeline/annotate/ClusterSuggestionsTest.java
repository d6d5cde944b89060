package pipeline.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Annotations;
import store.Cancellation;
import store.Catalog;
import store.FailureBoard;
import store.ProgressSink;

/**
 * Marks of two kinds (collisions while reaching early in a take, slips while lifting late in it) across three demo
 * episodes, whose joint motion around them differs too, come back as two suggested clusters, the same ones for the same
 * seed, with k-means++; DBSCAN keeps them apart too, leaving an outlier or two unclustered.
 */
class ClusterSuggestionsTest {
    @TempDir
    Path dir;

    @Test
    void twoKindsOfFailureBecomeTwoSuggestions() {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(dir.resolve("demo"), 3, 5),
                ProgressSink.NONE, Cancellation.NEVER);
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            Set<Long> collisions = new HashSet<>();
            Set<Long> slips = new HashSet<>();
            for (var g : generated) {
                String id = g.episodeId();
                long d = c.episodes().find(id).orElseThrow().durationNs();
                c.annotations().addRange(id, range(Annotations.SUBTASK, 0, d / 3, "reach", null), "t");
                c.annotations().addRange(id, range(Annotations.SUBTASK, 2 * d / 3, d, "lift", null), "t");
                for (double at : new double[] {0.12, 0.22}) {
                    collisions.add(c.annotations().addRange(id, range(Annotations.FAILURE, (long) (d * at), (long) (d * at), null,
                            "collision"), "t"));
                }
                for (double at : new double[] {0.78, 0.88}) {
                    slips.add(c.annotations().addRange(id, range(Annotations.FAILURE, (long) (d * at), (long) (d * at), null,
                            "grasp_slip"), "t"));
                }
            }
            List<FailureBoard.Mark> marks = c.failureBoard().marks();
            assertEquals(12, marks.size());

            var kmeans = ClusterSuggestions.suggest(c, marks, ClusterSuggestions.Method.kMeans(2, 7), ProgressSink.NONE,
                    Cancellation.NEVER);
            assertEquals(List.of(), kmeans.unreadable(), "every demo episode's joints are read");
            assertEquals(Set.of(collisions, slips), groups(kmeans));
            assertTrue(kmeans.suggestions().stream().anyMatch(s -> s.name().endsWith("collision during reach")),
                    kmeans.suggestions().toString());
            assertTrue(kmeans.suggestions().stream().anyMatch(s -> s.name().endsWith("grasp slip during lift")));
            var again = ClusterSuggestions.suggest(c, marks, ClusterSuggestions.Method.kMeans(2, 7), ProgressSink.NONE,
                    Cancellation.NEVER);
            assertEquals(kmeans.suggestions(), again.suggestions(), "the same seed suggests the same clusters");

            var dbscan = ClusterSuggestions.suggest(c, marks, ClusterSuggestions.Method.dbscan(null, 3), ProgressSink.NONE,
                    Cancellation.NEVER);
            // DBSCAN leaves outliers unclustered (they stay on the board as they are); what it clusters is never mixed.
            assertEquals(2, dbscan.suggestions().size(), dbscan.toString());
            for (Set<Long> g : groups(dbscan)) assertTrue(collisions.containsAll(g) || slips.containsAll(g), dbscan.toString());
            assertTrue(dbscan.noise().size() <= 2, dbscan.toString());
            assertEquals(12, dbscan.noise().size() + groups(dbscan).stream().mapToInt(Set::size).sum());
        }
    }

    private static Set<Set<Long>> groups(ClusterSuggestions.Result r) {
        Set<Set<Long>> out = new HashSet<>();
        for (var s : r.suggestions()) out.add(new HashSet<>(new ArrayList<>(s.markIds())));
        return out;
    }

    private static Annotations.Range range(String kind, long start, long end, String label, String mode) {
        return new Annotations.Range(0, kind, start, end, label, null, null, mode, null);
    }
}
