package packaging.export.hdf5;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import packaging.export.CameraFrames;
import packaging.export.EpisodeOut;
import packaging.export.ExportProgress;
import packaging.export.FeatureMap;
import packaging.export.ImageCodec;
import packaging.export.SeriesSampler;
import pipeline.source.FrameBuffer;
import store.Cancellation;

/**
 * One segment's features as HDF5 dataset values: series sampled at the rows into little-endian arrays (one segment's
 * series are small), cameras appended frame by frame to a dataset chunked one frame per chunk.
 */
final class EpisodeArrays {
    private final FeatureMap map;
    private final SeriesSampler sampler;
    private final Cancellation cancel;
    private final ExportProgress progress;
    private final List<String> derived = new ArrayList<>();

    EpisodeArrays(FeatureMap map, Cancellation cancel, ExportProgress progress) {
        this.map = map;
        this.sampler = new SeriesSampler(map.series(), cancel);
        this.cancel = cancel;
        this.progress = progress;
    }

    void begin(EpisodeOut ep) {
        sampler.begin(ep.segment());
    }

    /** Notes of values the sources did not record and the export computed, once each. */
    List<String> derived() {
        return List.copyOf(derived);
    }

    void derived(String note) {
        if (!derived.contains(note)) derived.add(note);
    }

    /** The dataset type of a series feature; bools as {@code boolType} (h5py's bool, or int64 where the loader expects it). */
    static Hdf5Writer.Type type(FeatureMap.Feature f, Hdf5Writer.Type boolType) {
        return switch (f.dtype()) {
            case "int64" -> Hdf5Writer.Type.INT64;
            case "bool" -> boolType;
            default -> Hdf5Writer.Type.FLOAT32;
        };
    }

    /** Dimensions of a series dataset: (T,) for one value per row, (T, d) otherwise. */
    static long[] dims(EpisodeOut ep, int values) {
        return values == 1 ? new long[] {ep.length()} : new long[] {ep.length(), values};
    }

    /** Feature {@code key} at every row, or null when the map has no such feature. */
    double[][] rows(EpisodeOut ep, String key) {
        int i = sampler.indexOf(key);
        if (i < 0) return null;
        double[][] out = new double[ep.length()][];
        for (int k = 0; k < out.length; k++) {
            if ((k & 1023) == 0) cancel.check();
            out[k] = sampler.sample(i, ep.timeNs(k));
        }
        return out;
    }

    /** Central differences of {@code q} over the rows' times (one-sided at the ends): velocities from positions. */
    static double[][] difference(EpisodeOut ep, double[][] q) {
        double[][] v = new double[q.length][];
        for (int k = 0; k < q.length; k++) {
            int a = Math.max(0, k - 1);
            int b = Math.min(q.length - 1, k + 1);
            double dt = (ep.timeNs(b) - ep.timeNs(a)) / 1e9;
            v[k] = new double[q[k].length];
            for (int j = 0; j < v[k].length; j++) v[k][j] = dt > 0 ? (q[b][j] - q[a][j]) / dt : 0;
        }
        return v;
    }

    static byte[] bytes(double[][] rows, Hdf5Writer.Type type) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer b = Hdf5Writer.buffer(rows.length * width * type.size());
        for (double[] r : rows) {
            for (double v : r) {
                if (type == Hdf5Writer.Type.FLOAT32) b.putFloat((float) v);
                else if (type == Hdf5Writer.Type.FLOAT64) b.putDouble(v);
                else if (type == Hdf5Writer.Type.INT64) b.putLong(Math.round(v));
                else b.put((byte) (v != 0 && !Double.isNaN(v) ? 1 : 0));
            }
        }
        return b.array();
    }

    /** Writes every series feature the layout places, at {@code path} inside {@code root}. */
    void series(EpisodeOut ep, Groups root, Map<String, String> paths, Hdf5Writer.Type boolType) {
        for (FeatureMap.Feature f : map.series()) {
            String path = paths.get(f.key());
            if (path == null) continue;
            double[][] v = rows(ep, f.key());
            Hdf5Writer.Type t = type(f, boolType);
            root.dataset(path, t, dims(ep, f.dims()), bytes(v, t));
        }
        progress.add(ep.length());
    }

    /** Writes camera {@code f} at {@code path}: uint8 (T, H, W, 3), one frame per chunk, redactions burned in. */
    void camera(EpisodeOut ep, FeatureMap.Feature f, Groups root, String path) {
        try (CameraFrames frames = CameraFrames.open(ep, f)) {
            int[] size = frames.size();
            Hdf5Writer.Dataset d = root.chunked(path, Hdf5Writer.Type.UINT8, new long[] {ep.length(), size[1], size[0], 3});
            FrameBuffer frame = new FrameBuffer();
            byte[] rgb = null;
            for (int k = 0; k < ep.length(); k++) {
                if ((k & 15) == 0) cancel.check();
                frames.decode(k, frame);
                rgb = ImageCodec.rgbBytes(frame, rgb);
                d.append(rgb);
                progress.add(1);
                if ((k & 31) == 0) progress.report(f.key() + ": episode " + (ep.segment().index() + 1));
            }
            ep.addRedacted(frames.redactedRows());
        }
    }

    /** Groups made on the way to a dataset path ({@code observations/images/cam_high}), once each. */
    static final class Groups {
        private final Hdf5Writer.Group root;
        private final Map<String, Hdf5Writer.Group> made = new HashMap<>();

        Groups(Hdf5Writer.Group root) {
            this.root = root;
        }

        Hdf5Writer.Group group(String path) {
            if (path.isEmpty()) return root;
            Hdf5Writer.Group g = made.get(path);
            if (g != null) return g;
            int slash = path.lastIndexOf('/');
            Hdf5Writer.Group parent = group(slash < 0 ? "" : path.substring(0, slash));
            g = parent.group(slash < 0 ? path : path.substring(slash + 1));
            made.put(path, g);
            return g;
        }

        Hdf5Writer.Dataset dataset(String path, Hdf5Writer.Type type, long[] dims, byte[] values) {
            int slash = path.lastIndexOf('/');
            return group(slash < 0 ? "" : path.substring(0, slash)).contiguous(path.substring(slash + 1), type, dims, values);
        }

        Hdf5Writer.Dataset chunked(String path, Hdf5Writer.Type type, long[] dims) {
            int slash = path.lastIndexOf('/');
            return group(slash < 0 ? "" : path.substring(0, slash)).chunked(path.substring(slash + 1), type, dims, 1);
        }
    }
}
