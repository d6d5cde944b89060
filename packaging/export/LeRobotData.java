package packaging.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pipeline.read.parquet.ColumnSpec;
import pipeline.read.parquet.ColumnType;
import pipeline.read.parquet.Compression;
import pipeline.read.parquet.ParquetRowWriter;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Annotations;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * The data parquet: one row per exported frame, episodes concatenated in order. Time series of any rate are
 * resampled onto the frame clock (see {@link FrameClock}); one episode's series are in memory at a time.
 */
final class LeRobotData {
    static String relativePath(int chunk, int file) {
        return String.format("data/chunk-%03d/file-%03d.parquet", chunk, file);
    }
    private static final String[] SUFFIX = {"position", "velocity", "effort"};

    private LeRobotData() { }

    /**
     * The vector features, from the time-series streams every episode has: a stream named {@code action} (or on
     * a command topic) gives {@code action}; the first other stream gives {@code observation.state} (positions),
     * {@code observation.velocity} and {@code observation.effort}; further streams {@code observation.<stream>.<field>}.
     */
    static List<SeriesFeature> features(List<EpisodeDetail> episodes, Path datasetRoot, Cancellation cancel) {
        EpisodeDetail first = episodes.get(0);
        List<SeriesFeature> out = new ArrayList<>();
        boolean stateTaken = false;
        for (StreamEntry s : first.streams()) {
            if (s.kind() != StreamKind.TIMESERIES || !inAll(episodes, s.name())) continue;
            SeriesData data = Sources.openSeries(Path.of(first.datasetRoot()), first, s, cancel);
            Map<String, List<String>> byField = new LinkedHashMap<>();
            for (SeriesData.SeriesChannel c : data.channels()) byField.computeIfAbsent(c.field(), f -> new ArrayList<>()).add(c.name());
            boolean action = s.name().equalsIgnoreCase("action") || (s.topic() != null && s.topic().contains("command"));
            for (Map.Entry<String, List<String>> f : byField.entrySet()) {
                String key;
                if (action) {
                    key = byField.size() == 1 || f.getKey().equals("position") ? "action" : "action." + f.getKey();
                } else if (!stateTaken) {
                    key = f.getKey().equals("position") ? "observation.state" : "observation." + f.getKey();
                } else {
                    key = "observation." + s.name() + "." + f.getKey();
                }
                out.add(new SeriesFeature(key, s.name(), f.getKey(), f.getValue()));
            }
            if (!action) stateTaken = true;
        }
        out.sort((a, b) -> Integer.compare(rank(a.key()), rank(b.key())));
        return out;
    }

    private static int rank(String key) {
        if (key.equals("observation.state")) return 0;
        if (key.startsWith("observation.")) return 1;
        return key.equals("action") ? 2 : 3;
    }

    private static boolean inAll(List<EpisodeDetail> episodes, String stream) {
        return episodes.stream().allMatch(e -> e.streams().stream().anyMatch(s -> s.name().equals(stream)));
    }

    static List<ColumnSpec> columns(List<SeriesFeature> features) {
        List<ColumnSpec> cols = new ArrayList<>();
        for (SeriesFeature f : features) cols.add(new ColumnSpec(f.key(), ColumnType.FLOAT_LIST));
        cols.add(new ColumnSpec("timestamp", ColumnType.FLOAT));
        cols.add(new ColumnSpec("frame_index", ColumnType.INT64));
        cols.add(new ColumnSpec("episode_index", ColumnType.INT64));
        cols.add(new ColumnSpec("index", ColumnType.INT64));
        cols.add(new ColumnSpec("task_index", ColumnType.INT64));
        cols.add(new ColumnSpec("subtask_index", ColumnType.INT64));
        return cols;
    }

