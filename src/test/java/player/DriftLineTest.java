package player;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DriftLineTest {
    private static final long PERIOD = 33_333_333L;

    @Test
    void exactDriftIsJudgedAgainstTheFramePeriod() {
        assertEquals("cam_high           drift now    0.0 ms, max   33.3 ms (≤1 frame)",
                DriftLine.format("cam_high", 0, PERIOD, PERIOD, 0));
        assertEquals("cam_high           drift now   33.3 ms, max   66.7 ms (>1 frame)",
                DriftLine.format("cam_high", PERIOD, 2 * PERIOD, PERIOD, 0));
    }

    @Test
    void anEstimateIsLabelledAndNotClaimedWithinAFrameUnlessItsBoundIs() {
        assertEquals("cam_high           drift now    0.0 ms, max   10.0 ms est. ±100 ms (frame unknown)",
                DriftLine.format("cam_high", 0, 10_000_000L, PERIOD, 100_000_000L));
        assertEquals("cam_high           drift now    5.0 ms, max    5.0 ms est. ±10 ms (≤1 frame)",
                DriftLine.format("cam_high", 5_000_000L, 5_000_000L, PERIOD, 10_000_000L));
    }

    @Test
    void withoutAPeriodOnlyTheFigureIsShown() {
        assertEquals("depth              drift now    0.0 ms, max    0.0 ms", DriftLine.format("depth", 0, 0, 0, 0));
    }
}
