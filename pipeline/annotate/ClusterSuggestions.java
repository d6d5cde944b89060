package pipeline.annotate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.DBSCANClusterer;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Annotations;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;
import store.FailureBoard;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;
import store.Validations;

/**
 * Suggested failure clusters: each failure mark becomes a point of features and Apache Commons Math clusters the
 * points (k-means++ or DBSCAN). The features of a mark, each block scaled so none drowns the others:
 *
 * <ul>
 *   <li>motion: the joint positions and the commanded action from 2 s before the mark to 2 s after, 16 samples per
 *       joint (first 8 joints of each), relative to the value at the mark, as a share of each joint's range;</li>
 *   <li>QC at the mark: sharpness, clipped highlights and shadows, mean luma, black and frozen, from the cameras' QC
 *       window that holds it, standardised over the marks;</li>
 *   <li>the subtask label(s) at the mark and the mark's failure mode, one-hot.</li>
 * </ul>
 * Suggestions are proposals: nothing is written until the user accepts one.
 */
public final class ClusterSuggestions {
    static final long WINDOW_NS = 2_000_000_000L;
    static final int SAMPLES = 16;
    static final int JOINTS = 8;
    private static final double W_MOTION = 1.0;
    private static final double W_QC = 0.5;
    private static final double W_SUBTASK = 1.0;
    private static final double W_MODE = 1.0;

    /** How to cluster: k-means++ into {@code k} clusters, or DBSCAN with {@code eps} (null: estimated) and {@code minPoints}. */
    public record Method(String name, int k, Double eps, int minPoints, long seed) {
        public static Method kMeans(int k, long seed) {
            if (k < 1) throw new CurioException("cluster.bad_method", null, "k", "k-means needs k of at least 1");
            return new Method("kmeans++", k, null, 0, seed);
        }

        public static Method dbscan(Double eps, int minPoints) {
            if (minPoints < 1) throw new CurioException("cluster.bad_method", null, "min_points", "DBSCAN needs at least 1 point");
            return new Method("dbscan", 0, eps, minPoints, 0);
        }
    }

    /** One proposed cluster: its marks, a name from what they share, and what they share. */
    public record Suggestion(int index, String name, List<Long> markIds, Map<String, Integer> failureModes,
                             Map<String, Integer> subtasks) { }

    /** @param noise marks DBSCAN left in no cluster; {@code unreadable} episodes whose motion could not be read */
    public record Result(Method method, List<Suggestion> suggestions, List<Long> noise, List<String> unreadable) { }

    private ClusterSuggestions() { }

