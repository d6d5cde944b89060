package store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.subset.WhereExpression;
import pipeline.demo.SyntheticCatalog;

/**
 * The catalog table's listing in SQL gives what the in-memory answers give on a catalog of a few thousand episodes:
 * the search field as the table matched it before, where expressions and the state filters as the episode index
 * selects them, every sortable column both ways with the id breaking ties, pages at any offset and a row's index.
 */
class EpisodeListingTest {
    @TempDir
    static Path dir;
    private static Catalog catalog;
    private static List<EpisodeSummary> all;

    @BeforeAll
    static void build() {
        catalog = Catalog.open(dir.resolve("c.db"));
        SyntheticCatalog.write(catalog, 3000, 11, ProgressSink.NONE, Cancellation.NEVER);
        // Rows the synthetic catalog never has: no task, a blank robot, capitals, a figure a hair under a bound.
        catalog.episodes().upsertAll(List.of(
                episode("zz_no_task", null, "arm-9"),
                episode("zz_blank_robot", "wipe the towel", "  "),
                episode("ZZ_Capitals", "Pick Up The RED Cube", "ARM-9")));
        catalog.validations().save(new Validations.Run("zz_no_task", "p", "f", true, "passed", List.of(), List.of(), "{}",
                new Validations.Scores(0.599999995, 50.0, 0.05, 0.0)), "t");
        catalog.annotations().addRange("zz_no_task", new Annotations.Range(0, Annotations.FAILURE, 0, 0, null, null, null, " ", null), "t");
        catalog.annotations().addRange("zz_no_task", new Annotations.Range(0, Annotations.SUBTASK, 0, 10, " ", null, null, null, null), "t");
        List<String> ids = catalog.episodes().list().stream().map(EpisodeSummary::episodeId).toList();
        catalog.recalls().add("rc-1", List.of(ids.get(5), ids.get(17), "ZZ_Capitals"), "consent withdrawn", "t", 1L, "{}");
        all = catalog.episodes().list();
    }

    @AfterAll
    static void close() {
        catalog.close();
    }

    private static EpisodeWrite episode(String id, String task, String robot) {
        return new EpisodeWrite(new DatasetRef("hand-made", "/data/hand-made", "raw-episode", null), id, id, "raw-episode", task,
                task == null ? List.of() : List.of(task), robot, "op-1", 1_790_000_000_000_000_000L, 7_000_000_000L, null, null,
                List.of(), List.of());
    }

    private static List<String> ids(List<EpisodeSummary> rows) {
        return rows.stream().map(EpisodeSummary::episodeId).toList();
    }

    @Test
    void theSearchFieldMatchesWhatTheTableMatchedInMemory() {
        for (String text : List.of("cube", "SOFT lab", "syn_0001", "recalled", "a b c", "red cube zz", "hand-made", "ok", "_", "%")) {
            List<String> expected = ids(all.stream().filter(TableSearch.matching(text)).toList());
            EpisodeListing l = catalog.episodes().listing(new Condition.Text(text), null, true);
            assertEquals(expected.size(), l.count(), text);
            assertEquals(all.size(), l.all(), "the catalog's size comes with the count");
            assertEquals(expected, l.ids(0, -1), text);
        }
        assertTrue(catalog.episodes().listing(new Condition.Text("cube"), null, true).count() > 100, "the search finds something");
    }

    @Test
    void whereExpressionsAndStateFiltersSelectWhatTheIndexSelects() {
        EpisodeSnapshot snap = catalog.index().snapshot();
        List<String> expressions = new ArrayList<>(List.of(
                "review=accept", "review=accept and validation!=hard and duration>10",
                "task~\"red cube\" and (robot=arm6-0411 or robot=arm6-0412)", "failures>0 and failure_mode=collision",
                "quality>=0.6 and sharpness>40 and exposure<0.1", "date>=2026-07-01 and date<2026-08-01 and operator=op-07",
                "subtask=grasp and not cluster~shelf and review!=reject", "dataset=lab-b-aloha and dropped<0.01 and validation=passed",
                "id~syn_00012", "id=ZZ_CAPITALS", "status=recalled", "status!=recalled", "task=\"\"", "task!~cube",
                "robot=\"\"", "robot=ARM-9", "failure_mode=unspecified", "failure_mode!=collision", "cluster~slip", "subtask!=grasp",
                "subtask=\"\"", "failures=0", "failures>=2", "failures>=1", "failures>0.5", "not failures>0", "streams>0", "streams>=1", "failures!=1", "streams=0", "streams>2", "quality!=0.5",
                "quality<0.6", "quality=0.6", "duration<=20.5", "date=2026-07-04", "not (review=accept or validation=hard)",
                // the state filter beside the search field
                "review=needs-review", "validation=passed", "validation=soft", "validation=hard",
                "validation=unvalidated or validation=stale"));
        for (String where : expressions) {
            Condition c = WhereExpression.parse(where);
            List<String> expected = snap.select(c).episodeIds();
            EpisodeListing l = catalog.episodes().listing(c, null, true);
            assertEquals(expected.size(), l.count(), where);
            assertEquals(expected, l.ids(0, -1), where);
            // A first page tests marks and counts row by row as it walks; a deep one against sets.
            assertEquals(expected.subList(0, Math.min(200, expected.size())), ids(l.page(0, 200)), where);
            int deep = Math.max(0, expected.size() - 150);
            assertEquals(expected.subList(deep, expected.size()), ids(l.page(deep, 200)), where);
        }
        assertTrue(snap.select(WhereExpression.parse("quality>=0.6")).episodeIds().contains("zz_no_task"),
                "0.599999995 is 0.6 as a float, and the index compares floats");
        Condition text = Condition.and(List.of(new Condition.Text("lab"), WhereExpression.parse("review=accept")));
        assertEquals(snap.select(text).episodeIds(), catalog.episodes().listing(text, null, true).ids(0, -1));
    }

