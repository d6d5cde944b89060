package packaging.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import packaging.bundle.BackgroundFlush;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Digests;
import pipeline.video.Mp4Concat;
import pipeline.video.Mp4Fixtures;
import pipeline.video.Mp4SampleTable;
import store.Cancellation;

/**
 * A camera's copied episodes written by byte-level concatenation give what FFmpeg's remux gave: the same spans,
 * the same keyframe statistics, the same decoded pictures at the same times; the file's digest comes from the
 * write; the size cap counts planned bytes; and a source the table reader refuses goes through FFmpeg at once.
 */
class CameraVideoConcatTest {
    /** The copies ask for their files to be flushed; every request must name a file that exists. */
    private final BackgroundFlush flush = new BackgroundFlush();

    @AfterEach
    void flushedEveryCopy() throws java.io.IOException {
        flush.finish(Cancellation.NEVER);
    }

    private static final String KEY = "observation.images.cam_high";
    private static final int FPS = 30;

    @TempDir
    Path dir;

    @Test
    void byteCopyMatchesFfmpegRemux() throws Exception {
        List<Path> sources = Mp4Fixtures.demoVideos().subList(0, 3);
        Written copy = write(dir.resolve("copy"), sources, Long.MAX_VALUE, true);
        Written ffmpeg = write(dir.resolve("ffmpeg"), sources, Long.MAX_VALUE, false);

        assertEquals(List.of(CameraVideo.relativePath(KEY, 0)), copy.files);
        assertEquals(ffmpeg.files, copy.files);
        assertEquals(ffmpeg.spans, copy.spans, "same files, same [from, to) seconds");
        for (int i = 0; i < sources.size(); i++) {
            FeatureStats want = ffmpeg.stats.get(i);
            FeatureStats got = copy.stats.get(i);
            assertNotNull(got, "H.264 keyframes decode alone");
            assertEquals(want.count(), got.count(), "episode " + i);
            assertArrayEquals(want.mean(), got.mean(), "episode " + i + ": the same keyframes decoded by the same decoder");
            assertArrayEquals(want.std(), got.std(), "episode " + i);
            assertArrayEquals(want.min(), got.min(), "episode " + i);
            assertArrayEquals(want.max(), got.max(), "episode " + i);
        }
        Path copied = dir.resolve("copy").resolve(copy.files.get(0));
        assertEquals(Digests.sha256Hex(copied), copy.digests.get(copy.files.get(0)), "hashed as written");
        assertTrue(ffmpeg.digests.isEmpty(), "FFmpeg's files are hashed by reading them back");

        List<Mp4Fixtures.Picture> a = Mp4Fixtures.decode(copied);
        List<Mp4Fixtures.Picture> b = Mp4Fixtures.decode(dir.resolve("ffmpeg").resolve(ffmpeg.files.get(0)));
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).bgr(), a.get(i).bgr(), "frame " + i);
            assertEquals(b.get(i).timestampUs(), a.get(i).timestampUs(), "frame " + i + " shown when the remuxed file shows it");
        }
    }

    @Test
    void sizeCapCountsPlannedBytes() throws Exception {
        List<Path> sources = Mp4Fixtures.demoVideos().subList(0, 3);
        // Just over the first video's planned file: the second still joins it (the cap is checked before each
        // episode), the third does not.
        Mp4Concat first = new Mp4Concat(FPS);
        first.add(sources.get(0), Mp4SampleTable.read(sources.get(0), "a"));
        long cap = first.plannedBytes() + 1;
        Written w = write(dir.resolve("capped"), sources, cap, true);
        assertEquals(2, w.files.size(), w.files.toString());
        assertEquals(0, w.spans.get(1).fileIndex());
        assertEquals(1, w.spans.get(2).fileIndex());
        assertEquals(0.0, w.spans.get(2).fromS(), "a new file starts its clock at 0");
        for (String f : w.files) assertEquals(Digests.sha256Hex(dir.resolve("capped").resolve(f)), w.digests.get(f), f);
    }

    @Test
    void refusedSourceGoesThroughFfmpegInAFileOfItsOwn() throws Exception {
        Path demo = Mp4Fixtures.demoVideos().get(0);
        Path fragmented = Mp4Fixtures.fragmented(dir.resolve("frag.mp4"), demo);
        List<Path> sources = List.of(demo, fragmented, demo);
        Written w = write(dir.resolve("mixed"), sources, Long.MAX_VALUE, true);
        assertEquals(3, w.files.size(), "copy, FFmpeg remux, copy: each switch starts a file");
        assertTrue(w.digests.containsKey(w.files.get(0)));
        assertFalse(w.digests.containsKey(w.files.get(1)), "the fragmented source was remuxed by FFmpeg");
        assertTrue(w.digests.containsKey(w.files.get(2)));
        int frames = Mp4SampleTable.read(demo, "demo").sampleCount();
        for (String f : w.files) {
            double[] probe = Mp4Fixtures.ffprobe(dir.resolve("mixed").resolve(f));
            if (probe != null) assertEquals(frames, (long) probe[0], f);
        }
        assertNotNull(w.stats.get(1), "FFmpeg's path still samples keyframes");
        assertArrayEquals(w.stats.get(0).mean(), w.stats.get(1).mean(), "the same frames give the same statistics either way");
    }

    @Test
    void plannedFilesAreWrittenOnlyByTheirWrite() throws Exception {
        Path demo = Mp4Fixtures.demoVideos().get(0);
        try (CameraVideo camera = new CameraVideo(dir, KEY, FPS, Long.MAX_VALUE)) {
            camera.remux(demo, Mp4SampleTable.read(demo, "d").sampleCount(), Cancellation.NEVER);
            assertThrows(IllegalStateException.class, camera::files, "the file is still being planned");
            camera.finish();
            assertFalse(java.nio.file.Files.exists(dir.resolve(camera.files().get(0))), "planning copies no bytes");
            assertEquals(1, camera.planned().size());
            CameraVideo.write(dir, camera.planned().get(0), Cancellation.NEVER, flush, frames -> { });
            assertTrue(java.nio.file.Files.isRegularFile(dir.resolve(camera.files().get(0))));
        }
    }

    @Test
    void aSourceChangedBetweenPlanAndWriteFailsTheWrite() throws Exception {
        List<Path> demo = Mp4Fixtures.demoVideos();
        Path source = dir.resolve("source.mp4");
        java.nio.file.Files.copy(demo.get(0), source);
        try (CameraVideo camera = new CameraVideo(dir.resolve("out"), KEY, FPS, Long.MAX_VALUE)) {
            camera.remux(source, Mp4SampleTable.read(source, "s").sampleCount(), Cancellation.NEVER);
            camera.finish();
            CameraVideo.Planned p = camera.planned().get(0);
            assertEquals(List.of(source), p.sources(), "a plan keeps its sources, not their tables");
            java.nio.file.Files.copy(demo.get(1), source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            store.CurioException e = assertThrows(store.CurioException.class, () -> CameraVideo.write(dir.resolve("out"), p, Cancellation.NEVER, flush, frames -> { }));
            assertEquals("export.source_changed", e.code());
        }
    }

    @Test
    void keyframesToShowAreTheOnesTheSamplerPicks() {
        // 95 frames sampled at 0, 23, 47, 70, 94; keyframes every 30 frames: 0, 30, 60, 90 (the last, for 94).
        assertArrayEquals(new long[] {0, 30, 60, 90}, KeyframeSampler.keyframesToShow(95, new int[] {0, 30, 60, 90}));
        // Targets past the last keyframe take the last one; keyframes nobody asks for are skipped.
        assertArrayEquals(new long[] {0, 10}, KeyframeSampler.keyframesToShow(95, new int[] {0, 10}));
        assertArrayEquals(new long[] {0, 1, 2}, KeyframeSampler.keyframesToShow(3, new int[] {0, 1, 2}));
    }

    private record Written(List<String> files, java.util.Map<String, String> digests, List<CameraVideo.Span> spans,
                           List<FeatureStats> stats) { }

    private Written write(Path root, List<Path> sources, long cap, boolean copyBytes) {
        List<CameraVideo.Span> spans = new ArrayList<>();
        List<FeatureStats> stats = new ArrayList<>();
        try (CameraVideo camera = new CameraVideo(root, KEY, FPS, cap, copyBytes);
             KeyframeStats keyframes = new KeyframeStats()) {
            for (Path s : sources) {
                long frames = Mp4Fixtures.packetCount(s);
                CameraVideo.Remuxed r = camera.remux(s, frames, Cancellation.NEVER);
                spans.add(r.span());
                // A byte-level copy leaves its keyframes to be decoded later, as an export does while it copies.
                stats.add(r.statsFrom() != null ? keyframes.of(s, r.statsFrom()) : r.stats());
            }
            camera.finish();
            java.util.Map<String, String> digests = new java.util.LinkedHashMap<>();
            for (CameraVideo.Planned p : camera.planned()) {
                List<Long> done = new ArrayList<>();
                digests.put(p.file(), CameraVideo.write(root, p, Cancellation.NEVER, flush, done::add));
                assertEquals(p.frames(), done.get(done.size() - 1), "progress ends at the file's frames");
                for (int i = 1; i < done.size(); i++) assertTrue(done.get(i) >= done.get(i - 1), "progress only grows");
                assertTrue(spans.stream().anyMatch(s -> CameraVideo.relativePath(KEY, s.fileIndex()).equals(p.file())), p.file());
            }
            return new Written(camera.files(), digests, spans, stats);
        }
    }
}
