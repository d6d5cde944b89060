package player;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The size libVLC is asked to convert its pictures to: the stream's unless the tile is much smaller. */
class VlcPictureSizeTest {
    @Test
    void aTileShowingMostOfTheStreamGetsEveryPixel() {
        assertArrayEquals(new int[] {640, 360}, VlcEngine.pictureSize(640, 360, 400, 225));
        assertArrayEquals(new int[] {1920, 1080}, VlcEngine.pictureSize(1920, 1080, 1600, 900));
    }

    @Test
    void aSmallTileGetsItsOwnSizeInMultiplesOf16WithTheStreamsShape() {
        int[] p = VlcEngine.pictureSize(1920, 1080, 390, 220);
        assertEquals(0, p[0] % 16);
        assertEquals(0, p[1] % 16);
        assertTrue(p[0] >= 390 && p[0] < 1920 / 2, p[0] + "x" + p[1]);
        assertEquals(1920.0 / 1080, (double) p[0] / p[1], 0.05, "the stream's aspect ratio");
        int[] tall = VlcEngine.pictureSize(1280, 720, 200, 600);
        assertTrue(tall[0] >= 200 && tall[0] <= 272, "limited by the tile's width: " + tall[0]);
    }

    @Test
    void beforeLayoutTheStreamsOwnSize() {
        assertArrayEquals(new int[] {1280, 720}, VlcEngine.pictureSize(1280, 720, 0, 0));
    }
}
