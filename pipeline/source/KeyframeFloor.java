package pipeline.source;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import pipeline.video.Ffmpeg;
import store.CurioException;

/**
 * What an exact seek cannot avoid, measured with FFmpeg's own API and nothing around it: the decoder is put on the
 * keyframe at or before the target by {@code av_seek_frame} and a flush (untimed, as positioning is an index lookup),
 * then timed while it decodes every frame from that keyframe through the target and converts the target to BGRA,
 * as a seek that shows the frame must. The decoder is the one FFmpeg picks for the codec, with its default threads.
 */
final class KeyframeFloor implements AutoCloseable {
    /** Presentation timestamps of the video's frames in display order, and for each the index of its keyframe. */
    record Frames(long[] pts, int[] keyframeBefore) {
        int count() {
            return pts.length;
        }
    }

    /** libavutil/frame.h's flag for a keyframe, which the Java mapping leaves out. */
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;

    private final String file;
    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final int stream;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private final AVFrame frame = avutil.av_frame_alloc();
    private SwsContext sws;
    private ByteBuffer bgra = ByteBuffer.allocateDirect(0);

    KeyframeFloor(Path path) {
        Ffmpeg.init();
        file = path.toString();
        format = new AVFormatContext(null);
        if (avformat.avformat_open_input(format, file, null, (AVDictionary) null) < 0) {
            throw new CurioException("source.unreadable", file, null, "FFmpeg cannot open the file");
        }
        if (avformat.avformat_find_stream_info(format, (PointerPointer<?>) null) < 0) {
            avformat.avformat_close_input(format);
            throw new CurioException("source.unreadable", file, null, "FFmpeg cannot read the stream info");
        }
        stream = avformat.av_find_best_stream(format, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        AVCodec decoder = stream < 0 ? null : avcodec.avcodec_find_decoder(format.streams(stream).codecpar().codec_id());
        if (decoder == null) {
            avformat.avformat_close_input(format);
            throw new CurioException("source.unreadable", file, null, "no video stream FFmpeg can decode");
        }
        codec = avcodec.avcodec_alloc_context3(decoder);
        avcodec.avcodec_parameters_to_context(codec, format.streams(stream).codecpar());
        codec.thread_count(0);
        if (avcodec.avcodec_open2(codec, decoder, (AVDictionary) null) < 0) {
            close();
            throw new CurioException("source.unreadable", file, null, "FFmpeg cannot open the " + decoder.name().getString() + " decoder");
        }
    }

    /** Decodes the whole video once: every frame's timestamp and keyframe, in display order. */
    Frames scan() {
        List<long[]> decoded = new ArrayList<>();
        decodeUntil(Long.MAX_VALUE, f -> decoded.add(new long[] {f.best_effort_timestamp(), (f.flags() & AV_FRAME_FLAG_KEY) != 0 ? 1 : 0}));
        decoded.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] pts = new long[decoded.size()];
        int[] key = new int[decoded.size()];
        int last = 0;
        for (int i = 0; i < pts.length; i++) {
            pts[i] = decoded.get(i)[0];
            if (decoded.get(i)[1] == 1) last = i;
            key[i] = last;
        }
        return new Frames(pts, key);
    }

    /**
     * Milliseconds to decode from the keyframe before frame {@code target} through it and convert it; the converted
     * picture is then in {@link #bgra()}.
     */
    double millis(Frames frames, int target) {
        avformat.av_seek_frame(format, stream, frames.pts()[frames.keyframeBefore()[target]], avformat.AVSEEK_FLAG_BACKWARD);
        avcodec.avcodec_flush_buffers(codec);
        long goal = frames.pts()[target];
        boolean[] converted = {false};
        long t0 = System.nanoTime();
        decodeUntil(goal, f -> {
            if (f.best_effort_timestamp() == goal) {
                convert(f);
                converted[0] = true;
            }
        });
        double ms = (System.nanoTime() - t0) / 1e6;
        if (!converted[0]) throw new CurioException("bench.decode_failed", file, null, "the decoder never produced frame " + target);
        return ms;
    }

    ByteBuffer bgra() {
        return bgra.duplicate().clear();
    }

    int width() {
        return codec.width();
    }

    int height() {
        return codec.height();
    }

    /** Feeds packets to the decoder until a frame at or after {@code goal} comes out, or the video ends. */
    private void decodeUntil(long goal, java.util.function.Consumer<AVFrame> each) {
        boolean draining = false;
        while (true) {
            int r = avcodec.avcodec_receive_frame(codec, frame);
            if (r == 0) {
                long pts = frame.best_effort_timestamp();
                each.accept(frame);
                avutil.av_frame_unref(frame);
                if (pts >= goal) return;
                continue;
            }
            if (r == avutil.AVERROR_EOF()) return;
            if (draining) return;
            if (avformat.av_read_frame(format, packet) < 0) {
                avcodec.avcodec_send_packet(codec, null);
                draining = true;
                continue;
            }
            if (packet.stream_index() == stream) avcodec.avcodec_send_packet(codec, packet);
            avcodec.av_packet_unref(packet);
        }
    }

    private void convert(AVFrame f) {
        int w = f.width();
        int h = f.height();
        if (bgra.capacity() < w * h * 4) bgra = ByteBuffer.allocateDirect(w * h * 4);
        sws = swscale.sws_getCachedContext(sws, w, h, f.format(), w, h, avutil.AV_PIX_FMT_BGRA, swscale.SWS_BILINEAR, null, null,
                (DoublePointer) null);
        try (BytePointer out = new BytePointer(bgra.clear());
             PointerPointer<BytePointer> dst = new PointerPointer<>(out, null, null, null);
             IntPointer dstStride = new IntPointer(w * 4, 0, 0, 0)) {
            swscale.sws_scale(sws, f.data(), f.linesize(), 0, h, dst, dstStride);
        }
    }

    @Override
    public void close() {
        if (sws != null) swscale.sws_freeContext(sws);
        sws = null;
        avcodec.avcodec_free_context(codec);
        avformat.avformat_close_input(format);
        avcodec.av_packet_free(packet);
        avutil.av_frame_free(frame);
    }
}
