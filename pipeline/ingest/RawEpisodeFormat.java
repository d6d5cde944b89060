package pipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.EpisodeWrite;
import store.FileEntry;
import store.StreamEntry;

/**
 * Raw episode folders (seed 003): {@code raw_episodes/<episode_id>/} with the capture bag under
 * {@code bag/} (plain MCAP files or a rosbag2 folder), {@code episode_manifest.json}, {@code notes.md}, and
 * camera MP4s. Manifest streams name bag topics and video files; bag topics the manifest does not
 * mention are kept as streams named by their topic.
 *
 * <p>Seed 003 names the manifest but defines no field of it. Only a manifest that declares Curio's raw-episode
 * contract ({@code "contract": "curio-raw-episode/1"}) is read strictly; any other is the lab's own, and its fields
 * are used only where they have the shape Curio knows (start time, task, stream files), never an error.
 */
final class RawEpisodeFormat {
    static final String FORMAT = "raw-episode";
    static final String MANIFEST = "episode_manifest.json";
    static final String CONTRACT = "curio-raw-episode/1";

    private RawEpisodeFormat() { }

    static boolean isRawEpisode(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST))
                || Files.isDirectory(dir.resolve("bag")) && Files.isRegularFile(dir.resolve("notes.md"));
    }

    static EpisodeUnit unit(FileTable files, Path dir) {
        List<String> all = files.walk(dir);
        return new EpisodeUnit(files.rel(dir), FORMAT, dir, all, ctx -> List.of(read(ctx, dir, all)));
    }

    private static EpisodeUnit.Outcome read(IngestContext ctx, Path dir, List<String> all) {
        FileTable files = ctx.files();
        String rel = files.rel(dir);
        String manifestRel = rel + "/" + MANIFEST;
        JsonNode m = Files.isRegularFile(dir.resolve(MANIFEST))
                ? files.parse(manifestRel, in -> Manifests.read(in, Manifests.JSON, manifestRel))
                : Manifests.JSON.createObjectNode();
        boolean declaresContract = CONTRACT.equals(m.path("contract").asText(null));
        Manifests mf = new Manifests(manifestRel, !declaresContract);
        String declaredId = mf.text(m, "episode_id", "episode_id");
        String episodeId = declaredId != null ? declaredId : dir.getFileName().toString();
        Long startNs = mf.instantNs(m, "episode_start_utc", "episode_start_utc");
        Long endNs = mf.instantNs(m, "episode_end_utc", "episode_end_utc");
        JsonNode offsets = mf.object(m, "clock_offsets_ns", "clock_offsets_ns");
        JsonNode declared = mf.object(m, "streams", "streams");

        StreamNames names = new StreamNames();
        List<StreamEntry> streams = new ArrayList<>();
        Map<String, String> topicToName = new HashMap<>();
        Map<String, List<double[]>> topicLimits = new HashMap<>();
        Set<String> referencedVideos = new LinkedHashSet<>();
        for (var it = declared.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            String path = "streams." + name;
            if (!e.getValue().isObject()) {
                if (mf.lenient()) continue;
                throw mf.wrong(path, "an object", e.getValue());
            }
            String topic = mf.text(e.getValue(), "topic", path + ".topic");
            if (topic != null) {
                topicToName.put(topic, name);
                topicLimits.put(topic, limits(mf, e.getValue(), path + ".joint_limits"));
            }
            String uri = mf.text(e.getValue(), "frame_uri", path + ".frame_uri");
            if (uri != null && topic == null && !uri.endsWith(".mcap")) {
                Path video = files.resolve(rel + "/" + uri, manifestRel, path + ".frame_uri");
                if (mf.lenient() && !(Files.isRegularFile(video) && Discovery.Signatures.isMp4(video))) continue;
                if (!Files.isRegularFile(video)) {
                    throw new CurioException("ingest.file_missing", files.rel(video), path + ".frame_uri",
                            "stream " + name + " names a video file that does not exist");
                }
                String videoRel = files.rel(video);
                referencedVideos.add(videoRel);
                long start = nz(mf.integer(e.getValue(), "start_ns", path + ".start_ns"));
                long offset = nz(mf.integer(offsets, name, "clock_offsets_ns." + name));
                Mp4Probe.Info info = Mp4Probe.probe(files, videoRel);
                streams.add(Streams.video(names.unique(name), StreamLocator.mp4(videoRel), info, start, offset));
            }
        }
        for (String f : all) {
            if (referencedVideos.contains(f) || f.startsWith(rel + "/bag/") || !Discovery.Signatures.isMp4(files.path(f))) continue;
            String stem = Path.of(f).getFileName().toString().replaceFirst("\\.[^.]*$", "");
            long offset = nz(mf.integer(offsets, stem, "clock_offsets_ns." + stem));
            streams.add(Streams.video(names.unique(stem), StreamLocator.mp4(f), Mp4Probe.probe(files, f),
                    0, offset));
        }

        Bag bag = scanBag(ctx, dir, all);
        if (startNs == null && bag.firstNs() > 0) startNs = bag.firstNs();
        long clockZero = startNs == null ? 0 : startNs;
        for (Bag.Topic t : bag.topics()) {
            McapScan.Channel ch = t.channel();
            String name = topicToName.getOrDefault(ch.topic(), ch.topic());
            long offset = nz(mf.integer(offsets, name, "clock_offsets_ns." + name));
            streams.add(Streams.topic(names.unique(name), StreamLocator.topic(t.container(), t.file(), ch.topic(),
                    ch.messageType()), ch, clockZero, offset, topicLimits.get(ch.topic())));
        }
        shareJointLimits(streams);
        List<FileEntry> entries = ctx.entries(all);
        if (declaresContract) verifyChecksums(mf, m, rel, entries);
        long end = streams.stream().filter(s -> s.endNs() != null).mapToLong(StreamEntry::endNs).max().orElse(0);
        long duration = startNs != null && endNs != null ? endNs - startNs : end;
        JsonNode task = mf.object(m, "task", "task");
        String instruction = mf.text(task, "nl_instruction", "task.nl_instruction");
        JsonNode robot = mf.object(m, "robot", "robot");
        Long frames = streams.stream().filter(s -> s.kind() == store.StreamKind.VIDEO && s.frameCount() != null)
                .map(StreamEntry::frameCount).findFirst().orElse(null);
        return new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), episodeId, rel, FORMAT, instruction,
                instruction == null ? List.of() : List.of(instruction), mf.text(robot, "serial", "robot.serial"),
                mf.text(m, "operator_id", "operator_id"), startNs, duration, frames, m.size() == 0 ? null : m.toString(),
                streams, entries));
    }

    /**
     * Commanded positions share the joints' units and limits; manifests usually declare limits once, on the
     * proprioception stream, so a stream over the same joints without its own limits takes those.
     */
    private static void shareJointLimits(List<StreamEntry> streams) {
        Map<List<String>, List<double[]>> byJoints = new HashMap<>();
        for (StreamEntry s : streams) {
            if (!s.jointNames().isEmpty() && s.jointLimits().size() == s.jointNames().size()) byJoints.put(s.jointNames(), s.jointLimits());
        }
        streams.replaceAll(s -> !s.jointNames().isEmpty() && s.jointLimits().isEmpty() && byJoints.containsKey(s.jointNames())
                ? new StreamEntry(s.name(), s.kind(), s.topic(), s.fileRelPath(), s.rateHz(), s.width(), s.height(),
                        s.encoding(), s.startNs(), s.endNs(), s.clockOffsetNs(), s.frameCount(), s.jointNames(),
                        byJoints.get(s.jointNames()), s.extraJson())
                : s);
    }

    /** The capture bag's topics: a rosbag2 folder under bag/, else every MCAP file found there. */
    private record Bag(List<Topic> topics, long firstNs) {
        record Topic(String container, String file, McapScan.Channel channel) { }
    }

    private static Bag scanBag(IngestContext ctx, Path dir, List<String> all) {
        FileTable files = ctx.files();
        Path bagDir = dir.resolve("bag");
        List<Bag.Topic> topics = new ArrayList<>();
        long first = Long.MAX_VALUE;
        if (Rosbag2Format.isBag(bagDir)) {
            BagScan.Result r = BagScan.scan(files, bagDir, ctx.cancel());
            for (McapScan.Channel c : r.channels()) topics.add(new Bag.Topic(StreamLocator.ROSBAG2, files.rel(bagDir), c));
            first = r.startNs();
        } else {
            String prefix = files.rel(bagDir) + "/";
            List<String> mcaps = all.stream()
                    .filter(f -> f.startsWith(prefix) && Discovery.Signatures.isMcap(files.path(f))).toList();
            List<McapScan.Result> scans = ctx.eachFile(mcaps, f -> files.parse(f, in -> McapScan.scan(in, f, ctx.cancel())));
            for (int i = 0; i < mcaps.size(); i++) {
                McapScan.Result r = scans.get(i);
                for (McapScan.Channel c : r.channels()) topics.add(new Bag.Topic(StreamLocator.MCAP, mcaps.get(i), c));
                if (r.firstNs() > 0) first = Math.min(first, r.firstNs());
            }
        }
        return new Bag(topics, first == Long.MAX_VALUE ? 0 : first);
    }

    private static List<double[]> limits(Manifests mf, JsonNode stream, String path) {
        List<double[]> out = new ArrayList<>();
        JsonNode arr = mf.array(stream, "joint_limits", path);
        for (int i = 0; i < arr.size(); i++) {
            JsonNode l = arr.get(i);
            if (!l.isArray() || l.size() != 2 || !l.get(0).isNumber() || !l.get(1).isNumber()) {
                if (mf.lenient()) return List.of();
                throw mf.wrong(path + "[" + i + "]", "a [min, max] pair of numbers", l);
            }
            out.add(new double[]{l.get(0).asDouble(), l.get(1).asDouble()});
        }
        return out;
    }

    /** The manifest's own checksums (integrity block) must match the bytes just hashed. */
    private static void verifyChecksums(Manifests mf, JsonNode m, String rel, List<FileEntry> entries) {
        JsonNode sums = mf.object(m, "checksums", "checksums");
        Map<String, String> actual = new HashMap<>();
        for (FileEntry e : entries) actual.put(e.relPath(), e.sha256());
        for (var it = sums.fields(); it.hasNext(); ) {
            var e = it.next();
            String field = "checksums." + e.getKey();
            if (!e.getValue().isTextual()) throw mf.wrong(field, "a string", e.getValue());
            String file = rel + "/" + e.getKey();
            String expected = e.getValue().asText().replaceFirst("^sha256:", "");
            String found = actual.get(file);
            if (found == null) {
                throw new CurioException("ingest.file_missing", file, field, "the manifest lists a checksum for a file that is not there");
            }
            if (!found.equalsIgnoreCase(expected)) {
                throw new CurioException("integrity.checksum_mismatch", file, field,
                        "SHA-256 is " + found + " but the manifest says " + expected);
            }
        }
    }

    static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
