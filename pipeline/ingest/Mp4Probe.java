package pipeline.ingest;

import java.nio.channels.FileChannel;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;
import pipeline.video.Ffmpeg;
import pipeline.video.VideoStreams;
import store.CurioException;

/**
 * Container facts of a video file read with libavformat: no decoder is opened, so files in codecs this
 * FFmpeg build cannot decode (AV1 in some LeRobot datasets) still probe, and nothing decodes every frame.
 * One packet is read so a file whose header parses but whose media data is gone is still caught.
 */
final class Mp4Probe {
    static final String CORRUPT = "video.corrupt";

    /** @param frames from the container's sample table, else duration x fps */
    record Info(long frames, double fps, int width, int height, String codec, double durationS) { }

    /**
     * How much of the file libavformat looks at. {@link #HEADER} is what ingest uses; {@link #DECODE} always
     * runs {@code avformat_find_stream_info} and exists so tests can check the header gives the same facts.
     */
    enum Depth { HEADER, DECODE }

    private Mp4Probe() { }

    /**
     * Probes the file through {@link FileTable#parseChannel}: libavformat's reads (header, {@code moov}
     * at either end, one packet) go through a channel that hashes the file in the same pass.
     */
    static Info probe(FileTable files, String rel) {
        return files.parseChannel(rel, ch -> probe(ch, rel));
    }

    static Info probe(FileChannel channel, String rel) {
        return probe(channel, rel, Depth.HEADER);
    }

    static Info probe(FileChannel channel, String rel, Depth depth) {
        Ffmpeg.init();
        try (ChannelAvio io = new ChannelAvio(channel)) {
            AVFormatContext ctx = io.context();
            int r = avformat.avformat_open_input(ctx, rel, null, (AVDictionary) null);
            if (r < 0) {
                if (io.failure() != null) {
                    throw new CurioException("io.read_failed", rel, null, "cannot read: " + io.failure().getMessage(), io.failure());
                }
                throw corrupt(rel, "not a readable video container (" + error(r) + ")");
            }
            return probe(ctx, rel, depth);
        }
    }

    private static Info probe(AVFormatContext ctx, String rel, Depth depth) {
        int r;
        try {
            // avformat_find_stream_info decodes frames (10-13 ms per corpus video, most of an MP4 ingest); an
            // MP4/MOV header already holds everything recorded here, so it runs only when the header did not.
            if (depth == Depth.DECODE || !describedByHeader(ctx)) {
                r = avformat.avformat_find_stream_info(ctx, (PointerPointer<?>) null);
                if (r < 0) throw corrupt(rel, "cannot read stream info (" + error(r) + ")");
            }
            int index = VideoStreams.firstVideo(ctx);
            if (index < 0) throw corrupt(rel, "the file has no video stream");
            AVStream video = ctx.streams(index);
            AVCodecParameters par = video.codecpar();
            if (par.width() <= 0 || par.height() <= 0) throw corrupt(rel, "video stream has no frame size");
            double fps = fps(video);
            double duration = durationS(ctx, video);
            long frames = video.nb_frames() > 0 ? video.nb_frames() : Math.round(duration * fps);
            AVPacket pkt = avcodec.av_packet_alloc();
            try {
                r = avformat.av_read_frame(ctx, pkt);
                if (r < 0) throw corrupt(rel, "no media data could be read (" + error(r) + ")");
            } finally {
                avcodec.av_packet_free(pkt);
            }
            String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
            return new Info(frames, fps, par.width(), par.height(), codec, duration);
        } finally {
            avformat.avformat_close_input(ctx);
        }
    }

    /**
     * Whether the header gave the video's codec parameters and the timing {@link Info} is built from: a sample
     * table (frame count), a frame rate and a duration. A fragmented MP4's {@code moov} has no samples, and
     * other containers may lack codec parameters until frames are decoded; those still get the full probe.
     */
    private static boolean describedByHeader(AVFormatContext ctx) {
        int index = VideoStreams.firstVideo(ctx);
        if (index < 0) return false;
        AVStream video = ctx.streams(index);
        return VideoStreams.hasCodecParameters(video.codecpar()) && video.nb_frames() > 0 && fps(video) > 0
                && durationS(ctx, video) > 0;
    }

    private static double fps(AVStream video) {
        double fps = rate(video.avg_frame_rate());
        return fps > 0 ? fps : rate(video.r_frame_rate());
    }

    private static double durationS(AVFormatContext ctx, AVStream video) {
        return video.duration() != avutil.AV_NOPTS_VALUE ? video.duration() * rate(video.time_base())
                : ctx.duration() != avutil.AV_NOPTS_VALUE ? ctx.duration() / (double) avutil.AV_TIME_BASE : 0;
    }

    private static double rate(AVRational q) {
        return q == null || q.den() == 0 ? 0 : q.num() / (double) q.den();
    }

    private static String error(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        String s = new String(buf, java.nio.charset.StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static CurioException corrupt(String rel, String why) {
        return new CurioException(CORRUPT, rel, null, why);
    }
}
