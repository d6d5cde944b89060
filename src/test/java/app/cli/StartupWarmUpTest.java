package app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

class StartupWarmUpTest {
    @Test
    void theDigestWarmUpHashesWhatItIsGiven() {
        // BouncyCastle's SHA-256 is a separate implementation from the JDK's the warm-up drives.
        SHA256Digest independent = new SHA256Digest();
        byte[] chunk = new byte[256];
        for (int i = 0; i < 1_000; i++) independent.update(chunk, 0, chunk.length);
        byte[] expected = new byte[32];
        independent.doFinal(expected, 0);
        assertArrayEquals(expected, StartupWarmUp.warmDigest(1_000));
    }

    @Test
    void itRunsOnADaemonThreadOnlyWithACoreToSpare() throws InterruptedException {
        assertNull(StartupWarmUp.startIfUseful(1), "one core: the main thread would only wait for it");
        Thread warm = StartupWarmUp.startIfUseful(2);
        assertNotNull(warm);
        assertTrue(warm.isDaemon(), "it must never keep a finished run alive");
        warm.join(60_000);
        assertFalse(warm.isAlive(), "the warm-up finishes on its own");
    }

    @Test
    void aPropertyTurnsItOff() {
        String before = System.getProperty(StartupWarmUp.ENABLED_PROPERTY);
        System.setProperty(StartupWarmUp.ENABLED_PROPERTY, "false");
        try {
            assertNull(StartupWarmUp.startIfUseful(8));
        } finally {
            if (before == null) System.clearProperty(StartupWarmUp.ENABLED_PROPERTY);
            else System.setProperty(StartupWarmUp.ENABLED_PROPERTY, before);
        }
    }
}
