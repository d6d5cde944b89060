package packaging.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import pipeline.source.FrameBuffer;
import pipeline.video.Ffmpeg;
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
    private final ByteBuffer pixels;
    private final IntBuffer pixelInts;
    private long framesWritten;

    FrameEncoder(Path file, int width, int height, int fps) {
        Ffmpeg.init();
        this.file = file;
        this.width = width;
        this.height = height;
        this.pixels = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
        this.pixelInts = pixels.asIntBuffer();
        recorder = pipeline.video.H264.recorder(file, width, height, fps, ExportSettings.keyframeInterval(fps),
                ExportSettings.bitrate(width, height, fps));
        try {
            recorder.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new CurioException("export.encode_failed", file.toString(), null, "cannot start the H.264 encoder: " + e.getMessage(), e);
        }
    }

    boolean fits(int w, int h) {
        return w == width && h == height;
    }

    long framesWritten() {
        return framesWritten;
    }

    /** {@code frame} holds packed 0xAARRGGBB ints, which are B,G,R,A bytes in little-endian memory. */
    void write(FrameBuffer frame) {
        pixelInts.clear();
        pixelInts.put(frame.argb(), 0, width * height);
        pixels.clear();
        try {
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 4, width * 4, avutil.AV_PIX_FMT_BGRA, pixels);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new CurioException("export.encode_failed", file.toString(), null, "encoding failed: " + e.getMessage(), e);
        }
        framesWritten++;
    }

    @Override
    public void close() {
        try {
            recorder.stop();
            recorder.release();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new CurioException("export.encode_failed", file.toString(), null, "cannot finish the video: " + e.getMessage(), e);
        }
    }
}
