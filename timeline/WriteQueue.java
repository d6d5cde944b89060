package timeline;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A view model's catalog writes, off the FX thread and one at a time. Every write commits with an fsync, which
 * costs a millisecond on an idle disk but can take far longer while an export or a delivery is flushing
 * gigabytes; the FX thread must not wait for it. A user action made while a write is in flight waits for it
 * and then runs on the FX thread against the state that write left, so a fast sequence of keys (add, then
 * split what was added) means what it meant to the user. All methods run on the FX thread.
 */
final class WriteQueue {
    private final Executor writer;
    private final Executor fx;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Volatile so a test or a status bar may poll it from another thread. */
    private volatile boolean busy;

    /** @param writer runs the writes (any thread pool: this queue never gives it two at once) */
    WriteQueue(Executor writer, Executor fx) {
        this.writer = writer;
        this.fx = fx;
    }

    /** Writes on the calling thread: for tests and tools that have no FX thread to keep free. */
    static WriteQueue direct() {
        return new WriteQueue(Runnable::run, Runnable::run);
    }

    /** Runs {@code action} now, or after the write in flight and the actions queued before it. */
    void perform(Runnable action) {
        if (busy) waiting.add(action);
        else action.run();
    }

    /**
     * Runs {@code work} on the writer, then {@code done} on the FX thread with its result, or with the
     * exception it threw (the result then null). Actions performed meanwhile wait until {@code done} ran.
     */
    <T> void write(Supplier<T> work, BiConsumer<T, RuntimeException> done) {
        busy = true;
        try {
            writer.execute(() -> {
                T result = null;
                RuntimeException failure = null;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    failure = e;
                }
                T r = result;
                RuntimeException f = failure;
                fx.execute(() -> finish(done, r, f));
            });
        } catch (RejectedExecutionException e) {
            finish(done, null, e); // the window is closing: say so instead of waiting forever
        }
    }

    /** True while a write is in flight (its {@code done} not yet run). */
    boolean busy() {
        return busy;
    }

    private <T> void finish(BiConsumer<T, RuntimeException> done, T result, RuntimeException failure) {
        // Cleared first: done may start the next write of a chain, which must hold the queue in turn.
        busy = false;
        done.accept(result, failure);
        while (!busy && !waiting.isEmpty()) waiting.poll().run();
    }
}
