package packaging.subset;

import store.CandidateEpisode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import store.CurioException;

class WhereExpressionTest {
    private static final CandidateEpisode CUBE = new CandidateEpisode("ep1", "curio-demo", "raw-episode",
            "pick up the red cube", "ARM-1", "op", 7.5, "soft", "accept", "ok", false, false);

    @Test
    void comparisonsAndOr() {
        Predicate<CandidateEpisode> p = WhereExpression.parse(
                "review=accept and validation!=hard and task~CUBE and duration>5 and dataset=curio-demo");
        assertTrue(p.test(CUBE));
        assertFalse(WhereExpression.parse("duration<=7 or task!~cube").test(CUBE));
        assertTrue(WhereExpression.parse("duration>=100 or task=\"pick up the red cube\"").test(CUBE));
        assertTrue(WhereExpression.parse("robot = arm-1 and id != ep2").test(CUBE));
    }

    @Test
    void errorsNameTheBadToken() {
        assertEquals("lenght", bad("lenght>3").field());
        assertEquals(">", bad("task>3").field());
        assertEquals("abc", bad("duration>abc").field());
        assertEquals("review", bad("duration>1 review=accept").field());
        assertEquals("@", bad("task=@").field());
        assertEquals("subset.bad_where", bad("task=").code());
    }

    private static CurioException bad(String expr) {
        return assertThrows(CurioException.class, () -> WhereExpression.parse(expr));
    }
}
