package pipeline.video;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * What an opened input's header already says about its video, so callers can skip
 * {@code avformat_find_stream_info}: that call decodes frames to fill in what a container left out, and for
 * MP4/MOV (whose sample description carries codec, frame size and decoder configuration) it finds nothing new.
 */
public final class VideoStreams {
    private VideoStreams() { }

    /** Index of the first video stream, or -1. */
    public static int firstVideo(AVFormatContext ctx) {
        for (int i = 0; i < ctx.nb_streams(); i++) {
            if (ctx.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) return i;
        }
        return -1;
    }

    /**
     * Whether a video stream's codec, frame size and decoder configuration (SPS/PPS, av1C, esds) are known:
     * enough to copy its packets or to describe it without decoding.
     */
    public static boolean hasCodecParameters(AVCodecParameters p) {
        return p.codec_id() != 0 && p.width() > 0 && p.height() > 0 && p.extradata_size() > 0;
    }
}
