package packaging.export.rlds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import packaging.export.FeatureMap;

/**
 * {@code dataset_info.json} and {@code features.json} of the TFDS folder, in the shape TFDS itself writes them (the
 * corpus' octo bridge dataset is the model): a FeaturesDict with {@code steps} (a Dataset of step FeaturesDicts,
 * nested by the {@code /} in step keys) and {@code episode_metadata}; leaves are Image, Tensor, Scalar and Text.
 */
final class TfdsFiles {
    static final String DATASET_INFO = "dataset_info.json";
    static final String FEATURES = "features.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PKG = "tensorflow_datasets.core.features.";

    private TfdsFiles() { }

    /**
     * @param numBytes record bytes of the split without the 16 framing bytes each, as TFDS counts them
     * @param lengths  examples (episodes) per shard, as strings
     */
    static ObjectNode datasetInfo(String name, String subset, int fps, long numBytes, ArrayNode lengths) {
        ObjectNode info = JSON.createObjectNode();
        info.put("citation", "");
        info.put("description", "RLDS episodes of the reviewed subset " + subset + ", exported by Curio. Steps are rows of one "
                + "clock at " + fps + " Hz (step k is at k/" + fps + " s from its episode's first step); the bundle's "
                + "DATA_CARD.md says where every feature came from.");
        info.put("fileFormat", "tfrecord");
        info.put("moduleName", "curio_export");
        info.put("name", name);
        info.putObject("releaseNotes").put(RldsFormat.DATASET_VERSION, "Exported by Curio from subset " + subset + ".");
        ObjectNode split = info.putArray("splits").addObject();
        split.put("filepathTemplate", "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}");
        split.put("name", RldsFormat.SPLIT);
        split.put("numBytes", Long.toString(numBytes));
        split.set("shardLengths", lengths);
        info.put("version", RldsFormat.DATASET_VERSION);
        return info;
    }

    static ObjectNode features(FeatureMap map, Map<String, String> keys, boolean derivedReward) {
        ObjectNode step = dict();
        for (FeatureMap.Feature f : map.features()) {
            if (f.key().equals("next.done")) continue;
            String key = keys.get(f.key());
            ObjectNode leaf;
            if (f.kind() == FeatureMap.Kind.VIDEO) {
                leaf = image(f.height(), f.width(), 3, "uint8", "jpeg", "Camera " + f.key() + ", redactions burned in.");
            } else if (f.kind() == FeatureMap.Kind.DEPTH) {
                leaf = image(f.height(), f.width(), 1, "uint16", "png", "Depth map " + f.key() + " in the recording's units.");
            } else if ((key.equals("reward") || key.equals("discount")) && f.dims() == 1) {
                leaf = scalar("float32", f.key() + " from " + String.join(", ", f.names()));
            } else {
                leaf = tensor(f.dims(), f.dtype().equals("float32") ? "float32" : "int64", f.key() + ": "
                        + String.join(", ", f.names()) + " (" + f.rule().id() + " onto the step clock)");
            }
            put(step, key, leaf);
        }
        if (derivedReward) put(step, "reward", scalar("float32", "1 on the last step of a successful episode, else 0 (demos)."));
        if (map.feature("observation.discount") == null) put(step, "discount", scalar("float32", "Discount, 1 (not recorded)."));
        put(step, "is_first", scalar("bool", "True on the first step of the episode."));
        put(step, "is_last", scalar("bool", "True on the last step of the episode."));
        put(step, "is_terminal", scalar("bool", map.feature("next.done") != null ? "next.done of the source."
                : "True on the last step when the episode succeeded and was not cut short by a trim."));
        put(step, "language_instruction", text("The task."));
        put(step, "subtask", text("The subtask label of the step, empty outside every subtask."));
        ObjectNode steps = JSON.createObjectNode();
        steps.put("pythonClassName", PKG + "dataset_feature.Dataset");
        ObjectNode seq = steps.putObject("sequence");
        seq.set("feature", step);
        seq.put("length", "-1");
        ObjectNode md = dict();
        put(md, "episode_id", text("Curio episode id of the source episode."));
        put(md, "segment_index", scalar("int64", "Index of the exported segment in the bundle."));
        put(md, "t_start_ns", scalar("int64", "Start of the segment on the source episode's clock."));
        put(md, "t_end_ns", scalar("int64", "End of the segment on the source episode's clock (exclusive)."));
        put(md, "success", scalar("bool", "No failure is marked inside the segment."));
        put(md, "failure_modes", text("Failure modes marked inside the segment, separated by '; '."));
        put(md, "file_path", text("The source episode's path."));
        ObjectNode root = dict();
        root.withObjectProperty("featuresDict").withObjectProperty("features").set("steps", steps);
        root.withObjectProperty("featuresDict").withObjectProperty("features").set("episode_metadata", md);
        return root;
    }

    private static ObjectNode dict() {
        ObjectNode n = JSON.createObjectNode();
        n.put("pythonClassName", PKG + "features_dict.FeaturesDict");
        n.putObject("featuresDict").putObject("features");
        return n;
    }

    /** Puts {@code leaf} at a {@code /}-separated path, making the nested FeaturesDicts on the way. */
    private static void put(ObjectNode dict, String path, ObjectNode leaf) {
        ObjectNode at = dict;
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            ObjectNode features = at.withObjectProperty("featuresDict").withObjectProperty("features");
            if (!features.has(parts[i])) features.set(parts[i], dict());
            at = (ObjectNode) features.get(parts[i]);
        }
        at.withObjectProperty("featuresDict").withObjectProperty("features").set(parts[parts.length - 1], leaf);
    }

    private static ObjectNode image(int h, int w, int c, String dtype, String encoding, String description) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pythonClassName", PKG + "image_feature.Image");
        ObjectNode img = n.putObject("image");
        img.putObject("shape").putArray("dimensions").add(Integer.toString(h)).add(Integer.toString(w)).add(Integer.toString(c));
        img.put("dtype", dtype).put("encodingFormat", encoding);
        n.put("description", description);
        return n;
    }

    private static ObjectNode tensor(int dims, String dtype, String description) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pythonClassName", PKG + "tensor_feature.Tensor");
        ObjectNode t = n.putObject("tensor");
        t.putObject("shape").putArray("dimensions").add(Integer.toString(dims));
        t.put("dtype", dtype).put("encoding", "none");
        n.put("description", description);
        return n;
    }

    private static ObjectNode scalar(String dtype, String description) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pythonClassName", PKG + "scalar.Scalar");
        ObjectNode t = n.putObject("tensor");
        t.putObject("shape");
        t.put("dtype", dtype).put("encoding", "none");
        n.put("description", description);
        return n;
    }

    private static ObjectNode text(String description) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pythonClassName", PKG + "text_feature.Text");
        n.putObject("text");
        n.put("description", description);
        return n;
    }
}
