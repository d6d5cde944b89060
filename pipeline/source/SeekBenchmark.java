package pipeline.source;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import pipeline.demo.FrameCode;
import pipeline.video.Ffmpeg;
import store.CurioException;

/**
 * Exact random seeks against their floor: the time the same decoder needs, in the same run, to decode
 * from the preceding keyframe to the target with no cache. A ratio near 1 means seeking adds nothing
 * beyond the unavoidable decode.
 */
public final class SeekBenchmark {
    /** @param exact seeks whose picture is the one the floor decoded for the same frame */
    public record Result(int seeks, double seekMsMedian, double floorMsMedian, double ratio, int exact) { }

    private SeekBenchmark() { }

    /** A 720p30 H.264 clip with a 2 s keyframe interval and the frame number drawn into every frame. */
    public static Path writeClip(Path file, int seconds) {
        Ffmpeg.init();
        int w = 1280;
        int h = 720;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random noise = new Random(3);
        try (FFmpegFrameRecorder rec = pipeline.video.H264.recorder(file, w, h, 30, 60, 4_000_000);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.start();
            Graphics2D g = img.createGraphics();
            for (int f = 0; f < seconds * 30; f++) {
                g.setColor(new Color(40, 60 + f % 100, 90));
                g.fillRect(0, 0, w, h);
                g.setColor(Color.ORANGE);
                for (int i = 0; i < 40; i++) g.fillOval(noise.nextInt(w), noise.nextInt(h), 30, 30);
                FrameCode.draw(g, f, w, h);
                rec.record(conv.convert(img));
            }
            g.dispose();
            rec.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new CurioException("bench.encode_failed", file.toString(), null, e.getMessage(), e);
        }
        return file;
    }

    public static Result run(Path file, int seeks, long seed) {
        Random r = new Random(seed);
        double[] seekMs = new double[seeks];
        double[] floorMs = new double[seeks];
        int exact = 0;
        try (Mp4FrameSource src = Mp4FrameSource.open(file, file.toString(), "bench", null, null, null, null, 0, 0);
             KeyframeFloor floor = new KeyframeFloor(file)) {
            KeyframeFloor.Frames frames = floor.scan();
            FrameBuffer buf = new FrameBuffer();
            src.decode(0, buf);
            int previous = 0;
            for (int i = 0; i < seeks; i++) {
                int n;
                do {
                    n = r.nextInt(frames.count());
                } while (Math.abs(n - previous) <= Mp4FrameSource.FORWARD_DECODE_LIMIT && frames.count() > 2 * Mp4FrameSource.FORWARD_DECODE_LIMIT + 2);
                previous = n;
                long t0 = System.nanoTime();
                src.decode(n, buf);
                seekMs[i] = (System.nanoTime() - t0) / 1e6;
                floorMs[i] = floor.millis(frames, n);
                if (samePicture(buf, floor)) exact++;
            }
        }
        double s = median(seekMs);
        double f = median(floorMs);
        return new Result(seeks, s, f, s / f, exact);
    }

    /**
     * Whether the seek showed the frame the floor decoded: the same decoder and conversion give the same picture, so
     * pixels may differ by rounding only (mean difference under one level per channel).
     */
    private static boolean samePicture(FrameBuffer seek, KeyframeFloor floor) {
        int w = floor.width();
        int h = floor.height();
        if (seek.width() != w || seek.height() != h) return false;
        java.nio.IntBuffer floorPixels = floor.bgra().order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] seekPixels = seek.argb();
        long diff = 0;
        for (int i = 0; i < w * h; i++) {
            int a = seekPixels[i];
            int b = floorPixels.get(i);
            diff += Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)) + Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF)) + Math.abs((a & 0xFF) - (b & 0xFF));
        }
        return diff < 3L * w * h;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length == 0 ? 0 : c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
