package pipeline.video;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import pipeline.source.FrameBuffer;

/**
 * A frame in the encoder's own pixel format, planar YUV 4:2:0 with no row padding (Y, then U, then V), so the
 * colour conversion can run on the thread that decodes frames rather than on the one that encodes them: the
 * FFmpeg command line does the same by scaling in a filter thread of its own.
 */
public final class Yuv420 {
    private int width;
    private int height;
    private ByteBuffer planes = ByteBuffer.allocateDirect(0);

    public int width() { return width; }
    public int height() { return height; }

    /** The three planes back to back, position 0, limit at the end of V. */
    public ByteBuffer planes() {
        return planes.clear().limit(bytes(width, height));
    }

    static int chroma(int size) {
        return (size + 1) / 2;
    }

    static int bytes(int w, int h) {
        return w * h + 2 * chroma(w) * chroma(h);
    }

    private void ensure(int w, int h) {
        if (planes.capacity() < bytes(w, h)) planes = ByteBuffer.allocateDirect(bytes(w, h));
        width = w;
        height = h;
    }

    /**
     * Converts packed ARGB frames into {@link Yuv420}s with FFmpeg's scaler, with the same settings JavaCV's recorder
     * would use on a BGRA frame, so moving the conversion changes no pixel. One per thread: it owns a staging buffer.
     */
    public static final class Converter implements AutoCloseable {
        private ByteBuffer staging = ByteBuffer.allocateDirect(0);
        private SwsContext sws;
        private int swsWidth;
        private int swsHeight;

        public Converter() {
            Ffmpeg.init();
        }

        public void convert(FrameBuffer argb, Yuv420 out) {
            int w = argb.width();
            int h = argb.height();
            out.ensure(w, h);
            if (staging.capacity() < w * h * 4) staging = ByteBuffer.allocateDirect(w * h * 4);
            // 0xAARRGGBB ints in little-endian memory are the bytes B, G, R, A.
            IntBuffer ints = staging.clear().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            ints.put(argb.argb(), 0, w * h);
            if (sws == null || swsWidth != w || swsHeight != h) {
                sws = swscale.sws_getCachedContext(sws, w, h, avutil.AV_PIX_FMT_BGRA, w, h, avutil.AV_PIX_FMT_YUV420P,
                        swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
                if (sws == null) throw new IllegalStateException("FFmpeg has no BGRA to YUV 4:2:0 conversion for " + w + "x" + h);
                swsWidth = w;
                swsHeight = h;
            }
            int cw = chroma(w);
            int ch = chroma(h);
            ByteBuffer planes = out.planes.clear();
            try (BytePointer src = new BytePointer(staging);
                 BytePointer y = new BytePointer(planes.slice(0, w * h));
                 BytePointer u = new BytePointer(planes.slice(w * h, cw * ch));
                 BytePointer v = new BytePointer(planes.slice(w * h + cw * ch, cw * ch));
                 PointerPointer<BytePointer> srcPlanes = new PointerPointer<>(src, null, null, null);
                 IntPointer srcStrides = new IntPointer(w * 4, 0, 0, 0);
                 PointerPointer<BytePointer> dstPlanes = new PointerPointer<>(y, u, v, null);
                 IntPointer dstStrides = new IntPointer(w, cw, cw, 0)) {
                swscale.sws_scale(sws, srcPlanes, srcStrides, 0, h, dstPlanes, dstStrides);
            }
        }

        @Override
        public void close() {
            if (sws != null) swscale.sws_freeContext(sws);
            sws = null;
        }
    }
}
