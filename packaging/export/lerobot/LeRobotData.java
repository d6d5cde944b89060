package packaging.export.lerobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import packaging.export.CameraFrames;
import packaging.export.CameraVideo;
import packaging.export.CameraVideos;
import packaging.export.DepthPng;
import packaging.export.EpisodeOut;
import packaging.export.ExportProgress;
import packaging.export.FeatureMap;
import packaging.export.FeatureStats;
import packaging.export.SegmentPlan;
import packaging.export.SeriesSampler;
import pipeline.read.parquet.ColumnSpec;
import pipeline.read.parquet.ColumnType;
import pipeline.read.parquet.Compression;
import pipeline.read.parquet.ImageCell;
import pipeline.read.parquet.ParquetRowWriter;
import store.Cancellation;
import store.CurioException;

/**
 * The data parquet: one row per exported frame, episodes concatenated in order. Series of any rate are sampled at
 * each row instant by their feature's {@link FeatureMap.Rule} ({@link SeriesSampler}); depth maps go in as 16-bit PNG
 * image cells.
 */
final class LeRobotData {
    /** The per-frame features LeRobot always has, plus Curio's subtask label index. */
    static final List<String> DEFAULT_FEATURES = List.of("timestamp", "frame_index", "episode_index", "index", "task_index",
            "subtask_index");

    static String relativePath(int chunk, int file) {
        return String.format("data/chunk-%03d/file-%03d.parquet", chunk, file);
    }

    private LeRobotData() { }

    /** LeRobot stores a feature of shape [1] as a plain column and a longer vector as a list. */
    static ColumnType columnType(FeatureMap.Feature f) {
        boolean scalar = f.dims() == 1;
        return switch (f.dtype()) {
            case "int64" -> scalar ? ColumnType.INT64 : ColumnType.INT64_LIST;
            case "bool" -> scalar ? ColumnType.BOOLEAN : ColumnType.INT64_LIST;
            default -> scalar ? ColumnType.FLOAT : ColumnType.FLOAT_LIST;
        };
    }

    static List<ColumnSpec> columns(FeatureMap map) {
        List<ColumnSpec> cols = new ArrayList<>();
        for (FeatureMap.Feature f : map.series()) cols.add(new ColumnSpec(f.key(), columnType(f)));
        for (FeatureMap.Feature f : map.depths()) cols.add(new ColumnSpec(f.key(), ColumnType.IMAGE));
        cols.add(new ColumnSpec("timestamp", ColumnType.FLOAT));
        for (String k : DEFAULT_FEATURES.subList(1, DEFAULT_FEATURES.size())) cols.add(new ColumnSpec(k, ColumnType.INT64));
        return cols;
    }

    /** Which data file each episode's rows are in, by episode position in the export. */
    record Placement(List<String> files, int[] fileNumberOf) {
        int chunkOf(int episode) {
            return fileNumberOf[episode] / CameraVideo.CHUNKS_SIZE;
        }

        int fileOf(int episode) {
            return fileNumberOf[episode] % CameraVideo.CHUNKS_SIZE;
        }
    }

