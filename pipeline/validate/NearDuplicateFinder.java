package pipeline.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_img_hash.PHash;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Cancellation;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.EpisodeDetail;
import store.NearDuplicates;
import store.StreamEntry;
import store.StreamKind;

/**
 * Finds episodes that are near-duplicates of each other: the same recording copied, re-encoded or trimmed. Each
 * episode gets a signature: OpenCV's perceptual hash (pHash, 64 bits) of frames of its first camera sampled at a fixed
 * step, and its joint trajectory resampled at 5 Hz. Two episodes are compared when the shorter lasts at least half
 * the longer: the frame score is the share of the shorter one's hashes within {@code near_duplicate_hash_bits} of a
 * hash of the other; the trajectory score is 1 - d / {@code near_duplicate_trajectory_tolerance}, d the RMS joint
 * difference (each joint as a share of its range) at the best alignment of the shorter inside the longer. Their
 * similarity is the smaller of the scores the two have in common; at {@code near_duplicate_min_score} or above the
 * pair is a near-duplicate.
 *
 * <p>One finder serves one validation run: it compares each episode with every signature stored before and with
 * those of the run so far, one episode at a time, so two copies validated side by side still find each other.
 */
final class NearDuplicateFinder {
    /** Names the recipe; a stored signature of another version is not compared (its episode gets a new one). */
    static final String VERSION = "phash64/traj5hz/1";
    static final String CODE = "quality.near_duplicate";
    private static final long MIN_FRAME_STEP_NS = 250_000_000L;
    private static final int MAX_FRAMES = 48;
    private static final long TRAJECTORY_STEP_NS = 200_000_000L;
    private static final int MAX_TRAJECTORY_SAMPLES = 3000;
    private static final int MAX_CHANNELS = 32;
    private static final double MIN_OVERLAP = 0.5;

    private final Catalog catalog;
    private final ValidationProfile profile;
    private List<NearDuplicates.Signature> known;
    private final Map<String, NearDuplicates.Signature> full = new HashMap<>();

    NearDuplicateFinder(Catalog catalog, ValidationProfile profile) {
        this.catalog = catalog;
        this.profile = profile;
    }

    boolean enabled() {
        return !profile.isDisabled(CODE);
    }

    /** The episode's signature; a camera or series that cannot be read leaves that half empty. */
    static NearDuplicates.Signature signature(EpisodeDetail e, Cancellation cancel) {
        Path root = Path.of(e.datasetRoot());
        String camera = null;
        long step = 0;
        long[] hashes = new long[0];
        List<StreamEntry> cameras = e.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .sorted(Comparator.comparing(StreamEntry::name)).toList();
        for (StreamEntry s : cameras) {
            try (FrameSource src = Sources.open(root, e, s, 1)) {
                if (src.frameCount() == 0) continue;
                long start = src.timeline().startNs();
                long span = Math.max(0, src.timeline().endNs() - start);
                step = Math.max(MIN_FRAME_STEP_NS, span / MAX_FRAMES);
                hashes = hashes(src, start, span, step, cancel);
                camera = s.name();
                break;
            } catch (CurioException ex) {
                // An unreadable camera is integrity's or QC's finding; the next camera may still be read.
            }
        }
        String stream = null;
        int channels = 0;
        float[] trajectory = null;
        for (StreamEntry s : trajectoryCandidates(e)) {
            try {
                SeriesData d = Sources.openSeries(root, e, s, cancel);
                float[] t = resample(d);
                if (t == null) continue;
                stream = s.name();
                channels = Math.min(MAX_CHANNELS, positionChannels(d).size());
                trajectory = t;
                break;
            } catch (CurioException ex) {
                // As for cameras: a series that cannot be read is another check's finding.
            }
        }
        return new NearDuplicates.Signature(e.summary().episodeId(), VERSION, e.durationNs(), camera, step, hashes, stream,
                TRAJECTORY_STEP_NS, channels, trajectory);
    }

