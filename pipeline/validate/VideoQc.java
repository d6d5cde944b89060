package pipeline.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.Sources;
import store.CurioException;
import store.StreamEntry;
import store.StreamKind;
import store.Validations;

/**
 * Sampled-frame quality of every video stream: every k-th frame is decoded exactly and scored with OpenCV
 * (Laplacian variance for sharpness) and plain pixel statistics (clipped highlights and shadows, mean luma
 * for black frames, mean absolute difference to the previous sample for frozen video). Scores are kept per
 * time window so the timeline can show where quality drops.
 */
final class VideoQc implements QcAware {
    private static final int CLIP_HIGH = 250;
    private static final int CLIP_LOW = 5;

    @Override
    public Dimension dimension() {
        return Dimension.QC;
    }

    @Override
    public void run(ValidationContext ctx, Findings out, QcCollector qc) {
        for (StreamEntry s : ctx.episode().streams()) {
            if (s.kind() != StreamKind.VIDEO) continue;
            if (!MediaFiles.readable(ctx, s)) continue;
            try (FrameSource src = Sources.open(ctx.datasetRoot(), ctx.episode(), s)) {
                stream(ctx, s, src, out, qc);
            } catch (CurioException e) {
                // Whether the file is damaged is the integrity and temporal checks' call; QC only says it could not score.
                out.add("qc.unavailable", s.name(), null, null, e.file(), e.field(),
                        "cannot score this camera: " + e.code() + ": " + e.getMessage());
            }
        }
    }

    private record Sample(long tNs, double sharpness, double clippedHigh, double clippedLow, double meanLuma,
                          boolean black, boolean frozen) { }

