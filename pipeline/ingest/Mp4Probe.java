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

    private Mp4Probe() { }

    /**
     * Probes the file through {@link FileTable#parseChannel}: libavformat's reads (header, {@code moov}
     * at either end, one packet) go through a channel that hashes the file in the same pass.
     */
    static Info probe(FileTable files, String rel) {
        return files.parseChannel(rel, ch -> probe(ch, rel));
    }

    static Info probe(FileChannel channel, String rel) {
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
            return probe(ctx, rel);
        }
    }

    private static Info probe(AVFormatContext ctx, String rel) {
        int r;
        try {
            r = avformat.avformat_find_stream_info(ctx, (PointerPointer<?>) null);
            if (r < 0) throw corrupt(rel, "cannot read stream info (" + error(r) + ")");
            AVStream video = null;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVStream s = ctx.streams(i);
                if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    video = s;
                    break;
                }
            }
            if (video == null) throw corrupt(rel, "the file has no video stream");
            AVCodecParameters par = video.codecpar();
            if (par.width() <= 0 || par.height() <= 0) throw corrupt(rel, "video stream has no frame size");
            double fps = rate(video.avg_frame_rate());
            if (fps <= 0) fps = rate(video.r_frame_rate());
            double duration = video.duration() != avutil.AV_NOPTS_VALUE
                    ? video.duration() * rate(video.time_base())
                    : ctx.duration() != avutil.AV_NOPTS_VALUE ? ctx.duration() / (double) avutil.AV_TIME_BASE : 0;
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
