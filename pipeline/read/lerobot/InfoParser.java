package pipeline.read.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import store.CurioException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads meta/info.json, surviving the deviations real datasets carry (float fps, nested names, odd totals). */
public final class InfoParser {
    static final String INFO = "meta/info.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InfoParser() { }

    /** The layout version when {@code root} looks like a LeRobot dataset, by content only. */
    public static Optional<LeRobotVersion> detect(Path root) {
        Path info = root.resolve(INFO);
        if (!Files.isRegularFile(info)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(info.toFile());
            if (n == null || !n.isObject() || !n.has("features")) return Optional.empty();
            return Optional.ofNullable(version(n));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static LeRobotInfo parse(Path root) {
        Path file = root.resolve(INFO);
        if (!Files.isRegularFile(file)) {
            throw new CurioException("lerobot.not_dataset", INFO, null, "no meta/info.json under " + root);
        }
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CurioException("lerobot.bad_info", INFO, null, "info.json is not valid JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new CurioException("lerobot.bad_info", INFO, null, "info.json is not an object");
        String raw = n.path("codebase_version").isTextual() ? n.path("codebase_version").asText() : null;
        LeRobotVersion v = version(n);
        if (v == null) {
            throw new CurioException("lerobot.unsupported_version", INFO, "codebase_version",
                    "unsupported codebase_version '" + raw + "' (readable: v2.0, v2.1, v3.0)");
        }
        double fps = n.path("fps").asDouble(0);
        if (!(fps > 0)) throw new CurioException("lerobot.bad_info", INFO, "fps", "fps must be > 0, found " + n.get("fps"));
        String dataPath = text(n, "data_path");
        if (dataPath == null) {
            dataPath = v.isV3() ? "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
                    : "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet";
        }
        Map<String, LeRobotFeature> features = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.path("features").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            features.put(e.getKey(), feature(e.getKey(), e.getValue()));
        }
        Map<String, String> splits = new LinkedHashMap<>();
        n.path("splits").fields().forEachRemaining(e -> splits.put(e.getKey(), e.getValue().asText()));
        int chunksSize = n.path("chunks_size").asInt(1000);
        return new LeRobotInfo(v, raw, fps, text(n, "robot_type"), n.path("total_episodes").asLong(-1),
                n.path("total_frames").asLong(-1), n.path("total_tasks").asLong(-1), chunksSize > 0 ? chunksSize : 1000,
                dataPath, text(n, "video_path"), features, splits);
    }

    /**
     * Accepts "v3.0", "3.0", "v3" etc.; without a version string the data path template decides
     * ({@code file_index} only exists in v3).
     */
    static LeRobotVersion version(JsonNode n) {
        String raw = n.path("codebase_version").asText("").trim().toLowerCase();
        if (raw.startsWith("v")) raw = raw.substring(1);
        if (raw.isEmpty()) {
            String dp = n.path("data_path").asText("");
            if (dp.contains("{file_index")) return LeRobotVersion.V3_0;
            if (dp.contains("{episode_index")) return LeRobotVersion.V2_1;
            return null;
        }
        String[] parts = raw.split("\\.");
        if (parts[0].equals("3")) return LeRobotVersion.V3_0;
        if (parts[0].equals("2")) {
            return parts.length > 1 && parts[1].equals("0") ? LeRobotVersion.V2_0 : LeRobotVersion.V2_1;
        }
        return null;
    }

    private static LeRobotFeature feature(String key, JsonNode f) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode s : f.path("shape")) shape.add(s.asInt());
        List<String> names = new ArrayList<>();
        flattenNames(f.get("names"), names);
        JsonNode vi = f.has("info") ? f.get("info") : f.get("video_info");
        String dtype = text(f, "dtype");
        VideoInfo video = "video".equals(dtype) ? video(vi, shape, names) : null;
        Double fps = f.path("fps").isNumber() ? f.get("fps").asDouble() : null;
        return new LeRobotFeature(key, dtype, shape, names, video, fps);
    }

    private static void flattenNames(JsonNode n, List<String> out) {
        if (n == null || n.isNull()) return;
        if (n.isArray() || n.isObject()) {
            for (JsonNode c : n) flattenNames(c, out);
        } else {
            out.add(n.asText());
        }
    }

    private static VideoInfo video(JsonNode vi, List<Integer> shape, List<String> names) {
        JsonNode i = vi == null ? JSON.createObjectNode() : vi;
        // Boxed on both sides: with a bare int on one, a video feature whose shape is not three axes unboxed null.
        Integer h = i.path("video.height").isNumber() ? Integer.valueOf(i.get("video.height").asInt()) : axis(shape, names, "height", 0);
        Integer w = i.path("video.width").isNumber() ? Integer.valueOf(i.get("video.width").asInt()) : axis(shape, names, "width", 1);
        Integer c = i.path("video.channels").isNumber() ? Integer.valueOf(i.get("video.channels").asInt()) : axis(shape, names, "channel", 2);
        Double fps = i.path("video.fps").isNumber() ? i.get("video.fps").asDouble() : null;
        return new VideoInfo(text(i, "video.codec"), h, w, text(i, "video.pix_fmt"),
                i.path("video.is_depth_map").asBoolean(false), fps, c, i.path("has_audio").asBoolean(false));
    }

    /**
     * An axis length from the shape; names give the order when present (rerun uses channel,height,width),
     * otherwise a leading 1/3/4 is taken as channels-first.
     */
    private static Integer axis(List<Integer> shape, List<String> names, String axisName, int hwcPosition) {
        if (shape.size() != 3) return null;
        for (int k = 0; k < names.size() && k < 3; k++) {
            if (names.get(k).startsWith(axisName)) return shape.get(k);
        }
        boolean chw = shape.get(0) <= 4 && shape.get(2) > 4;
        int[] chwPos = {1, 2, 0};
        return shape.get(chw ? chwPos[hwcPosition] : hwcPosition);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
