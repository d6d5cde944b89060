package pipeline.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import pipeline.video.Ffmpeg;
import store.CurioException;

/**
 * Exact frames of a video file (any container and codec FFmpeg reads) through JavaCV. A seek goes to the
 * preceding keyframe and decodes forward ({@code setVideoFrameNumber}, exact where timestamp seeks are
 * one frame early); the decoder stays positioned after the last frame so stepping or playing forward
 * continues decoding instead of seeking again. A segment ({@code firstFileFrame > 0}) is the episode's
 * part of a concatenated file, as LeRobot v3 stores it.
 */
public final class Mp4FrameSource implements FrameSource {
    /** Forward gaps up to this are decoded through rather than seeking: cheaper than a keyframe seek. */
    static final int FORWARD_DECODE_LIMIT = 30;

    private final String name;
    private final String displayFile;
    private final FFmpegFrameGrabber grabber;
    private final FrameTimeline timeline;
    private final int firstFileFrame;
    private final int width;
    private final int height;
    /** File frame number the next grab returns; -1 when unknown (after an error). */
    private int nextFileFrame;

    private Mp4FrameSource(String name, String displayFile, FFmpegFrameGrabber grabber, FrameTimeline timeline,
                           int firstFileFrame) {
        this.name = name;
        this.displayFile = displayFile;
        this.grabber = grabber;
        this.timeline = timeline;
        this.firstFileFrame = firstFileFrame;
        this.width = grabber.getImageWidth();
        this.height = grabber.getImageHeight();
        this.nextFileFrame = 0;
    }

    /**
     * @param fps        nominal rate, or null/0 to take the container's
     * @param frames     frame count, or null to take the container's (or the segment's length)
     * @param fromS      segment start in the file, null for a whole file
     * @param toS        segment end in the file (exclusive), null for a whole file
     * @param ownStartNs the stream's own time of its first frame
     */
    public static Mp4FrameSource open(Path file, String displayFile, String name, Double fps, Long frames,
                                      Double fromS, Double toS, long ownStartNs, long clockOffsetNs) {
        return open(file, displayFile, name, fps, frames, fromS, toS, ownStartNs, clockOffsetNs, 0);
    }

    /** As {@link #open}, decoding on {@code decoderThreads} threads (0: FFmpeg's choice, one per core and one). */
    public static Mp4FrameSource open(Path file, String displayFile, String name, Double fps, Long frames,
                                      Double fromS, Double toS, long ownStartNs, long clockOffsetNs,
                                      int decoderThreads) {
        if (!Files.isRegularFile(file)) {
            throw new CurioException("source.missing_file", displayFile, name, "video file not found: " + file);
        }
        Ffmpeg.init();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGRA);
        if (decoderThreads > 0) g.setVideoOption("threads", String.valueOf(decoderThreads));
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new CurioException("source.unreadable", displayFile, name, "cannot open video: " + e.getMessage(), e);
        }
        if (g.getImageWidth() <= 0 || g.getLengthInVideoFrames() <= 0 && frames == null) {
            closeQuietly(g);
            throw new CurioException("source.unreadable", displayFile, name, "no video stream in " + displayFile);
        }
        double rate = fps != null && fps > 0 ? fps : g.getFrameRate();
        int first = fromS == null ? 0 : (int) Math.round(fromS * rate);
        Long count = frames != null && frames > 0 ? frames : Long.valueOf(g.getLengthInVideoFrames());
        return new Mp4FrameSource(name, displayFile, g, timeline(rate, count, fromS, toS, ownStartNs, clockOffsetNs), first);
    }

    /**
     * The frame times {@link #open} gives the file, worked out from catalog facts alone; null when they are not
     * enough (no rate, or no frame count for a whole file) and only opening the file can tell.
     */
    static FrameTimeline timelineOf(Double fps, Long frames, Double fromS, Double toS, long ownStartNs, long clockOffsetNs) {
        if (fps == null || !(fps > 0)) return null;
        if ((fromS == null || toS == null) && (frames == null || frames <= 0)) return null;
        return timeline(fps, frames, fromS, toS, ownStartNs, clockOffsetNs);
    }

    private static FrameTimeline timeline(double rate, Long frames, Double fromS, Double toS, long ownStartNs, long clockOffsetNs) {
        int count = fromS != null && toS != null ? (int) Math.round((toS - fromS) * rate) : (int) Math.min(frames, Integer.MAX_VALUE);
        // A segment's own time is its PTS relative to from_s, so it starts at 0 rather than at start_ns.
        long first0 = fromS == null ? ownStartNs : 0L;
        return FrameTimeline.constantRate(count, rate, first0 + clockOffsetNs);
    }

    @Override public String name() { return name; }
    @Override public FrameTimeline timeline() { return timeline; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public void decode(int n, FrameBuffer out) {
        timeline.requireFrame(n, displayFile, name);
        int target = firstFileFrame + n;
        try {
            if (nextFileFrame < 0 || target < nextFileFrame || target - nextFileFrame > FORWARD_DECODE_LIMIT) {
                grabber.setVideoFrameNumber(target);
                nextFileFrame = target;
            }
            while (nextFileFrame < target) {
                if (grabber.grabFrame(false, true, false, false) == null) throw endOfStream(n);
                nextFileFrame++;
            }
            Frame f = grabber.grabFrame(false, true, true, false);
            if (f == null || f.image == null) throw endOfStream(n);
            nextFileFrame++;
            copyBgra(f, out);
            out.setIndex(n);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            nextFileFrame = -1;
            if (e instanceof CurioException ce) throw ce;
            throw new CurioException("source.decode_failed", displayFile, name,
                    "cannot decode frame " + n + ": " + e.getMessage(), e);
        }
    }

    private CurioException endOfStream(int n) {
        return new CurioException("source.decode_failed", displayFile, name,
                "video ends before frame " + n + " (truncated file?)");
    }

    /** BGRA bytes read as little-endian ints are exactly 0xAARRGGBB; rows may be padded. */
    static void copyBgra(Frame f, FrameBuffer out) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int[] dst = out.ensure(w, h);
        ByteBuffer bytes = ((ByteBuffer) f.image[0]).duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int strideInts = f.imageStride / 4 >= w ? f.imageStride / 4 : w;
        bytes.position(0);
        IntBuffer ints = bytes.asIntBuffer();
        if (strideInts == w) {
            ints.get(dst, 0, w * h);
        } else {
            for (int y = 0; y < h; y++) {
                ints.position(y * strideInts);
                ints.get(dst, y * w, w);
            }
        }
        for (int i = 0; i < w * h; i++) dst[i] |= 0xFF000000;
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // Closing after a failed open: the open error is the one worth reporting.
        }
    }
}
