package packaging.export.lerobot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import packaging.export.CameraVideo;
import packaging.export.EpisodeOut;
import packaging.export.FeatureMap;
import packaging.export.FeatureStats;
import packaging.export.FileSizeLimits;
import packaging.export.VideoFormat;
import pipeline.read.parquet.ColumnSpec;
import pipeline.read.parquet.ColumnType;
import pipeline.read.parquet.Compression;
import pipeline.read.parquet.ParquetRowWriter;
import store.CurioException;

/** The {@code meta/} files of a LeRobot v3.0 dataset (formats.md section 1). */
final class LeRobotMeta {
    static final String INFO = "meta/info.json";
    static final String STATS = "meta/stats.json";
    static final String TASKS = "meta/tasks.parquet";
    static final String SUBTASKS = "meta/subtasks.parquet";
    static String episodesPath(int fileNumber) {
        return String.format("meta/episodes/chunk-%03d/file-%03d.parquet", fileNumber / CameraVideo.CHUNKS_SIZE,
                fileNumber % CameraVideo.CHUNKS_SIZE);
    }
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LeRobotMeta() { }

    static void writeInfo(Path work, FeatureMap map, String robotType, Map<String, VideoFormat> formats, int episodes, int train, long frames,
                          int tasks, FileSizeLimits limits) {
        int fps = map.fps();
        ObjectNode info = JSON.createObjectNode();
        info.put("codebase_version", "v3.0");
        info.put("robot_type", robotType);
        info.put("total_episodes", episodes);
        info.put("total_frames", frames);
        info.put("total_tasks", tasks);
        info.put("chunks_size", CameraVideo.CHUNKS_SIZE);
        info.putPOJO("data_files_size_in_mb", FileSizeLimits.inMb(limits.dataFileBytes()));
        info.putPOJO("video_files_size_in_mb", FileSizeLimits.inMb(limits.videoFileBytes()));
        info.put("fps", fps);
        ObjectNode splits = info.putObject("splits");
        if (train > 0) splits.put("train", "0:" + train);
        if (train < episodes) splits.put("validation", train + ":" + episodes);
        info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
        if (map.cameras().isEmpty()) info.putNull("video_path");
        else info.put("video_path", "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
        ObjectNode f = info.putObject("features");
        for (FeatureMap.Feature s : map.series()) {
            ObjectNode n = f.putObject(s.key()).put("dtype", s.dtype());
            n.putArray("shape").add(s.dims());
            s.names().forEach(n.putArray("names")::add);
            n.put("fps", fps);
        }
        for (FeatureMap.Feature c : map.cameras()) {
            ObjectNode n = f.putObject(c.key()).put("dtype", "video");
            n.putArray("shape").add(c.height()).add(c.width()).add(3);
            n.putArray("names").add("height").add("width").add("channels");
            VideoFormat vf = formats.getOrDefault(c.key(), VideoFormat.ENCODED);
            ObjectNode vi = n.putObject("info");
            vi.put("video.height", c.height()).put("video.width", c.width()).put("video.codec", vf.codec())
                    .put("video.pix_fmt", vf.pixFmt()).put("video.is_depth_map", false).put("video.fps", fps)
                    .put("video.channels", 3).put("has_audio", false);
        }
        for (FeatureMap.Feature d : map.depths()) {
            ObjectNode n = f.putObject(d.key()).put("dtype", "image");
            n.putArray("shape").add(d.height()).add(d.width()).add(1);
            n.putArray("names").add("height").add("width").add("channels");
            n.putObject("info").put("is_depth_map", true).put("encoding", "png16").put("units", "as recorded (millimetres for 16-bit depth)");
            n.put("fps", fps);
        }
        scalar(f, "timestamp", "float32", fps);
        for (String k : LeRobotData.DEFAULT_FEATURES.subList(1, LeRobotData.DEFAULT_FEATURES.size())) scalar(f, k, "int64", fps);
        writeJson(work.resolve(INFO), info);
    }

    private static void scalar(ObjectNode features, String key, String dtype, int fps) {
        ObjectNode n = features.putObject(key).put("dtype", dtype);
        n.putArray("shape").add(1);
        n.putNull("names");
        n.put("fps", fps);
    }

    static void writeStats(Path work, List<EpisodeOut> episodes, FeatureMap map) {
        java.util.Set<String> images = new java.util.HashSet<>();
        map.cameras().forEach(c -> images.add(c.key()));
        map.depths().forEach(c -> images.add(c.key()));
        Map<String, FeatureStats> total = new LinkedHashMap<>();
        for (EpisodeOut ep : episodes) {
            for (Map.Entry<String, FeatureStats> e : ep.stats().entrySet()) {
                total.computeIfAbsent(e.getKey(), k -> new FeatureStats(e.getValue().dims())).merge(e.getValue());
            }
        }
        ObjectNode stats = JSON.createObjectNode();
        total.forEach((k, v) -> {
            if (v.count() > 0) stats.set(k, v.toJson(images.contains(k)));
        });
        writeJson(work.resolve(STATS), stats);
    }

    /**
     * Tasks keyed by the task string, as pandas writes a DataFrame indexed by task: the pandas metadata names
     * {@code task} as the index column, so LeRobot's {@code tasks.iloc[i].name} is the task text.
     */
    static void writeLabels(Path work, String rel, String indexColumn, String labelColumn, Map<String, Integer> labels) {
        Path file = prepare(work.resolve(rel));
        String pandas = "{\"index_columns\": [\"" + labelColumn + "\"], \"column_indexes\": [{\"name\": null, \"field_name\": null, "
                + "\"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": {\"encoding\": \"UTF-8\"}}], "
                + "\"columns\": [{\"name\": \"" + indexColumn + "\", \"field_name\": \"" + indexColumn + "\", \"pandas_type\": \"int64\", "
                + "\"numpy_type\": \"int64\", \"metadata\": null}, {\"name\": \"" + labelColumn + "\", \"field_name\": \""
                + labelColumn + "\", \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": null}], "
                + "\"creator\": {\"library\": \"curio\", \"version\": \"1\"}, \"pandas_version\": \"2.2.3\"}";
        try (ParquetRowWriter w = ParquetRowWriter.create(file, List.of(new ColumnSpec(indexColumn, ColumnType.INT64),
                new ColumnSpec(labelColumn, ColumnType.STRING)), Compression.SNAPPY, Map.of("pandas", pandas))) {
            labels.forEach((label, index) -> w.append(Map.of(indexColumn, (long) index, labelColumn, label)));
        }
    }

