package packaging.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import packaging.bundle.BackgroundFlush;
import pipeline.source.Sources;
import store.Cancellation;
import store.EpisodeDetail;
import store.ProgressSink;
import store.StreamEntry;

/** Writes a LeRobot v3.0 dataset for an {@link ExportPlan} into a work folder, features as {@link FeatureMap} says. */
final class LeRobotExport {
    static final String ALIGNMENT = "Rows follow the master camera's own frames inside each segment when the dataset "
            + "rate is the cameras' rate, else a constant grid at the chosen rate from the segment start; other cameras "
            + "show their nearest frame at each row instant; each series is sampled at each row instant by its "
            + "feature's rule (linear: interpolated between the samples around it; hold: the latest sample at or "
            + "before it), and held at its first/last sample outside its range.";

    /** What the data card and manifest need to say about the dataset. */
    record Result(List<Produced> produced, FeatureMap map, String masterCamera, long frames, int remuxedVideos, int encodedVideos,
                  int redactedFrames, Map<String, Integer> tasks, Map<String, Integer> subtasks, List<EpisodeOut> episodes,
                  Map<String, LeRobotMeta.VideoFormat> videoFormats) {
        int fps() {
            return map.fps();
        }
    }

    private LeRobotExport() { }

    /** @param flush takes every finished file, so the disk writes them while the export goes on */
    static Result write(ExportPlan plan, FeatureMap map, Path work, String planKey, FileSizeLimits limits, ProgressSink progress,
                        Cancellation cancel, BackgroundFlush flush) {
        List<EpisodeDetail> episodes = plan.episodes();
        int fps = map.fps();
        List<FeatureMap.Feature> cameras = map.cameras();
        // With a rate of the user's choosing, rows are a constant grid; with the cameras' own rate, the master's frames.
        FeatureMap.Feature master = cameras.isEmpty() || !map.clock().equals("camera_rate") ? null : master(cameras, episodes.get(0));
        List<EpisodeOut> outs = new ArrayList<>();
        for (SegmentPlan seg : plan.segments()) {
            cancel.check();
            if (master == null) {
                outs.add(new EpisodeOut(seg, FrameClock.constantTimes(seg.startNs(), seg.endNs(), fps), 0));
                continue;
            }
            StreamEntry ms = stream(seg.episode(), master.stream(seg.episodeId()));
            int[] first = new int[1];
            long[] times = FrameClock.masterTimes(Sources.timeline(Path.of(seg.episode().datasetRoot()), seg.episode(), ms),
                    seg.startNs(), seg.endNs(), first);
            outs.add(new EpisodeOut(seg, times, first[0]));
        }
        Map<String, Integer> tasks = new LinkedHashMap<>();
        Map<String, Integer> subtasks = new LinkedHashMap<>();
        for (SegmentPlan seg : plan.segments()) {
            tasks.putIfAbsent(seg.task(), tasks.size());
            seg.subtasks().forEach(r -> { if (r.label() != null) subtasks.putIfAbsent(r.label(), subtasks.size()); });
        }
        long frames = outs.stream().mapToLong(EpisodeOut::length).sum();
        ExportProgress counter = new ExportProgress(progress, frames * (1 + cameras.size()));
        List<Function<Cancellation, ?>> jobs = new ArrayList<>();
        jobs.add(stop -> LeRobotData.write(work, outs, map, tasks, subtasks, limits.dataFileBytes(), counter, stop));
        for (FeatureMap.Feature c : cameras) {
            jobs.add(stop -> LeRobotVideos.plan(work, c, outs, fps, limits.videoFileBytes(), planKey, counter, stop));
        }
        // The data job only writes the episodes' data fields and the cameras only read their frame clocks.
        List<Object> results = ParallelWriters.run(jobs, cancel);
        @SuppressWarnings("unchecked")
        List<String> dataFiles = (List<String>) results.get(0);
        List<LeRobotVideos.CameraPlan> plans = new ArrayList<>();
        for (Object r : results.subList(1, results.size())) plans.add((LeRobotVideos.CameraPlan) r);
        for (String f : dataFiles) flush.request(work.resolve(f));
        List<LeRobotVideos.CameraResult> written = completeCameras(work, plans, planKey, counter, cancel, flush);
        List<Produced> produced = new ArrayList<>();
        List<SegmentPlan> all = plan.segments();
        List<String> videoKeys = new ArrayList<>();
        Map<String, LeRobotMeta.VideoFormat> formats = new LinkedHashMap<>();
        for (LeRobotVideos.CameraResult cam : written) {
            String key = cam.key();
            videoKeys.add(key);
            if (!cam.files().isEmpty()) formats.put(key, LeRobotMeta.VideoFormat.probe(work.resolve(cam.files().get(0))));
            for (int i = 0; i < outs.size(); i++) {
                LeRobotVideos.EpisodeVideo v = cam.episodes().get(i);
                outs.get(i).videos.put(key, v.span());
                outs.get(i).stats.put(key, v.stats());
                outs.get(i).redactedFrames += v.redactedFrames();
            }
            for (String rel : cam.files()) {
                List<SegmentPlan> in = new ArrayList<>();
                String mode = "encode";
                for (EpisodeOut ep : outs) {
                    CameraVideo.Span s = ep.videos.get(key);
                    if (CameraVideo.relativePath(key, s.chunkIndex() * CameraVideo.CHUNKS_SIZE + s.fileIndex()).equals(rel)) {
                        in.add(ep.segment);
                        mode = s.mode();
                    }
                }
                produced.add(new Produced(rel, work.resolve(rel), "robotics_episode_video", in,
                        mode.equals("remux") ? "remux (packets copied, no re-encoding)" : "decode, align, redact, encode H.264",
                        cam.sha256().get(rel)));
            }
        }
        List<String> statKeys = new ArrayList<>();
        map.series().forEach(f -> statKeys.add(f.key()));
        map.depths().forEach(f -> statKeys.add(f.key()));
        statKeys.addAll(videoKeys);
        statKeys.addAll(LeRobotData.DEFAULT_FEATURES);
        List<String> episodeFiles = LeRobotMeta.writeEpisodes(work, outs, videoKeys, statKeys, limits.dataFileBytes());
        LeRobotMeta.writeStats(work, outs, map);
        LeRobotMeta.writeLabels(work, LeRobotMeta.TASKS, "task_index", "task", tasks);
        LeRobotMeta.writeLabels(work, LeRobotMeta.SUBTASKS, "subtask_index", "subtask", subtasks);
        String robot = episodes.get(0).robot();
        LeRobotMeta.writeInfo(work, map, robot, formats, outs.size(), plan.trainSegments(), frames, tasks.size(), limits);
        for (String rel : dataFiles) {
            List<SegmentPlan> in = new ArrayList<>();
            for (EpisodeOut ep : outs) if (LeRobotData.relativePath(ep.dataChunk, ep.dataFile).equals(rel)) in.add(ep.segment);
            produced.add(new Produced(rel, work.resolve(rel), "robotics_episode_data", in, "resample time series onto the frame clock", null));
        }
        List<String> metaFiles = new ArrayList<>(List.of(LeRobotMeta.INFO, LeRobotMeta.STATS, LeRobotMeta.TASKS, LeRobotMeta.SUBTASKS));
        metaFiles.addAll(episodeFiles);
        for (String meta : metaFiles) {
            produced.add(new Produced(meta, work.resolve(meta), "robotics_dataset_metadata", all, "metadata", null));
        }
        int remuxed = 0;
        int encoded = 0;
        int redacted = 0;
        for (EpisodeOut ep : outs) {
            for (CameraVideo.Span s : ep.videos.values()) {
                if (s.mode().equals("remux")) remuxed++; else encoded++;
            }
            redacted += ep.redactedFrames;
        }
        counter.finish("dataset written");
        return new Result(produced, map, master == null ? null : master.key(), frames, remuxed, encoded, redacted, tasks, subtasks,
                outs, formats);
    }

