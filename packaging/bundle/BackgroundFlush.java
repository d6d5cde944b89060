package packaging.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import store.Cancellation;

/**
 * Forces files to storage on one background thread while the export goes on writing, so the disk works while
 * the CPUs hash and copy and the final {@link Durability#tree} finds little left to write. A writer asks for a
 * flush of its file every few dozen megabytes and once when the file is complete; requests for a file already
 * waiting are merged. A failed fsync is kept and reported by {@link #check}: Linux reports a write-back error
 * only to descriptors open when it happened, so a later fsync through a new descriptor could miss it.
 */
public final class BackgroundFlush implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bundle-flush");
        t.setDaemon(true);
        return t;
    });
    private final Set<Path> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    /** Queues an fsync of {@code file} unless one is already waiting. */
    public void request(Path file) {
        if (!waiting.add(file)) return;
        thread.execute(() -> {
            waiting.remove(file);
            try {
                Durability.file(file);
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /**
     * Waits for every requested flush and throws the first one that failed. On a slow USB stick this can take
     * minutes after the last byte was copied, so the user's cancel is checked while waiting.
     */
    public void finish(Cancellation cancel) throws IOException {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(200, TimeUnit.MILLISECONDS)) cancel.check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for files to reach storage", e);
        }
        check();
    }

    /** Throws the first failed flush, if any. */
    public void check() throws IOException {
        IOException e = failure.get();
        if (e != null) throw e;
    }

    /** Stops without waiting (a cancelled or failed export discards its files anyway). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
