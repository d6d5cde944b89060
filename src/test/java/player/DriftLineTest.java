package player;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DriftLineTest {
    private static final long PERIOD = 33_333_333L;

    @Test
    void driftIsJudgedAgainstTheFramePeriod() {
        assertEquals("cam_high           drift now    0.0 ms, max   33.3 ms (≤1 frame)",
                DriftLine.format("cam_high", 0, PERIOD, PERIOD, null));
        assertEquals("cam_high           drift now   33.3 ms, max   66.7 ms (>1 frame)",
                DriftLine.format("cam_high", PERIOD, 2 * PERIOD, PERIOD, null));
    }

    @Test
    void aStreamTheExactDecodersDrawSaysWhy() {
        assertEquals("cam_high           drift now    0.0 ms, max   33.3 ms (≤1 frame) · exact decoders: still scene",
                DriftLine.format("cam_high", 0, PERIOD, PERIOD, "exact decoders: still scene"));
    }

    @Test
    void withoutAPeriodOnlyTheFigureIsShown() {
        assertEquals("depth              drift now    0.0 ms, max    0.0 ms", DriftLine.format("depth", 0, 0, 0, null));
    }
}
