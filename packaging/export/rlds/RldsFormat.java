package packaging.export.rlds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import packaging.export.CameraFrames;
import packaging.export.EpisodeOut;
import packaging.export.ExportFormat;
import packaging.export.ExportProgress;
import packaging.export.FeatureMap;
import packaging.export.FileSizeLimits;
import packaging.export.FrameRows;
import packaging.export.ImageCodec;
import packaging.export.Produced;
import packaging.export.SegmentPlan;
import packaging.export.SeriesSampler;
import pipeline.source.FrameBuffer;
import store.CurioException;

/**
 * RLDS episodes in a TFDS folder, the layout Open-X datasets ship in ({@code tfds.builder_from_directory} reads it):
 * {@code <name>/1.0.0/} holds {@code dataset_info.json}, {@code features.json} and the train split's shards
 * {@code <name>-train.tfrecord-NNNNN-of-NNNNN}, each episode one {@code tf.train.Example} whose step features are
 * flattened as {@code steps/...}. A shard is closed once it holds the data-file cap ({@code --data-file-mb}), so shard
 * sizes are bounded; an episode is never split across shards.
 */
public final class RldsFormat implements ExportFormat {
    public static final String ID = "rlds";
    /** The TFDS version of the written dataset; a new export is a new dataset, so it is always the first release. */
    static final String DATASET_VERSION = "1.0.0";
    static final String SPLIT = "train";
    static final String STEPS = "steps/";
    static final String METADATA = "episode_metadata/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "tfds-" + DATASET_VERSION;
    }

    @Override
    public FeatureMap plan(FeatureMap shared) {
        return shared;
    }

    @Override
    public Map<String, String> layout(FeatureMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> keys = StepKeys.of(map);
        for (FeatureMap.Feature f : map.features()) out.put(f.key(), STEPS + keys.get(f.key()));
        return out;
    }

    @Override
    public Written write(Job job) {
        FeatureMap map = job.map();
        String name = job.datasetName();
        String folder = name + "/" + DATASET_VERSION + "/";
        Path dir = job.work().resolve(folder);
        FrameRows.Rows rows = FrameRows.of(job.plan(), map, job.cancel());
        Map<String, String> keys = StepKeys.of(map);
        ExportProgress counter = new ExportProgress(job.progress(), rows.frames());
        SeriesSampler sampler = new SeriesSampler(map.series(), job.cancel());
        List<Shard> shards = new ArrayList<>();
        TfRecordWriter shard = null;
        List<SegmentPlan> inShard = new ArrayList<>();
        long maxShard = job.limits().dataFileBytes();
        boolean derivedReward = map.feature("next.reward") == null;
        try {
            Files.createDirectories(dir);
            for (EpisodeOut ep : rows.episodes()) {
                if (shard == null || shard.bytes() >= maxShard) {
                    if (shard != null) shards.add(close(shard, inShard));
                    shard = new TfRecordWriter(dir.resolve(".shard-" + shards.size()));
                    inShard = new ArrayList<>();
                }
                try (ExampleWriter example = new ExampleWriter(job.work().resolve(".spool"))) {
                    episode(example, ep, map, keys, sampler, counter, job);
                    try (OutputStream out = shard.record(example.size())) {
                        example.writeTo(out);
                    }
                }
                inShard.add(ep.segment());
            }
            if (shard != null) shards.add(close(shard, inShard));
        } catch (IOException e) {
            throw new CurioException("io.write_failed", dir.toString(), null, e.getMessage(), e);
        } finally {
            if (shard != null) shard.close();
        }
        List<Produced> produced = new ArrayList<>();
        long numBytes = 0;
        ArrayNode lengths = JSON.createArrayNode();
        for (int i = 0; i < shards.size(); i++) {
            Shard s = shards.get(i);
            String file = String.format("%s-%s.tfrecord-%05d-of-%05d", name, SPLIT, i, shards.size());
            try {
                Files.move(s.file(), dir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new CurioException("io.write_failed", dir.resolve(file).toString(), null, e.getMessage(), e);
            }
            job.flush().request(dir.resolve(file));
            produced.add(new Produced(folder + file, dir.resolve(file), "robotics_episode_data", s.segments(),
                    "resample onto the frame clock, encode RLDS episodes as tf.train.Example records", null));
            numBytes += s.payloadBytes();
            lengths.add(Long.toString(s.records()));
        }
        writeJson(dir.resolve(TfdsFiles.DATASET_INFO), TfdsFiles.datasetInfo(name, job.plan().subset().name(), map.fps(), numBytes, lengths));
        writeJson(dir.resolve(TfdsFiles.FEATURES), TfdsFiles.features(map, keys, derivedReward));
        for (String meta : List.of(TfdsFiles.DATASET_INFO, TfdsFiles.FEATURES)) {
            produced.add(new Produced(folder + meta, dir.resolve(meta), "robotics_dataset_metadata", job.plan().segments(), "metadata", null));
        }
        counter.finish("RLDS episodes written");
        Stats stats = Stats.of(rows.episodes(), rows.masterKey());
        ObjectNode card = JSON.createObjectNode();
        card.put("dataset_dir", folder.substring(0, folder.length() - 1)).put("split", SPLIT).put("shards", shards.size())
                .put("num_bytes", numBytes).put("image_encoding", "jpeg (depth: 16-bit png)")
                .put("reward", derivedReward ? "1.0 on the last step of a successful segment that reaches its episode's end, else 0.0 "
                        + "(the source records no reward)" : "next.reward")
                .put("language_instruction", "the task; steps/subtask holds the subtask label of each step (empty outside one)");
        ObjectNode settings = JSON.createObjectNode().put("dataset_version", DATASET_VERSION)
                .putPOJO("shard_size_in_mb", FileSizeLimits.inMb(maxShard))
                .put("images", "JPEG (quality 95) unless the source frame is stored as JPEG and unredacted, then as stored");
        return new Written(produced, stats, card, settings);
    }

    private record Shard(Path file, long records, long payloadBytes, List<SegmentPlan> segments) { }

    private static Shard close(TfRecordWriter w, List<SegmentPlan> segments) {
        w.close();
        return new Shard(w.file(), w.records(), w.payloadBytes(), List.copyOf(segments));
    }

    /** One segment as one example: its steps' features, then its metadata. */
    private static void episode(ExampleWriter ex, EpisodeOut ep, FeatureMap map, Map<String, String> keys, SeriesSampler sampler,
                                ExportProgress progress, Job job) {
        SegmentPlan seg = ep.segment();
        sampler.begin(seg);
        int n = ep.length();
        boolean success = seg.failures().isEmpty();
        boolean terminates = success && seg.reachesEpisodeEnd();
        int done = sampler.indexOf("next.done");
        List<CameraFrames> cams = new ArrayList<>();
        List<FeatureMap.Feature> camFeatures = new ArrayList<>();
        try {
            for (FeatureMap.Feature f : map.features()) {
                if (f.kind() == FeatureMap.Kind.SERIES) continue;
                cams.add(CameraFrames.open(ep, f));
                camFeatures.add(f);
            }
            FrameBuffer frame = new FrameBuffer();
            for (int k = 0; k < n; k++) {
                if ((k & 63) == 0) job.cancel().check();
                long t = ep.timeNs(k);
                boolean last = k == n - 1;
                for (int c = 0; c < cams.size(); c++) {
                    FeatureMap.Feature f = camFeatures.get(c);
                    CameraFrames cam = cams.get(c);
                    byte[] image;
                    if (f.kind() == FeatureMap.Kind.DEPTH) {
                        image = cam.depthPng(k);
                    } else {
                        byte[] stored = cam.storedImage(k);
                        if (stored != null && "jpeg".equals(ImageCodec.formatOf(stored).orElse(null))) {
                            image = stored;
                        } else {
                            cam.decode(k, frame);
                            image = ImageCodec.jpeg(frame);
                        }
                    }
                    ex.bytes(STEPS + keys.get(f.key())).add(image);
                }
                for (int i = 0; i < sampler.features().size(); i++) {
                    FeatureMap.Feature f = sampler.features().get(i);
                    double[] v = sampler.sample(i, t);
                    String key = STEPS + keys.get(f.key());
                    if (f.key().equals("next.done")) continue;
                    if (f.dtype().equals("float32")) ex.floats(key).add(v);
                    else {
                        long[] l = new long[v.length];
                        for (int j = 0; j < v.length; j++) l[j] = Math.round(v[j]);
                        ex.int64s(key).add(l);
                    }
                }
                if (map.feature("next.reward") == null) ex.floats(STEPS + "reward").add(last && terminates ? 1.0 : 0.0);
                if (map.feature("observation.discount") == null) ex.floats(STEPS + "discount").add(1.0);
                ex.int64s(STEPS + "is_first").add(k == 0 ? 1 : 0);
                ex.int64s(STEPS + "is_last").add(last ? 1 : 0);
                boolean terminal = done >= 0 ? sampler.sample(done, t)[0] != 0 : last && terminates;
                ex.int64s(STEPS + "is_terminal").add(terminal ? 1 : 0);
                ex.bytes(STEPS + "language_instruction").add(seg.task());
                String label = seg.subtaskAt(t);
                ex.bytes(STEPS + "subtask").add(label == null ? "" : label);
                progress.add(1);
                if ((k & 63) == 0) progress.report("RLDS: episode " + (seg.index() + 1));
            }
            for (CameraFrames cam : cams) ep.addRedacted(cam.redactedRows());
        } finally {
            cams.forEach(CameraFrames::close);
        }
        ex.bytes(METADATA + "episode_id").add(seg.episodeId());
        ex.int64s(METADATA + "segment_index").add(seg.index());
        ex.int64s(METADATA + "t_start_ns").add(seg.startNs());
        ex.int64s(METADATA + "t_end_ns").add(seg.endNs());
        ex.int64s(METADATA + "success").add(success ? 1 : 0);
        ex.bytes(METADATA + "failure_modes").add(String.join("; ", seg.failureModes()));
        ex.bytes(METADATA + "file_path").add(seg.episode().datasetRoot() + "/" + seg.episode().relPath());
    }

    private static void writeJson(Path file, JsonNode node) {
        try {
            Files.writeString(file, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    @Override
    public String markdown(JsonNode s) {
        return "- TFDS folder " + s.path("dataset_dir").asText() + " (tfds.builder_from_directory), split " + s.path("split").asText()
                + ", " + s.path("shards").asInt() + " shards, " + s.path("num_bytes").asLong() + " bytes of records\n"
                + "- Images: " + s.path("image_encoding").asText() + "; reward: " + s.path("reward").asText() + "\n"
                + "- language_instruction: " + s.path("language_instruction").asText() + "\n";
    }
}
