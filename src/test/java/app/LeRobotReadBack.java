package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an exported LeRobot v3.0 dataset back with readers that are not Curio's (DuckDB for every parquet file, the
 * FFmpeg command line for every episode's window of every video) and checks LeRobot's invariants: {@code index}
 * contiguous over the dataset, {@code frame_index} from 0 per episode, {@code timestamp == frame_index / fps} within
 * 1e-4 s, the episodes table's row ranges consistent with the data, every info.json feature in the data with its
 * dtype and shape, and every video holding exactly each of its episodes' frames.
 */
final class LeRobotReadBack {
    /** One exported episode as the episodes table places it. */
    record Episode(int index, String episodeId, long length, long from, long to, Map<String, Window> videos) { }

    /** Where an episode's frames are in one camera's files. */
    record Window(Path file, double fromS, double toS) { }

    final Path root;
    final JsonNode info;
    final int fps;
    final List<Episode> episodes = new ArrayList<>();

    private LeRobotReadBack(Path root, JsonNode info) {
        this.root = root;
        this.info = info;
        this.fps = info.get("fps").asInt();
    }

    static LeRobotReadBack check(Path root) throws IOException, InterruptedException {
        JsonNode info = IndependentTools.JSON.readTree(root.resolve("meta/info.json").toFile());
        LeRobotReadBack r = new LeRobotReadBack(root, info);
        assertEquals("v3.0", info.get("codebase_version").asText());
        assertTrue(r.fps > 0, "fps " + r.fps);
        r.readEpisodes();
        r.checkData();
        r.checkVideos();
        return r;
    }

    List<String> videoKeys() {
        List<String> out = new ArrayList<>();
        info.get("features").properties().forEach(e -> {
            if (e.getValue().get("dtype").asText().equals("video")) out.add(e.getKey());
        });
        return out;
    }

