package packaging.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import packaging.bundle.BackgroundFlush;
import pipeline.Digests;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.FrameTimeline;
import pipeline.source.Sources;
import pipeline.source.StreamLocator;
import pipeline.video.Mp4SampleTable;
import store.Annotations;
import store.Cancellation;
import store.CurioException;
import store.StreamEntry;

/**
 * The MP4 files of one camera key, for every format that writes video (LeRobot v3, the MP4 media bundle). An
 * episode's video is copied packet for packet when nothing about its frames changes (whole episode, no redaction,
 * its frames are exactly the frame clock's); otherwise it is decoded, its nearest frame taken at each frame-clock
 * instant, redactions burned in, and re-encoded. A finished camera leaves a marker in the work folder, so a re-run of
 * a killed export with the same plan reuses it.
 */
public final class CameraVideos {
    /** Frames per episode sampled for the per-channel video statistics, as LeRobot estimates them. */
    static final int STAT_SAMPLES = 5;
    /** Statistics read every PIXEL_STEP-th pixel of every PIXEL_STEP-th row: the same estimate at 1/16 of the cost. */
    static final int PIXEL_STEP = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CameraVideos() { }

    /** What one episode's frames became in this camera's files. */
    public record EpisodeVideo(CameraVideo.Span span, FeatureStats stats, int redactedFrames) { }

    /**
     * One camera's files (relative to the dataset root, in order), their SHA-256 where this run wrote them (a
     * resumed camera's are hashed later by the bundle), and per episode, in plan order, where its frames went.
     */
    public record CameraResult(String key, List<String> files, Map<String, String> sha256, List<EpisodeVideo> episodes) { }

    /**
     * A camera with every episode placed: FFmpeg's files (encoded, or remuxed where a byte copy was refused) are
     * written; {@code copies} are the files still to be copied byte for byte, and {@code laterStats} the episodes
     * among them whose image statistics are still to be taken (their {@code episodes} entry has none yet).
     * {@code resumed} is set instead when an earlier run finished the camera.
     */
    public record CameraPlan(String key, Path marker, List<String> files, List<CameraVideo.Planned> copies, List<EpisodeVideo> episodes,
                      List<LaterStats> laterStats, CameraResult resumed) { }

    /** A byte-copied episode whose image statistics come from its source's keyframes, while the files are written. */
    record LaterStats(int episode, Path source, Mp4SampleTable table, Path root, EpisodeOut out, StreamEntry stream) { }

    /** The cameras' results, and the results of the jobs run alongside their copies, in the order given. */
    public record Written(List<CameraResult> cameras, List<Object> alongside) { }

    /**
     * Places one camera's episodes. Touches no shared state except {@code progress}, so the cameras of an export
     * are planned at the same time. Copying whole MP4s costs little here (sample tables and a few keyframes
     * read); their bytes move in {@link #fileJobs}.
     */
    public static CameraPlan plan(Path work, FeatureMap.Feature camera, List<EpisodeOut> episodes, int fps,
                                  CameraVideo.Layout layout, String planKey, ExportProgress progress, Cancellation cancel) {
        String key = camera.key();
        Path marker = work.resolve(".camera-" + key + ".done.json");
        CameraResult resumed = resume(marker, planKey, key, episodes);
        if (resumed != null) {
            for (EpisodeOut ep : episodes) progress.add(ep.length());
            return new CameraPlan(key, marker, resumed.files(), List.of(), resumed.episodes(), List.of(), resumed);
        }
        List<EpisodeVideo> out = new ArrayList<>();
        List<LaterStats> later = new ArrayList<>();
        // One set of frame buffers per camera, reused by every episode it encodes: buffers that lived an episode
        // long would otherwise be promoted to the old generation and pile up there until a full collection.
        try (DecodeAhead.Buffers buffers = new DecodeAhead.Buffers();
             CameraVideo video = new CameraVideo(work, key, fps, layout)) {
            for (EpisodeOut ep : episodes) {
                cancel.check();
                StreamEntry stream = FrameRows.stream(ep.segment().episode(), camera.stream(ep.segment().episodeId()));
                List<Annotations.RedactionTrack> tracks = ep.segment().redactions(stream.name());
                Path root = Path.of(ep.segment().episode().datasetRoot());
                FrameTimeline tl = Sources.timeline(root, ep.segment().episode(), stream, ep.segment().placement());
                if (tracks.isEmpty() && copiesExactly(root, ep, stream, tl, fps)) {
                    Path source = root.resolve(StreamLocator.of(stream).file());
                    CameraVideo.Remuxed r = video.remux(source, ep.length(), cancel);
                    if (r.statsFrom() != null) {
                        later.add(new LaterStats(out.size(), source, r.statsFrom(), root, ep, stream));
                        out.add(new EpisodeVideo(r.span(), null, 0));
                    } else {
                        FeatureStats stats = r.stats() != null ? r.stats() : decodedSamples(root, ep, stream);
                        out.add(new EpisodeVideo(r.span(), stats, 0));
                    }
                    // A deferred copy's frames count when its file is written.
                    if (!r.deferred()) progress.add(ep.length());
                } else {
                    try (CameraFrames frames = CameraFrames.open(ep, camera, buffers.last())) {
                        out.add(encode(video, frames, ep, progress, key, buffers, cancel));
                    }
                }
                progress.report(key + ": episode " + (ep.segment().index() + 1));
            }
            video.finish();
            return new CameraPlan(key, marker, video.files(), video.planned(), out, later, null);
        }
    }

