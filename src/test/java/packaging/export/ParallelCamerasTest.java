package packaging.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import store.Cancellation;
import store.CurioException;

/** Cameras written side by side: results in camera order, one failure stops the rest, the caller's cancel reaches all. */
class ParallelCamerasTest {

    @Test
    void resultsComeBackInCameraOrderAndRunConcurrently() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> out = ParallelCameras.run(List.of("c", "a", "b"), (cam, stop) -> {
            threads.add(Thread.currentThread().getName());
            bothStarted.countDown();
            try {
                // The first two cameras wait for each other: this only finishes if they run at the same time.
                assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "two cameras in flight at once");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return cam.toUpperCase();
        }, Cancellation.NEVER);
        assertEquals(List.of("C", "A", "B"), out);
        assertTrue(threads.stream().allMatch(t -> t.equals("curio-export-camera")), threads.toString());
    }

    @Test
    void aFailureStopsTheOtherCamerasAndIsTheErrorReported() {
        CurioException e = assertThrows(CurioException.class, () -> ParallelCameras.run(List.of("slow", "bad"), (cam, stop) -> {
            if (cam.equals("bad")) throw new CurioException("export.remux_failed", "bad.mp4", null, "broken");
            while (true) {
                stop.check(); // without the shared stop this camera never ends
                Thread.onSpinWait();
            }
        }, Cancellation.NEVER));
        assertEquals("export.remux_failed", e.code());
        assertEquals("bad.mp4", e.file());
    }

    @Test
    void theCallersCancelReachesEveryCamera() {
        Cancellation cancel = new Cancellation();
        assertThrows(CancellationException.class, () -> ParallelCameras.run(List.of("a", "b"), (cam, stop) -> {
            if (cam.equals("a")) cancel.cancel();
            while (true) stop.check();
        }, cancel));
    }
}