    private void stream(ValidationContext ctx, StreamEntry s, FrameSource src, Findings out, QcCollector qc) {
        int every = Math.max(1, (int) ctx.profile().threshold("qc_sample_every"));
        double blackLuma = ctx.profile().threshold("qc_black_luma_max");
        double frozenDiff = ctx.profile().threshold("qc_frozen_diff_max");
        FrameBuffer buf = new FrameBuffer();
        byte[] previous = null;
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < src.frameCount(); i += every) {
            ctx.cancel().check();
            src.decode(i, buf);
            byte[] gray = gray(buf);
            double[] stats = stats(gray);
            boolean frozen = previous != null && meanAbsDiff(gray, previous) < frozenDiff;
            samples.add(new Sample(src.timeline().timeNs(i), sharpness(gray, buf.width(), buf.height()), stats[1], stats[2],
                    stats[0], stats[0] <= blackLuma, frozen));
            previous = gray;
        }
        windows(ctx, s, samples, out, qc);
    }

    private void windows(ValidationContext ctx, StreamEntry s, List<Sample> samples, Findings out, QcCollector qc) {
        long window = Math.max(1, Math.round(ctx.profile().threshold("qc_window_s") * 1e9));
        double minSharp = ctx.profile().threshold("qc_sharpness_min");
        double maxClip = ctx.profile().threshold("qc_clipped_max_ratio");
        RangeMerger blurry = new RangeMerger("qc.blurry", s.name(), out);
        RangeMerger over = new RangeMerger("qc.overexposed", s.name(), out);
        RangeMerger under = new RangeMerger("qc.underexposed", s.name(), out);
        RangeMerger black = new RangeMerger("qc.black_frames", s.name(), out);
        RangeMerger frozen = new RangeMerger("qc.frozen_frames", s.name(), out);
        double sharpSum = 0;
        double sharpMin = Double.MAX_VALUE;
        double clipMax = 0;
        double crushMax = 0;
        int blackCount = 0;
        int frozenCount = 0;
        int windows = 0;
        for (int i = 0; i < samples.size(); ) {
            long start = samples.get(i).tNs() - Math.floorMod(samples.get(i).tNs(), window);
            long end = start + window;
            double sharp = 0;
            double clipHigh = 0;
            double clipLow = 0;
            double luma = 0;
            boolean anyBlack = false;
            boolean anyFrozen = false;
            int n = 0;
            for (; i < samples.size() && samples.get(i).tNs() < end; i++, n++) {
                Sample x = samples.get(i);
                sharp += x.sharpness();
                clipHigh = Math.max(clipHigh, x.clippedHigh());
                clipLow = Math.max(clipLow, x.clippedLow());
                luma += x.meanLuma();
                anyBlack |= x.black();
                anyFrozen |= x.frozen();
                sharpMin = Math.min(sharpMin, x.sharpness());
                if (x.black()) blackCount++;
                if (x.frozen()) frozenCount++;
            }
            sharp /= n;
            sharpSum += sharp;
            clipMax = Math.max(clipMax, clipHigh);
            crushMax = Math.max(crushMax, clipLow);
            windows++;
            qc.add(new Validations.QcWindow(s.name(), start, end, sharp, clipHigh, clipLow, luma / n, anyBlack, anyFrozen));
            blurry.offer(sharp < minSharp && !anyBlack, start, end, String.format("sharpness %.1f below %.1f", sharp, minSharp));
            over.offer(clipHigh > maxClip, start, end, String.format("%.0f%% of pixels clipped white", clipHigh * 100));
            under.offer(clipLow > maxClip, start, end, String.format("%.0f%% of pixels crushed black", clipLow * 100));
            black.offer(anyBlack, start, end, "black frames");
            frozen.offer(anyFrozen, start, end, "the picture does not change between sampled frames");
        }
        for (RangeMerger m : List.of(blurry, over, under, black, frozen)) m.flush();
        ObjectNode summary = qc.stream(s.name());
        summary.put("samples", samples.size());
        summary.put("windows", windows);
        summary.put("sharpness_mean", windows == 0 ? 0 : round(sharpSum / windows));
        summary.put("sharpness_min", samples.isEmpty() ? 0 : round(sharpMin));
        summary.put("clipped_high_max", round(clipMax));
        summary.put("clipped_low_max", round(crushMax));
        summary.put("black_samples", blackCount);
        summary.put("frozen_samples", frozenCount);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static byte[] gray(FrameBuffer f) {
        int[] argb = f.argb();
        int n = f.width() * f.height();
        byte[] g = new byte[n];
        for (int i = 0; i < n; i++) g[i] = (byte) pipeline.source.Pixels.luma(argb[i]);
        return g;
    }

    /** mean luma, share of clipped highlights, share of crushed shadows */
    private static double[] stats(byte[] gray) {
        long sum = 0;
        int high = 0;
        int low = 0;
        for (byte b : gray) {
            int v = b & 0xff;
            sum += v;
            if (v >= CLIP_HIGH) high++;
            if (v <= CLIP_LOW) low++;
        }
        return new double[]{(double) sum / gray.length, (double) high / gray.length, (double) low / gray.length};
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        if (a.length != b.length) return Double.MAX_VALUE;
        long sum = 0;
        for (int i = 0; i < a.length; i++) sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        return (double) sum / a.length;
    }

    /** Variance of the Laplacian, the usual focus measure: low when edges are soft. */
    private static double sharpness(byte[] gray, int w, int h) {
        try (BytePointer data = new BytePointer(gray);
             Mat src = new Mat(h, w, opencv_core.CV_8UC1, data);
             Mat lap = new Mat();
             Mat mean = new Mat();
             Mat std = new Mat()) {
            opencv_imgproc.Laplacian(src, lap, opencv_core.CV_64F);
            opencv_core.meanStdDev(lap, mean, std);
            double sd = std.createIndexer() instanceof org.bytedeco.javacpp.indexer.DoubleIndexer di ? di.get(0) : 0;
            return sd * sd;
        }
    }

    /** Consecutive flagged windows become one finding spanning them. */
    private static final class RangeMerger {
        private final String code;
        private final String stream;
        private final Findings out;
        private long start = -1;
        private long end;
        private String message;

        RangeMerger(String code, String stream, Findings out) {
            this.code = code;
            this.stream = stream;
            this.out = out;
        }

        void offer(boolean flagged, long s, long e, String msg) {
            if (flagged && start >= 0 && s <= end) {
                end = e;
                return;
            }
            flush();
            if (flagged) {
                start = s;
                end = e;
                message = msg;
            }
        }

        void flush() {
            if (start >= 0) out.stream(code, stream, start, end, message);
            start = -1;
        }
    }
}