    public static Result suggest(Catalog catalog, List<FailureBoard.Mark> marks, Method method, ProgressSink progress,
                                 Cancellation cancel) {
        if (marks.isEmpty()) return new Result(method, List.of(), List.of(), List.of());
        Map<String, List<FailureBoard.Mark>> byEpisode = new LinkedHashMap<>();
        for (FailureBoard.Mark m : marks) byEpisode.computeIfAbsent(m.episodeId(), k -> new ArrayList<>()).add(m);
        Map<Long, double[]> motion = new HashMap<>();
        Map<Long, double[]> qc = new HashMap<>();
        Map<Long, List<String>> subtasks = new HashMap<>();
        List<String> unreadable = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, List<FailureBoard.Mark>> e : byEpisode.entrySet()) {
            cancel.check();
            EpisodeDetail d = catalog.episodes().find(e.getKey()).orElse(null);
            List<SeriesData> series = d == null ? List.of() : series(d, cancel);
            if (series.isEmpty()) unreadable.add(e.getKey());
            List<Validations.QcWindow> windows = catalog.validations().qcWindows(e.getKey());
            List<Annotations.Range> ranges = catalog.annotations().load(e.getKey()).ofKind(Annotations.SUBTASK);
            for (FailureBoard.Mark m : e.getValue()) {
                long t = (m.startNs() + m.endNs()) / 2;
                motion.put(m.id(), motion(series, t));
                qc.put(m.id(), qcAt(windows, t));
                List<String> labels = new ArrayList<>();
                for (Annotations.Range r : ranges) if (r.startNs() <= t && t <= r.endNs() && r.label() != null) labels.add(r.label());
                subtasks.put(m.id(), labels);
            }
            progress.update(++done, byEpisode.size(), "features of " + e.getKey());
        }
        List<double[]> points = features(marks, motion, qc, subtasks);
        List<DoublePoint> input = new ArrayList<>();
        Map<DoublePoint, Integer> indexOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            DoublePoint p = new DoublePoint(points.get(i));
            input.add(p);
            indexOf.put(p, i);
        }
        List<List<Integer>> groups = new ArrayList<>();
        if (method.name().equals("kmeans++")) {
            int k = Math.min(method.k(), input.size());
            JDKRandomGenerator random = new JDKRandomGenerator();
            random.setSeed(method.seed());
            List<CentroidCluster<DoublePoint>> clusters = new KMeansPlusPlusClusterer<DoublePoint>(k, 200,
                    new EuclideanDistance(), random).cluster(input);
            for (CentroidCluster<DoublePoint> c : clusters) groups.add(members(c, indexOf));
        } else {
            double eps = method.eps() != null ? method.eps() : estimateEps(points, method.minPoints());
            List<Cluster<DoublePoint>> clusters = new DBSCANClusterer<DoublePoint>(eps, method.minPoints()).cluster(input);
            for (Cluster<DoublePoint> c : clusters) groups.add(members(c, indexOf));
        }
        groups.removeIf(List::isEmpty);
        TreeSet<Integer> clustered = new TreeSet<>();
        groups.forEach(clustered::addAll);
        List<Long> noise = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) if (!clustered.contains(i)) noise.add(marks.get(i).id());
        // Largest first, then by first mark, so the same input gives the same order.
        groups.sort(Comparator.comparingInt((List<Integer> g) -> -g.size()).thenComparingInt(g -> g.get(0)));
        List<Suggestion> out = new ArrayList<>();
        for (List<Integer> g : groups) {
            Map<String, Integer> modes = new TreeMap<>();
            Map<String, Integer> labels = new TreeMap<>();
            List<Long> ids = new ArrayList<>();
            for (int i : g) {
                FailureBoard.Mark m = marks.get(i);
                ids.add(m.id());
                modes.merge(m.failureMode() == null ? "unspecified" : m.failureMode(), 1, Integer::sum);
                for (String l : subtasks.get(m.id())) labels.merge(l, 1, Integer::sum);
            }
            out.add(new Suggestion(out.size() + 1, name(modes, labels, out.size() + 1), ids, modes, labels));
        }
        return new Result(method, out, noise, unreadable);
    }

    private static List<Integer> members(Cluster<DoublePoint> c, Map<DoublePoint, Integer> indexOf) {
        List<Integer> m = new ArrayList<>();
        for (DoublePoint p : c.getPoints()) m.add(indexOf.get(p));
        m.sort(Integer::compare);
        return m;
    }

    /** "collision during grasp": the most common mode and subtask of the cluster. */
    static String name(Map<String, Integer> modes, Map<String, Integer> labels, int index) {
        String mode = top(modes);
        String label = top(labels);
        String base = mode == null ? "failures" : mode.replace('_', ' ');
        return "suggested " + index + ": " + base + (label == null ? "" : " during " + label);
    }

    private static String top(Map<String, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
    }

    /** The joint-position series first, then the action; the streams that cannot be read are skipped. */
    private static List<SeriesData> series(EpisodeDetail d, Cancellation cancel) {
        StreamEntry state = null;
        StreamEntry action = null;
        for (StreamEntry s : d.streams()) {
            if (s.kind() != StreamKind.TIMESERIES) continue;
            String n = (s.name() + " " + (s.topic() == null ? "" : s.topic())).toLowerCase(Locale.ROOT);
            boolean command = n.contains("action") || n.contains("command") || n.contains("cmd");
            if (command && action == null) action = s;
            else if (!command && state == null && (n.contains("joint") || n.contains("state") || n.contains("qpos"))) state = s;
        }
        List<SeriesData> out = new ArrayList<>();
        for (StreamEntry s : java.util.Arrays.asList(state, action)) {
            if (s == null) continue;
            try {
                out.add(Sources.openSeries(Path.of(d.datasetRoot()), d, s, cancel));
            } catch (CurioException e) {
                // The mark is still clustered by its QC, subtask and mode.
            }
        }
        return out;
    }

    static double[] motion(List<SeriesData> series, long t) {
        double[] f = new double[2 * JOINTS * SAMPLES];
        for (int s = 0; s < Math.min(2, series.size()); s++) {
            SeriesData d = series.get(s);
            List<SeriesData.SeriesChannel> ch = d.channels().stream().filter(c -> "position".equals(c.field())).toList();
            if (ch.isEmpty()) ch = d.channels();
            for (int j = 0; j < Math.min(JOINTS, ch.size()); j++) {
                double[] v = ch.get(j).values();
                double lo = Arrays.stream(v).min().orElse(0);
                double hi = Arrays.stream(v).max().orElse(0);
                double range = Math.max(1e-6, hi - lo);
                double at = valueAt(d.timesNs(), v, t);
                for (int k = 0; k < SAMPLES; k++) {
                    long tk = t - WINDOW_NS + k * (2 * WINDOW_NS) / (SAMPLES - 1);
                    f[(s * JOINTS + j) * SAMPLES + k] = (valueAt(d.timesNs(), v, tk) - at) / range;
                }
            }
        }
        return f;
    }

    /** Linear interpolation, holding the first and last values outside the series. */
    static double valueAt(long[] times, double[] values, long t) {
        if (times.length == 0) return 0;
        if (t <= times[0]) return values[0];
        if (t >= times[times.length - 1]) return values[values.length - 1];
        int i = Arrays.binarySearch(times, t);
        if (i >= 0) return values[i];
        int hi = -i - 1;
        int lo = hi - 1;
        double u = (double) (t - times[lo]) / (times[hi] - times[lo]);
        return values[lo] + u * (values[hi] - values[lo]);
    }

    /** Sharpness (log), clipped highlights, crushed shadows, luma, black, frozen of the windows holding t, averaged. */
    static double[] qcAt(List<Validations.QcWindow> windows, long t) {
        double[] f = new double[6];
        int n = 0;
        for (Validations.QcWindow w : windows) {
            if (t < w.tStartNs() || t >= w.tEndNs()) continue;
            f[0] += Math.log1p(w.sharpness() == null ? 0 : w.sharpness());
            f[1] += w.clippedHigh() == null ? 0 : w.clippedHigh();
            f[2] += w.clippedLow() == null ? 0 : w.clippedLow();
            f[3] += w.meanLuma() == null ? 0 : w.meanLuma() / 255.0;
            f[4] += w.black() ? 1 : 0;
            f[5] += w.frozen() ? 1 : 0;
            n++;
        }
        if (n > 0) for (int i = 0; i < f.length; i++) f[i] /= n;
        return f;
    }

    private static List<double[]> features(List<FailureBoard.Mark> marks, Map<Long, double[]> motion, Map<Long, double[]> qc,
                                           Map<Long, List<String>> subtasks) {
        List<String> labels = new ArrayList<>(new TreeSet<>(subtasks.values().stream().flatMap(List::stream).toList()));
        List<String> modes = new ArrayList<>(new TreeSet<>(marks.stream()
                .map(m -> m.failureMode() == null ? "unspecified" : m.failureMode()).toList()));
        int q = 6;
        double[] mean = new double[q];
        double[] sd = new double[q];
        for (FailureBoard.Mark m : marks) for (int i = 0; i < q; i++) mean[i] += qc.get(m.id())[i] / marks.size();
        for (FailureBoard.Mark m : marks) for (int i = 0; i < q; i++) sd[i] += Math.pow(qc.get(m.id())[i] - mean[i], 2) / marks.size();
        for (int i = 0; i < q; i++) sd[i] = Math.sqrt(sd[i]);
        List<double[]> out = new ArrayList<>();
        for (FailureBoard.Mark m : marks) {
            double[] mo = motion.get(m.id());
            double norm = Math.sqrt(Arrays.stream(mo).map(x -> x * x).sum());
            int dims = mo.length + q + labels.size() + modes.size();
            double[] f = new double[dims];
            for (int i = 0; i < mo.length; i++) f[i] = norm == 0 ? 0 : W_MOTION * mo[i] / norm;
            double[] qm = qc.get(m.id());
            // Standardised, then scaled to the length of the other blocks' unit vectors.
            for (int i = 0; i < q; i++) f[mo.length + i] = sd[i] == 0 ? 0 : W_QC * (qm[i] - mean[i]) / sd[i] / Math.sqrt(q);
            List<String> at = subtasks.get(m.id());
            for (String l : at) f[mo.length + q + labels.indexOf(l)] = W_SUBTASK / Math.sqrt(at.size());
            f[mo.length + q + labels.size() + modes.indexOf(m.failureMode() == null ? "unspecified" : m.failureMode())] = W_MODE;
            out.add(f);
        }
        return out;
    }

    /**
     * The 90th percentile of each point's distance to its minPoints-th nearest neighbour (the k-distance graph DBSCAN's
     * authors read eps from): nine points in ten are then core or near one, and only the outliers stay noise.
     */
    static double estimateEps(List<double[]> points, int minPoints) {
        if (points.size() < 2) return 1.0;
        EuclideanDistance dist = new EuclideanDistance();
        double[] kth = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            double[] d = new double[points.size() - 1];
            int n = 0;
            for (int j = 0; j < points.size(); j++) if (j != i) d[n++] = dist.compute(points.get(i), points.get(j));
            Arrays.sort(d);
            kth[i] = d[Math.min(d.length - 1, Math.max(0, minPoints - 1))];
        }
        Arrays.sort(kth);
        return Math.max(1e-6, kth[(int) Math.floor(0.9 * (kth.length - 1))]);
    }
}
