package pipeline.read;

import java.util.function.Supplier;

/**
 * A value computed once by its first caller while concurrent callers wait; a failure is kept and rethrown
 * to every caller. Held in a {@code ConcurrentHashMap} per file so that reading a file (which at ingest also
 * hashes it) never runs inside the map's own lock, which would stall unrelated keys sharing a bin.
 */
public final class Once<T> {
    private T value;
    private RuntimeException failure;

    public synchronized T get(Supplier<T> compute) {
        if (failure != null) throw failure;
        if (value == null) {
            try {
                value = compute.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return value;
    }
}
