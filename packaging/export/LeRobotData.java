package packaging.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pipeline.read.parquet.ColumnSpec;
import pipeline.read.parquet.ColumnType;
import pipeline.read.parquet.Compression;
import pipeline.read.parquet.ImageCell;
import pipeline.read.parquet.ParquetRowWriter;
import pipeline.source.EncodedFrames;
import pipeline.source.FrameSource;
import pipeline.source.FrameTimeline;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Annotations;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * The data parquet: one row per exported frame, episodes concatenated in order. Series of any rate are sampled at
 * each row instant by their feature's {@link FeatureMap.Rule}; depth maps go in as 16-bit PNG image cells. One
 * episode's series are in memory at a time, whole (an export never thins them as a plot may).
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

    /** One feature's channels in one episode, ready to sample. */
    private record Channels(FeatureMap.Feature feature, long[][] times, double[][] values, int[][] cursors) { }

    /**
     * Writes the data files, starting the next file when one reaches {@code maxFileBytes} (between episodes); fills
     * each episode's fromIndex, data file and statistics.
     *
     * @return the files written, relative to the dataset root, in order
     */
    static List<String> write(Path work, List<EpisodeOut> episodes, FeatureMap map, Map<String, Integer> tasks,
                              Map<String, Integer> subtasks, long maxFileBytes, ExportProgress progress, Cancellation cancel) {
        int fps = map.fps();
        long index = 0;
        String loadedEpisode = null;
        Map<String, SeriesData> series = new HashMap<>();
        List<String> files = new ArrayList<>();
        ParquetRowWriter w = null;
        try {
            for (EpisodeOut ep : episodes) {
                SegmentPlan seg = ep.segment;
                if (w == null || w.dataSize() >= maxFileBytes) {
                    if (w != null) {
                        w.close();
                        w = null;
                    }
                    int n = files.size();
                    files.add(relativePath(n / CameraVideo.CHUNKS_SIZE, n % CameraVideo.CHUNKS_SIZE));
                    w = open(work.resolve(files.get(n)), map);
                }
                ep.dataChunk = (files.size() - 1) / CameraVideo.CHUNKS_SIZE;
                ep.dataFile = (files.size() - 1) % CameraVideo.CHUNKS_SIZE;
                if (!seg.episodeId().equals(loadedEpisode)) {
                    series.clear();
                    for (FeatureMap.Feature f : map.series()) {
                        for (FeatureMap.Piece p : f.pieces().get(seg.episodeId())) {
                            if (!series.containsKey(p.stream())) series.put(p.stream(), load(seg.episode(), p.stream(), cancel));
                        }
                    }
                    loadedEpisode = seg.episodeId();
                }
                ep.fromIndex = index;
                List<Channels> channels = new ArrayList<>();
                for (FeatureMap.Feature f : map.series()) {
                    channels.add(channelsOf(f, series, seg));
                    ep.stats.put(f.key(), new FeatureStats(f.dims()));
                }
                List<DepthFrames> depths = new ArrayList<>();
                for (FeatureMap.Feature f : map.depths()) {
                    depths.add(DepthFrames.open(seg, f));
                    ep.stats.put(f.key(), new FeatureStats(1));
                }
                for (String k : DEFAULT_FEATURES) ep.stats.put(k, new FeatureStats(1));
                try {
                    index = writeRows(w, ep, channels, depths, tasks, subtasks, fps, index, progress, cancel);
                } finally {
                    depths.forEach(DepthFrames::close);
                }
            }
        } finally {
            if (w != null) w.close();
        }
        return files;
    }

    private static long writeRows(ParquetRowWriter w, EpisodeOut ep, List<Channels> channels, List<DepthFrames> depths,
                                  Map<String, Integer> tasks, Map<String, Integer> subtasks, int fps, long index,
                                  ExportProgress progress, Cancellation cancel) {
        SegmentPlan seg = ep.segment;
        long taskIndex = tasks.get(seg.task());
        List<Annotations.Range> subs = seg.subtasks();
        List<Integer> depthSamples = LeRobotVideos.samples(ep.length());
        Map<String, Object> row = new HashMap<>();
        for (int k = 0; k < ep.length(); k++) {
            if ((k & 255) == 0) cancel.check();
            long t = ep.frameTimesNs[k];
            for (Channels c : channels) {
                FeatureMap.Feature f = c.feature();
                double[] v = new double[c.values().length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = f.rule() == FeatureMap.Rule.LINEAR
                            ? FrameClock.interpolate(c.times()[j], c.values()[j], t, cursor(c, j))
                            : FrameClock.hold(c.times()[j], c.values()[j], t, cursor(c, j));
                }
                ep.stats.get(f.key()).add(v);
                row.put(f.key(), cell(f, v));
            }
            for (DepthFrames d : depths) {
                byte[] png = d.at(t);
                row.put(d.feature().key(), new ImageCell(png, null));
                if (depthSamples.contains(k)) d.addStats(png, ep.stats.get(d.feature().key()));
            }
            float ts = (float) (k / (double) fps);
            long subtask = subtaskAt(subs, t, subtasks);
            row.put("timestamp", ts);
            row.put("frame_index", (long) k);
            row.put("episode_index", (long) seg.index());
            row.put("index", index);
            row.put("task_index", taskIndex);
            row.put("subtask_index", subtask);
            double[] defaults = {ts, k, seg.index(), index, taskIndex, subtask};
            for (int i = 0; i < defaults.length; i++) ep.stats.get(DEFAULT_FEATURES.get(i)).add(new double[] {defaults[i]});
            w.append(row);
            index++;
            progress.add(1);
            if ((k & 63) == 0) progress.report("data: episode " + (seg.index() + 1));
        }
        return index;
    }

    private static int[] cursor(Channels c, int j) {
        return c.cursors()[j];
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

    private static long subtaskAt(List<Annotations.Range> subs, long t, Map<String, Integer> vocabulary) {
        for (Annotations.Range r : subs) {
            if (t >= r.startNs() && t < r.endNs() && r.label() != null) return vocabulary.get(r.label());
        }
        return -1;
    }

    private static SeriesData load(EpisodeDetail episode, String stream, Cancellation cancel) {
        StreamEntry s = LeRobotExport.stream(episode, stream);
        return Sources.openSeriesWhole(Path.of(episode.datasetRoot()), episode, s, cancel);
    }

    private static Channels channelsOf(FeatureMap.Feature f, Map<String, SeriesData> series, SegmentPlan seg) {
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (FeatureMap.Piece p : f.pieces().get(seg.episodeId())) {
            SeriesData d = series.get(p.stream());
            for (String name : p.channels()) {
                double[] v = d.channels().stream()
                        .filter(c -> (p.field() == null || c.field().equals(p.field())) && shortName(c.name()).equals(name))
                        .findFirst().map(SeriesData.SeriesChannel::values)
                        .orElseThrow(() -> new CurioException("export.features_differ", null, p.stream(), "episode "
                                + seg.episodeId() + " has no " + (p.field() == null ? "" : p.field() + " ") + "channel " + name
                                + " in stream " + p.stream() + ", which " + f.key() + " of the other episodes has"));
                times.add(d.timesNs());
                values.add(v);
            }
        }
        if (values.size() != f.dims()) {
            throw new CurioException("export.features_differ", null, f.key(), "episode " + seg.episodeId() + " gives " + f.key()
                    + " " + values.size() + " values, the other episodes " + f.dims());
        }
        return new Channels(f, times.toArray(long[][]::new), values.toArray(double[][]::new), new int[values.size()][1]);
    }

    private static String shortName(String channel) {
        int i = channel.lastIndexOf('/');
        return i >= 0 ? channel.substring(i + 1) : channel;
    }

    /** A depth camera of one segment: its stored 16-bit PNG nearest each row instant. */
    private static final class DepthFrames implements AutoCloseable {
        private final FeatureMap.Feature feature;
        private final FrameSource source;
        private final EncodedFrames encoded;
        private final FrameTimeline timeline;
        private int cachedFrame = -1;
        private byte[] cached;

        private DepthFrames(FeatureMap.Feature feature, FrameSource source) {
            this.feature = feature;
            this.source = source;
            this.encoded = (EncodedFrames) source;
            this.timeline = source.timeline();
        }

        static DepthFrames open(SegmentPlan seg, FeatureMap.Feature f) {
            EpisodeDetail e = seg.episode();
            StreamEntry s = LeRobotExport.stream(e, f.stream(seg.episodeId()));
            FrameSource src = Sources.open(Path.of(e.datasetRoot()), e, s);
            if (!(src instanceof EncodedFrames)) {
                src.close();
                throw new CurioException("export.depth_unsupported", s.fileRelPath(), s.name(), "depth stream " + s.name()
                        + " is not stored as images Curio can keep losslessly");
            }
            return new DepthFrames(f, src);
        }

        FeatureMap.Feature feature() {
            return feature;
        }

        byte[] at(long tNs) {
            int frame = FrameClock.nearest(timeline, tNs);
            if (frame != cachedFrame) {
                cached = DepthPng.sixteenBit(encoded.encoded(frame), source.name());
                cachedFrame = frame;
            }
            return cached;
        }

        void addStats(byte[] png, FeatureStats stats) {
            DepthPng.addStats(png, stats, source.name());
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
