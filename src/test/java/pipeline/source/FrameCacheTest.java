package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * copy hands out what is decoded without decoding; decode decodes once; the budget evicts the farthest frame, whose
 * buffer the next decode reuses.
 */
class FrameCacheTest {
    /** 100 frames of 10x10 whose first pixel is their index, counting decodes. */
    private static class Counting implements FrameSource {
        final AtomicInteger decodes = new AtomicInteger();

        @Override public String name() { return "counting"; }
        @Override public FrameTimeline timeline() { return FrameTimeline.constantRate(100, 30, 0); }
        @Override public int width() { return 10; }
        @Override public int height() { return 10; }
        @Override public void close() { }

        @Override
        public void decode(int n, FrameBuffer out) {
            decodes.incrementAndGet();
            out.ensure(10, 10)[0] = n;
            out.setIndex(n);
        }
    }

    @Test
    void copyNeverDecodesAndSeesWhatWasDecoded() {
        Counting source = new Counting();
        FrameCache cache = new FrameCache(source, 1 << 20);
        FrameBuffer into = new FrameBuffer();
        assertFalse(cache.copy(5, into));
        assertEquals(-1, into.index(), "a miss leaves the target alone");
        assertEquals(0, source.decodes.get(), "copy does not decode");
        assertEquals(5, cache.decode(5));
        assertEquals(5, cache.decode(5));
        assertEquals(1, source.decodes.get(), "the second ask is a hit");
        assertTrue(cache.copy(5, into));
        assertEquals(5, into.index());
        assertEquals(5, into.argb()[0]);
        assertEquals(10, into.width());
    }

    @Test
    void aFrameEvictedByTheBudgetIsGone() {
        Counting source = new Counting();
        FrameCache cache = new FrameCache(source, 3 * 400);
        for (int n = 10; n <= 13; n++) cache.decode(n);
        assertFalse(cache.contains(10), "the frame farthest from 13 went first");
        assertTrue(cache.contains(13));
        assertEquals(3, cache.size());
        assertEquals(3 * 400, cache.bytes());
        FrameBuffer into = new FrameBuffer();
        assertFalse(cache.copy(10, into));
        assertTrue(cache.copy(13, into));
        assertEquals(13, into.argb()[0]);
    }

    @Test
    void scrubbingDecodesIntoBuffersAllocatedOnce() {
        Counting source = new Counting();
        FrameCache cache = new FrameCache(source, 8 * 400);
        java.util.Random r = new java.util.Random(9);
        FrameBuffer into = new FrameBuffer();
        for (int i = 0; i < 500; i++) {
            int n = r.nextInt(100);
            assertEquals(n, cache.decode(n));
            assertTrue(cache.copy(n, into));
            assertEquals(n, into.argb()[0]);
        }
        assertTrue(source.decodes.get() > 400, "mostly misses: " + source.decodes.get());
        assertEquals(8 * 400, cache.allocatedBytes(), "500 decodes into the eight frames the budget holds");
    }

    @Test
    void aFailedDecodeLeavesNothingCached() {
        Counting source = new Counting() {
            @Override
            public void decode(int n, FrameBuffer out) {
                if (n == 7) throw new IllegalStateException("corrupt frame 7");
                super.decode(n, out);
            }
        };
        FrameCache cache = new FrameCache(source, 1 << 20);
        assertThrows(IllegalStateException.class, () -> cache.decode(7));
        assertFalse(cache.contains(7));
        assertEquals(0, cache.bytes());
        assertEquals(8, cache.decode(8));
    }

    /**
     * A reader copying frames on another thread (the FX thread) while the decoding thread evicts and decodes into
     * the evicted buffers: every copy is one whole frame, never a buffer caught half way through a new decode.
     */
    @Test
    void copiesOnAnotherThreadNeverSeeABufferBeingDecodedInto() throws Exception {
        FrameSource big = new Counting() {
            @Override public int width() { return 256; }
            @Override public int height() { return 256; }

            @Override
            public void decode(int n, FrameBuffer out) {
                java.util.Arrays.fill(out.ensure(256, 256), n);
                out.setIndex(n);
            }
        };
        FrameCache cache = new FrameCache(big, 4L * 256 * 256 * 4);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger torn = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            FrameBuffer into = new FrameBuffer();
            java.util.Random r = new java.util.Random(3);
            while (!done.get()) {
                int n = r.nextInt(100);
                if (!cache.copy(n, into)) continue;
                // The decoder stores in one bulk copy: compare both ends of the frame.
                copies.incrementAndGet();
                int[] px = into.argb();
                if (px[0] != n || px[px.length - 1] != n || into.index() != n) torn.incrementAndGet();
            }
        });
        reader.start();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) cache.decode(r.nextInt(100));
        done.set(true);
        reader.join();
        assertEquals(0, torn.get(), "copies mixing two frames");
        assertTrue(copies.get() > 0, "the reader saw cached frames");
    }
}
