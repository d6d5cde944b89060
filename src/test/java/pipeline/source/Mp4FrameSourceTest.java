package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/** Exactness of the MP4 source against the frame numbers the demo generator draws into every frame. */
class Mp4FrameSourceTest {
    private static StreamEntry camera(EpisodeDetail e, int i) {
        return e.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).toList().get(i);
    }

    @Test
    void everyFrameIsExactInRandomSeekOrder() {
        EpisodeDetail e = DemoFixture.richest();
        StreamEntry cam = camera(e, 1);
        try (FrameSource src = Sources.open(DemoFixture.datasetRoot(e), e, cam)) {
            assertEquals(cam.frameCount().intValue(), src.frameCount());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < src.frameCount(); i++) order.add(i);
            Collections.shuffle(order, new Random(5));
            FrameBuffer buf = new FrameBuffer();
            for (int n : order) {
                src.decode(n, buf);
                assertEquals(n, DemoFixture.frameCode(buf), "frame " + n);
                assertEquals(n, buf.index());
            }
            assertEquals(640, buf.width());
            assertEquals(360, buf.height());
        }
    }

    @Test
    void steppingForwardAndBackAndAcrossKeyframesStaysExact() {
        EpisodeDetail e = DemoFixture.richest();
        try (FrameSource src = Sources.open(DemoFixture.datasetRoot(e), e, camera(e, 0))) {
            FrameBuffer buf = new FrameBuffer();
            int[] walk = {0, 1, 2, 58, 59, 60, 61, 60, 59, 119, 120, 121, 150, 149, 10, 40, 71, src.frameCount() - 1,
                          src.frameCount() - 2};
            for (int n : walk) {
                src.decode(n, buf);
                assertEquals(n, DemoFixture.frameCode(buf), "frame " + n);
            }
            assertEquals("source.out_of_range",
                    assertThrows(CurioException.class, () -> src.decode(src.frameCount(), buf)).code());
        }
    }

    @Test
    void frameIndexAtFollowsStartAndClockOffset() {
        EpisodeDetail e = DemoFixture.richest();
        for (StreamEntry cam : e.streams()) {
            if (cam.kind() != StreamKind.VIDEO) continue;
            try (FrameSource src = Sources.open(DemoFixture.datasetRoot(e), e, cam)) {
                long first = cam.startNs() + cam.clockOffsetNs();
                assertEquals(-1, src.frameIndexAt(first - 1));
                assertEquals(0, src.frameIndexAt(first));
                for (long t = first; t < first + 3_000_000_000L; t += 7_777_777L) {
                    long expected = Math.floorDiv((t - first) * 30, 1_000_000_000L);
                    // Frame n starts at round(n/fps): an instant within a rounding nanosecond may belong to n+1.
                    int got = src.frameIndexAt(t);
                    assertTrue(got == expected || got == expected + 1 && src.timeline().timeNs(got) <= t, cam.name() + " at " + t);
                }
                assertEquals(src.frameCount() - 1, src.frameIndexAt(src.timeline().endNs() - 1));
                assertEquals(-1, src.frameIndexAt(src.timeline().endNs()));
            }
        }
    }

    @Test
    void missingAndCorruptFilesAreCurioErrors(@TempDir Path dir) throws IOException {
        EpisodeDetail e = DemoFixture.richest();
        StreamEntry cam = camera(e, 0);
        StreamEntry missing = withFile(cam, "nope/cam.mp4");
        CurioException gone = assertThrows(CurioException.class, () -> Sources.open(dir, e, missing));
        assertEquals("source.missing_file", gone.code());
        assertEquals("nope/cam.mp4", gone.file());
        Files.createDirectories(dir.resolve("bad"));
        Files.write(dir.resolve("bad/cam.mp4"), new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p', 'j', 'u', 'n', 'k', 1, 2, 3});
        CurioException corrupt = assertThrows(CurioException.class, () -> Sources.open(dir, e, withFile(cam, "bad/cam.mp4")));
        assertEquals("source.unreadable", corrupt.code());
    }

    @Test
    void cacheStaysWithinItsBudgetAndKeepsFramesNearThePlayhead() {
        EpisodeDetail e = DemoFixture.richest();
        try (FrameSource src = Sources.open(DemoFixture.datasetRoot(e), e, camera(e, 0))) {
            long frameBytes = 640L * 360 * 4;
            FrameCache cache = new FrameCache(src, 5 * frameBytes);
            FrameBuffer shown = new FrameBuffer();
            for (int n = 0; n < 20; n++) {
                assertEquals(n, cache.decode(n));
                assertTrue(cache.copy(n, shown));
                assertEquals(n, DemoFixture.frameCode(shown));
            }
            assertTrue(cache.bytes() <= 5 * frameBytes, "bytes " + cache.bytes());
            assertTrue(cache.allocatedBytes() <= 7 * frameBytes, "allocated " + cache.allocatedBytes());
            assertEquals(5, cache.size());
            long misses = cache.misses();
            assertEquals(17, cache.decode(17));
            assertTrue(cache.copy(17, shown));
            assertEquals(17, DemoFixture.frameCode(shown));
            assertEquals(misses, cache.misses(), "a neighbour of the playhead is served from the cache");
        }
    }

    static StreamEntry withFile(StreamEntry s, String rel) {
        return new StreamEntry(s.name(), s.kind(), s.topic(), rel, s.rateHz(), s.width(), s.height(), s.encoding(),
                s.startNs(), s.endNs(), s.clockOffsetNs(), s.frameCount(), s.jointNames(), s.jointLimits(),
                StreamLocator.mp4(rel).toExtraJson());
    }
}
