package packaging.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import store.Annotations;
import store.Catalog;
import store.Condition;
import store.CurioException;
import store.DatasetRef;
import store.EpisodeField;
import store.EpisodeWrite;

class WhereExpressionTest {
    @TempDir
    static Path dir;
    private static Catalog catalog;

    @BeforeAll
    static void catalog() {
        catalog = Catalog.open(dir.resolve("c.db"));
        catalog.episodes().upsertAll(List.of(
                episode("ep1", "pick up the red cube", "ARM-1", 7.5, "2026-07-01"),
                episode("ep2", "task 3", "arm-2", 3, "2026-07-02"),
                episode("ep3", "task 30", "arm-2", 12, "2026-07-03"),
                episode("ep4", "say \"hi\"", "arm-3", 1, "2026-07-04")));
        catalog.annotations().decide("ep1", "accept", null, "t");
        catalog.annotations().addRange("ep2", new Annotations.Range(0, Annotations.FAILURE, 1, 1, null, null, null,
                "collision", null), "t");
        catalog.annotations().addRange("ep3", new Annotations.Range(0, Annotations.SUBTASK, 0, 5, "lift cup", null, null,
                null, null), "t");
    }

    @AfterAll
    static void close() {
        catalog.close();
    }

    private static EpisodeWrite episode(String id, String task, String robot, double seconds, String day) {
        return new EpisodeWrite(new DatasetRef("curio-demo", "/d", "raw-episode", null), id, id, "raw-episode", task, List.of(task),
                robot, "op", java.time.LocalDate.parse(day).toEpochDay() * 86_400_000_000_000L, (long) (seconds * 1e9), null, null,
                List.of(), List.of());
    }

    private static List<String> where(String expr) {
        var s = catalog.index().snapshot();
        return s.select(WhereExpression.parse(expr)).episodeIds();
    }

    @Test
    void comparisonsAndOr() {
        assertEquals(List.of("ep1"), where("review=accept and validation!=hard and task~CUBE and duration>5 and dataset=curio-demo"));
        assertEquals(List.of("ep2"), where("duration<=7 and task!~cube and robot=arm-2"));
        assertEquals(List.of("ep1", "ep2"), where("duration>=100 or task=\"pick up the red cube\" or task = 'task 3'"));
        assertEquals(List.of("ep1"), where("robot = arm-1 and id != ep2"));
    }

    @Test
    void quotedValuesMatchTextWithSpacesQuotesAndKeywords() {
        assertEquals(List.of("ep2", "ep3"), where("task~\"task 3\""), "contains 'task 3'");
        assertEquals(List.of("ep2"), where("task=\"task 3\""));
        assertEquals(List.of("ep2", "ep3"), where("task ~ 'task 3'"));
        assertEquals(List.of("ep4"), where("task=\"say \\\"hi\\\"\""), "a backslash escapes a quote");
        assertEquals(List.of("ep3"), where("subtask=\"lift cup\""));
        assertEquals("task~\"task 3\"", "task~" + WhereExpression.quote("task 3"));
        assertEquals("\"or\"", WhereExpression.quote("or"), "a keyword is quoted so it reads as a value");
        assertEquals("arm-1", WhereExpression.quote("arm-1"));
        for (String v : List.of("task 3", "say \"hi\"", "a\\b", "and", "")) {
            Condition c = WhereExpression.parse("task=" + WhereExpression.quote(v));
            assertEquals(new Condition.Compare(EpisodeField.TASK, Condition.Op.EQ, v, Double.NaN), c, "quote reads back: " + v);
        }
    }

    @Test
    void notParenthesesNumbersDatesAndFieldsWithSeveralValues() {
        assertEquals(List.of("ep3"), where("(robot=arm-2 or robot=arm-3) and not duration<5"));
        assertEquals(List.of("ep2"), where("failures>0 and failure_mode=collision"));
        assertEquals(List.of("ep1", "ep3", "ep4"), where("failure_mode!=collision"));
        assertEquals(List.of("ep2", "ep3"), where("date>=2026-07-02 and date<2026-07-04"));
        assertEquals(List.of("ep1", "ep2", "ep3", "ep4"), where(""), "an empty expression is every episode");
        assertEquals(List.of(), where("quality>0.5"), "nothing was validated, so nothing has a quality score");
    }

    @Test
    void errorsNameTheBadToken() {
        assertEquals("lenght", bad("lenght>3").field());
        assertEquals(">", bad("task>3").field());
        assertEquals("abc", bad("duration>abc").field());
        assertEquals("2026-13-01", bad("date>2026-13-01").field());
        assertEquals("~", bad("duration~3").field());
        assertEquals("review", bad("duration>1 review=accept").field());
        assertEquals("@", bad("task=@").field());
        assertEquals("subset.bad_where", bad("task=").code());
        assertEquals("subset.bad_where", bad("(task=a").code());
        assertEquals("\"unclosed", bad("task=\"unclosed").field());
        assertEquals("subset.bad_where", assertThrows(CurioException.class, () -> WhereExpression.require(" ")).code());
    }

    private static CurioException bad(String expr) {
        return assertThrows(CurioException.class, () -> WhereExpression.parse(expr));
    }
}
