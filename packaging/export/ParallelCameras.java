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
import java.util.function.BiFunction;
import store.Cancellation;

/**
 * Writes the cameras of an export side by side: each camera is one FFmpeg copy (or encode) plus its hash, and
 * copying one while hashing another keeps both cores busy. Results come back in camera order; the first failure
 * stops the others, and the caller's cancel reaches every camera.
 */
final class ParallelCameras {
    /** Two writers use both cores of a small machine; more only add page-cache and FFmpeg memory. */
    static final int MAX_THREADS = 2;

    private ParallelCameras() { }

    static <T> List<T> run(List<String> cameras, BiFunction<String, Cancellation, T> write, Cancellation cancel) {
        int threads = Math.max(1, Math.min(cameras.size(), Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors())));
        Cancellation shared = new Cancellation();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "curio-export-camera");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (String c : cameras) {
                futures.add(pool.submit(() -> {
                    try {
                        return write.apply(c, shared);
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
            if (failure != null) throw new IllegalStateException("a camera writer failed", failure);
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A camera stopped because another failed reports a cancellation; the other's failure is the one to show. */
    private static Throwable worse(Throwable kept, Throwable next) {
        if (kept == null) return next;
        return kept instanceof CancellationException && !(next instanceof CancellationException) ? next : kept;
    }
}
