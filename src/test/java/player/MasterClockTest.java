package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MasterClockTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aHeldStartKeepsTheClockUntilReleased() {
        MasterClock clock = new MasterClock();
        clock.setRange(0, 10 * SECOND);
        clock.seek(2 * SECOND);
        clock.play();
        clock.hold();
        clock.advance(SECOND);
        assertTrue(clock.isPlaying());
        assertTrue(clock.isHeld());
        assertEquals(2 * SECOND, clock.time(), "held, master waits for the streams");
        clock.release();
        clock.advance(SECOND / 2);
        assertEquals(2 * SECOND + SECOND / 2, clock.time());
    }

    @Test
    void onlyAPlayingClockIsHeldAndPauseEndsTheHold() {
        MasterClock clock = new MasterClock();
        clock.setRange(0, 10 * SECOND);
        clock.hold();
        assertFalse(clock.isHeld(), "a paused clock has nothing to wait for");
        clock.play();
        clock.hold();
        clock.pause();
        assertFalse(clock.isHeld());
        clock.play();
        clock.setRate(2);
        clock.advance(SECOND);
        assertEquals(2 * SECOND, clock.time(), "a new play moves at once unless held again");
    }
}
