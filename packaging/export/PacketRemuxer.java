package packaging.export;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import pipeline.video.Ffmpeg;
import pipeline.video.VideoStreams;
import store.Cancellation;
import store.CurioException;

/**
 * Appends whole video files to one MP4 by copying their compressed packets (no decode, no encode), each file
 * shifted to start where the previous one ended. Only inputs whose codec parameters equal the first one's can
 * share an output: a decoder initialised from one SPS/PPS must be able to read every packet.
 */
final class PacketRemuxer implements AutoCloseable {
    /** What an input must match to join this output. */
    record Signature(int codecId, int width, int height, byte[] extradata) {
        boolean sameAs(Signature o) {
            return codecId == o.codecId && width == o.width && height == o.height && Arrays.equals(extradata, o.extradata);
        }
    }

    private final Path file;
    private final int fps;
    private AVFormatContext out;
    private AVStream outStream;
    private Signature signature;
    private long framesWritten;
    private long lastDts = Long.MIN_VALUE;

    PacketRemuxer(Path file, int fps) {
        this.file = file;
        this.fps = fps;
    }

    /** A source video opened once for both the signature check and the copy. */
    static final class Input implements AutoCloseable {
        final Path path;
        final AVFormatContext ctx;
        final int videoIndex;

        private Input(Path path, AVFormatContext ctx, int videoIndex) {
            this.path = path;
            this.ctx = ctx;
            this.videoIndex = videoIndex;
        }

        AVCodecParameters codecpar() {
            return ctx.streams(videoIndex).codecpar();
        }

        Signature signature() {
            return signatureOf(codecpar());
        }

        @Override
        public void close() {
            avformat_close_input(ctx);
        }
    }

    static Input open(Path input) {
        AVFormatContext in = openInput(input);
        try {
            return new Input(input, in, videoIndex(in, input));
        } catch (CurioException e) {
            avformat_close_input(in);
            throw e;
        }
    }

    boolean accepts(Signature s) {
        return signature == null || signature.sameAs(s);
    }

    long framesWritten() {
        return framesWritten;
    }

    /**
     * Copies every video packet of {@code input}, showing each keyframe packet to {@code sampler} (may be null)
     * before the muxer takes it; returns the number of packets (frames) copied.
     */
    long append(Input input, KeyframeSampler sampler, Cancellation cancel) {
        AVFormatContext in = input.ctx;
        int vi = input.videoIndex;
        AVPacket pkt = av_packet_alloc();
        try {
            AVStream ist = in.streams(vi);
            if (out == null) start(ist.codecpar());
            AVRational otb = outStream.time_base();
            long startTs = ist.start_time() == AV_NOPTS_VALUE ? 0 : av_rescale_q(ist.start_time(), ist.time_base(), otb);
            long shift = av_rescale_q(framesWritten, av_make_q(1, fps), otb) - startTs;
            long copied = 0;
            while (av_read_frame(in, pkt) >= 0) {
                try {
                    if (pkt.stream_index() != vi) continue;
                    if ((copied & 63) == 0) cancel.check();
                    if (sampler != null && (pkt.flags() & AV_PKT_FLAG_KEY) != 0) sampler.keyframe(pkt, copied);
                    av_packet_rescale_ts(pkt, ist.time_base(), otb);
                    if (pkt.pts() != AV_NOPTS_VALUE) pkt.pts(pkt.pts() + shift);
                    if (pkt.dts() != AV_NOPTS_VALUE) pkt.dts(pkt.dts() + shift);
                    if (pkt.dts() != AV_NOPTS_VALUE && pkt.dts() <= lastDts) {
                        throw new CurioException("export.remux_failed", input.path.toString(), null,
                                "packet timestamps go backwards when appended; the input needs re-encoding");
                    }
                    if (pkt.dts() != AV_NOPTS_VALUE) lastDts = pkt.dts();
                    pkt.stream_index(0);
                    pkt.pos(-1);
                    check(av_interleaved_write_frame(out, pkt), "write a packet");
                    copied++;
                } finally {
                    av_packet_unref(pkt);
                }
            }
            framesWritten += copied;
            return copied;
        } finally {
            av_packet_free(pkt);
        }
    }

    private void start(AVCodecParameters par) {
        Ffmpeg.init();
        out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, "mp4", file.toString()), "create the output");
        outStream = avformat_new_stream(out, null);
        check(avcodec_parameters_copy(outStream.codecpar(), par), "copy codec parameters");
        outStream.codecpar().codec_tag(0);
        outStream.time_base(av_make_q(1, fps * 512));
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open the output");
        out.pb(pb);
        check(avformat_write_header(out, (AVDictionary) null), "write the header");
        signature = signatureOf(par);
    }

    @Override
    public void close() {
        if (out == null) return;
        try {
            check(av_write_trailer(out), "write the trailer");
        } finally {
            AVIOContext pb = out.pb();
            avio_closep(pb);
            avformat_free_context(out);
            out = null;
        }
    }

    static Signature signatureOf(AVCodecParameters p) {
        byte[] extra = new byte[Math.max(0, p.extradata_size())];
        if (extra.length > 0) new BytePointer(p.extradata()).capacity(extra.length).get(extra);
        return new Signature(p.codec_id(), p.width(), p.height(), extra);
    }

    private static AVFormatContext openInput(Path input) {
        Ffmpeg.init();
        AVFormatContext in = new AVFormatContext(null);
        if (avformat_open_input(in, input.toString(), null, null) < 0) {
            throw new CurioException("export.remux_failed", input.toString(), null, "FFmpeg cannot open the video");
        }
        // MP4's sample description already holds what a copy needs; probing would decode frames for nothing.
        if (!complete(in) && avformat_find_stream_info(in, (PointerPointer<?>) null) < 0) {
            avformat_close_input(in);
            throw new CurioException("export.remux_failed", input.toString(), null, "FFmpeg cannot read the stream info");
        }
        return in;
    }

    private static boolean complete(AVFormatContext in) {
        int v = VideoStreams.firstVideo(in);
        return v >= 0 && VideoStreams.hasCodecParameters(in.streams(v).codecpar());
    }

    private static int videoIndex(AVFormatContext in, Path input) {
        int v = VideoStreams.firstVideo(in);
        if (v < 0) throw new CurioException("export.remux_failed", input.toString(), null, "no video stream");
        return v;
    }

    private void check(int rc, String what) {
        if (pipeline.video.Ffmpeg.diskFull(rc)) {
            throw new CurioException(CurioException.DISK_FULL, file.toString(), null, "the disk is full: cannot " + what);
        }
        if (rc < 0) throw new CurioException("export.remux_failed", file.toString(), null, "cannot " + what + " (FFmpeg error " + rc + ")");
    }
}
