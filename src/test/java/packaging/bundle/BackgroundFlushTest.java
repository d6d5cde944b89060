package packaging.bundle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import store.Cancellation;

/** Background flushes run, and a failed one is reported at the end rather than lost. */
class BackgroundFlushTest {
    @Test
    void flushesRequestedFilesAndFinishesCleanly(@TempDir Path dir) throws IOException {
        Path a = Files.write(dir.resolve("a.bin"), new byte[1 << 20]);
        Path b = Files.write(dir.resolve("b.bin"), new byte[10]);
        try (BackgroundFlush flush = new BackgroundFlush()) {
            for (int i = 0; i < 50; i++) flush.request(a);
            flush.request(b);
            assertDoesNotThrow(() -> flush.finish(Cancellation.NEVER));
        }
    }

    @Test
    void aFailedFlushIsReportedByFinish(@TempDir Path dir) {
        try (BackgroundFlush flush = new BackgroundFlush()) {
            flush.request(dir.resolve("vanished.bin"));
            IOException e = assertThrows(IOException.class, () -> flush.finish(Cancellation.NEVER));
            assertTrue(e instanceof NoSuchFileException, e.toString());
            assertThrows(IOException.class, flush::check, "the failure stays reported");
        }
    }

    @Test
    void waitingForSlowFlushesStopsWhenTheUserCancels(@TempDir Path dir) throws Exception {
        // A flush that does not end (a stalled stick): opening a named pipe for writing waits for a reader.
        Path stalled = dir.resolve("stalled.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", stalled.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo not available");
        try (BackgroundFlush flush = new BackgroundFlush()) {
            flush.request(stalled);
            Cancellation cancel = new Cancellation();
            cancel.cancel();
            assertThrows(java.util.concurrent.CancellationException.class, () -> flush.finish(cancel));
        } finally {
            // Lets the stalled open go through so its thread ends.
            new java.io.FileInputStream(stalled.toFile()).close();
        }
    }
}
