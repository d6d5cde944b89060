package packaging.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.source.FrameBuffer;
import pipeline.source.Mp4FrameSource;
import store.Cancellation;

/**
 * The image statistics taken from keyframe packets during a remux equal those of the same frames decoded the
 * ordinary way, the frames being the first keyframe at or after each sample position; and one sampler serves
 * every episode of a camera.
 */
class KeyframeSamplerTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final int FPS = 10;

    @TempDir
    Path dir;

    @Test
    void remuxStatisticsMatchTheSameKeyframesDecodedExactly() throws Exception {
        Path a = video("a.mp4", 95, 0);
        Path b = video("b.mp4", 57, 100);
        try (CameraVideo camera = new CameraVideo(dir.resolve("out"), "observation.images.cam", FPS, Long.MAX_VALUE);
             KeyframeStats sampled = new KeyframeStats()) {
            for (Path source : List.of(a, b)) {
                int frames = source == a ? 95 : 57;
                CameraVideo.Remuxed r = camera.remux(source, frames, Cancellation.NEVER);
                assertNotNull(r.statsFrom(), "a byte-level copy leaves its statistics to the keyframes of its sample table");
                FeatureStats got = sampled.of(source, r.statsFrom());
                assertNotNull(got, "H.264 keyframes decode alone");
                List<Integer> expected = chosenFrames(keyframes(source), frames);
                FeatureStats want = decoded(source, frames, expected);
                assertEquals(want.count(), got.count(), "one sample per chosen keyframe, every 4th pixel of every 4th row");
                assertClose(want.mean(), got.mean(), source);
                assertClose(want.std(), got.std(), source);
                assertClose(want.min(), got.min(), source);
                assertClose(want.max(), got.max(), source);
            }
        }
    }

    @Test
    void samplePositionsSpreadOverTheEpisode() {
        assertEquals(List.of(0, 23, 47, 70, 94), CameraVideos.samples(95));
        assertEquals(List.of(0, 1, 2), CameraVideos.samples(3));
        assertEquals(List.of(), CameraVideos.samples(0));
    }

    /** The rule the sampler follows, applied to keyframe positions read with JavaCV. */
    private static List<Integer> chosenFrames(List<Integer> keys, int frames) {
        List<Integer> out = new ArrayList<>();
        for (int target : CameraVideos.samples(frames)) {
            int pick = keys.get(keys.size() - 1);
            for (int k : keys) {
                if (k >= target) {
                    pick = k;
                    break;
                }
            }
            if (!out.contains(pick)) out.add(pick);
        }
        assertTrue(out.size() >= 2, "the test video has several keyframes: " + keys);
        return out;
    }

    private static List<Integer> keyframes(Path file) throws Exception {
        List<Integer> keys = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int i = 0;
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                if ((p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) keys.add(i);
                i++;
                avcodec.av_packet_unref(p);
            }
        }
        return keys;
    }

    private static FeatureStats decoded(Path file, int frames, List<Integer> at) {
        FeatureStats s = new FeatureStats(3);
        FrameBuffer buf = new FrameBuffer();
        try (Mp4FrameSource src = Mp4FrameSource.open(file, file.getFileName().toString(), "cam", (double) FPS, (long) frames,
                null, null, 0, 0)) {
            for (int k : at) {
                src.decode(k, buf);
                CameraVideos.addPixels(s, buf.argb(), buf.width(), buf.height());
            }
        }
        return s;
    }

    /** A colour ramp over time and space, so frames chosen wrongly give different statistics. */
    private Path video(String name, int frames, int shade) {
        Path file = dir.resolve(name);
        try (FrameEncoder enc = new FrameEncoder(file, W, H, FPS)) {
            FrameBuffer f = new FrameBuffer();
            int[] px = f.ensure(W, H);
            for (int n = 0; n < frames; n++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int r = (n * 2 + shade) & 0xFF;
                        int g = (x * 4) & 0xFF;
                        int bl = (y * 5 + n) & 0xFF;
                        px[y * W + x] = 0xFF000000 | r << 16 | g << 8 | bl;
                    }
                }
                enc.write(f);
            }
        }
        return file;
    }

    private static void assertClose(double[] want, double[] got, Path file) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            // Both paths convert with swscale; allow one 8-bit step for rounding differences.
            assertEquals(want[i], got[i], 1.5 / 255, file.getFileName() + " channel " + i);
        }
    }
}
