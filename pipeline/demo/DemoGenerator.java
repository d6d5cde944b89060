package pipeline.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import pipeline.Digests;
import pipeline.EpisodeIds;
import pipeline.video.Ffmpeg;
import pipeline.video.H264;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * Writes the built-in demo dataset: raw episode folders as seed 003 describes them
 * ({@code raw_episodes/<episode_id>/} with {@code bag/}, {@code episode_manifest.json}, {@code notes.md})
 * plus one H.264 MP4 per camera under {@code video/}. Deterministic for a given seed: the same seed gives
 * the same manifests, the same joint data and the same pixels.
 */
public final class DemoGenerator {
    public static final String BAG_FILE = "bag/episode.mcap";
    public static final String MANIFEST_FILE = "episode_manifest.json";
    public static final String NOTES_FILE = "notes.md";
    public static final String DATASET_NAME = "curio-demo";
    /** 2 s between keyframes, as a camera recorder typically writes. */
    static final int GOP_FRAMES = 60;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** @param longTakes null for the ordinary demo takes */
    public record Options(Path dir, int episodes, long seed, LongTakes longTakes) {
        public Options {
            if (episodes < 1 || episodes > 1000) {
                throw new CurioException("demo.bad_option", null, "episodes", "episodes must be 1..1000, was " + episodes);
            }
        }

        public Options(Path dir, int episodes, long seed) {
            this(dir, episodes, seed, null);
        }
    }

    /**
     * Benchmark data: every take lasts {@code gops} keyframe intervals of 2 s, its three cameras share the episode
     * clock, and their video runs at about {@code videoBitrate} bits/s (see {@link LongTake}).
     */
    public record LongTakes(int gops, int videoBitrate) {
        public LongTakes {
            if (gops < 1 || videoBitrate < 100_000) {
                throw new CurioException("demo.bad_option", null, "long_takes", "a long take needs at least 1 GOP and 100 kbit/s");
            }
        }

        public static double gopSeconds() {
            return GOP_FRAMES / DemoEpisodePlan.VIDEO_FPS;
        }
    }

    public record GeneratedEpisode(String episodeId, Path folder, ObjectNode manifest) { }

    private final String version;

    public DemoGenerator(String version) {
        this.version = version;
    }

    public static Path episodesRoot(Path dir) {
        return dir.resolve("raw_episodes");
    }

    public List<GeneratedEpisode> generate(Options options, ProgressSink progress, Cancellation cancel) {
        Ffmpeg.init();
        List<DemoEpisodePlan> plans = new ArrayList<>();
        long totalFrames = 0;
        for (int i = 0; i < options.episodes(); i++) {
            DemoEpisodePlan plan = DemoEpisodePlan.of(i, options.seed());
            if (options.longTakes() != null) plan = plan.longTake(options.longTakes().gops() * LongTakes.gopSeconds());
            plans.add(plan);
            for (DemoEpisodePlan.Camera c : plan.cameras()) totalFrames += c.frameCount();
        }
        Path root = episodesRoot(options.dir());
        String datasetId = DemoManifest.uuid("curio-demo-" + options.seed());
        List<GeneratedEpisode> out = new ArrayList<>();
        long[] done = {0};
        long total = totalFrames;
        try {
            Files.createDirectories(root);
            for (DemoEpisodePlan plan : plans) {
                cancel.check();
                out.add(writeEpisode(root, plan, options.longTakes(), datasetId, frames -> {
                    done[0] += frames;
                    progress.update(done[0], total, "episode " + (plan.index() + 1) + " of " + plans.size());
                }, cancel));
            }
        } catch (IOException e) {
            throw new CurioException("demo.write_failed", root.toString(), null, e.getMessage(), e);
        }
        return out;
    }

