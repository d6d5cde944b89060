package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How the VLC engine ties libVLC's clock to source frames, from fingerprints of pictures a test draws: a moving scene
 * pins on clear matches, pictures that only resemble their frame (as libVLC's scaled-down ones do) pin by majority
 * once the queue is full, and a still scene, whose pictures match many frames alike, is declared unpinnable so the
 * exact decoders draw it.
 */
class VlcPinTest {
    private static final int W = Fingerprint.COLS;
    private static final int H = Fingerprint.ROWS;
    private static final long REF_FROM = 100;
    private static final int REFS = VlcEngine.REF_BEFORE + VlcEngine.REF_AFTER;
    /** Source frame = libVLC's clock frame + this. */
    private static final long TRUE_OFFSET = 103;

    @Test
    void aMovingSceneIsPinnedByThreeClearMatches() {
        int[][] refs = refs(VlcPinTest::movingBar);
        List<VlcEngine.Picture> pictures = pictures(k -> noisy(movingBar(k), k), 0, 5);
        VlcEngine.PinVerdict v = VlcEngine.pin(pictures, refs, REF_FROM, false);
        assertEquals(TRUE_OFFSET, v.offset(), "three clear votes settle it before the queue fills");
        assertFalse(v.unpinnable());
    }

    @Test
    void picturesThatOnlyResembleTheirFramePinByMajorityOnceTheQueueIsFull() {
        int[][] refs = refs(VlcPinTest::movingBar);
        // Motion blur over neighbouring frames: the right frame is still the closest, but not twice as close.
        List<VlcEngine.Picture> pictures = pictures(k -> noisy(blend(movingBar(k), movingBar(k - 1), movingBar(k + 1)), k), 0,
                VlcEngine.REF_AFTER);
        VlcEngine.PinVerdict waiting = VlcEngine.pin(pictures, refs, REF_FROM, false);
        assertEquals(VlcEngine.UNPINNED, waiting.offset(), "no clear votes: wait for a full queue");
        assertFalse(waiting.unpinnable());
        VlcEngine.PinVerdict full = VlcEngine.pin(pictures, refs, REF_FROM, true);
        assertEquals(TRUE_OFFSET, full.offset(), "the first pictures agree on one offset");
        assertFalse(full.unpinnable());
    }

    @Test
    void aStillSceneIsUnpinnable() {
        int[][] refs = refs(k -> noisy(still(), 1000 + k));
        List<VlcEngine.Picture> pictures = pictures(k -> noisy(still(), k), 0, VlcEngine.AHEAD);
        VlcEngine.PinVerdict waiting = VlcEngine.pin(pictures, refs, REF_FROM, false);
        assertEquals(VlcEngine.UNPINNED, waiting.offset());
        assertFalse(waiting.unpinnable(), "undecided until the queue is full");
        VlcEngine.PinVerdict full = VlcEngine.pin(pictures, refs, REF_FROM, true);
        assertEquals(VlcEngine.UNPINNED, full.offset(), "no offset is guessed for a still scene");
        assertTrue(full.unpinnable(), "every picture matches several frames alike");
    }

    @Test
    void picturesWithoutFingerprintsDoNotVote() {
        int[][] refs = refs(VlcPinTest::movingBar);
        List<VlcEngine.Picture> none = new ArrayList<>();
        for (int c = 0; c < VlcEngine.AHEAD; c++) none.add(new VlcEngine.Picture(null, c, null));
        VlcEngine.PinVerdict v = VlcEngine.pin(none, refs, REF_FROM, true);
        assertTrue(v.unpinnable(), "nothing to pin by");
        assertEquals(VlcEngine.UNPINNED, v.offset());
    }

    private interface Frame {
        int[] argb(long sourceFrame);
    }

    private static int[][] refs(Frame frame) {
        int[][] refs = new int[REFS][];
        for (int i = 0; i < REFS; i++) refs[i] = Fingerprint.of(frame.argb(REF_FROM + i), W, H);
        return refs;
    }

    /** Pictures at libVLC clock frames {@code from} on, each showing source frame clock + {@link #TRUE_OFFSET}. */
    private static List<VlcEngine.Picture> pictures(Frame frame, int from, int count) {
        List<VlcEngine.Picture> out = new ArrayList<>();
        for (int c = from; c < from + count; c++) {
            out.add(new VlcEngine.Picture(null, c, Fingerprint.of(frame.argb(c + TRUE_OFFSET), W, H)));
        }
        return out;
    }

    /** A 4-pixel white bar moving 3 pixels a frame over a grey ramp. */
    private static int[] movingBar(long k) {
        int[] px = new int[W * H];
        int bar = (int) Math.floorMod(k * 3, W - 4);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = x >= bar && x < bar + 4 ? 255 : 40 + x;
                px[y * W + x] = gray(v);
            }
        }
        return px;
    }

    /** A lab bench that does not move: the same grey ramp in every frame. */
    private static int[] still() {
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) px[y * W + x] = gray(60 + x + y);
        }
        return px;
    }

    private static int[] blend(int[] centre, int[] before, int[] after) {
        int[] px = new int[centre.length];
        for (int i = 0; i < px.length; i++) px[i] = gray(((centre[i] & 0xff) * 2 + (before[i] & 0xff) + (after[i] & 0xff)) / 4);
        return px;
    }

    /** Sensor noise of a few grey levels, different in every frame. */
    private static int[] noisy(int[] px, long seed) {
        Random rnd = new Random(seed);
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) out[i] = gray(Math.max(0, Math.min(255, (px[i] & 0xff) + rnd.nextInt(7) - 3)));
        return out;
    }

    private static int gray(int v) {
        return 0xff000000 | v << 16 | v << 8 | v;
    }
}
