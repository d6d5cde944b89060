package pipeline.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Digests;
import pipeline.demo.FrameCode;
import store.Cancellation;

/**
 * Videos concatenated byte for byte decode to exactly their sources' frames, in order, on the frame clock:
 * ffprobe counts the planned frames and duration, every decoded picture equals its source picture (and the
 * demo's frame code in it), presentation times are k/fps, and the returned SHA-256 is the file's.
 */
class Mp4ConcatTest {
    @TempDir
    Path dir;

    @Test
    void threeDemoVideosBecomeOneWithTheSameFrames() throws Exception {
        List<Path> sources = Mp4Fixtures.demoVideos().subList(0, 3);
        Path out = dir.resolve("demo.mp4");
        Mp4Concat c = concat(30, sources);
        long planned = c.plannedBytes();
        List<Long> reported = new ArrayList<>();
        String sha = c.write(out, ByteBuffer.allocateDirect(64 * 1024), Cancellation.NEVER, reported::add);

        assertEquals(Digests.sha256Hex(out), sha, "the digest taken while writing is the file's");
        assertEquals(Files.size(out), reported.get(reported.size() - 1), "the last count is the whole file");
        for (int i = 1; i < reported.size(); i++) assertTrue(reported.get(i) > reported.get(i - 1), "counts only grow");
        assertTrue(planned >= Files.size(out) && planned - Files.size(out) < 64 * 1024,
                "planned " + planned + " bytes, wrote " + Files.size(out));
        List<Mp4Fixtures.Picture> got = Mp4Fixtures.decode(out);
        List<Mp4Fixtures.Picture> want = new ArrayList<>();
        for (Path s : sources) want.addAll(Mp4Fixtures.decode(s));
        assertEquals(c.frames(), got.size());
        assertEquals(want.size(), got.size());
        int perSource = 0;
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(want.get(i).bgr(), got.get(i).bgr(), "frame " + i);
            assertOnClock(i * 1e6 / 30, got.get(i).timestampUs(), i);
        }
        // The demo draws each source's frame number into its pixels: the sequence restarts at each member.
        int firstOfSecond = Mp4SampleTable.read(sources.get(0), "a").sampleCount();
        assertEquals(0, frameCode(got.get(firstOfSecond), out), "the second video starts at its own frame 0");
        assertEquals(firstOfSecond - 1, frameCode(got.get(firstOfSecond - 1), out), "the first video ends on its last frame");
        for (Path s : sources) perSource += Mp4SampleTable.read(s, "s").sampleCount();
        assertEquals(perSource, got.size());

        double[] probe = Mp4Fixtures.ffprobe(out);
        if (probe != null) {
            assertEquals(c.frames(), (long) probe[0], "ffprobe -count_frames");
            assertEquals(c.frames() / 30.0, probe[1], 1e-3, "ffprobe duration");
        }
        Mp4SampleTable back = Mp4SampleTable.read(out, "demo.mp4");
        assertEquals(c.frames(), back.sampleCount(), "the output reads back through the same table reader");
        assertEquals(15360, back.timescale());
        assertEquals(1, back.runs().size(), "the members' samples lie back to back in one mdat");
    }

    @Test
    void bFrameVideosKeepTheirOrderAndTimes() throws Exception {
        List<Path> eps = Mp4Fixtures.corpusFolder("lerobot/v2.0_nvidia_gr00t_robot_sim.PickNPlace/videos/chunk-000/observation.images.ego_view");
        List<Path> sources = eps.subList(0, 3);
        Path out = dir.resolve("gr00t.mp4");
        Mp4Concat c = concat(20, sources);
        String sha = c.write(out, ByteBuffer.allocateDirect(1 << 20), Cancellation.NEVER, n -> { });
        assertEquals(Digests.sha256Hex(out), sha);
        List<Mp4Fixtures.Picture> got = Mp4Fixtures.decode(out);
        List<Mp4Fixtures.Picture> want = new ArrayList<>();
        for (Path s : sources) want.addAll(Mp4Fixtures.decode(s));
        assertEquals(want.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(want.get(i).bgr(), got.get(i).bgr(), "frame " + i);
            assertOnClock(i * 50_000.0, got.get(i).timestampUs(), i);
        }
        Mp4SampleTable back = Mp4SampleTable.read(out, "gr00t.mp4");
        assertEquals(Mp4Concat.timescaleFor(20), back.timescale());
        assertEquals(1024, back.editMediaTime(), "the two-frame B-frame delay, in 1/10240 s ticks");
        double[] probe = Mp4Fixtures.ffprobe(out);
        if (probe != null) {
            assertEquals(c.frames(), (long) probe[0], "ffprobe -count_frames");
            assertEquals(c.frames() / 20.0, probe[1], 1e-3, "ffprobe duration");
        }
    }

    @Test
    void differentSampleDescriptionsDoNotShareAFile() throws Exception {
        Path demo = Mp4Fixtures.demoVideos().get(0);
        Mp4Concat c = new Mp4Concat(30);
        c.add(demo, Mp4SampleTable.read(demo, "demo"));
        Path otherFile = Mp4Fixtures.withOtherDecoderConfiguration(demo, dir.resolve("other.mp4"));
        Mp4SampleTable other = Mp4SampleTable.read(otherFile, "other");
        Mp4Concat.check(other, 30);
        assertFalse(c.accepts(other), "another avcC: a decoder set up for the first could not read it");
        assertThrows(IllegalArgumentException.class, () -> c.add(otherFile, other));
    }

    @Test
    void cancellationStopsTheCopy() throws Exception {
        Mp4Concat c = concat(30, Mp4Fixtures.demoVideos().subList(0, 2));
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        assertThrows(CancellationException.class,
                () -> c.write(dir.resolve("x.mp4"), ByteBuffer.allocateDirect(4096), cancelled, n -> { }));
    }

    @Test
    void timescaleIsFfmpegsForTheRemuxTimeBase() {
        assertEquals(15360, Mp4Concat.timescaleFor(30));
        assertEquals(10240, Mp4Concat.timescaleFor(10));
        assertEquals(10240, Mp4Concat.timescaleFor(20));
        assertEquals(12800, Mp4Concat.timescaleFor(25));
    }

    /** Presentation time as JavaCV reports it (whole microseconds) is the frame's place on the clock. */
    private static void assertOnClock(double wantUs, long gotUs, int frame) {
        assertTrue(Math.abs(wantUs - gotUs) <= 1, "frame " + frame + " at " + gotUs + " us, the clock says " + wantUs);
    }

    private static Mp4Concat concat(int fps, List<Path> sources) {
        Mp4Concat c = new Mp4Concat(fps);
        for (Path s : sources) {
            Mp4SampleTable t = Mp4SampleTable.read(s, s.getFileName().toString());
            assertTrue(c.accepts(t), s.toString());
            c.add(s, t);
        }
        return c;
    }

    private static int frameCode(Mp4Fixtures.Picture p, Path file) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            byte[] bgr = p.bgr();
            return FrameCode.read((x, y) -> {
                int at = (y * w + x) * 3;
                int rgb = (bgr[at + 2] & 0xFF) << 16 | (bgr[at + 1] & 0xFF) << 8 | (bgr[at] & 0xFF);
                return FrameCode.luma(rgb);
            }, w, h);
        }
    }
}
