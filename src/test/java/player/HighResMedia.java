package player;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import pipeline.source.DemoFixture;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * Lab-camera sizes of the demo's richest episode, written by the FFmpeg command line (not by Curio): its cameras
 * scaled to 1280x720 and encoded as AV1 by SVT-AV1 (LeRobot's codec), or scaled to 1920x1080 and encoded as H.264 with
 * B-frames by x264. The frame code drawn into every demo frame scales with the picture, so the frame a tile shows
 * can still be read out of it. Encoded once per test JVM.
 */
final class HighResMedia {
    /** One set of media: the episode over the re-encoded files, and the folder they are in. */
    record Set(EpisodeDetail episode, Path root, String label) { }

    private static final Map<String, Set> MADE = new ConcurrentHashMap<>();

    private HighResMedia() { }

    /** Four 1280x720 AV1 streams at 30 fps: the three cameras, and the first again on a shifted clock. */
    static Set av1x4() {
        return make("720p-av1", "av1", 1280, 720, 4, List.of("-vf", "scale=1280:720", "-c:v", "libsvtav1", "-preset", "10", "-crf", "24",
                "-g", "60", "-pix_fmt", "yuv420p"));
    }

    /** Three 1920x1080 H.264 streams at 30 fps with B-frames (three between references, a keyframe every 2 s). */
    static Set h264x3() {
        return make("1080p-h264", "h264", 1920, 1080, 3, List.of("-vf", "scale=1920:1080", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3",
                "-g", "60", "-crf", "20", "-pix_fmt", "yuv420p"));
    }

    /** The demo's cameras re-encoded; their catalog entries say what ingest would: codec and size. */
    private static synchronized Set make(String label, String codec, int width, int height, int streams, List<String> encode) {
        Assumptions.assumeTrue(hasFfmpeg(), "the ffmpeg command (apt-get install ffmpeg) writes the " + label + " media");
        Set made = MADE.get(label);
        if (made != null) return made;
        EpisodeDetail e = DemoFixture.richest();
        Path source = DemoFixture.datasetRoot(e);
        List<StreamEntry> cams = PlayerViewTest.videos(e).stream().filter(s -> s.kind() == StreamKind.VIDEO).toList();
        try {
            Path root = Files.createTempDirectory("curio-" + label);
            for (StreamEntry cam : cams) {
                Path out = root.resolve(cam.fileRelPath());
                Files.createDirectories(out.getParent());
                List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", source.resolve(cam.fileRelPath()).toString()));
                cmd.addAll(encode);
                cmd.add(out.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + log);
            }
            List<StreamEntry> chosen = new ArrayList<>();
            for (int i = 0; chosen.size() < streams; i++) {
                StreamEntry cam = cams.get(i % cams.size());
                boolean again = i >= cams.size();
                chosen.add(new StreamEntry(again ? cam.name() + "_again" : cam.name(), cam.kind(), null, cam.fileRelPath(),
                        cam.rateHz(), width, height, codec, cam.startNs(), cam.endNs(),
                        again ? 12_345_678L * (i - cams.size() + 1) : cam.clockOffsetNs(), cam.frameCount(), null, null,
                        cam.extraJson()));
            }
            while (chosen.size() > streams) chosen.remove(chosen.size() - 1);
            EpisodeDetail videos = new EpisodeDetail(e.rowId(), e.summary(), root.toString(), e.relPath(), e.robot(), e.operator(),
                    e.startTimeNs(), e.durationNs(), e.frameCount(), e.manifestJson(), chosen, e.files());
            made = new Set(videos, root, label);
            MADE.put(label, made);
            return made;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static boolean hasFfmpeg() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