    /**
     * What completes a planned camera, one job per file in {@link CameraPlan#files} order, each returning the
     * file's SHA-256: a planned file is copied and hashed as it is written; a file FFmpeg wrote is read and
     * hashed. A resumed camera needs none (the bundle hashes its files).
     */
    static List<FileJob> fileJobs(Path work, CameraPlan plan, ExportProgress progress, BackgroundFlush flush) {
        if (plan.resumed() != null) return List.of();
        Map<String, CameraVideo.Planned> copies = new LinkedHashMap<>();
        for (CameraVideo.Planned c : plan.copies()) copies.put(c.file(), c);
        List<FileJob> jobs = new ArrayList<>();
        for (String f : plan.files()) {
            CameraVideo.Planned c = copies.get(f);
            Path file = work.resolve(f);
            if (c == null) {
                jobs.add(new FileJob(size(file), stop -> {
                    stop.check();
                    String sha = Digests.sha256Hex(file);
                    flush.request(file);
                    return sha;
                }));
            } else {
                jobs.add(new FileJob(c.bytes(), stop -> {
                    long[] counted = {0};
                    return CameraVideo.write(work, c, stop, flush, frames -> {
                        // A large file takes a while: progress moves as its bytes go out, not only when it is done.
                        progress.add(frames - counted[0]);
                        counted[0] = frames;
                        progress.report(plan.key() + ": " + f);
                    });
                }));
            }
        }
        return jobs;
    }

    /**
     * Copies and hashes every planned camera's files, one job per file, the largest first: the bytes of the export
     * move here, so the copy threads stay busy to the end rather than one finishing the last camera alone. A camera is
     * marked done (so a killed export resumes after it) as soon as its own last file is written.
     *
     * @return one result per plan, in plan order
     */
    public static List<CameraResult> writeFiles(Path work, List<CameraPlan> plans, String planKey, ExportProgress counter,
                                                Cancellation cancel, BackgroundFlush flush) {
        return writeFiles(work, plans, planKey, counter, cancel, flush, List.of()).cameras();
    }