    private static long[] hashes(FrameSource src, long start, long span, long step, Cancellation cancel) {
        List<Long> out = new ArrayList<>();
        FrameBuffer buf = new FrameBuffer();
        PHash hasher = PHash.create();
        try (Mat hash = new Mat()) {
            int last = -1;
            for (long t = start; t < start + span && out.size() < MAX_FRAMES; t += step) {
                cancel.check();
                int frame = src.frameIndexAt(t);
                if (frame < 0 || frame == last) continue;
                last = frame;
                src.decode(frame, buf);
                out.add(phash(hasher, buf, hash));
            }
        } finally {
            hasher.close();
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long phash(PHash hasher, FrameBuffer f, Mat hash) {
        int[] argb = f.argb();
        int n = f.width() * f.height();
        byte[] gray = new byte[n];
        for (int i = 0; i < n; i++) gray[i] = (byte) pipeline.source.Pixels.luma(argb[i]);
        try (BytePointer data = new BytePointer(gray); Mat img = new Mat(f.height(), f.width(), opencv_core.CV_8UC1, data)) {
            hasher.compute(img, hash);
            long h = 0;
            var idx = hash.createIndexer();
            for (int i = 0; i < 8; i++) h = (h << 8) | ((long) ((org.bytedeco.javacpp.indexer.UByteIndexer) idx).get(0, i) & 0xff);
            idx.close();
            return h;
        }
    }

    /** Joint positions first (a JointState topic, a state or qpos stream), then any other series. */
    private static List<StreamEntry> trajectoryCandidates(EpisodeDetail e) {
        return e.streams().stream().filter(s -> s.kind() == StreamKind.TIMESERIES)
                .sorted(Comparator.comparingInt((StreamEntry s) -> {
                    String n = s.name().toLowerCase(Locale.ROOT);
                    String enc = s.encoding() == null ? "" : s.encoding();
                    if (enc.contains("JointState") && !n.contains("command") && !n.contains("cmd")) return 0;
                    if (n.contains("state") || n.contains("qpos") || n.contains("joint")) return 1;
                    return n.contains("action") || n.contains("command") ? 3 : 2;
                }).thenComparing(StreamEntry::name)).toList();
    }

    private static List<SeriesData.SeriesChannel> positionChannels(SeriesData d) {
        List<SeriesData.SeriesChannel> positions = d.channels().stream().filter(c -> "position".equals(c.field())).toList();
        return positions.isEmpty() ? d.channels() : positions;
    }

    /** The series at 5 Hz from its first sample, linearly interpolated, channels interleaved; null when empty. */
    static float[] resample(SeriesData d) {
        List<SeriesData.SeriesChannel> ch = positionChannels(d);
        if (d.size() < 2 || ch.isEmpty()) return null;
        ch = ch.subList(0, Math.min(MAX_CHANNELS, ch.size()));
        long[] t = d.timesNs();
        long t0 = t[0];
        int samples = (int) Math.min(MAX_TRAJECTORY_SAMPLES, (t[t.length - 1] - t0) / TRAJECTORY_STEP_NS + 1);
        float[] out = new float[samples * ch.size()];
        int j = 0;
        for (int k = 0; k < samples; k++) {
            long at = t0 + k * TRAJECTORY_STEP_NS;
            while (j + 1 < t.length && t[j + 1] <= at) j++;
            int next = Math.min(t.length - 1, j + 1);
            double u = t[next] == t[j] ? 0 : (double) (at - t[j]) / (t[next] - t[j]);
            u = Math.max(0, Math.min(1, u));
            for (int c = 0; c < ch.size(); c++) {
                double[] v = ch.get(c).values();
                out[k * ch.size() + c] = (float) (v[j] + u * (v[next] - v[j]));
            }
        }
        return out;
    }

    /**
     * The pairs {@code s} forms with every signature known so far; then {@code s} is known too. One episode at a time,
     * so episodes validated side by side are compared with each other.
     */
    synchronized List<NearDuplicates.Pair> match(NearDuplicates.Signature s) {
        if (known == null) {
            known = new ArrayList<>();
            catalog.nearDuplicates().forEach(VERSION, false, known::add);
        }
        double minScore = profile.threshold("near_duplicate_min_score");
        List<NearDuplicates.Pair> pairs = new ArrayList<>();
        for (NearDuplicates.Signature o : known) {
            if (o.episodeId().equals(s.episodeId())) continue;
            long shorter = Math.min(s.durationNs(), o.durationNs());
            long longer = Math.max(s.durationNs(), o.durationNs());
            if (longer <= 0 || shorter < MIN_OVERLAP * longer) continue;
            Double frames = frameScore(s.frameHashes(), o.frameHashes(), (int) profile.threshold("near_duplicate_hash_bits"));
            if (frames != null && frames < minScore) continue;
            Double traj = null;
            if (s.trajectory() != null && o.trajectoryChannels() == s.trajectoryChannels() && o.trajectoryStream() != null) {
                NearDuplicates.Signature withTrajectory = full.computeIfAbsent(o.episodeId(),
                        id -> catalog.nearDuplicates().signature(id).orElse(o));
                traj = trajectoryScore(s, withTrajectory, profile.threshold("near_duplicate_trajectory_tolerance"));
            }
            if (frames == null && traj == null) continue;
            double score = frames == null ? traj : traj == null ? frames : Math.min(frames, traj);
            if (score >= minScore) {
                String a = s.episodeId().compareTo(o.episodeId()) < 0 ? s.episodeId() : o.episodeId();
                String b = a.equals(s.episodeId()) ? o.episodeId() : s.episodeId();
                pairs.add(new NearDuplicates.Pair(a, b, round(score), frames == null ? null : round(frames),
                        traj == null ? null : round(traj), Clock.nowNs()));
            }
        }
        known.removeIf(k -> k.episodeId().equals(s.episodeId()));
        known.add(s);
        full.put(s.episodeId(), s);
        pairs.sort(Comparator.comparingDouble(NearDuplicates.Pair::score).reversed());
        return pairs;
    }

    /** Share of the smaller set's hashes within {@code bits} of a hash of the other; null when either has none. */
    static Double frameScore(long[] a, long[] b, int bits) {
        if (a.length == 0 || b.length == 0) return null;
        long[] q = a.length <= b.length ? a : b;
        long[] r = q == a ? b : a;
        int hits = 0;
        for (long h : q) {
            for (long x : r) {
                if (Long.bitCount(h ^ x) <= bits) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / q.length;
    }

    /** 1 - d / tolerance at the best alignment of the shorter trajectory inside the longer; null when either is empty. */
    static Double trajectoryScore(NearDuplicates.Signature a, NearDuplicates.Signature b, double tolerance) {
        int ch = a.trajectoryChannels();
        if (ch == 0 || ch != b.trajectoryChannels() || a.trajectory() == null || b.trajectory() == null) return null;
        float[] s = a.trajectorySamples() <= b.trajectorySamples() ? a.trajectory() : b.trajectory();
        float[] l = s == a.trajectory() ? b.trajectory() : a.trajectory();
        int m = s.length / ch;
        int n = l.length / ch;
        if (m == 0) return null;
        double[] range = new double[ch];
        for (int c = 0; c < ch; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                lo = Math.min(lo, l[k * ch + c]);
                hi = Math.max(hi, l[k * ch + c]);
            }
            // A joint that barely moves is judged on a scale of 1e-3 of its units, not on its own (tiny) range.
            range[c] = Math.max(1e-3, hi - lo);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int off = 0; off + m <= n; off++) {
            double sum = 0;
            for (int k = 0; k < m && sum < best * m * ch; k++) {
                for (int c = 0; c < ch; c++) {
                    double d = (s[k * ch + c] - l[(k + off) * ch + c]) / range[c];
                    sum += d * d;
                }
            }
            best = Math.min(best, sum / (m * ch));
        }
        double rms = Math.sqrt(best);
        return Math.max(0, 1 - rms / tolerance);
    }

    /** The finding an episode gets for a pair. */
    static Finding finding(String self, NearDuplicates.Pair p, ValidationProfile profile, String camera) {
        String other = p.other(self);
        return new Finding(Dimension.QUALITY, CODE, profile.severityOf(CODE), camera, null, null, null, other,
                String.format(Locale.ROOT, "near-duplicate of %s (similarity %.3f: frames %s, trajectory %s); keep one of them",
                        other, p.score(), p.frameScore() == null ? "not compared" : String.format(Locale.ROOT, "%.3f", p.frameScore()),
                        p.trajectoryScore() == null ? "not compared" : String.format(Locale.ROOT, "%.3f", p.trajectoryScore())));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
