package pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.DemoGenerator;
import pipeline.read.Corpus;
import pipeline.source.StreamLocator;
import pipeline.video.H264;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/**
 * Ingest probes MP4 from the container header alone; the facts it records (frame count, rate, size, codec,
 * duration, and from them every video stream's end time) must be what the decoding probe,
 * {@code avformat_find_stream_info}, gave before. Checked on every corpus MP4, on the demo's, and on a
 * fragmented MP4 whose {@code moov} has no sample table (where the header is not enough and the full probe runs).
 */
class Mp4ProbeHeaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Mp4Probe.Info probe(Path f, Mp4Probe.Depth depth) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return Mp4Probe.probe(ch, f.getFileName().toString(), depth);
        }
    }

    private static List<Path> videos(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".mp4") || n.endsWith(".mov"));
            }).sorted().toList();
        }
    }

    /** Both probe depths give the same facts for each file; returns how many files were compared. */
    private static int assertSameFacts(List<Path> files) throws IOException {
        for (Path f : files) {
            Mp4Probe.Info header = probe(f, Mp4Probe.Depth.HEADER);
            Mp4Probe.Info decoded = probe(f, Mp4Probe.Depth.DECODE);
            assertEquals(decoded, header, f.toString());
            assertTrue(header.frames() > 0 && header.fps() > 0 && header.durationS() > 0, f + ": " + header);
            ffprobeAgrees(f, header);
        }
        return files.size();
    }

    /**
     * An independent reader's view where ffprobe is installed (CI installs it): it runs the full probe, so
     * this also catches a fact both of our paths might get wrong the same way.
     */
    private static void ffprobeAgrees(Path f, Mp4Probe.Info info) throws IOException {
        JsonNode s = ffprobe(f);
        if (s == null) return;
        assertEquals(s.path("codec_name").asText(), info.codec(), f + " codec");
        assertEquals(s.path("width").asInt(), info.width(), f + " width");
        assertEquals(s.path("height").asInt(), info.height(), f + " height");
        assertEquals(s.path("nb_frames").asLong(), info.frames(), f + " frames");
        String[] q = s.path("avg_frame_rate").asText().split("/");
        assertEquals(Double.parseDouble(q[0]) / Double.parseDouble(q[1]), info.fps(), 1e-9, f + " fps");
        assertEquals(s.path("duration").asDouble(), info.durationS(), 1e-6, f + " duration");
    }

    private static JsonNode ffprobe(Path f) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams", "-of", "json",
                    f.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "ffprobe (apt-get install ffmpeg) is needed for the independent view");
            return null;
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffprobe " + f);
            JsonNode streams = JSON.readTree(out).path("streams");
            assertFalse(streams.isEmpty(), "ffprobe sees a video stream in " + f);
            return streams.get(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void everyCorpusMp4HasTheSameFactsFromItsHeader() throws IOException {
        List<Path> files = videos(Corpus.require("."));
        // The corpus holds 12 MP4s (H.264 and MPEG-4 Part 2, moov at either end); fewer means files went missing.
        assertTrue(files.size() >= 12, "corpus MP4s: " + files);
        System.out.println("corpus MP4s probed from the header alone, same facts: " + assertSameFacts(files));
        assertIngestRecordsTheDecodedStreams(files);
    }

    @Test
    void demoMp4sHaveTheSameFactsFromTheirHeader() throws IOException {
        Path dir = tmp.resolve("demo");
        new DemoGenerator("test").generate(new DemoGenerator.Options(dir, 2, 7), ProgressSink.NONE, Cancellation.NEVER);
        List<Path> files = videos(dir);
        assertTrue(files.size() >= 2, "demo MP4s: " + files);
        assertSameFacts(files);
        assertIngestRecordsTheDecodedStreams(files);
    }

    /** 50 frames of 64x48 at 25 fps in {@code format} with the given muxer flags. */
    private static Path encode(Path f, String format, String movflags) throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder r = H264.recorder(f, 64, 48, 25, 10, 200_000);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat(format);
            if (movflags != null) r.setOption("movflags", movflags);
            r.start();
            for (int i = 0; i < 50; i++) {
                img.setRGB(i, i % 48, 0xFFFFFF);
                r.record(conv.convert(img));
            }
            r.stop();
        }
        return f;
    }

    /**
     * A fragmented MP4 keeps its samples in {@code moof} boxes, not in {@code moov}; a Matroska file has no
     * frame count in its header, so it takes the full probe. Both must come out as before.
     */
    @Test
    void fragmentedMp4AndAContainerWithoutFrameCountGiveTheSameFacts() throws Exception {
        for (Path f : List.of(encode(tmp.resolve("frag.mp4"), "mp4", "frag_keyframe+empty_moov"),
                encode(tmp.resolve("clip.mkv"), "matroska", null))) {
            Mp4Probe.Info header = probe(f, Mp4Probe.Depth.HEADER);
            assertEquals(probe(f, Mp4Probe.Depth.DECODE), header, f.toString());
            assertEquals(new Mp4Probe.Info(50, 25.0, 64, 48, "h264", 2.0), header, f.toString());
        }
    }

    /**
     * Ingests copies of {@code files} as one MP4-folder episode and checks each recorded video stream equals the
     * one built from the decoding probe's facts, i.e. what ingest recorded before it probed headers only.
     */
    private void assertIngestRecordsTheDecodedStreams(List<Path> files) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("ingest-" + System.nanoTime()));
        Path folder = Files.createDirectories(root.resolve("videos"));
        for (int i = 0; i < files.size(); i++) {
            Files.copy(files.get(i), folder.resolve(String.format(Locale.ROOT, "v%02d_%s", i, files.get(i).getFileName())));
        }
        try (Catalog c = Catalog.open(root.resolve("catalog.db"))) {
            IngestReport r = new Ingest(c).run(List.of(folder), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(List.of(), r.failed());
            assertEquals(1, r.ingested().size());
            EpisodeDetail ep = c.episodes().find(r.ingested().get(0).episodeId()).orElseThrow();
            List<StreamEntry> videos = ep.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).toList();
            assertEquals(files.size(), videos.size());
            for (StreamEntry s : videos) {
                Mp4Probe.Info decoded = probe(Path.of(ep.datasetRoot()).resolve(s.fileRelPath()), Mp4Probe.Depth.DECODE);
                assertEquals(Streams.video(s.name(), StreamLocator.mp4(s.fileRelPath()), decoded, 0, 0), s, s.fileRelPath());
            }
        }
    }
}