    /**
     * As above, with {@code alongside} (the format's other writers) started first and each camera's keyframe
     * statistics ({@link CameraPlan#laterStats}) taken last: copying is mostly hashing and the kernel's writes, so
     * the decoding and the data files fill the cores while the copies wait on the disk, instead of keeping the copies
     * from starting. A camera is marked done once its files and its statistics are.
     */
    public static Written writeFiles(Path work, List<CameraPlan> plans, String planKey, ExportProgress counter,
                                     Cancellation cancel, BackgroundFlush flush, List<Function<Cancellation, ?>> alongside) {
        List<FileJob> all = new ArrayList<>();
        List<Integer> cameraOf = new ArrayList<>();
        int[] first = new int[plans.size()];
        AtomicInteger[] left = new AtomicInteger[plans.size()];
        CameraResult[] results = new CameraResult[plans.size()];
        List<List<EpisodeVideo>> episodes = new ArrayList<>();
        for (int c = 0; c < plans.size(); c++) {
            CameraPlan plan = plans.get(c);
            List<FileJob> jobs = fileJobs(work, plan, counter, flush);
            first[c] = all.size();
            left[c] = new AtomicInteger(jobs.size() + (plan.laterStats().isEmpty() ? 0 : 1));
            all.addAll(jobs);
            for (int k = 0; k < jobs.size(); k++) cameraOf.add(c);
            episodes.add(new ArrayList<>(plan.episodes()));
            if (left[c].get() == 0) results[c] = complete(plan, List.of(), plan.episodes(), planKey);
        }
        String[] sha = new String[all.size()];
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(all.get(b).bytes(), all.get(a).bytes()));
        List<Function<Cancellation, ?>> jobs = new ArrayList<>(alongside);
        // One job for every camera's statistics, one camera after another: a decoder open per camera at a time keeps
        // the copy's memory flat, and one core's share is enough to finish while the copies wait on the disk.
        if (plans.stream().anyMatch(p -> !p.laterStats().isEmpty())) {
            jobs.add(stop -> {
                for (int c = 0; c < plans.size(); c++) {
                    CameraPlan plan = plans.get(c);
                    if (plan.laterStats().isEmpty()) continue;
                    List<EpisodeVideo> eps = episodes.get(c);
                    try (KeyframeStats keyframes = new KeyframeStats()) {
                        for (LaterStats l : plan.laterStats()) {
                            stop.check();
                            FeatureStats stats = keyframes.of(l.source(), l.table());
                            if (stats == null) stats = decodedSamples(l.root(), l.out(), l.stream());
                            EpisodeVideo v = eps.get(l.episode());
                            eps.set(l.episode(), new EpisodeVideo(v.span(), stats, v.redactedFrames()));
                        }
                    }
                    if (left[c].decrementAndGet() == 0) {
                        results[c] = complete(plan, Arrays.asList(sha).subList(first[c], first[c] + plan.files().size()), eps, planKey);
                    }
                }
                return "keyframe statistics";
            });
        }
        for (int i : order) {
            int c = cameraOf.get(i);
            CameraPlan plan = plans.get(c);
            jobs.add(stop -> {
                sha[i] = all.get(i).run().apply(stop);
                // The atomic count orders every file's digest (and the statistics) before the marker write.
                if (left[c].decrementAndGet() == 0) {
                    results[c] = complete(plan, Arrays.asList(sha).subList(first[c], first[c] + plan.files().size()), episodes.get(c), planKey);
                }
                return sha[i];
            });
        }
        List<?> ran = ParallelWriters.runCopies(jobs, cancel, jobs.size() - all.size());
        return new Written(List.of(results), new ArrayList<>(ran.subList(0, alongside.size())));
    }

    /** One file's job, with the bytes it moves so an export can start the largest first. */
    record FileJob(long bytes, Function<Cancellation, String> run) { }

    /**
     * The camera's result once its {@link #fileJobs} ran ({@code sha256} in file order) and its statistics were
     * taken ({@code episodes}); marks the camera done.
     */
    static CameraResult complete(CameraPlan plan, List<String> sha256, List<EpisodeVideo> episodes, String planKey) {
        if (plan.resumed() != null) return plan.resumed();
        Map<String, String> sha = new LinkedHashMap<>();
        for (int i = 0; i < plan.files().size(); i++) sha.put(plan.files().get(i), sha256.get(i));
        CameraResult result = new CameraResult(plan.key(), plan.files(), sha, List.copyOf(episodes));
        writeMarker(plan.marker(), planKey, result);
        return result;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    private static EpisodeVideo encode(CameraVideo video, CameraFrames frames, EpisodeOut ep, ExportProgress progress, String key,
                                       DecodeAhead.Buffers buffers, Cancellation cancel) {
        FeatureStats stats = new FeatureStats(3);
        List<Integer> sampleAt = samples(ep.length());
        int[] size = frames.size();
        // Runs on the decoding thread; the encoder takes the frames in order (see DecodeAhead).
        java.util.function.BiConsumer<Integer, FrameBuffer> decode = (k, out) -> {
            frames.decode(k, out);
            if (sampleAt.contains(k)) addPixels(stats, out.argb(), out.width(), out.height());
            buffers.convert(out);
        };
        CameraVideo.Span span;
        try (DecodeAhead ahead = new DecodeAhead(ep.length(), decode, buffers, cancel)) {
            span = video.encode(ep.length(), size[0], size[1], k -> {
                FrameBuffer f = ahead.frame(k);
                progress.add(1);
                if ((k & 31) == 0) progress.report(key + ": episode " + (ep.segment().index() + 1));
                return buffers.encoderFrame(f);
            }, cancel);
        }
        return new EpisodeVideo(span, stats, frames.redactedRows());
    }

    /** For a codec FFmpeg can copy but not decode alone from a keyframe packet: the samples, decoded the usual way. */
    private static FeatureStats decodedSamples(Path root, EpisodeOut ep, StreamEntry stream) {
        FeatureStats stats = new FeatureStats(3);
        FrameBuffer buf = new FrameBuffer();
        try (FrameSource src = Sources.open(root, ep.segment().episode(), stream, 0, ep.segment().placement())) {
            for (int k : samples(ep.length())) {
                src.decode(ep.masterFirstFrame() + k, buf);
                addPixels(stats, buf.argb(), buf.width(), buf.height());
            }
        }
        return stats;
    }

    /** True when the source file's frames are exactly this episode's frames on the frame clock. */
    private static boolean copiesExactly(Path root, EpisodeOut ep, StreamEntry stream, FrameTimeline tl, int fps) {
        StreamLocator loc = StreamLocator.of(stream);
        if (!ep.segment().whole() || !StreamLocator.MP4.equals(loc.container())) return false;
        // A segment of a shared file (LeRobot v3) is copied only when it is the whole file (one episode per file).
        if (loc.fromS() != null && (Math.abs(loc.fromS()) > 1e-9 || samplesInFile(root, loc) != ep.length())) return false;
        if (stream.rateHz() == null || Math.abs(stream.rateHz() - fps) > 1e-6) return false;
        if (tl.frameCount() != ep.length() || ep.length() == 0) return false;
        long halfPeriod = Math.round(0.5e9 / fps);
        return Math.abs(tl.timeNs(0) - ep.timeNs(0)) < halfPeriod
                && Math.abs(tl.timeNs(ep.length() - 1) - ep.timeNs(ep.length() - 1)) < halfPeriod;
    }

    /** Frames in the whole file, or -1 when its sample table cannot be read the byte-copy way (FFmpeg then remuxes it). */
    private static long samplesInFile(Path root, StreamLocator loc) {
        try {
            return pipeline.video.Mp4SampleTable.read(root.resolve(loc.file()), loc.file()).sampleCount();
        } catch (CurioException e) {
            if (pipeline.video.Mp4SampleTable.refused(e)) return -1;
            throw e;
        }
    }

    /** Up to {@link #STAT_SAMPLES} frame positions spread evenly over an episode of {@code length} frames. */
    public static List<Integer> samples(int length) {
        List<Integer> out = new ArrayList<>();
        int n = Math.min(STAT_SAMPLES, length);
        for (int i = 0; i < n; i++) {
            int k = (int) ((long) i * (length - 1) / Math.max(1, n - 1));
            if (!out.contains(k)) out.add(k);
        }
        return out;
    }

    /** Every 4th pixel of every 4th row of packed 0xAARRGGBB pixels, RGB scaled to 0..1 as LeRobot's image statistics are. */
    public static void addPixels(FeatureStats stats, int[] px, int width, int height) {
        double[] rgb = new double[3];
        for (int y = 0; y < height; y += PIXEL_STEP) {
            for (int x = 0; x < width; x += PIXEL_STEP) {
                int p = px[y * width + x];
                rgb[0] = ((p >> 16) & 0xFF) / 255.0;
                rgb[1] = ((p >> 8) & 0xFF) / 255.0;
                rgb[2] = (p & 0xFF) / 255.0;
                stats.add(rgb);
            }
        }
    }

    private static void writeMarker(Path marker, String planKey, CameraResult r) {
        ObjectNode m = JSON.createObjectNode().put("plan", planKey);
        r.files().forEach(m.putArray("files")::add);
        ArrayNode eps = m.putArray("episodes");
        for (EpisodeVideo v : r.episodes()) {
            CameraVideo.Span s = v.span();
            ObjectNode e = eps.addObject().put("path", s.file()).put("chunk", s.chunkIndex()).put("file", s.fileIndex()).put("from", s.fromS())
                    .put("to", s.toS()).put("frames", s.frames()).put("mode", s.mode()).put("redacted", v.redactedFrames());
            e.set("stats", v.stats().state());
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, m.toString());
        } catch (IOException e) {
            throw new CurioException("io.write_failed", marker.toString(), null, e.getMessage(), e);
        }
    }

    private static CameraResult resume(Path marker, String planKey, String key, List<EpisodeOut> episodes) {
        if (!Files.isRegularFile(marker)) return null;
        try {
            ObjectNode m = (ObjectNode) JSON.readTree(marker.toFile());
            if (!planKey.equals(m.path("plan").asText()) || m.path("episodes").size() != episodes.size()) return null;
            List<String> files = new ArrayList<>();
            for (var f : m.path("files")) {
                if (!Files.isRegularFile(marker.getParent().getParent().resolve(f.asText()))) return null;
                files.add(f.asText());
            }
            List<EpisodeVideo> out = new ArrayList<>();
            for (var e : m.path("episodes")) {
                out.add(new EpisodeVideo(new CameraVideo.Span(e.path("path").asText(), e.path("chunk").asInt(), e.path("file").asInt(), e.path("from").asDouble(),
                        e.path("to").asDouble(), e.path("frames").asLong(), e.path("mode").asText()),
                        FeatureStats.fromState((ObjectNode) e.path("stats")), e.path("redacted").asInt()));
            }
            return new CameraResult(key, files, Map.of(), out);
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }
}
