package packaging.export;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import pipeline.source.FrameBuffer;
import pipeline.video.Ffmpeg;
import pipeline.video.Yuv420;
import store.CurioException;

/**
 * Encodes frames to an H.264 MP4 at a constant rate: frame n gets the timestamp n/fps, so appended episodes
 * land at exactly the offsets written into the episodes table. The LGPL FFmpeg build encodes H.264 with
 * libopenh264; frame skipping is off so every frame given is a frame in the file.
 */
final class FrameEncoder implements AutoCloseable {
    private final Path file;
    private final int width;
    private final int height;
    private final FFmpegFrameRecorder recorder;
    private Yuv420.Converter converter;
    private Yuv420 converted;
    private long framesWritten;

    FrameEncoder(Path file, int width, int height, int fps) {
        Ffmpeg.init();
        this.file = file;
        this.width = width;
        this.height = height;
        recorder = pipeline.video.H264.recorder(file, width, height, fps, ExportSettings.keyframeInterval(fps),
                ExportSettings.bitrate(width, height, fps));
        try {
            recorder.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("cannot start the H.264 encoder: ", e);
        }
    }

    boolean fits(int w, int h) {
        return w == width && h == height;
    }

    long framesWritten() {
        return framesWritten;
    }

    /** Converts on this thread, then encodes; {@link #write(Yuv420)} takes frames converted elsewhere. */
    void write(FrameBuffer frame) {
        if (converter == null) {
            converter = new Yuv420.Converter();
            converted = new Yuv420();
        }
        converter.convert(frame, converted);
        write(converted);
    }

    void write(Yuv420 frame) {
        if (frame.width() != width || frame.height() != height) {
            throw new CurioException("export.frame_size", file.toString(), null, "frame is " + frame.width() + "x"
                    + frame.height() + ", the video is " + width + "x" + height);
        }
        try {
            // The encoder's own pixel format: JavaCV hands the planes to the encoder without scaling them.
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, frame.planes());
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("encoding failed: ", e);
        }
        framesWritten++;
    }

    @Override
    public void close() {
        try {
            recorder.stop();
            recorder.release();
            if (converter != null) converter.close();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("cannot finish the video: ", e);
        }
    }

    private CurioException failed(String what, FFmpegFrameRecorder.Exception e) {
        return pipeline.video.Ffmpeg.writeFailed("export.encode_failed", file, null, what + e.getMessage(), e);
    }
}
