package pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import pipeline.source.FrameBuffer;

class Yuv420Test {
    /** Rec. 601 limited range, what FFmpeg's scaler uses for BGRA to YUV 4:2:0 unless told otherwise. */
    private static int y(int r, int g, int b) {
        return (int) Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0);
    }

    @Test
    void planesFollowOneAnotherWithoutPaddingAndHoldTheFramesColours() {
        int w = 7;
        int h = 5;
        FrameBuffer f = new FrameBuffer();
        int[] px = f.ensure(w, h);
        // Left four columns red, the rest blue: chroma columns 0-1 see red, column 3 sees blue.
        for (int row = 0; row < h; row++) {
            for (int x = 0; x < w; x++) px[row * w + x] = x < 4 ? 0xFFFF0000 : 0xFF0000FF;
        }
        Yuv420 out = new Yuv420();
        try (Yuv420.Converter c = new Yuv420.Converter()) {
            c.convert(f, out);
        }
        ByteBuffer p = out.planes();
        int cw = 4;
        int ch = 3;
        assertEquals(w * h + 2 * cw * ch, p.remaining(), "Y, then U and V of ceil(w/2) x ceil(h/2)");
        assertEquals(y(255, 0, 0), p.get(0) & 0xff, 1.0, "red luma");
        assertEquals(y(0, 0, 255), p.get(w - 1) & 0xff, 1.0, "blue luma");
        int u = w * h;
        int v = u + cw * ch;
        // Red: U below neutral, V well above; blue: U well above, V below.
        assertTrue((p.get(u) & 0xff) < 128 && (p.get(v) & 0xff) > 200, "red chroma " + (p.get(u) & 0xff) + "/" + (p.get(v) & 0xff));
        assertTrue((p.get(u + 3) & 0xff) > 200 && (p.get(v + 3) & 0xff) < 128,
                "blue chroma " + (p.get(u + 3) & 0xff) + "/" + (p.get(v + 3) & 0xff));
        assertEquals(p.get(u) & 0xff, p.get(u + 2 * cw) & 0xff, "the last chroma row covers the odd last luma row alike");
    }

    @Test
    void aConverterFollowsAChangeOfSize() {
        Yuv420 out = new Yuv420();
        try (Yuv420.Converter c = new Yuv420.Converter()) {
            for (int[] size : new int[][] {{16, 8}, {4, 4}, {32, 18}}) {
                FrameBuffer f = new FrameBuffer();
                java.util.Arrays.fill(f.ensure(size[0], size[1]), 0xFF808080);
                c.convert(f, out);
                assertEquals(size[0], out.width());
                assertEquals(size[1], out.height());
                assertEquals(size[0] * size[1] * 3 / 2, out.planes().remaining());
                for (int i = 0; i < size[0] * size[1]; i++) assertEquals(y(128, 128, 128), out.planes().get(i) & 0xff, 1.0);
            }
        }
    }
}
