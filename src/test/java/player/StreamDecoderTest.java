package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.FrameTimeline;

/**
 * Decoders of one view share a scrub gate: while scrubbing they decode one at a time (leaving the other core to
 * the FX and render threads), while playing they decode side by side to stay ahead of the clock.
 */
class StreamDecoderTest {
    private final List<StreamDecoder> decoders = new ArrayList<>();

    /** Frames that take a while to decode, recording how many decode at once. */
    private static final class SlowSource implements FrameSource {
        static final AtomicInteger active = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override public String name() { return "slow"; }
        @Override public FrameTimeline timeline() { return FrameTimeline.constantRate(1000, 30, 0); }
        @Override public int width() { return 8; }
        @Override public int height() { return 8; }
        @Override public void close() { }

        @Override
        public void decode(int n, FrameBuffer out) {
            mostAtOnce.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                Thread.sleep(15);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.ensure(8, 8)[0] = n;
            out.setIndex(n);
            active.decrementAndGet();
        }
    }

    @AfterEach
    void close() {
        decoders.forEach(StreamDecoder::close);
    }

    private StreamDecoder opened(Semaphore gate, ConcurrentLinkedQueue<Integer> shown) throws Exception {
        StreamDecoder d = new StreamDecoder("t" + decoders.size(), gate, shown::add, e -> { });
        decoders.add(d);
        CountDownLatch open = new CountDownLatch(1);
        d.open(SlowSource::new, s -> open.countDown());
        assertTrue(open.await(5, TimeUnit.SECONDS));
        return d;
    }

    @Test
    void scrubDecodesTakeTurnsAndPlaybackDecodesDoNot() throws Exception {
        Semaphore gate = new Semaphore(1);
        ConcurrentLinkedQueue<Integer> shownA = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> shownB = new ConcurrentLinkedQueue<>();
        StreamDecoder a = opened(gate, shownA);
        StreamDecoder b = opened(gate, shownB);

        SlowSource.mostAtOnce.set(0);
        for (int i = 0; i < 10; i++) {
            a.request(100 + 37 * i);
            b.request(500 + 41 * i);
            Thread.sleep(10);
        }
        waitIdle(a, b);
        assertEquals(1, SlowSource.mostAtOnce.get(), "scrub decodes overlapped");
        assertTrue(shownA.contains(100 + 37 * 9) && shownB.contains(500 + 41 * 9), "the last positions were shown");

        SlowSource.mostAtOnce.set(0);
        a.prefetch(10);
        b.prefetch(10);
        a.request(0);
        b.request(0);
        waitIdle(a, b);
        assertEquals(2, SlowSource.mostAtOnce.get(), "playback decodes waited for each other");
        FrameBuffer into = new FrameBuffer();
        assertTrue(a.copy(10, into), "decoded ahead while playing");
        assertEquals(10, into.argb()[0]);
    }

    private static void waitIdle(StreamDecoder... ds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (StreamDecoder d : ds) {
            while (!d.idle() && System.nanoTime() < until) Thread.sleep(5);
            assertTrue(d.idle(), "decoder still busy");
        }
    }
}
