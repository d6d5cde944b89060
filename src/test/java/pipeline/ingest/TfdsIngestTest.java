package pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.read.rlds.TfRecordFiles;
import pipeline.read.rlds.TfRecordReader;
import pipeline.source.StreamLocator;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/**
 * A TFDS folder written here (dataset_info.json, features.json, TFRecord shards of tf.train.Example
 * episodes) ingested end to end: one episode per record, streams from the step features, checksums from
 * the parsing pass; and a shard with a bad CRC failing its split alone.
 */
class TfdsIngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMG_W = 32;
    private static final int IMG_H = 24;

    @TempDir
    Path tmp;

    /** Steps per episode: train gets three episodes over two shards, val one. */
    private static final int[][] STEPS = {{5, 7}, {4}};
    private static final int[] VAL_STEPS = {6};

    @Test
    void generatedTfdsFolderIngestsEveryEpisodeWithItsStreamsAndChecksums() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("gen_rlds/1.0.0"));
        write(root, false);
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(root), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(List.of(), r.failed());
            assertEquals(4, r.ingested().size());
            Map<String, EpisodeDetail> byPath = r.ingested().stream()
                    .map(e -> c.episodes().find(e.episodeId()).orElseThrow())
                    .collect(Collectors.toMap(EpisodeDetail::relPath, Function.identity()));
            assertEquals(List.of("train#000000", "train#000001", "train#000002", "val#000000"),
                    byPath.keySet().stream().sorted().toList());
            int[] trainSteps = {5, 7, 4};
            for (int i = 0; i < 3; i++) {
                EpisodeDetail d = byPath.get(String.format("train#%06d", i));
                assertEpisode(d, trainSteps[i], "pick block " + i);
                assertEquals(i < 2 ? "gen_rlds-train.tfrecord-00000-of-00002" : "gen_rlds-train.tfrecord-00001-of-00002",
                        StreamLocator.of(stream(d, "observation/image")).file(), "record's shard");
                GeneratedFormatsIngestTest.assertChecksums(root, d, List.of("dataset_info.json", "features.json",
                        "gen_rlds-train.tfrecord-00000-of-00002", "gen_rlds-train.tfrecord-00001-of-00002"));
            }
            EpisodeDetail val = byPath.get("val#000000");
            assertEpisode(val, 6, "pick block 100");
            assertEquals(0, StreamLocator.of(stream(val, "action")).recordIndex(), "first record of its shard");
            GeneratedFormatsIngestTest.assertChecksums(root, val, List.of("dataset_info.json", "features.json", "gen_rlds-val.tfrecord-00000-of-00001"));
        }
    }

    @Test
    void shardWithABadCrcFailsItsSplitWithTheCrcCodeAndLeavesTheOtherSplitIngested() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("gen_rlds/1.0.0"));
        write(root, true);
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(root), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, r.failed().size(), r.failed()::toString);
            IngestReport.Failure f = r.failed().get(0);
            assertTrue(f.path().endsWith("train"), f.path());
            assertEquals(TfRecordReader.CRC_MISMATCH, f.errors().get(0).code());
            assertEquals("gen_rlds-train.tfrecord-00001-of-00002", f.errors().get(0).file());
            // The val split is untouched; no episode of the failed split reached the catalog, not even the
            // ones in its intact first shard, so the split is re-read whole once the shard is fixed.
            assertEquals(List.of("val#000000"), r.ingested().stream()
                    .map(e -> c.episodes().find(e.episodeId()).orElseThrow().relPath()).toList());
            assertEquals(1, c.episodes().count());

            write(root, false);
            IngestReport fixed = new Ingest(c).run(List.of(root), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(List.of(), fixed.failed());
            assertEquals(4, c.episodes().count(), "the repaired split comes in whole");
        }
    }

    private static void assertEpisode(EpisodeDetail d, int steps, String task) {
        assertEquals(TfdsFormat.FORMAT, d.summary().format());
        assertEquals(task, d.summary().task());
        assertEquals((long) steps, d.frameCount());
        Map<String, StreamEntry> streams = d.streams().stream().collect(Collectors.toMap(StreamEntry::name, Function.identity()));
        assertEquals(List.of("action", "observation/image", "observation/state"), streams.keySet().stream().sorted().toList(),
                "step flags and the instruction are not streams");
        StreamEntry img = streams.get("observation/image");
        assertEquals(StreamKind.VIDEO, img.kind());
        assertEquals(IMG_W, img.width());
        assertEquals(IMG_H, img.height());
        assertEquals("jpeg", img.encoding());
        assertEquals((long) steps, img.frameCount());
        for (String series : List.of("action", "observation/state")) {
            StreamEntry s = streams.get(series);
            assertEquals(StreamKind.TIMESERIES, s.kind(), series);
            assertEquals((long) steps, s.frameCount(), series);
            assertEquals(StreamLocator.TFRECORD, StreamLocator.of(s).container(), series);
        }
    }

    private static StreamEntry stream(EpisodeDetail d, String name) {
        return d.streams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Writes the dataset; with {@code corrupt}, one byte of the second train shard's last record is flipped. */
    private static void write(Path root, boolean corrupt) throws IOException {
        ArrayNode splits = JSON.createArrayNode();
        int episode = 0;
        for (String split : List.of("train", "val")) {
            int[][] shards = split.equals("train") ? STEPS : new int[][] {VAL_STEPS};
            ObjectNode s = splits.addObject().put("name", split)
                    .put("filepathTemplate", "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}");
            ArrayNode lengths = s.putArray("shardLengths");
            long bytes = 0;
            for (int i = 0; i < shards.length; i++) {
                List<byte[]> records = new ArrayList<>();
                for (int steps : shards[i]) {
                    records.add(TfRecordFiles.example(episode(split.equals("val") ? 100 : episode, steps)));
                    if (split.equals("train")) episode++;
                }
                Path shard = root.resolve(String.format("gen_rlds-%s.tfrecord-%05d-of-%05d", split, i, shards.length));
                bytes += TfRecordFiles.writeShard(shard, records);
                lengths.add(String.valueOf(records.size()));
                if (corrupt && split.equals("train") && i == 1) {
                    byte[] all = Files.readAllBytes(shard);
                    all[all.length - 10] ^= 0x40;
                    Files.write(shard, all);
                }
            }
            s.put("numBytes", String.valueOf(bytes));
        }
        ObjectNode info = JSON.createObjectNode().put("name", "gen_rlds").put("version", "1.0.0").put("fileFormat", "tfrecord");
        info.set("splits", splits);
        Files.writeString(root.resolve("dataset_info.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info));
        Files.writeString(root.resolve("features.json"), JSON.writeValueAsString(features()));
    }

    private static Map<String, Object> episode(int index, int steps) throws IOException {
        long[] first = new long[steps];
        long[] last = new long[steps];
        first[0] = 1;
        last[steps - 1] = 1;
        float[] action = new float[steps * 7];
        float[] state = new float[steps * 7];
        for (int i = 0; i < action.length; i++) {
            action[i] = index + i / 100f;
            state[i] = -action[i];
        }
        byte[][] images = new byte[steps][];
        String[] instruction = new String[steps];
        for (int t = 0; t < steps; t++) {
            images[t] = jpeg(index * 10 + t);
            instruction[t] = "pick block " + index;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("steps/is_first", first);
        f.put("steps/is_last", last);
        f.put("steps/is_terminal", last);
        f.put("steps/action", action);
        f.put("steps/observation/state", state);
        f.put("steps/observation/image", images);
        f.put("steps/language_instruction", instruction);
        f.put("episode_metadata/file_path", new String[] {"/data/episode_" + index + ".npy"});
        return f;
    }

    private static byte[] jpeg(int shade) throws IOException {
        BufferedImage img = new BufferedImage(IMG_W, IMG_H, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < IMG_H; y++) for (int x = 0; x < IMG_W; x++) img.setRGB(x, y, ((shade * 7 + x + y) & 0xff) * 0x010101);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    /** features.json in TFDS's own layout: a FeaturesDict with a steps Dataset and episode metadata. */
    private static ObjectNode features() {
        ObjectNode obs = dict(Map.of("image", image(), "state", tensor("Tensor", "float32", 7)));
        ObjectNode step = dict(Map.of("is_first", tensor("Scalar", "bool"), "is_last", tensor("Scalar", "bool"),
                "is_terminal", tensor("Scalar", "bool"), "action", tensor("Tensor", "float32", 7),
                "language_instruction", leaf("text_feature.Text", "text"), "observation", obs));
        ObjectNode steps = JSON.createObjectNode().put("pythonClassName", "tensorflow_datasets.core.features.dataset_feature.Dataset");
        steps.putObject("sequence").set("feature", step);
        ObjectNode meta = dict(Map.of("file_path", leaf("text_feature.Text", "text")));
        return dict(Map.of("steps", steps, "episode_metadata", meta));
    }

    private static ObjectNode dict(Map<String, ObjectNode> features) {
        ObjectNode d = JSON.createObjectNode().put("pythonClassName", "tensorflow_datasets.core.features.features_dict.FeaturesDict");
        ObjectNode f = d.putObject("featuresDict").putObject("features");
        features.forEach(f::set);
        return d;
    }

    private static ObjectNode tensor(String cls, String dtype, long... dims) {
        ObjectNode n = JSON.createObjectNode().put("pythonClassName", "tensorflow_datasets.core.features."
                + (cls.equals("Scalar") ? "scalar.Scalar" : "tensor_feature.Tensor"));
        ObjectNode t = n.putObject("tensor");
        ArrayNode d = t.putObject("shape").putArray("dimensions");
        for (long x : dims) d.add(String.valueOf(x));
        t.put("dtype", dtype).put("encoding", "none");
        return n;
    }

    private static ObjectNode image() {
        ObjectNode n = JSON.createObjectNode().put("pythonClassName", "tensorflow_datasets.core.features.image_feature.Image");
        ObjectNode i = n.putObject("image");
        i.putObject("shape").putArray("dimensions").add(String.valueOf(IMG_H)).add(String.valueOf(IMG_W)).add("3");
        i.put("dtype", "uint8").put("encodingFormat", "jpeg");
        return n;
    }

    private static ObjectNode leaf(String cls, String field) {
        ObjectNode n = JSON.createObjectNode().put("pythonClassName", "tensorflow_datasets.core.features." + cls);
        n.putObject(field);
        return n;
    }
}
