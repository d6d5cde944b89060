package packaging.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import store.Cancellation;

/**
 * Runs the writers of an export side by side (the data files and one job per camera placing its episodes, then one
 * job per video file copying or hashing it), so copying one while hashing or resampling another keeps both cores busy. Results come back in job
 * order; the first failure stops the others, and the caller's cancel reaches every job.
 */
public final class ParallelWriters {
    /** Two writers use both cores of a small machine; more only add FFmpeg memory. */
    static final int MAX_THREADS = 2;

    /**
     * Copy jobs (read, hash, write through one 1 MB buffer, no FFmpeg) run up to this many per core: with one per
     * core, three equal files on two cores leave one core idle while the third is copied alone; with more, the
     * files share the cores and finish together.
     */
    static final int COPY_THREADS_PER_CORE = 2;

    private ParallelWriters() { }

    public static <T> List<T> run(List<Function<Cancellation, ? extends T>> jobs, Cancellation cancel) {
        return run(jobs, cancel, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** Byte-copy jobs, which may outnumber the cores (see {@link #COPY_THREADS_PER_CORE}). */
    public static <T> List<T> runCopies(List<Function<Cancellation, ? extends T>> jobs, Cancellation cancel) {
        return runCopies(jobs, cancel, 0);
    }

    /**
     * Byte-copy jobs with {@code others} jobs of another kind (decoding, data files) given threads of their own, so
     * that they run beside the copies from the start instead of taking a copy's turn.
     */
    public static <T> List<T> runCopies(List<Function<Cancellation, ? extends T>> jobs, Cancellation cancel, int others) {
        return run(jobs, cancel, COPY_THREADS_PER_CORE * Math.max(1, Runtime.getRuntime().availableProcessors()) + others);
    }

    private static <T> List<T> run(List<Function<Cancellation, ? extends T>> jobs, Cancellation cancel, int maxThreads) {
        int threads = Math.max(1, Math.min(jobs.size(), maxThreads));
        Cancellation shared = new Cancellation();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "curio-export-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Function<Cancellation, ? extends T> job : jobs) {
                futures.add(pool.submit(() -> {
                    try {
                        return job.apply(shared);
                    } catch (RuntimeException | Error e) {
                        // Stop the others now: the caller may be waiting on a camera that would otherwise run on.
                        shared.cancel();
                        throw e;
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            Throwable failure = null;
            for (Future<T> f : futures) {
                while (true) {
                    try {
                        results.add(f.get(100, TimeUnit.MILLISECONDS));
                        break;
                    } catch (TimeoutException e) {
                        if (cancel.isCancelled()) shared.cancel();
                    } catch (ExecutionException e) {
                        shared.cancel();
                        failure = worse(failure, e.getCause());
                        break;
                    } catch (InterruptedException e) {
                        shared.cancel();
                        Thread.currentThread().interrupt();
                        failure = worse(failure, new CancellationException("interrupted"));
                        break;
                    }
                }
            }
            if (failure == null && cancel.isCancelled()) failure = new CancellationException("cancelled");
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException("an export writer failed", failure);
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A job stopped because another failed reports a cancellation; the other's failure is the one to show. */
    private static Throwable worse(Throwable kept, Throwable next) {
        if (kept == null) return next;
        return kept instanceof CancellationException && !(next instanceof CancellationException) ? next : kept;
    }
}
