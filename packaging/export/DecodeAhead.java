package packaging.export;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import pipeline.source.FrameBuffer;
import pipeline.video.Yuv420;
import store.Cancellation;
import store.CurioException;

/**
 * Decodes the frames an encoder will ask for on a thread of their own, a few frames ahead, so decoding (bag messages,
 * JPEG, pixel conversion, redaction) and encoding use two cores instead of taking turns on one. Frames come back in
 * order; a buffer is reused once the encoder asks for the next frame, by which time it has copied the pixels out.
 */
final class DecodeAhead implements AutoCloseable {
    /** Frames decoded ahead: enough to ride out one slow frame, few enough to stay small (a 1080p frame is 8 MB). */
    static final int DEPTH = 3;

    private final BlockingQueue<FrameBuffer> free = new ArrayBlockingQueue<>(DEPTH + 1);
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(DEPTH + 1);
    private final Thread thread;
    private final Cancellation stop = new Cancellation();
    private FrameBuffer current;
    private int next;

    /**
     * The buffers frames are decoded into, kept by the caller so that one set serves every episode of a camera; each
     * has its frame in the encoder's pixel format beside it, converted on the decoding thread.
     */
    static final class Buffers implements AutoCloseable {
        private final List<FrameBuffer> ahead = new ArrayList<>();
        private final Map<FrameBuffer, Yuv420> encoderFrames = new IdentityHashMap<>();
        private final FrameBuffer last = new FrameBuffer();
        private final Yuv420.Converter converter = new Yuv420.Converter();
        /** Decoding threads running with these buffers; the converter's native scaler is freed when none is. */
        private int decoders;
        private boolean closed;
        private boolean converterClosed;

        Buffers() {
            for (int i = 0; i < DEPTH + 1; i++) {
                FrameBuffer b = new FrameBuffer();
                ahead.add(b);
                encoderFrames.put(b, new Yuv420());
            }
        }

        /** A buffer for the decoder's own use (the latest decoded source frame). */
        FrameBuffer last() {
            return last;
        }

        /** On the decoding thread: {@code decoded}'s pixels in the encoder's format. */
        void convert(FrameBuffer decoded) {
            converter.convert(decoded, encoderFrame(decoded));
        }

        /** The converted form of a buffer {@link DecodeAhead#frame} returned. */
        Yuv420 encoderFrame(FrameBuffer decoded) {
            Yuv420 y = encoderFrames.get(decoded);
            if (y == null) throw new IllegalArgumentException("not one of these buffers");
            return y;
        }

        synchronized void decoderStarted() {
            if (closed) throw new IllegalStateException("these buffers are closed");
            decoders++;
        }

        synchronized void decoderEnded() {
            decoders--;
            if (closed && decoders == 0) closeConverter();
        }

        private void closeConverter() {
            converter.close();
            converterClosed = true;
        }

        synchronized boolean converterClosed() {
            return converterClosed;
        }

        /**
         * Frees the native scaler now, or, if a decoding thread outlived its {@link DecodeAhead#close}, when that
         * thread ends: it may be converting a frame with it.
         */
        @Override
        public synchronized void close() {
            closed = true;
            if (decoders == 0) closeConverter();
        }
    }

    /** @param decode fills the buffer with frame k (0..count-1) */
    DecodeAhead(int count, BiConsumer<Integer, FrameBuffer> decode, Buffers buffers, Cancellation cancel) {
        free.addAll(buffers.ahead);
        buffers.decoderStarted();
        thread = new Thread(() -> {
            try {
                for (int k = 0; k < count; k++) {
                    FrameBuffer b = null;
                    while (b == null) {
                        if (stop.isCancelled()) return;
                        cancel.check();
                        b = free.poll(100, TimeUnit.MILLISECONDS);
                    }
                    decode.accept(k, b);
                    ready.put(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                ready.offer(e);
            } finally {
                buffers.decoderEnded();
            }
        }, "curio-export-decode");
        thread.setDaemon(true);
        thread.start();
    }

    /** Frame {@code k}, which must be the next one; the previous frame's buffer goes back to the decoder. */
    FrameBuffer frame(int k) {
        if (k != next) throw new IllegalStateException("frames are read in order: asked for " + k + ", next is " + next);
        if (current != null) free.add(current);
        Object o;
        try {
            o = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurioException("export.cancelled", null, null, "interrupted");
        }
        if (o instanceof RuntimeException e) throw e;
        if (o instanceof Error e) throw e;
        current = (FrameBuffer) o;
        next++;
        return current;
    }

    @Override
    public void close() {
        stop.cancel();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