    /**
     * Writes the data files, starting the next file when one reaches {@code maxFileBytes} (between episodes); fills
     * each episode's fromIndex, data file and statistics.
     *
     * @return the files written, relative to the dataset root, in order
     */
    static List<String> write(Path work, List<EpisodeOut> episodes, List<SeriesFeature> features, Map<String, Integer> tasks,
                              Map<String, Integer> subtasks, int fps, long maxFileBytes, ExportProgress progress, Cancellation cancel) {
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
                    w = open(work.resolve(files.get(n)), features);
                }
                ep.dataChunk = (files.size() - 1) / CameraVideo.CHUNKS_SIZE;
                ep.dataFile = (files.size() - 1) % CameraVideo.CHUNKS_SIZE;
                if (!seg.episodeId().equals(loadedEpisode)) {
                    series.clear();
                    for (SeriesFeature f : features) {
                        if (!series.containsKey(f.stream())) series.put(f.stream(), load(seg.episode(), f.stream(), cancel));
                    }
                    loadedEpisode = seg.episodeId();
                }
                ep.fromIndex = index;
                Map<SeriesFeature, double[][]> channels = channelsOf(features, series, seg);
                Map<String, int[]> cursors = new HashMap<>();
                for (SeriesFeature f : features) {
                    ep.stats.put(f.key(), new FeatureStats(f.names().size()));
                }
                ep.stats.put("timestamp", new FeatureStats(1));
                ep.stats.put("frame_index", new FeatureStats(1));
                long taskIndex = tasks.get(seg.task());
                List<Annotations.Range> subs = seg.subtasks();
                Map<String, Object> row = new HashMap<>();
                for (int k = 0; k < ep.length(); k++) {
                    if ((k & 255) == 0) cancel.check();
                    long t = ep.frameTimesNs[k];
                    for (SeriesFeature f : features) {
                        SeriesData d = series.get(f.stream());
                        double[][] ch = channels.get(f);
                        int[] cursor = cursors.computeIfAbsent(f.stream(), s -> new int[1]);
                        double[] v = new double[ch.length];
                        float[] fv = new float[ch.length];
                        for (int j = 0; j < ch.length; j++) {
                            fv[j] = (float) FrameClock.interpolate(d.timesNs(), ch[j], t, cursor);
                            v[j] = fv[j];
                        }
                        ep.stats.get(f.key()).add(v);
                        row.put(f.key(), fv);
                    }
                    float ts = (float) (k / (double) fps);
                    row.put("timestamp", ts);
                    row.put("frame_index", (long) k);
                    row.put("episode_index", (long) seg.index());
                    row.put("index", index);
                    row.put("task_index", taskIndex);
                    row.put("subtask_index", (long) subtaskAt(subs, t, subtasks));
                    ep.stats.get("timestamp").add(new double[]{ts});
                    ep.stats.get("frame_index").add(new double[]{k});
                    w.append(row);
                    index++;
                    progress.add(1);
                    if ((k & 63) == 0) progress.report("data: episode " + (seg.index() + 1));
                }
            }
        } finally {
            if (w != null) w.close();
        }
        return files;
    }

    private static ParquetRowWriter open(Path file, List<SeriesFeature> features) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
        return ParquetRowWriter.create(file, columns(features), Compression.SNAPPY, Map.of(), ParquetRowWriter.STREAMING_ROW_GROUP_BYTES);
    }

    private static int subtaskAt(List<Annotations.Range> subs, long t, Map<String, Integer> vocabulary) {
        for (Annotations.Range r : subs) {
            if (t >= r.startNs() && t < r.endNs() && r.label() != null) return vocabulary.get(r.label());
        }
        return -1;
    }

    private static SeriesData load(EpisodeDetail episode, String stream, Cancellation cancel) {
        StreamEntry s = episode.streams().stream().filter(x -> x.name().equals(stream)).findFirst()
                .orElseThrow(() -> new CurioException("export.missing_stream", null, stream,
                        "episode " + episode.summary().episodeId() + " has no stream " + stream));
        return Sources.openSeries(Path.of(episode.datasetRoot()), episode, s, cancel);
    }

    private static Map<SeriesFeature, double[][]> channelsOf(List<SeriesFeature> features, Map<String, SeriesData> series,
                                                            SegmentPlan seg) {
        Map<SeriesFeature, double[][]> out = new HashMap<>();
        for (SeriesFeature f : features) {
            SeriesData d = series.get(f.stream());
            double[][] ch = new double[f.names().size()][];
            for (int j = 0; j < ch.length; j++) {
                String name = f.names().get(j);
                ch[j] = d.channels().stream().filter(c -> c.field().equals(f.field()) && c.name().equals(name))
                        .findFirst().map(SeriesData.SeriesChannel::values)
                        .orElseThrow(() -> new CurioException("export.inconsistent_streams", null, f.stream(), "episode "
                                + seg.episodeId() + " has no " + f.field() + " for " + name + " in " + f.stream()));
            }
            out.put(f, ch);
        }
        return out;
    }
}
