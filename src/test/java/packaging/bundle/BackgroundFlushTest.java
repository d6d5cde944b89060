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

/** Background flushes run, and a failed one is reported at the end rather than lost. */
class BackgroundFlushTest {
    @Test
    void flushesRequestedFilesAndFinishesCleanly(@TempDir Path dir) throws IOException {
        Path a = Files.write(dir.resolve("a.bin"), new byte[1 << 20]);
        Path b = Files.write(dir.resolve("b.bin"), new byte[10]);
        try (BackgroundFlush flush = new BackgroundFlush()) {
            for (int i = 0; i < 50; i++) flush.request(a);
            flush.request(b);
            assertDoesNotThrow(flush::finish);
        }
    }

    @Test
    void aFailedFlushIsReportedByFinish(@TempDir Path dir) {
        try (BackgroundFlush flush = new BackgroundFlush()) {
            flush.request(dir.resolve("vanished.bin"));
            IOException e = assertThrows(IOException.class, flush::finish);
            assertTrue(e instanceof NoSuchFileException, e.toString());
            assertThrows(IOException.class, flush::check, "the failure stays reported");
        }
    }
}
