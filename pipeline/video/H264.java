package pipeline.video;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The one way Curio writes H.264 MP4 (demo, benchmarks, re-encoding exports). The LGPL FFmpeg build encodes
 * with libopenh264; frame skipping stays off so every frame handed in is a frame in the file, which the
 * frame-exact player, the frame counts in metadata and the tests all rely on.
 */
public final class H264 {
    private H264() { }

    /** A recorder, not yet started, with a keyframe every {@code gopFrames} frames. */
    public static FFmpegFrameRecorder recorder(Path file, int width, int height, double fps, int gopFrames, int bitrate) {
        Ffmpeg.init();
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height);
        rec.setFormat("mp4");
        rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        rec.setFrameRate(fps);
        rec.setGopSize(gopFrames);
        rec.setVideoBitrate(bitrate);
        rec.setVideoOption("allow_skip_frames", "0");
        // FFmpeg's default for a library encoder is one thread; the command line picks one per core, and so do we.
        rec.setVideoOption("threads", "0");
        return rec;
    }
}
