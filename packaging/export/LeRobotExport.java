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
import store.StreamKind;

/** Writes a LeRobot v3.0 dataset for an {@link ExportPlan} into a work folder. */
final class LeRobotExport {
    static final String ALIGNMENT = "Frames follow the master camera's own frames inside each segment; other cameras "
            + "show their nearest frame at each frame instant; time series are linearly interpolated at each frame "
            + "instant and held at their first/last sample outside their range.";

    /** What the data card and manifest need to say about the dataset. */
    record Result(List<Produced> produced, int fps, String masterCamera, List<String> cameras, List<SeriesFeature> features,
                  long frames, int remuxedVideos, int encodedVideos, int redactedFrames, Map<String, Integer> tasks,
                  Map<String, Integer> subtasks) { }

    private LeRobotExport() { }

    /** @param flush takes every finished file, so the disk writes them while the export goes on */
    static Result write(ExportPlan plan, Path work, String planKey, FileSizeLimits limits, ProgressSink progress,
                        Cancellation cancel, BackgroundFlush flush) {
        List<EpisodeDetail> episodes = plan.episodes();
        List<String> cameras = commonCameras(episodes);
        String master = cameras.isEmpty() ? null : cameras.get(0);
        int fps = fps(episodes.get(0), master);
        List<EpisodeOut> outs = new ArrayList<>();
        List<LeRobotMeta.Camera> sizes = new ArrayList<>();
        for (SegmentPlan seg : plan.segments()) {
            cancel.check();
            if (master == null) {
                outs.add(new EpisodeOut(seg, FrameClock.constantTimes(seg.startNs(), seg.endNs(), fps), 0));
                continue;
            }
            StreamEntry ms = stream(seg.episode(), master);
            int[] first = new int[1];
            long[] times = FrameClock.masterTimes(Sources.timeline(Path.of(seg.episode().datasetRoot()), seg.episode(), ms),
                    seg.startNs(), seg.endNs(), first);
            outs.add(new EpisodeOut(seg, times, first[0]));
        }
        for (String c : cameras) {
            StreamEntry s = stream(episodes.get(0), c);
            sizes.add(new LeRobotMeta.Camera(c, s.width() == null ? 0 : s.width(), s.height() == null ? 0 : s.height()));
        }
        Map<String, Integer> tasks = new LinkedHashMap<>();
        Map<String, Integer> subtasks = new LinkedHashMap<>();
        for (SegmentPlan seg : plan.segments()) {
            tasks.putIfAbsent(seg.task(), tasks.size());
            seg.subtasks().forEach(r -> { if (r.label() != null) subtasks.putIfAbsent(r.label(), subtasks.size()); });
        }
        List<SeriesFeature> features = LeRobotData.features(episodes, Path.of(episodes.get(0).datasetRoot()), cancel);
        long frames = outs.stream().mapToLong(EpisodeOut::length).sum();
        ExportProgress counter = new ExportProgress(progress, frames * (1 + cameras.size()));
        List<Function<Cancellation, ?>> jobs = new ArrayList<>();
        jobs.add(stop -> LeRobotData.write(work, outs, features, tasks, subtasks, fps, limits.dataFileBytes(), counter, stop));
        for (String c : cameras) {
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
        for (LeRobotVideos.CameraResult cam : written) {
            String key = cam.key();
            videoKeys.add(key);
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
        features.forEach(f -> statKeys.add(f.key()));
        statKeys.addAll(videoKeys);
        statKeys.add("timestamp");
        statKeys.add("frame_index");
        List<String> episodeFiles = LeRobotMeta.writeEpisodes(work, outs, videoKeys, statKeys, limits.dataFileBytes());
        LeRobotMeta.writeStats(work, outs);
        LeRobotMeta.writeLabels(work, LeRobotMeta.TASKS, "task_index", "task", tasks);
        LeRobotMeta.writeLabels(work, LeRobotMeta.SUBTASKS, "subtask_index", "subtask", subtasks);
        String robot = episodes.get(0).robot();
        LeRobotMeta.writeInfo(work, fps, robot, features, sizes, outs.size(), frames, tasks.size(), limits);
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
        return new Result(produced, fps, master, cameras, features, frames, remuxed, encoded, redacted, tasks, subtasks);
    }

    /** Video streams every episode has, in the first episode's order; the first is the master (frame clock). */
    static List<String> commonCameras(List<EpisodeDetail> episodes) {
        List<String> out = new ArrayList<>();
        for (StreamEntry s : episodes.get(0).streams()) {
            if (s.kind() != StreamKind.VIDEO) continue;
            boolean all = episodes.stream().allMatch(e -> e.streams().stream()
                    .anyMatch(x -> x.kind() == StreamKind.VIDEO && x.name().equals(s.name())));
            if (all) out.add(s.name());
        }
        return out;
    }

    private static int fps(EpisodeDetail first, String master) {
        if (master != null) {
            Double hz = stream(first, master).rateHz();
            if (hz != null && hz > 0) return (int) Math.round(hz);
        }
        return 30;
    }

    private static StreamEntry stream(EpisodeDetail e, String name) {
        return e.streams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
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
