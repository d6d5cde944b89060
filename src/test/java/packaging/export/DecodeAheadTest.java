package packaging.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import pipeline.source.FrameBuffer;
import store.Cancellation;

/** The native scaler the decoding thread converts with is freed only once no decoding thread can still use it. */
class DecodeAheadTest {
    @Test
    void aDecoderThatOutlivesItsCloseKeepsTheScalerUntilItEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        DecodeAhead.Buffers buffers = new DecodeAhead.Buffers();
        DecodeAhead ahead = new DecodeAhead(1, (k, b) -> {
            entered.countDown();
            // Deaf to interrupts, as a native decode call is.
            boolean released = false;
            while (!released) {
                try {
                    released = release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
            try {
                int[] px = b.ensure(64, 48);
                java.util.Arrays.fill(px, 0xFF808080);
                buffers.convert(b);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, buffers, Cancellation.NEVER);
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        ahead.close();
        buffers.close();
        assertFalse(buffers.converterClosed(), "the decoding thread is still running, so its scaler stays");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!buffers.converterClosed() && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(buffers.converterClosed(), "freed when the last decoding thread ended");
        assertEquals(null, failure.get());
    }

    @Test
    void buffersWithNoDecoderRunningFreeTheScalerAtOnce() {
        DecodeAhead.Buffers buffers = new DecodeAhead.Buffers();
        FrameBuffer b = buffers.last();
        b.ensure(32, 32);
        buffers.close();
        assertTrue(buffers.converterClosed());
    }
}