    /**
     * The camera whose frames the rows follow: the one that starts first in the first episode (then the one with the
     * most frames), so a camera switched on late does not cut the others' start off.
     */
    private static FeatureMap.Feature master(List<FeatureMap.Feature> cameras, EpisodeDetail first) {
        FeatureMap.Feature best = cameras.get(0);
        long bestStart = Long.MAX_VALUE;
        long bestFrames = -1;
        for (FeatureMap.Feature c : cameras) {
            StreamEntry s = stream(first, c.stream(first.summary().episodeId()));
            long start = (s.startNs() == null ? 0 : s.startNs()) + s.clockOffsetNs();
            long frames = s.frameCount() == null ? 0 : s.frameCount();
            if (start < bestStart || start == bestStart && frames > bestFrames) {
                best = c;
                bestStart = start;
                bestFrames = frames;
            }
        }
        return best;
    }

    static StreamEntry stream(EpisodeDetail e, String name) {
        return e.streams().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new store.CurioException("export.missing_stream", null, name,
                        "episode " + e.summary().episodeId() + " has no stream " + name));
    }

    /**
     * Copies and hashes every camera's files, one job per file, the largest first: the bytes of the export move
     * here, so the copy threads stay busy to the end rather than one finishing the last camera alone. A camera is
     * marked done (so a killed export resumes after it) as soon as its own last file is written.
     */
    private static List<LeRobotVideos.CameraResult> completeCameras(Path work, List<LeRobotVideos.CameraPlan> plans, String planKey,
                                                                    ExportProgress counter, Cancellation cancel,
                                                                    BackgroundFlush flush) {
        List<LeRobotVideos.FileJob> all = new ArrayList<>();
        List<Integer> cameraOf = new ArrayList<>();
        int[] first = new int[plans.size()];
        AtomicInteger[] left = new AtomicInteger[plans.size()];
        LeRobotVideos.CameraResult[] results = new LeRobotVideos.CameraResult[plans.size()];
        for (int c = 0; c < plans.size(); c++) {
            List<LeRobotVideos.FileJob> jobs = LeRobotVideos.fileJobs(work, plans.get(c), counter, flush);
            first[c] = all.size();
            left[c] = new AtomicInteger(jobs.size());
            all.addAll(jobs);
            for (int k = 0; k < jobs.size(); k++) cameraOf.add(c);
            if (jobs.isEmpty()) results[c] = LeRobotVideos.complete(plans.get(c), List.of(), planKey);
        }
        String[] sha = new String[all.size()];
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(all.get(b).bytes(), all.get(a).bytes()));
        List<Function<Cancellation, ? extends String>> jobs = new ArrayList<>();
        for (int i : order) {
            int c = cameraOf.get(i);
            LeRobotVideos.CameraPlan plan = plans.get(c);
            jobs.add(stop -> {
                sha[i] = all.get(i).run().apply(stop);
                // The atomic count orders every file's digest before the last one's marker write.
                if (left[c].decrementAndGet() == 0) {
                    results[c] = LeRobotVideos.complete(plan, Arrays.asList(sha).subList(first[c], first[c] + plan.files().size()), planKey);
                }
                return sha[i];
            });
        }
        ParallelWriters.runCopies(jobs, cancel);
        return List.of(results);
    }
}