    /**
     * Writes the data files, starting the next file when one reaches {@code maxFileBytes} (between episodes); fills
     * each episode's statistics.
     */
    static Placement write(Path work, List<EpisodeOut> episodes, FeatureMap map, Map<String, Integer> tasks,
                           Map<String, Integer> subtasks, long maxFileBytes, ExportProgress progress, Cancellation cancel) {
        int fps = map.fps();
        SeriesSampler sampler = new SeriesSampler(map.series(), cancel);
        List<String> files = new ArrayList<>();
        int[] fileOf = new int[episodes.size()];
        ParquetRowWriter w = null;
        try {
            for (int i = 0; i < episodes.size(); i++) {
                EpisodeOut ep = episodes.get(i);
                SegmentPlan seg = ep.segment();
                if (w == null || w.dataSize() >= maxFileBytes) {
                    if (w != null) {
                        w.close();
                        w = null;
                    }
                    int n = files.size();
                    files.add(relativePath(n / CameraVideo.CHUNKS_SIZE, n % CameraVideo.CHUNKS_SIZE));
                    w = open(work.resolve(files.get(n)), map);
                }
                fileOf[i] = files.size() - 1;
                sampler.begin(seg);
                for (FeatureMap.Feature f : map.series()) ep.stats().put(f.key(), new FeatureStats(f.dims()));
                List<CameraFrames> depths = new ArrayList<>();
                try {
                    for (FeatureMap.Feature f : map.depths()) {
                        depths.add(CameraFrames.open(ep, f));
                        ep.stats().put(f.key(), new FeatureStats(1));
                    }
                    for (String k : DEFAULT_FEATURES) ep.stats().put(k, new FeatureStats(1));
                    writeRows(w, ep, sampler, map.depths(), depths, tasks, subtasks, fps, progress, cancel);
                } finally {
                    depths.forEach(CameraFrames::close);
                }
            }
        } finally {
            if (w != null) w.close();
        }
        return new Placement(List.copyOf(files), fileOf);
    }

    private static void writeRows(ParquetRowWriter w, EpisodeOut ep, SeriesSampler sampler, List<FeatureMap.Feature> depthFeatures,
                                  List<CameraFrames> depths, Map<String, Integer> tasks, Map<String, Integer> subtasks, int fps,
                                  ExportProgress progress, Cancellation cancel) {
        SegmentPlan seg = ep.segment();
        long taskIndex = tasks.get(seg.task());
        List<Integer> depthSamples = CameraVideos.samples(ep.length());
        List<FeatureMap.Feature> series = sampler.features();
        Map<String, Object> row = new HashMap<>();
        long index = ep.fromIndex();
        for (int k = 0; k < ep.length(); k++) {
            if ((k & 255) == 0) cancel.check();
            long t = ep.timeNs(k);
            for (int i = 0; i < series.size(); i++) {
                FeatureMap.Feature f = series.get(i);
                double[] v = sampler.sample(i, t);
                ep.stats().get(f.key()).add(v);
                row.put(f.key(), cell(f, v));
            }
            for (int d = 0; d < depths.size(); d++) {
                String key = depthFeatures.get(d).key();
                byte[] png = depths.get(d).depthPng(k);
                row.put(key, new ImageCell(png, null));
                if (depthSamples.contains(k)) DepthPng.addStats(png, ep.stats().get(key), key);
            }
            float ts = (float) (k / (double) fps);
            String label = seg.subtaskAt(t);
            long subtask = label == null ? -1 : subtasks.get(label);
            row.put("timestamp", ts);
            row.put("frame_index", (long) k);
            row.put("episode_index", (long) seg.index());
            row.put("index", index);
            row.put("task_index", taskIndex);
            row.put("subtask_index", subtask);
            double[] defaults = {ts, k, seg.index(), index, taskIndex, subtask};
            for (int i = 0; i < defaults.length; i++) ep.stats().get(DEFAULT_FEATURES.get(i)).add(new double[] {defaults[i]});
            w.append(row);
            index++;
            progress.add(1);
            if ((k & 63) == 0) progress.report("data: episode " + (seg.index() + 1));
        }
    }

    /** A row's value in the feature's parquet type: a plain value for shape [1], else a list. */
    private static Object cell(FeatureMap.Feature f, double[] v) {
        switch (f.dtype()) {
            case "int64", "bool" -> {
                if (v.length == 1) {
                    if (f.dtype().equals("bool")) return !Double.isNaN(v[0]) && v[0] != 0;
                    return Math.round(v[0]);
                }
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) l[i] = Math.round(v[i]);
                return l;
            }
            default -> {
                if (v.length == 1) return (float) v[0];
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
                return out;
            }
        }
    }

    private static ParquetRowWriter open(Path file, FeatureMap map) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
        return ParquetRowWriter.create(file, columns(map), Compression.SNAPPY, Map.of(), ParquetRowWriter.STREAMING_ROW_GROUP_BYTES);
    }
}
