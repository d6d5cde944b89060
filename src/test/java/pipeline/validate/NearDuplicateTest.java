package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import pipeline.ingest.Ingest;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.EpisodeSummary;
import store.NearDuplicates;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;
import store.Validations;

/**
 * A recording copied as another episode, its video re-encoded by the FFmpeg command line at another quality and
 * trimmed by a second at each end (its joint table trimmed alike), is found as a near-duplicate of the original, both
 * ways; another recording of the same scene and task is not.
 */
class NearDuplicateTest {
    @TempDir
    Path dir;

    @Test
    void aReencodedTrimmedCopyIsANearDuplicateAndAnotherTakeIsNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")),
                "the FFmpeg command line (apt-get install ffmpeg) is needed to re-encode the copy");
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(dir.resolve("demo"), 2, 41),
                ProgressSink.NONE, Cancellation.NEVER);
        Path lab = dir.resolve("lab");
        try (Catalog demo = Catalog.open(dir.resolve("demo.db"))) {
            DemoIngest.register(demo, generated, ProgressSink.NONE, Cancellation.NEVER);
            EpisodeDetail first = demo.episodes().find(generated.get(0).episodeId()).orElseThrow();
            EpisodeDetail second = demo.episodes().find(generated.get(1).episodeId()).orElseThrow();
            take(first, lab.resolve("original"), 0, Double.MAX_VALUE);
            take(second, lab.resolve("other_take"), 0, Double.MAX_VALUE);
            double seconds = first.durationNs() / 1e9;
            take(first, lab.resolve("copy"), 1.0, seconds - 1.0);
            reencode(lab.resolve("original/cam_high.mp4"), lab.resolve("copy/cam_high.mp4"), 1.0, seconds - 2.0);
        }
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            var report = new Ingest(c).run(List.of(lab), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(3, report.ingested().size(), report.toString());
            String original = idOf(c, "original");
            String copy = idOf(c, "copy");
            String other = idOf(c, "other_take");
            new ValidationService(c, new Validator(), 2, "test").run(List.of(), ValidationProfile.defaults(), false,
                    ProgressSink.NONE, Cancellation.NEVER);

            List<NearDuplicates.Pair> pairs = c.nearDuplicates().pairs();
            assertEquals(1, pairs.size(), pairs.toString());
            NearDuplicates.Pair p = pairs.get(0);
            assertEquals(List.of(original, copy).stream().sorted().toList(), List.of(p.a(), p.b()));
            assertTrue(p.frameScore() >= 0.9 && p.trajectoryScore() >= 0.9, p.toString());
            assertEquals(List.of(copy), nearDuplicateFields(c, original));
            assertEquals(List.of(original), nearDuplicateFields(c, copy));
            assertEquals(List.of(), nearDuplicateFields(c, other));
            Validations.FindingRow f = c.validations().findings(copy).stream()
                    .filter(x -> x.code().equals(NearDuplicateFinder.CODE)).findFirst().orElseThrow();
            assertEquals("warn", f.severity());
            assertEquals("quality", f.dimension());

            // What the other take scores against the original, so the margin is visible when it fails.
            var sOriginal = c.nearDuplicates().signature(original).orElseThrow();
            var sOther = c.nearDuplicates().signature(other).orElseThrow();
            Double frames = NearDuplicateFinder.frameScore(sOriginal.frameHashes(), sOther.frameHashes(), 10);
            Double traj = NearDuplicateFinder.trajectoryScore(sOriginal, sOther, 0.05);
            assertTrue(Math.min(frames, traj) < 0.9, "another take: frames " + frames + ", trajectory " + traj);

            // Validating again (unchanged) keeps the pair; forcing it finds the same one.
            new ValidationService(c, new Validator(), 2, "test").run(List.of(copy), ValidationProfile.defaults(), true,
                    ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, c.nearDuplicates().pairs().size());
            assertEquals(List.of(copy), nearDuplicateFields(c, original), "the partner's finding is replaced, not repeated");
        }
    }

    private static List<String> nearDuplicateFields(Catalog c, String id) {
        return c.validations().findings(id).stream().filter(f -> f.code().equals(NearDuplicateFinder.CODE))
                .map(Validations.FindingRow::field).toList();
    }

    private static String idOf(Catalog c, String folder) {
        return c.episodes().list().stream().map(EpisodeSummary::episodeId).filter(id -> id.contains(folder)).findFirst()
                .orElseThrow(() -> new AssertionError("no episode for " + folder + " in " + c.episodes().list()));
    }

    /** An MP4 folder: the demo's overview camera copied, and its joint positions between from and to as a CSV table. */
    private static void take(EpisodeDetail e, Path out, double fromS, double toS) throws IOException {
        Files.createDirectories(out);
        if (fromS == 0) Files.copy(Path.of(e.datasetRoot()).resolve(e.relPath()).resolve("video/cam_high.mp4"), out.resolve("cam_high.mp4"));
        StreamEntry joints = e.streams().stream().filter(s -> s.kind() == StreamKind.TIMESERIES
                && ("/joint_states".equals(s.topic()) || s.name().contains("joint_states"))).findFirst()
                .orElseThrow(() -> new AssertionError("no joint states in " + e.streams()));
        SeriesData d = Sources.openSeriesWhole(Path.of(e.datasetRoot()), e, joints, Cancellation.NEVER);
        List<SeriesData.SeriesChannel> pos = d.channels().stream().filter(ch -> ch.field().equals("position")).toList();
        List<String> lines = new ArrayList<>();
        lines.add("timestamp," + String.join(",", pos.stream().map(SeriesData.SeriesChannel::name).toList()));
        for (int i = 0; i < d.size(); i++) {
            double t = d.timesNs()[i] / 1e9;
            if (t < fromS || t > toS) continue;
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.6f", t - fromS));
            for (SeriesData.SeriesChannel ch : pos) row.append(',').append(String.format(Locale.ROOT, "%.6f", ch.values()[i]));
            lines.add(row.toString());
        }
        Files.write(out.resolve("joint_states.csv"), lines, StandardCharsets.UTF_8);
    }

    private static void reencode(Path in, Path out, double fromS, double durationS) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-y", "-ss", String.format(Locale.ROOT, "%.3f", fromS),
                "-i", in.toString(), "-t", String.format(Locale.ROOT, "%.3f", durationS), "-c:v", "libx264", "-preset", "veryfast",
                "-crf", "32", "-pix_fmt", "yuv420p", "-an", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + log);
    }
}
