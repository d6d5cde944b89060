package packaging.export;

import java.util.concurrent.atomic.AtomicLong;
import store.ProgressSink;

/**
 * Frames done out of all the frames an export writes (data rows plus every camera's frames), shared by the
 * writers that run at the same time; the caller's sink hears from one thread at a time.
 */
public final class ExportProgress {
    private final ProgressSink sink;
    private final long total;
    private final AtomicLong done = new AtomicLong();

    public ExportProgress(ProgressSink sink, long total) {
        this.sink = sink;
        this.total = total;
    }

    public void add(long frames) {
        done.addAndGet(frames);
    }

    public synchronized void report(String message) {
        sink.update(done.get(), total, message);
    }

    public void finish(String message) {
        done.set(total);
        report(message);
    }
}
