package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** peek shows what is decoded without decoding; get decodes once; the budget evicts the farthest frame. */
class FrameCacheTest {
    /** 100 frames of 10x10 whose first pixel is their index, counting decodes. */
    private static final class Counting implements FrameSource {
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
    void peekNeverDecodesAndSeesWhatGetDecoded() {
        Counting source = new Counting();
        FrameCache cache = new FrameCache(source, 1 << 20);
        assertNull(cache.peek(5));
        assertEquals(0, source.decodes.get(), "peek does not decode");
        FrameBuffer five = cache.get(5);
        assertSame(five, cache.peek(5));
        assertSame(five, cache.get(5));
        assertEquals(1, source.decodes.get());
        assertEquals(5, cache.peek(5).argb()[0]);
    }

    @Test
    void aFrameEvictedByTheBudgetIsNoLongerPeeked() {
        Counting source = new Counting();
        FrameBuffer probe = new FrameBuffer();
        source.decode(0, probe);
        FrameCache cache = new FrameCache(source, 3 * probe.sizeBytes());
        for (int n = 10; n <= 13; n++) cache.get(n);
        assertNull(cache.peek(10), "the frame farthest from 13 went first");
        assertSame(cache.get(13), cache.peek(13));
        assertEquals(3, cache.size());
    }
}
