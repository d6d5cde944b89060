package player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A fingerprint is the mean luma per grid cell, at any picture size, so two sizes of one picture match. */
class FingerprintTest {
    private static int[] halves(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = x < w / 2 ? 0xff000000 : 0xffffffff;
        return px;
    }

    @Test
    void cellsHoldTheMeanLumaOfTheirPixels() {
        int[] fp = Fingerprint.of(halves(640, 360), 640, 360);
        assertEquals(Fingerprint.COLS * Fingerprint.ROWS, fp.length);
        for (int row = 0; row < Fingerprint.ROWS; row++) {
            assertEquals(0, fp[row * Fingerprint.COLS], "left column black");
            assertEquals(255, fp[row * Fingerprint.COLS + Fingerprint.COLS - 1], "right column white");
        }
    }

    @Test
    void oddSizesMatchAndDifferentPicturesDoNot() {
        int[] a = Fingerprint.of(halves(640, 360), 640, 360);
        int[] b = Fingerprint.of(halves(854, 481), 854, 481);
        int[] grey = new int[640 * 360];
        java.util.Arrays.fill(grey, 0xff808080);
        int same = Fingerprint.distance(a, b);
        int other = Fingerprint.distance(a, Fingerprint.of(grey, 640, 360));
        assertTrue(same * 20 < other, "same picture " + same + " vs grey " + other);
    }
}
