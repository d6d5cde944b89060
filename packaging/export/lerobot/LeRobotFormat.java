package packaging.export.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import packaging.export.CameraVideo;
import packaging.export.CameraVideos;
import packaging.export.EpisodeOut;
import packaging.export.ExportFormat;
import packaging.export.ExportProgress;
import packaging.export.ExportSettings;
import packaging.export.FeatureMap;
import packaging.export.FileSizeLimits;
import packaging.export.FrameRows;
import packaging.export.ParallelWriters;
import packaging.export.Produced;
import packaging.export.SegmentPlan;
import packaging.export.VideoFormat;
import store.Cancellation;

/**
 * LeRobot v3.0 (formats.md section 1): {@code data/} parquet of every row, {@code videos/<key>/} MP4s of many episodes
 * each, {@code meta/} info, stats, tasks, subtasks and the episodes table. Every feature of the map has a place.
 */
public final class LeRobotFormat implements ExportFormat {
    public static final String ID = "lerobot-v3";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "v3.0";
    }

    @Override
    public String section() {
        return "lerobot";
    }

    @Override
    public FeatureMap plan(FeatureMap shared) {
        return shared;
    }

    @Override
    public Map<String, String> layout(FeatureMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FeatureMap.Feature f : map.features()) {
            out.put(f.key(), switch (f.kind()) {
                case VIDEO -> "videos/" + f.key() + "/chunk-*/file-*.mp4";
                case DEPTH -> "data/chunk-*/file-*.parquet: " + f.key() + " (16-bit PNG)";
                default -> "data/chunk-*/file-*.parquet: " + f.key();
            });
        }
        return out;
    }

    @Override
    public Written write(Job job) {
        FeatureMap map = job.map();
        Path work = job.work();
        FileSizeLimits limits = job.limits();
        Cancellation cancel = job.cancel();
        int fps = map.fps();
        FrameRows.Rows rows = FrameRows.of(job.plan(), map, cancel);
        List<EpisodeOut> outs = rows.episodes();
        List<FeatureMap.Feature> cameras = map.cameras();
        Map<String, Integer> tasks = new LinkedHashMap<>();
        Map<String, Integer> subtasks = new LinkedHashMap<>();
        for (SegmentPlan seg : job.plan().segments()) {
            tasks.putIfAbsent(seg.task(), tasks.size());
            seg.subtasks().forEach(r -> { if (r.label() != null) subtasks.putIfAbsent(r.label(), subtasks.size()); });
        }
        ExportProgress counter = new ExportProgress(job.progress(), rows.frames() * (1 + cameras.size()));
        List<Function<Cancellation, ?>> jobs = new ArrayList<>();
        for (FeatureMap.Feature c : cameras) {
            jobs.add(stop -> CameraVideos.plan(work, c, outs, fps, CameraVideo.Layout.lerobot(c.key(), limits.videoFileBytes()),
                    job.planKey(), counter, stop));
        }
        List<CameraVideos.CameraPlan> plans = new ArrayList<>();
        for (Object r : ParallelWriters.run(jobs, cancel)) plans.add((CameraVideos.CameraPlan) r);
        // The data files are written while the videos are copied: the data job writes only series and depth
        // statistics, and the camera jobs only read the rows' clocks.
        List<Function<Cancellation, ?>> dataJob = List.of(stop -> {
            LeRobotData.Placement placed = LeRobotData.write(work, outs, map, tasks, subtasks, limits.dataFileBytes(), counter, stop);
            for (String f : placed.files()) job.flush().request(work.resolve(f));
            return placed;
        });
        CameraVideos.Written files = CameraVideos.writeFiles(work, plans, job.planKey(), counter, cancel, job.flush(), dataJob);
        LeRobotData.Placement data = (LeRobotData.Placement) files.alongside().get(0);
        List<CameraVideos.CameraResult> written = files.cameras();
        List<Produced> produced = new ArrayList<>();
        List<String> videoKeys = new ArrayList<>();
        Map<String, VideoFormat> formats = new LinkedHashMap<>();
        for (CameraVideos.CameraResult cam : written) {
            String key = cam.key();
            videoKeys.add(key);
            if (!cam.files().isEmpty()) formats.put(key, VideoFormat.probe(work.resolve(cam.files().get(0))));
            for (int i = 0; i < outs.size(); i++) {
                CameraVideos.EpisodeVideo v = cam.episodes().get(i);
                outs.get(i).videos().put(key, v.span());
                outs.get(i).stats().put(key, v.stats());
                outs.get(i).addRedacted(v.redactedFrames());
            }
            for (String rel : cam.files()) {
                List<SegmentPlan> in = new ArrayList<>();
                String mode = "encode";
                for (EpisodeOut ep : outs) {
                    CameraVideo.Span s = ep.videos().get(key);
                    if (s.file().equals(rel)) {
                        in.add(ep.segment());
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
        List<String> episodeFiles = LeRobotMeta.writeEpisodes(work, outs, data, videoKeys, statKeys, limits.dataFileBytes());
        LeRobotMeta.writeStats(work, outs, map);
        LeRobotMeta.writeLabels(work, LeRobotMeta.TASKS, "task_index", "task", tasks);
        LeRobotMeta.writeLabels(work, LeRobotMeta.SUBTASKS, "subtask_index", "subtask", subtasks);
        String robot = job.plan().episodes().get(0).robot();
        LeRobotMeta.writeInfo(work, map, robot, formats, outs.size(), job.plan().trainSegments(), rows.frames(), tasks.size(), limits);
        for (int f = 0; f < data.files().size(); f++) {
            List<SegmentPlan> in = new ArrayList<>();
            for (int i = 0; i < outs.size(); i++) if (data.fileNumberOf()[i] == f) in.add(outs.get(i).segment());
            String rel = data.files().get(f);
            produced.add(new Produced(rel, work.resolve(rel), "robotics_episode_data", in, "resample time series onto the frame clock", null));
        }
        List<String> metaFiles = new ArrayList<>(List.of(LeRobotMeta.INFO, LeRobotMeta.STATS, LeRobotMeta.TASKS, LeRobotMeta.SUBTASKS));
        metaFiles.addAll(episodeFiles);
        for (String meta : metaFiles) {
            produced.add(new Produced(meta, work.resolve(meta), "robotics_dataset_metadata", job.plan().segments(), "metadata", null));
        }
        counter.finish("dataset written");
        Stats stats = Stats.of(outs, rows.masterKey());
        ObjectNode card = JsonNodeFactory.instance.objectNode();
        card.put("master_camera", rows.masterKey());
        var cams = card.putArray("cameras");
        map.cameras().forEach(f -> cams.add(f.key()));
        var depthMaps = card.putArray("depth_maps");
        map.depths().forEach(f -> depthMaps.add(f.key()));
        card.put("videos_copied_without_reencoding", stats.videosCopied());
        card.put("videos_reencoded", stats.videosEncoded());
        subtasks.keySet().forEach(card.putArray("subtask_labels")::add);
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        settings.put("encoded_video", "H.264 (libopenh264), constant frame rate at the dataset fps, a keyframe every "
                + ExportSettings.keyframeInterval(fps) + " frames");
        settings.putPOJO("data_files_size_in_mb", FileSizeLimits.inMb(limits.dataFileBytes()));
        settings.putPOJO("video_files_size_in_mb", FileSizeLimits.inMb(limits.videoFileBytes()));
        return new Written(produced, stats, card, settings);
    }

    @Override
    public String markdown(JsonNode l) {
        StringBuilder md = new StringBuilder();
        md.append("- Cameras: ").append(l.path("cameras").isEmpty() ? "none" : String.join(", ", texts(l.path("cameras"))))
                .append(l.path("master_camera").isNull() || l.path("master_camera").isMissingNode() ? ""
                        : " (rows follow " + l.path("master_camera").asText() + ")").append("\n");
        md.append("- Videos copied without re-encoding: ").append(l.path("videos_copied_without_reencoding").asInt())
                .append("; re-encoded (trim, redaction or alignment): ").append(l.path("videos_reencoded").asInt()).append("\n");
        md.append("- Subtask labels (column subtask_index, vocabulary in meta/subtasks.parquet): ")
                .append(String.join(", ", texts(l.path("subtask_labels")))).append("\n");
        return md.toString();
    }

    static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
