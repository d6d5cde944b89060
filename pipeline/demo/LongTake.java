package pipeline.demo;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import store.Cancellation;

/**
 * Writes one long, high-bitrate camera file for benchmark data without encoding all of it: one keyframe
 * interval (GOP) of the demo scene with sensor grain is encoded, then its compressed packets are appended again
 * and again, each copy shifted to start where the previous one ended. Every copy opens with a keyframe and
 * x264 closes its GOPs, so the result is a valid MP4 any decoder (and the exporter's remuxer) reads; its bytes
 * are as incompressible as a real high-bitrate camera's, which is what a copy benchmark needs.
 */
final class LongTake {
    private LongTake() { }

    /** @param frames a whole number of GOPs */
    static void write(Path file, DemoEpisodePlan plan, int cameraIndex, int bitrate, long frames, Cancellation cancel) {
        if (frames % DemoGenerator.GOP_FRAMES != 0) {
            throw new IllegalArgumentException(frames + " frames is not a whole number of " + DemoGenerator.GOP_FRAMES + "-frame GOPs");
        }
        Path seed = file.resolveSibling("." + file.getFileName() + ".gop.mp4");
        try {
            encodeGop(seed, plan, cameraIndex, bitrate, cancel);
            loop(seed, file, frames / DemoGenerator.GOP_FRAMES, cancel);
            Files.deleteIfExists(seed);
        } catch (java.io.IOException e) {
            throw pipeline.video.Ffmpeg.writeFailed("demo.encode_failed", file, plan.cameras().get(cameraIndex).name(), e.getMessage(), e);
        }
    }

    private static void encodeGop(Path seed, DemoEpisodePlan plan, int cameraIndex, int bitrate, Cancellation cancel)
            throws java.io.IOException {
        DemoEpisodePlan.Camera cam = plan.cameras().get(cameraIndex);
        BufferedImage img = new BufferedImage(DemoScene.WIDTH, DemoScene.HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        long noise = DemoEpisodePlan.mix(plan.seed(), 7919L * plan.index() + cameraIndex);
        ArmMotion motion = plan.motion();
        try (FFmpegFrameRecorder rec = DemoGenerator.h264Recorder(seed, bitrate);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            // Closed GOPs with no scene-cut keyframes: every copy of this GOP then decodes on its own.
            rec.setVideoOption("x264-params", "open-gop=0:scenecut=0:keyint=" + DemoGenerator.GOP_FRAMES);
            rec.start();
            for (int f = 0; f < DemoGenerator.GOP_FRAMES; f++) {
                cancel.check();
                double t = cam.startS() + f / DemoEpisodePlan.VIDEO_FPS;
                DemoScene.render(img, cam.name(), cameraIndex, f, t, motion.position(t), plan.hasFace() && cameraIndex == 0);
                noise = grain(pixels, noise);
                rec.record(conv.convert(img));
            }
            rec.stop();
        }
    }

    /** Adds +-15 levels of xorshift noise to every byte: a sensor's grain, and what keeps the bitrate up. */
    private static long grain(byte[] pixels, long state) {
        long x = state;
        for (int i = 0; i < pixels.length; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            long r = x;
            for (int j = i; j < Math.min(i + 8, pixels.length); j++, r >>>= 8) {
                int v = (pixels[j] & 0xFF) + (int) (r & 31) - 15;
                pixels[j] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return x;
    }

    private static void loop(Path seed, Path file, long copies, Cancellation cancel)
            throws java.io.IOException {
        // The recorder keeps the first grabber's format context for stream parameters and time base; every copy
        // is read by a grabber of its own, over the same file, so those stay valid throughout.
        try (FFmpegFrameGrabber first = new FFmpegFrameGrabber(seed.toFile())) {
            first.start();
            long gopTicks = -1;
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), first.getImageWidth(), first.getImageHeight())) {
                rec.setFormat("mp4");
                rec.setVideoCodec(first.getVideoCodec());
                rec.setFrameRate(DemoEpisodePlan.VIDEO_FPS);
                rec.start(first.getFormatContext());
                for (long c = 0; c < copies; c++) {
                    cancel.check();
                    try (FFmpegFrameGrabber g = c == 0 ? null : new FFmpegFrameGrabber(seed.toFile())) {
                        FFmpegFrameGrabber in = g == null ? first : g;
                        if (g != null) g.start();
                        if (gopTicks < 0) gopTicks = gopTicks(in);
                        long shift = c * gopTicks;
                        AVPacket pkt;
                        while ((pkt = in.grabPacket()) != null) {
                            if (pkt.pts() != avutil.AV_NOPTS_VALUE) pkt.pts(pkt.pts() + shift);
                            if (pkt.dts() != avutil.AV_NOPTS_VALUE) pkt.dts(pkt.dts() + shift);
                            rec.recordPacket(pkt);
                        }
                    }
                }
                rec.stop();
            }
        }
    }

    /** One GOP's duration in the seed's video stream time base. */
    private static long gopTicks(FFmpegFrameGrabber g) {
        var st = g.getFormatContext().streams(g.getVideoStream());
        return avutil.av_rescale_q(DemoGenerator.GOP_FRAMES, avutil.av_make_q(1, (int) DemoEpisodePlan.VIDEO_FPS), st.time_base());
    }
}