    /**
     * The episodes table, rolling to the next file once one reaches {@code maxFileBytes} (the data files' cap), so a
     * dataset of millions of episodes does not put them all in one file; each row names the file it is in.
     *
     * @return the files written, relative to the dataset root, in order
     */
    static List<String> writeEpisodes(Path work, List<EpisodeOut> episodes, LeRobotData.Placement data, List<String> videoKeys,
                                      List<String> statKeys, long maxFileBytes) {
        List<ColumnSpec> cols = new ArrayList<>();
        cols.add(new ColumnSpec("episode_index", ColumnType.INT64));
        cols.add(new ColumnSpec("tasks", ColumnType.STRING_LIST));
        cols.add(new ColumnSpec("length", ColumnType.INT64));
        cols.add(new ColumnSpec("data/chunk_index", ColumnType.INT64));
        cols.add(new ColumnSpec("data/file_index", ColumnType.INT64));
        cols.add(new ColumnSpec("dataset_from_index", ColumnType.INT64));
        cols.add(new ColumnSpec("dataset_to_index", ColumnType.INT64));
        for (String v : videoKeys) {
            cols.add(new ColumnSpec("videos/" + v + "/chunk_index", ColumnType.INT64));
            cols.add(new ColumnSpec("videos/" + v + "/file_index", ColumnType.INT64));
            cols.add(new ColumnSpec("videos/" + v + "/from_timestamp", ColumnType.DOUBLE));
            cols.add(new ColumnSpec("videos/" + v + "/to_timestamp", ColumnType.DOUBLE));
        }
        cols.add(new ColumnSpec("meta/episodes/chunk_index", ColumnType.INT64));
        cols.add(new ColumnSpec("meta/episodes/file_index", ColumnType.INT64));
        for (String k : statKeys) {
            for (String s : List.of("min", "max", "mean", "std")) cols.add(new ColumnSpec("stats/" + k + "/" + s, ColumnType.DOUBLE_LIST));
            cols.add(new ColumnSpec("stats/" + k + "/count", ColumnType.INT64_LIST));
        }
        cols.add(new ColumnSpec("curio/episode_id", ColumnType.STRING));
        cols.add(new ColumnSpec("curio/segment_start_ns", ColumnType.INT64));
        cols.add(new ColumnSpec("curio/segment_end_ns", ColumnType.INT64));
        List<String> files = new ArrayList<>();
        ParquetRowWriter w = null;
        try {
            for (int i = 0; i < episodes.size(); i++) {
                EpisodeOut ep = episodes.get(i);
                if (w == null || w.dataSize() >= maxFileBytes) {
                    if (w != null) w.close();
                    w = null;
                    files.add(episodesPath(files.size()));
                    w = ParquetRowWriter.create(prepare(work.resolve(files.get(files.size() - 1))), cols, Compression.SNAPPY, Map.of());
                }
                int fileNumber = files.size() - 1;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("episode_index", (long) ep.segment().index());
                row.put("tasks", List.of(ep.segment().task()));
                row.put("length", (long) ep.length());
                row.put("data/chunk_index", (long) data.chunkOf(i));
                row.put("data/file_index", (long) data.fileOf(i));
                row.put("dataset_from_index", ep.fromIndex());
                row.put("dataset_to_index", ep.fromIndex() + ep.length());
                for (String v : videoKeys) {
                    CameraVideo.Span s = ep.videos().get(v);
                    row.put("videos/" + v + "/chunk_index", (long) s.chunkIndex());
                    row.put("videos/" + v + "/file_index", (long) s.fileIndex());
                    row.put("videos/" + v + "/from_timestamp", s.fromS());
                    row.put("videos/" + v + "/to_timestamp", s.toS());
                }
                row.put("meta/episodes/chunk_index", (long) (fileNumber / CameraVideo.CHUNKS_SIZE));
                row.put("meta/episodes/file_index", (long) (fileNumber % CameraVideo.CHUNKS_SIZE));
                for (String k : statKeys) {
                    FeatureStats st = ep.stats().get(k);
                    if (st == null || st.count() == 0) continue;
                    row.put("stats/" + k + "/min", st.min());
                    row.put("stats/" + k + "/max", st.max());
                    row.put("stats/" + k + "/mean", st.mean());
                    row.put("stats/" + k + "/std", st.std());
                    row.put("stats/" + k + "/count", new long[]{st.count()});
                }
                row.put("curio/episode_id", ep.segment().episodeId());
                row.put("curio/segment_start_ns", ep.segment().startNs());
                row.put("curio/segment_end_ns", ep.segment().endNs());
                w.append(row);
            }
        } finally {
            if (w != null) w.close();
        }
        return files;
    }

    private static Path prepare(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            return file;
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    private static void writeJson(Path file, ObjectNode node) {
        try {
            Files.writeString(prepare(file), JSON.writeValueAsString(node) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