    @Test
    void everySortableColumnSortsBothWaysWithTheIdBreakingTies() {
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        record Column(EpisodeField field, Comparator<EpisodeSummary> order) { }
        List<Column> columns = List.of(
                new Column(EpisodeField.ID, Comparator.comparing(EpisodeSummary::episodeId)),
                new Column(EpisodeField.DATASET, by(EpisodeSummary::dataset, nullsFirst)),
                new Column(EpisodeField.TASK, by(EpisodeSummary::task, nullsFirst)),
                new Column(EpisodeField.DURATION, Comparator.comparingDouble(EpisodeSummary::durationS)
                        .thenComparing(EpisodeSummary::episodeId)),
                new Column(EpisodeField.STREAMS, Comparator.comparingInt(EpisodeSummary::streams).thenComparing(EpisodeSummary::episodeId)),
                new Column(EpisodeField.VALIDATION, by(EpisodeSummary::validation, nullsFirst)),
                new Column(EpisodeField.REVIEW, by(EpisodeSummary::review, nullsFirst)),
                new Column(EpisodeField.STATUS, by(EpisodeSummary::status, nullsFirst)));
        for (Column col : columns) {
            for (boolean up : new boolean[] {true, false}) {
                List<EpisodeSummary> expected = all.stream().sorted(up ? col.order() : col.order().reversed()).toList();
                EpisodeListing l = catalog.episodes().listing(Condition.ALL, col.field(), up);
                String what = col.field() + (up ? " up" : " down");
                assertEquals(ids(expected), l.ids(0, -1), what);
                for (int offset : new int[] {0, 199, expected.size() - 37}) {
                    assertEquals(expected.subList(offset, Math.min(expected.size(), offset + 200)), l.page(offset, 200), what + " @" + offset);
                }
            }
        }
        assertEquals(all, catalog.episodes().listing(Condition.ALL, null, false).page(0, all.size()),
                "no column: dataset, then id, whatever the direction");
    }

    private static Comparator<EpisodeSummary> by(Function<EpisodeSummary, String> key, Comparator<String> order) {
        return Comparator.comparing(key, order).thenComparing(EpisodeSummary::episodeId);
    }

    @Test
    void pagesAndIndexesUnderAFilterAndASort() {
        Condition filter = Condition.and(List.of(new Condition.Text("lab"), WhereExpression.parse("validation!=hard")));
        EpisodeSnapshot snap = catalog.index().snapshot();
        List<String> passing = snap.select(filter).episodeIds();
        List<EpisodeSummary> expected = all.stream().filter(e -> passing.contains(e.episodeId()))
                .sorted(Comparator.comparing(EpisodeSummary::task, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                        .thenComparing(EpisodeSummary::episodeId).reversed()).toList();
        EpisodeListing l = catalog.episodes().listing(filter, EpisodeField.TASK, false);
        assertEquals(expected.size(), l.count());
        assertTrue(expected.size() > 1000, "a filter of many pages");
        assertEquals(expected.subList(400, 600), l.page(400, 200));
        assertEquals(expected.subList(expected.size() - 5, expected.size()), l.page(expected.size() - 5, 200), "the last page is short");
        assertEquals(List.of(), l.page(expected.size(), 200));
        assertEquals(ids(expected.subList(10, 13)), l.ids(10, 3));
        for (int i : new int[] {0, 1, 250, 777, expected.size() - 1}) assertEquals(i, l.indexOf(expected.get(i).episodeId()), "row " + i);
        String left = all.stream().map(EpisodeSummary::episodeId).filter(id -> !passing.contains(id)).findFirst().orElseThrow();
        assertEquals(-1, l.indexOf(left), "a row the filter leaves out");
        assertEquals(-1, l.indexOf("no-such-episode"));

        EpisodeListing noTask = catalog.episodes().listing(Condition.ALL, EpisodeField.TASK, true);
        assertEquals(0, noTask.indexOf("zz_no_task"), "no task sorts first going up");
        assertEquals(all.size() - 1, catalog.episodes().listing(Condition.ALL, EpisodeField.TASK, false).indexOf("zz_no_task"));
        EpisodeListing byDefault = catalog.episodes().listing(Condition.ALL, null, true);
        for (int i : new int[] {0, 1500, all.size() - 1}) assertEquals(i, byDefault.indexOf(all.get(i).episodeId()));
    }

    @Test
    void aPageIsAWalkOfAnIndexNotASortOfTheCatalog() {
        for (EpisodeField f : new EpisodeField[] {null, EpisodeField.ID, EpisodeField.DATASET, EpisodeField.TASK,
                EpisodeField.DURATION, EpisodeField.VALIDATION, EpisodeField.REVIEW}) {
            for (boolean up : new boolean[] {true, false}) {
                EpisodeListing l = catalog.episodes().listing(WhereExpression.parse("review=accept"), f, up);
                l.count();
                String plan = String.join("\n", l.plan());
                assertFalse(plan.contains("TEMP B-TREE"), f + (up ? " up" : " down") + ":\n" + plan);
                assertTrue(plan.contains("INDEX"), plan);
            }
        }
    }

    @Test
    void aColumnTheTableDoesNotShowIsNotSortedBy() {
        assertThrows(IllegalArgumentException.class, () -> catalog.episodes().listing(Condition.ALL, EpisodeField.ROBOT, true));
    }
}
