package player;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameCache;
import pipeline.source.FrameSource;
import store.CurioException;

/**
 * One stream's decoding thread. Requests overwrite each other (newest wins): while a frame decodes, any
 * number of scrub positions collapse into the latest one, so the decoder never falls behind the mouse.
 * Results go to {@code onFrame} on this thread; the tile hands them to the FX thread.
 */
final class StreamDecoder implements AutoCloseable {
    private static final int NONE = Integer.MIN_VALUE;
    /** Cache per stream: about 70 frames of 640x360, around the playhead. */
    static final long CACHE_BYTES = 64L << 20;

    private final ExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger(NONE);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final IntConsumer onFrame;
    private final Semaphore scrubGate;
    /** Work for the decoding thread that goes before frame requests ({@link #withCache}). */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Consumer<CurioException> onError;
    private volatile FrameCache cache;
    private volatile boolean closed;
    /** Frames to decode past the one just shown while nothing newer is asked for (set while playing). */
    private volatile int ahead;

    /**
     * @param scrubGate shared by the decoders of one view: a scrub keeps every decoder busy, and on a machine with
     *                  few cores the FX and render threads then wait for a core long enough to drop pulses
     *                  (README, Player speed), so scrub decodes hold a permit
     */
    StreamDecoder(String name, Semaphore scrubGate, IntConsumer onFrame, Consumer<CurioException> onError) {
        this.scrubGate = scrubGate;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "curio-decode-" + name);
            t.setDaemon(true);
            return t;
        });
        this.onFrame = onFrame;
        this.onError = onError;
    }

    /** Opens the source on the decoding thread (opening reads the file), then reports it. */
    void open(Supplier<FrameSource> opener, Consumer<FrameSource> opened) {
        thread.execute(() -> {
            try {
                FrameSource s = opener.get();
                if (closed) {
                    s.close();
                    return;
                }
                cache = new FrameCache(s, CACHE_BYTES);
                opened.accept(s);
            } catch (CurioException e) {
                onError.accept(e);
            } catch (RuntimeException e) {
                onError.accept(new CurioException("source.open_failed", null, null, String.valueOf(e.getMessage()), e));
            }
        });
    }

    /**
     * While playing, the next frames are decoded into the cache before the clock reaches them, so showing a
     * frame costs a cache hit instead of a decode and the picture keeps up with master time.
     */
    void prefetch(int frames) {
        ahead = Math.max(0, frames);
    }

    /**
     * Copies frame {@code n} into {@code into} when it is decoded already (decoded ahead while playing, or just
     * reported by {@code onFrame}) and answers whether it was; any thread.
     */
    boolean copy(int n, FrameBuffer into) {
        FrameCache c = cache;
        return c != null && n >= 0 && c.copy(n, into);
    }

    /** Whether frame {@code n} is decoded already; any thread. */
    boolean cached(int n) {
        FrameCache c = cache;
        return c != null && c.contains(n);
    }

    void request(int frame) {
        if (closed || frame < 0) return;
        pending.set(frame);
        if (scheduled.compareAndSet(false, true)) thread.execute(this::drain);
    }

    /**
     * Runs {@code task} on the decoding thread with the open source's cache and hands its result to {@code done}
     * there (null when the source is not open or the task failed). It goes before the next frame request: while
     * playing, requests arrive every pulse and a task queued behind them would wait for the pause.
     */
    <T> void withCache(Function<FrameCache, T> task, Consumer<T> done) {
        if (closed) return;
        tasks.add(() -> {
            FrameCache c = cache;
            T result = null;
            if (c != null && !closed) {
                try {
                    result = task.apply(c);
                } catch (RuntimeException e) {
                    result = null;
                }
            }
            done.accept(result);
        });
        if (scheduled.compareAndSet(false, true)) thread.execute(this::drain);
    }

    /** True when nothing is queued or decoding. */
    boolean idle() {
        return !scheduled.get() && pending.get() == NONE && tasks.isEmpty();
    }

    /**
     * Decodes frame {@code n} into the cache and returns its number; a decode for a scrub or step waits for the
     * view's scrub gate. While playing, the decoders must stay ahead of the clock and are not held back.
     */
    private int gated(FrameCache c, int n) {
        if (ahead > 0 || c.contains(n)) return c.decode(n);
        scrubGate.acquireUninterruptibly();
        try {
            return c.decode(n);
        } finally {
            scrubGate.release();
        }
    }

    private void drain() {
        while (true) {
            for (Runnable task; (task = tasks.poll()) != null; ) task.run();
            int n = pending.getAndSet(NONE);
            if (n == NONE) {
                scheduled.set(false);
                // A request or task may have slipped in between the read and the reset.
                if ((pending.get() != NONE || !tasks.isEmpty()) && scheduled.compareAndSet(false, true)) continue;
                return;
            }
            FrameCache c = cache;
            if (c == null || closed) continue;
            try {
                onFrame.accept(gated(c, n));
                int k = ahead;
                int last = c.source().frameCount() - 1;
                for (int i = 1; i <= k && n + i <= last && pending.get() == NONE && tasks.isEmpty() && !closed; i++) {
                    gated(c, n + i);
                }
            } catch (CurioException e) {
                onError.accept(e);
            } catch (RuntimeException e) {
                onError.accept(new CurioException("source.decode_failed", null, null, String.valueOf(e.getMessage()), e));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.execute(() -> {
            FrameCache c = cache;
            if (c != null) c.source().close();
        });
        thread.shutdown();
    }
}
