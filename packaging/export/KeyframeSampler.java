package packaging.export;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The per-channel image statistics of one copied video, taken from its own keyframe packets as they pass
 * through FFmpeg's remuxer, or, for a byte-level copy, from the keyframe samples {@link #keyframesToShow} picks,
 * read from the source: each sample frame is the first keyframe at or after a {@link CameraVideos#samples}
 * position (the last keyframe for positions after it), decoded alone by a single-threaded decoder. Decoding
 * in the copy pass saves opening the file again with a frame-threaded decoder whose flush and teardown cost
 * more than the copy itself.
 */
final class KeyframeSampler implements AutoCloseable {
    private final AVCodecContext decoder;
    private final AVFrame frame = av_frame_alloc();
    private final AVPacket lastKey = av_packet_alloc();
    private final PacketRemuxer.Signature signature;
    private List<Integer> targets = List.of();
    private FeatureStats stats = new FeatureStats(3);
    private int nextTarget;
    private long lastKeyIndex = -1;
    private long lastSampledIndex = -1;
    private SwsContext sws;
    private BytePointer bgra;

    /**
     * A decoder for videos with this signature, reused for every episode of a camera that shares it, so an
     * export opens a handful of decoders however many episodes it holds.
     *
     * @return a sampler, or null when FFmpeg has no decoder for this codec (the caller samples another way)
     */
    static KeyframeSampler open(AVCodecParameters par) {
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null || codec.isNull()) return null;
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        if (avcodec_parameters_to_context(ctx, par) < 0) {
            avcodec_free_context(ctx);
            return null;
        }
        ctx.thread_count(1);
        if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
            avcodec_free_context(ctx);
            return null;
        }
        return new KeyframeSampler(ctx, PacketRemuxer.signatureOf(par));
    }

    private KeyframeSampler(AVCodecContext decoder, PacketRemuxer.Signature signature) {
        this.decoder = decoder;
        this.signature = signature;
    }

    boolean decodes(PacketRemuxer.Signature s) {
        return signature.sameAs(s);
    }

    /** Starts the statistics of the next video, of {@code frames} frames. */
    void begin(int frames) {
        targets = CameraVideos.samples(frames);
        stats = new FeatureStats(3);
        nextTarget = 0;
        lastKeyIndex = -1;
        lastSampledIndex = -1;
        av_packet_unref(lastKey);
    }

    /** Sees every keyframe packet (index = its frame number in the input) before the muxer takes it. */
    void keyframe(AVPacket pkt, long index) {
        if (nextTarget >= targets.size()) return;
        if (targets.get(nextTarget) <= index) {
            sample(pkt, index);
            while (nextTarget < targets.size() && targets.get(nextTarget) <= index) nextTarget++;
        }
        av_packet_unref(lastKey);
        lastKeyIndex = av_packet_ref(lastKey, pkt) == 0 ? index : -1;
    }

    /**
     * The keyframe the sampler would decode for one video, from its sync samples alone: those are the only
     * ones a byte-level copy needs to show it (in order, through {@link #keyframe(byte[], long)}) for the same
     * statistics as showing it every keyframe. For each sample position, the first keyframe at or after it; and
     * the last keyframe, which positions after it take.
     */
    static long[] keyframesToShow(int frames, int[] syncSamples) {
        if (syncSamples.length == 0) return new long[0];
        TreeSet<Long> show = new TreeSet<>();
        for (int target : CameraVideos.samples(frames)) {
            int at = Arrays.binarySearch(syncSamples, target);
            if (at < 0) at = -at - 1;
            if (at < syncSamples.length) show.add((long) syncSamples[at]);
        }
        show.add((long) syncSamples[syncSamples.length - 1]);
        return show.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@link #keyframe(AVPacket, long)} for a keyframe sample's bytes as the MP4 stores them. */
    void keyframe(byte[] sample, long index) {
        AVPacket pkt = av_packet_alloc();
        try {
            if (av_new_packet(pkt, sample.length) < 0) throw new OutOfMemoryError("FFmpeg cannot allocate a packet of " + sample.length + " bytes");
            pkt.data().capacity(sample.length).put(sample);
            pkt.flags(pkt.flags() | AV_PKT_FLAG_KEY);
            keyframe(pkt, index);
        } finally {
            av_packet_free(pkt);
        }
    }

    /** Statistics over the video's sampled frames; positions after its last keyframe take that keyframe. */
    FeatureStats finish() {
        if (nextTarget < targets.size() && lastKeyIndex >= 0 && lastKeyIndex != lastSampledIndex) sample(lastKey, lastKeyIndex);
        av_packet_unref(lastKey);
        return stats;
    }

    private void sample(AVPacket pkt, long index) {
        // A keyframe decodes alone; draining then flushing returns it even from decoders that delay output.
        if (avcodec_send_packet(decoder, pkt) < 0) return;
        avcodec_send_packet(decoder, null);
        boolean got = false;
        while (avcodec_receive_frame(decoder, frame) >= 0) {
            if (!got) addPixels();
            got = true;
        }
        avcodec_flush_buffers(decoder);
        if (got) lastSampledIndex = index;
    }

    private void addPixels() {
        int w = frame.width();
        int h = frame.height();
        if (w <= 0 || h <= 0) return;
        sws = sws_getCachedContext(sws, w, h, frame.format(), w, h, AV_PIX_FMT_BGRA, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) return;
        if (bgra == null || bgra.capacity() < (long) w * h * 4) {
            if (bgra != null) bgra.close();
            bgra = new BytePointer((long) w * h * 4);
        }
        try (PointerPointer<?> dst = new PointerPointer<>(1).put(bgra); IntPointer dstStride = new IntPointer(1).put(w * 4)) {
            sws_scale(sws, new PointerPointer<>(frame), frame.linesize(), 0, h, dst, dstStride);
        }
        // Read the sampled pixels where they are: a frame-sized Java copy per sample is what grew the heap.
        ByteBuffer px = bgra.position(0).limit((long) w * h * 4).asByteBuffer();
        double[] rgb = new double[3];
        for (int y = 0; y < h; y += CameraVideos.PIXEL_STEP) {
            for (int x = 0; x < w; x += CameraVideos.PIXEL_STEP) {
                int at = (y * w + x) * 4;
                rgb[0] = (px.get(at + 2) & 0xFF) / 255.0;
                rgb[1] = (px.get(at + 1) & 0xFF) / 255.0;
                rgb[2] = (px.get(at) & 0xFF) / 255.0;
                stats.add(rgb);
            }
        }
    }

    @Override
    public void close() {
        av_packet_free(lastKey);
        av_frame_free(frame);
        avcodec_free_context(decoder);
        if (sws != null) sws_freeContext(sws);
        if (bgra != null) bgra.close();
    }
}