    /**
     * Writes into a hidden staging folder and renames it to the episode id only when complete: the id is
     * the hash of the manifest, which needs the file checksums, and a crash never leaves a half episode
     * under a real id.
     */
    private GeneratedEpisode writeEpisode(Path root, DemoEpisodePlan plan, LongTakes longTakes, String datasetId,
                                          java.util.function.LongConsumer framesDone, Cancellation cancel)
            throws IOException {
        Path staging = root.resolve(".staging-" + plan.index());
        deleteRecursively(staging);
        Files.createDirectories(staging.resolve("video"));
        Files.createDirectories(staging.resolve("bag"));
        ArmMotion motion = plan.motion();
        for (int c = 0; c < plan.cameras().size(); c++) {
            if (longTakes == null) {
                writeCamera(staging, plan, c, motion, framesDone, cancel);
            } else {
                DemoEpisodePlan.Camera cam = plan.cameras().get(c);
                LongTake.write(staging.resolve("video/" + cam.name() + ".mp4"), plan, c, longTakes.videoBitrate(), cam.frameCount(), cancel);
                framesDone.accept(cam.frameCount());
            }
        }
        DemoBag.write(staging.resolve(BAG_FILE), plan, motion);
        Map<String, String> checksums = new LinkedHashMap<>();
        for (DemoEpisodePlan.Camera cam : plan.cameras()) {
            String rel = "video/" + cam.name() + ".mp4";
            checksums.put(rel, Digests.sha256Hex(staging.resolve(rel)));
        }
        checksums.put(BAG_FILE, Digests.sha256Hex(staging.resolve(BAG_FILE)));
        ObjectNode manifest = DemoManifest.build(plan, datasetId, checksums, version);
        String episodeId = EpisodeIds.fromManifest(manifest);
        ObjectNode withId = JSON.createObjectNode();
        withId.put("episode_id", episodeId);
        withId.setAll(manifest);
        Files.writeString(staging.resolve(MANIFEST_FILE), JSON.writeValueAsString(withId) + "\n", StandardCharsets.UTF_8);
        Files.writeString(staging.resolve(NOTES_FILE), notes(plan, episodeId), StandardCharsets.UTF_8);
        Path target = root.resolve(episodeId);
        deleteRecursively(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return new GeneratedEpisode(episodeId, target, withId);
    }

    private static void writeCamera(Path dir, DemoEpisodePlan plan, int cameraIndex, ArmMotion motion,
                                    java.util.function.LongConsumer framesDone, Cancellation cancel) throws IOException {
        DemoEpisodePlan.Camera cam = plan.cameras().get(cameraIndex);
        Path file = dir.resolve("video/" + cam.name() + ".mp4");
        BufferedImage img = new BufferedImage(DemoScene.WIDTH, DemoScene.HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder rec = h264Recorder(file, 1_200_000);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.start();
            int frames = cam.frameCount();
            for (int f = 0; f < frames; f++) {
                if ((f & 31) == 0) cancel.check();
                double t = cam.startS() + f / DemoEpisodePlan.VIDEO_FPS;
                boolean face = plan.hasFace() && cameraIndex == 0;
                DemoScene.render(img, cam.name(), cameraIndex, f, t, motion.position(t), face);
                rec.record(conv.convert(img));
                if ((f & 31) == 31) framesDone.accept(32);
            }
            framesDone.accept(frames & 31);
            rec.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw pipeline.video.Ffmpeg.writeFailed("demo.encode_failed", file, cam.name(), e.getMessage(), e);
        }
    }

    /** The demo's camera encoding: H.264 in MP4, yuv420p, 30 fps, a keyframe every GOP_FRAMES. */
    static FFmpegFrameRecorder h264Recorder(Path file, int bitrate) {
        return H264.recorder(file, DemoScene.WIDTH, DemoScene.HEIGHT, DemoEpisodePlan.VIDEO_FPS, GOP_FRAMES, bitrate);
    }

    private static String notes(DemoEpisodePlan plan, String episodeId) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(episodeId).append("\n\n");
        sb.append("Task: ").append(plan.task()).append("\n\n");
        sb.append("Operator notes (demo take ").append(plan.index() + 1).append("):\n\n");
        if (plan.fails()) {
            sb.append("- The cube slipped out of the gripper during the lift; the take was kept for failure analysis.\n");
        } else {
            sb.append("- Clean take, the cube was placed on the first attempt.\n");
        }
        if (plan.hasFace()) {
            sb.append("- A person walked into the overview camera (cam_high): faces need redaction before release.\n");
        }
        if (plan.cameras().size() > 1) {
            sb.append("- Wrist cameras start a little after the overview camera and stop a little before it.\n");
        }
        return sb.toString();
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(x);
        }
    }
}
