package timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Writes leave the caller at once; actions made meanwhile run after them, in order, and failures come back. */
class WriteQueueTest {
    /** A writer thread stood in for by a queue the test runs by hand. */
    private final ArrayDeque<Runnable> writer = new ArrayDeque<>();
    private final WriteQueue queue = new WriteQueue(writer::add, Runnable::run);

    @Test
    void actionsMadeDuringAWriteWaitForItAndRunInOrder() {
        List<String> log = new ArrayList<>();
        queue.write(() -> {
            log.add("write 1");
            return 1;
        }, (r, f) -> log.add("done " + r));
        queue.perform(() -> log.add("action A"));
        queue.perform(() -> log.add("action B"));
        assertTrue(queue.busy());
        assertEquals(List.of(), log, "nothing ran on the caller's thread");

        writer.poll().run();
        assertEquals(List.of("write 1", "done 1", "action A", "action B"), log);
        assertFalse(queue.busy());

        queue.perform(() -> log.add("action C"));
        assertEquals("action C", log.get(log.size() - 1), "an idle queue runs an action at once");
    }

    @Test
    void aWriteStartedByAQueuedActionHoldsTheRestBack() {
        List<String> log = new ArrayList<>();
        queue.write(() -> "first", (r, f) -> log.add(r));
        queue.perform(() -> queue.write(() -> "second", (r, f) -> log.add(r)));
        queue.perform(() -> log.add("after second"));
        writer.poll().run();
        assertEquals(List.of("first"), log);
        assertTrue(queue.busy(), "the queued action's own write is in flight");
        writer.poll().run();
        assertEquals(List.of("first", "second", "after second"), log);
    }

    @Test
    void aFailedWriteReportsItsExceptionAndFreesTheQueue() {
        RuntimeException[] seen = new RuntimeException[1];
        Object[] result = {"unset"};
        queue.write(() -> {
            throw new IllegalStateException("disk full");
        }, (r, f) -> {
            result[0] = r;
            seen[0] = f;
        });
        writer.poll().run();
        assertNull(result[0]);
        assertEquals("disk full", seen[0].getMessage());
        assertFalse(queue.busy());
    }

    @Test
    void aClosedWriterIsReportedNotWaitedFor() {
        WriteQueue closed = new WriteQueue(r -> {
            throw new RejectedExecutionException("shut down");
        }, Runnable::run);
        RuntimeException[] seen = new RuntimeException[1];
        closed.write(() -> "never", (r, f) -> seen[0] = f);
        assertTrue(seen[0] instanceof RejectedExecutionException);
        assertFalse(closed.busy());
    }
}