    private void readEpisodes() throws IOException, InterruptedException {
        List<String> keys = videoKeys();
        StringBuilder cols = new StringBuilder("episode_index, length, dataset_from_index, dataset_to_index, \"curio/episode_id\" AS id");
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            cols.append(", \"videos/").append(k).append("/chunk_index\" AS c").append(i)
                    .append(", \"videos/").append(k).append("/file_index\" AS f").append(i)
                    .append(", \"videos/").append(k).append("/from_timestamp\" AS a").append(i)
                    .append(", \"videos/").append(k).append("/to_timestamp\" AS b").append(i);
        }
        JsonNode rows = IndependentTools.duck("SELECT " + cols + " FROM read_parquet('" + root.resolve("meta/episodes")
                + "/*/*.parquet') ORDER BY episode_index");
        long expectFrom = 0;
        for (JsonNode e : rows) {
            int index = e.get("episode_index").asInt();
            assertEquals(episodes.size(), index, "episode indices are 0..n-1");
            long from = e.get("dataset_from_index").asLong();
            long to = e.get("dataset_to_index").asLong();
            long length = e.get("length").asLong();
            assertEquals(expectFrom, from, "episode " + index + " starts where the previous ended");
            assertEquals(length, to - from, "episode " + index + " row range");
            expectFrom = to;
            Map<String, Window> videos = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                String template = info.get("video_path").asText();
                String rel = template.replace("{video_key}", keys.get(i))
                        .replace("{chunk_index:03d}", String.format("%03d", e.get("c" + i).asInt()))
                        .replace("{file_index:03d}", String.format("%03d", e.get("f" + i).asInt()));
                videos.put(keys.get(i), new Window(root.resolve(rel), e.get("a" + i).asDouble(), e.get("b" + i).asDouble()));
            }
            episodes.add(new Episode(index, e.get("id").asText(), length, from, to, videos));
        }
        assertEquals(info.get("total_episodes").asInt(), episodes.size());
        assertEquals(info.get("total_frames").asLong(), expectFrom);
    }

    private void checkData() throws IOException, InterruptedException {
        String data = "read_parquet('" + root.resolve("data") + "/*/*.parquet')";
        JsonNode schema = IndependentTools.duck("DESCRIBE SELECT * FROM " + data);
        Map<String, String> types = new HashMap<>();
        for (JsonNode c : schema) types.put(c.get("column_name").asText(), c.get("column_type").asText());
        info.get("features").properties().forEach(e -> {
            String dtype = e.getValue().get("dtype").asText();
            if (dtype.equals("video")) return;
            String type = types.get(e.getKey());
            assertTrue(type != null, "feature " + e.getKey() + " is a column of the data: " + types);
            int dims = 1;
            for (JsonNode d : e.getValue().get("shape")) dims *= d.asInt();
            String expected = switch (dtype) {
                case "float32" -> dims == 1 ? "FLOAT" : "FLOAT[]";
                case "float64" -> dims == 1 ? "DOUBLE" : "DOUBLE[]";
                case "int64" -> dims == 1 ? "BIGINT" : "BIGINT[]";
                case "bool" -> "BOOLEAN";
                case "image" -> "STRUCT(bytes BLOB, path VARCHAR)";
                default -> "?" + dtype;
            };
            assertEquals(expected, type, "parquet type of " + e.getKey());
            if (!dtype.equals("image") && dims > 1) {
                try {
                    JsonNode bad = IndependentTools.duck("SELECT count(*)::INTEGER AS n FROM " + data + " WHERE len(\"" + e.getKey()
                            + "\") <> " + dims);
                    assertEquals(0, bad.get(0).get("n").asInt(), "every row of " + e.getKey() + " has " + dims + " values");
                } catch (IOException | InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });
        JsonNode kv = IndependentTools.duck("SELECT decode(key) AS k FROM parquet_kv_metadata('" + root.resolve("data") + "/*/*.parquet')");
        kv.forEach(k -> assertTrue(!k.get("k").asText().startsWith("writer.model"), "stray parquet metadata " + k));
        JsonNode stats = IndependentTools.duck("SELECT count(*)::BIGINT AS n, min(\"index\")::BIGINT AS lo, max(\"index\")::BIGINT AS hi, "
                + "count(DISTINCT \"index\")::BIGINT AS d, max(abs(timestamp - frame_index / " + fps + ".0))::DOUBLE AS dt FROM " + data);
        JsonNode s = stats.get(0);
        long n = s.get("n").asLong();
        assertEquals(info.get("total_frames").asLong(), n);
        assertEquals(0, s.get("lo").asLong());
        assertEquals(n - 1, s.get("hi").asLong());
        assertEquals(n, s.get("d").asLong(), "index is contiguous and unique");
        assertTrue(s.get("dt").asDouble() <= 1e-4, "timestamp == frame_index / fps within 1e-4 s: " + s.get("dt"));
        JsonNode per = IndependentTools.duck("SELECT episode_index::INTEGER AS e, min(frame_index)::BIGINT AS f0, max(frame_index)::BIGINT AS f1, "
                + "count(*)::BIGINT AS n, min(\"index\")::BIGINT AS i0, max(\"index\")::BIGINT AS i1 FROM " + data
                + " GROUP BY episode_index ORDER BY episode_index");
        assertEquals(episodes.size(), per.size());
        for (JsonNode p : per) {
            Episode ep = episodes.get(p.get("e").asInt());
            assertEquals(0, p.get("f0").asLong(), "frame_index starts at 0 in episode " + ep.index());
            assertEquals(ep.length() - 1, p.get("f1").asLong());
            assertEquals(ep.length(), p.get("n").asLong());
            assertEquals(ep.from(), p.get("i0").asLong(), "dataset_from_index of episode " + ep.index());
            assertEquals(ep.to() - 1, p.get("i1").asLong(), "dataset_to_index of episode " + ep.index());
        }
    }

    private void checkVideos() throws IOException, InterruptedException {
        for (String key : videoKeys()) {
            JsonNode f = info.get("features").get(key);
            int h = f.get("shape").get(0).asInt();
            int w = f.get("shape").get(1).asInt();
            for (Episode ep : episodes) {
                Window win = ep.videos().get(key);
                assertTrue(Files.isRegularFile(win.file()), win.file().toString());
                int[] size = IndependentTools.videoSize(win.file());
                assertEquals(w, size[0], key + " width");
                assertEquals(h, size[1], key + " height");
                List<byte[]> frames = IndependentTools.decodeWindow(win.file(), win.fromS(), win.toS(), w, h);
                assertEquals(ep.length(), frames.size(), key + " episode " + ep.index() + ": frames in [" + win.fromS() + ", "
                        + win.toS() + ") of " + root.relativize(win.file()));
            }
        }
    }

    /** The frame codes at the first and last frame of an episode's window of a camera (decoded by FFmpeg). */
    int[] codesAtEnds(Episode ep, String key) throws IOException, InterruptedException {
        JsonNode f = info.get("features").get(key);
        int h = f.get("shape").get(0).asInt();
        int w = f.get("shape").get(1).asInt();
        Window win = ep.videos().get(key);
        List<byte[]> frames = IndependentTools.decodeWindow(win.file(), win.fromS(), win.toS(), w, h);
        return new int[] {IndependentTools.frameCode(frames.get(0), w, h), IndependentTools.frameCode(frames.get(frames.size() - 1), w, h)};
    }

    Episode episode(String episodeId) {
        return episodes.stream().filter(e -> e.episodeId().equals(episodeId)).findFirst().orElseThrow(() ->
                new AssertionError("no exported episode " + episodeId));
    }
}
