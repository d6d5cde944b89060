package pipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pipeline.EpisodeIds;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.EpisodeWrite;
import store.StreamEntry;

/**
 * Ingest contract v0 (seed 002): an {@code episode.yaml} beside its MP4/MCAP streams. The episode id is the
 * hash of the canonical manifest; a missing required field is a hard reject naming the field path.
 */
final class ContractV0Format {
    static final String FILE = "episode.yaml";
    static final String FORMAT = "contract-v0";
    static final String MISSING = "contract.missing_field";
    /** Required leaves of the identity, time, task and consent blocks; streams and calibration are checked per stream. */
    private static final List<String> REQUIRED = List.of("dataset_id", "operator_id", "robot.serial",
            "robot.embodiment_ref", "capture_device.kind", "episode_start_utc", "episode_end_utc", "timebase",
            "streams", "task.nl_instruction", "consent.environment", "consent.pii_state", "consent.jurisdiction");

    private ContractV0Format() { }

    static EpisodeUnit unit(FileTable files, Path dir) {
        List<String> all = files.walk(dir);
        String rel = files.rel(dir);
        return new EpisodeUnit(rel, FORMAT, dir, all, ctx -> List.of(read(ctx, dir, rel, all)));
    }

    private static EpisodeUnit.Outcome read(IngestContext ctx, Path dir, String rel, List<String> all) {
        FileTable files = ctx.files();
        String yamlRel = rel.isEmpty() ? FILE : rel + "/" + FILE;
        JsonNode m = files.parse(yamlRel, in -> Manifests.read(in, Manifests.YAML, yamlRel));
        Manifests mf = new Manifests(yamlRel);
        for (String path : REQUIRED) require(m, path, yamlRel);
        Long start = mf.instantNs(m, "episode_start_utc", "episode_start_utc");
        Long end = mf.instantNs(m, "episode_end_utc", "episode_end_utc");
        JsonNode offsets = mf.object(m, "clock_offsets_ns", "clock_offsets_ns");
        JsonNode streamsNode = mf.object(m, "streams", "streams");
        JsonNode calibration = mf.object(m, "calibration", "calibration");
        StreamNames names = new StreamNames();
        List<StreamEntry> streams = new ArrayList<>();
        for (var it = streamsNode.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            String path = "streams." + name;
            JsonNode s = e.getValue();
            if (!s.isObject()) throw mf.wrong(path, "an object", s);
            String type = mf.text(s, "type", path + ".type");
            if (type == null) throw missing(yamlRel, path + ".type");
            long offset = RawEpisodeFormat.nz(mf.integer(offsets, name, "clock_offsets_ns." + name));
            boolean camera = type.equals("rgb") || type.equals("depth");
            if (camera) {
                for (String f : List.of("resolution", "fps", "frame_uri")) require(s, f, yamlRel, path);
                if (!calibration.has(name) && type.equals("rgb")) throw missing(yamlRel, "calibration." + name);
                mf.number(s, "fps", path + ".fps");
            }
            String uri = mf.text(s, "frame_uri", path + ".frame_uri");
            if (uri == null) continue;
            Path target = files.resolve(rel.isEmpty() ? uri : rel + "/" + uri, yamlRel, path + ".frame_uri");
            if (!Files.isRegularFile(target)) {
                throw new CurioException("ingest.file_missing", files.rel(target), path + ".frame_uri",
                        "stream " + name + " names a file that does not exist");
            }
            String fileRel = files.rel(target);
            if (Discovery.Signatures.isMcap(target)) {
                String topic = mf.text(s, "topic", path + ".topic");
                McapScan.Result r = files.parse(fileRel, in -> McapScan.scan(in, fileRel, ctx.cancel()));
                long zero = start != null ? start : r.firstNs();
                for (McapScan.Channel c : r.channels()) {
                    if (topic != null && !topic.equals(c.topic())) continue;
                    String n = topic != null ? name : name + ":" + c.topic();
                    streams.add(Streams.topic(names.unique(n), StreamLocator.topic(StreamLocator.MCAP, fileRel, c.topic(),
                            c.messageType()), c, zero, offset, null));
                }
            } else {
                streams.add(Streams.video(names.unique(name), StreamLocator.mp4(fileRel),
                        Mp4Probe.probe(files, fileRel), 0, offset));
            }
        }
        String task = mf.text(mf.object(m, "task", "task"), "nl_instruction", "task.nl_instruction");
        return new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), EpisodeIds.fromManifest(m), rel, FORMAT, task,
                List.of(task), mf.text(mf.object(m, "robot", "robot"), "serial", "robot.serial"),
                mf.text(m, "operator_id", "operator_id"), start, end - start, null, m.toString(), streams,
                ctx.entries(all)));
    }

    private static void require(JsonNode m, String dotted, String file) {
        JsonNode n = m;
        for (String part : dotted.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        if (n == null || n.isNull() || n.isTextual() && n.asText().isBlank()) throw missing(file, dotted);
    }

    private static void require(JsonNode stream, String key, String file, String path) {
        JsonNode n = stream.get(key);
        if (n == null || n.isNull()) throw missing(file, path + "." + key);
    }

    private static CurioException missing(String file, String path) {
        return new CurioException(MISSING, file, path, "required field " + path + " is missing (ingest contract v0: hard reject)");
    }
}
