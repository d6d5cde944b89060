package pipeline.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import store.CurioException;

/** Two ingest workers asking for the same file's facts at once read (and hash) it once. */
class OnceTest {
    @Test
    void concurrentCallersShareOneComputation() throws InterruptedException {
        Once<String> once = new Once<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<String> results = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                results.add(once.get(() -> {
                    runs.incrementAndGet();
                    return "footer";
                }));
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) t.join();
        assertEquals(1, runs.get());
        assertEquals(List.of("footer", "footer", "footer", "footer"), results);
    }

    @Test
    void aFailureIsKeptAndRethrownWithoutRecomputing() {
        Once<String> once = new Once<>();
        AtomicInteger runs = new AtomicInteger();
        CurioException broken = new CurioException("video.corrupt", "a.mp4", null, "no moov");
        CurioException first = assertThrows(CurioException.class, () -> once.get(() -> {
            runs.incrementAndGet();
            throw broken;
        }));
        CurioException second = assertThrows(CurioException.class, () -> once.get(() -> "never"));
        assertSame(broken, first);
        assertSame(broken, second);
        assertEquals(1, runs.get());
    }
}
