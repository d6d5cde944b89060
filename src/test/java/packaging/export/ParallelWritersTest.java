package packaging.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import store.Cancellation;
import store.CurioException;

/** Writers run side by side: results in job order, one failure stops the rest, the caller's cancel reaches all. */
class ParallelWritersTest {

    private static <T> List<Function<Cancellation, ? extends T>> jobs(List<String> names, BiFunction<String, Cancellation, T> job) {
        List<Function<Cancellation, ? extends T>> out = new ArrayList<>();
        for (String n : names) out.add(stop -> job.apply(n, stop));
        return out;
    }

    @Test
    void resultsComeBackInCameraOrderAndRunConcurrently() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> out = ParallelWriters.run(jobs(List.of("c", "a", "b"), (cam, stop) -> {
            threads.add(Thread.currentThread().getName());
            bothStarted.countDown();
            try {
                // The first two cameras wait for each other: this only finishes if they run at the same time.
                assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "two cameras in flight at once");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return cam.toUpperCase();
        }), Cancellation.NEVER);
        assertEquals(List.of("C", "A", "B"), out);
        assertTrue(threads.stream().allMatch(t -> t.equals("curio-export-writer")), threads.toString());
    }

    @Test
    void aFailureStopsTheOtherCamerasAndIsTheErrorReported() {
        CurioException e = assertThrows(CurioException.class, () -> ParallelWriters.run(jobs(List.of("slow", "bad"), (cam, stop) -> {
            if (cam.equals("bad")) throw new CurioException("export.remux_failed", "bad.mp4", null, "broken");
            while (true) {
                stop.check(); // without the shared stop this camera never ends
                Thread.onSpinWait();
            }
        }), Cancellation.NEVER));
        assertEquals("export.remux_failed", e.code());
        assertEquals("bad.mp4", e.file());
    }

    @Test
    void theCallersCancelReachesEveryCamera() {
        Cancellation cancel = new Cancellation();
        assertThrows(CancellationException.class, () -> ParallelWriters.run(jobs(List.of("a", "b"), (cam, stop) -> {
            if (cam.equals("a")) cancel.cancel();
            while (true) stop.check();
        }), cancel));
    }

    @Test
    void copiesMayOutnumberTheCoresSoEqualFilesFinishTogether() {
        int cores = Runtime.getRuntime().availableProcessors();
        int files = ParallelWriters.COPY_THREADS_PER_CORE * cores;
        CountDownLatch allStarted = new CountDownLatch(files);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files; i++) names.add("file-" + i);
        List<Boolean> met = ParallelWriters.runCopies(jobs(names, (f, stop) -> {
            allStarted.countDown();
            try {
                return allStarted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }), Cancellation.NEVER);
        assertEquals(files, met.size());
        assertTrue(met.stream().allMatch(b -> b), "all " + files + " copies were in flight at once");
    }
}
