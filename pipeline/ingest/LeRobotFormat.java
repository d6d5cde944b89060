package pipeline.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import pipeline.read.Once;
import pipeline.read.lerobot.LeRobotDataset;
import pipeline.read.lerobot.LeRobotEpisode;
import pipeline.read.lerobot.LeRobotFeature;
import pipeline.read.lerobot.LeRobotInfo;
import pipeline.read.lerobot.LeRobotProblem;
import pipeline.read.lerobot.VideoRef;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.EpisodeWrite;
import store.StreamEntry;
import store.StreamKind;

/**
 * LeRobot v2.0/v2.1/v3.0 datasets: one unit per episode. v3 episodes share parquet and MP4 files; those
 * are hashed and probed once per run. An episode with an error-level problem (data or video missing, a
 * column typed differently from info.json, rows missing) is rejected with the reader's code.
 */
final class LeRobotFormat {
    /** Columns every LeRobot frame carries for bookkeeping; they are not streams. */
    private static final Set<String> BOOKKEEPING = Set.of("timestamp", "frame_index", "episode_index", "index", "task_index");

    private LeRobotFormat() { }

    static List<EpisodeUnit> units(FileTable files) {
        LeRobotDataset ds = LeRobotDataset.open(files.root(), files.channelOpener());
        List<String> meta = files.walk(files.root().resolve("meta"));
        Map<String, Once<Mp4Probe.Info>> probes = new ConcurrentHashMap<>();
        Set<String> recorded = new HashSet<>();
        ds.episodes().forEach(ep -> ep.videos().values().stream().filter(VideoRef::exists).forEach(v -> recorded.add(v.videoKey())));
        List<EpisodeUnit> out = new ArrayList<>();
        for (LeRobotEpisode ep : ds.episodes()) {
            Set<String> rels = new LinkedHashSet<>(meta);
            if (Files.isRegularFile(files.path(ep.dataPath()))) rels.add(ep.dataPath());
            for (VideoRef v : ep.videos().values()) if (v.exists()) rels.add(v.resolvedPath());
            String key = String.format("episode_%06d", ep.index());
            List<String> list = List.copyOf(rels);
            out.add(new EpisodeUnit(key, format(ds), files.root().resolve(key), list,
                    ctx -> List.of(read(ctx, ds, ep, key, list, probes, recorded))));
        }
        return out;
    }

    private static String format(LeRobotDataset ds) {
        return "lerobot-" + ds.version().label();
    }

    private static EpisodeUnit.Outcome read(IngestContext ctx, LeRobotDataset ds, LeRobotEpisode ep, String key,
                                            List<String> rels, Map<String, Once<Mp4Probe.Info>> probes, Set<String> recorded) {
        // Not serialized per dataset: the checks hash the data files, and different files may go in parallel.
        List<LeRobotProblem> problems = ds.problems(ep);
        // A camera declared in info.json but recorded for no episode at all (GR00T's egoview) is a
        // dataset-level quirk, not a defect of each episode: the episode is kept without that stream. A dataset
        // with no video file at all is incomplete, though, and its episodes are rejected.
        List<CurioException> errors = problems.stream().filter(p -> p.severity() == LeRobotProblem.Severity.ERROR)
                .filter(p -> !("lerobot.video_missing".equals(p.code()) && !recorded.isEmpty() && !recorded.contains(p.field())))
                .map(p -> new CurioException(p.code(), p.file(), p.field(), p.message())).toList();
        if (!errors.isEmpty()) return new EpisodeUnit.Failed(ctx.files().root().resolve(key).toString(), errors);
        LeRobotInfo info = ds.info();
        double fps = info.fps();
        boolean v3 = ds.version().isV3();
        List<StreamEntry> streams = new ArrayList<>();
        long endNs = Math.round(ep.length() / fps * 1e9);
        for (VideoRef v : ep.videos().values()) {
            if (!v.exists()) continue;
            String file = v.resolvedPath();
            // v3 episodes share video files: probed (and hashed) once, outside the map's lock.
            Mp4Probe.Info probed = probes.computeIfAbsent(file, f -> new Once<>()).get(() -> Mp4Probe.probe(ctx.files(), file));
            LeRobotFeature feature = info.features().get(v.videoKey());
            double rate = feature != null && feature.video() != null && feature.video().fps() != null
                    ? feature.video().fps() : fps;
            StreamLocator loc = v3 ? StreamLocator.mp4Segment(file, v.fromTimestamp(), v.toTimestamp()) : StreamLocator.mp4(file);
            streams.add(new StreamEntry(v.videoKey(), StreamKind.VIDEO, v.videoKey(), file, rate, probed.width(),
                    probed.height(), probed.codec(), 0L, endNs, 0, ep.length(), null, null, loc.toExtraJson()));
        }
        Long rowFrom = v3 ? ep.fromIndex() : null;
        Long rowTo = v3 ? ep.toIndex() : null;
        for (LeRobotFeature f : info.features().values()) {
            if (f.isVideo() || BOOKKEEPING.contains(f.key()) || !(f.isNumeric() || f.isImage())) continue;
            StreamLocator loc = Streams.locator(StreamLocator.PARQUET, ep.dataPath(), f.key(), null, rowFrom, rowTo, null,
                    null, "timestamp");
            StreamEntry s = Streams.series(f.key(), f.isImage() ? StreamKind.VIDEO : StreamKind.TIMESERIES, f.key(), loc,
                    fps, 0L, endNs, ep.length(), f.isImage() ? null : f.names(), f.dtype());
            streams.add(s);
        }
        ObjectNode manifest = Streams.JSON.createObjectNode();
        manifest.put("codebase_version", info.rawVersion());
        manifest.put("episode_index", ep.index());
        manifest.put("length", ep.length());
        ep.tasks().forEach(manifest.putArray("tasks")::add);
        String task = ep.tasks().isEmpty() ? null : ep.tasks().get(0);
        return new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), ctx.qualifiedId(key), key, format(ds), task,
                ep.tasks(), info.robotType(), null, null, endNs, ep.length(), manifest.toString(), streams,
                ctx.entries(rels)));
    }
}
