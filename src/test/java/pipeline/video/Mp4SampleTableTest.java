package pipeline.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import store.CurioException;

/**
 * The sample table read from {@code moov} alone agrees with FFmpeg's demuxer on every sample (byte position,
 * size, keyframe flag) of the demo and corpus videos, and the layouts a byte copy cannot reproduce are
 * refused with their code.
 */
class Mp4SampleTableTest {
    @TempDir
    Path dir;

    @Test
    void demoAndCorpusTablesMatchFfmpegPacketForPacket() throws Exception {
        List<Path> files = new ArrayList<>(Mp4Fixtures.demoVideos());
        files.addAll(Mp4Fixtures.corpusVideos());
        for (Path f : files) {
            Mp4SampleTable t = Mp4SampleTable.read(f, f.getFileName().toString());
            List<Mp4Fixtures.Packet> packets = Mp4Fixtures.packets(f);
            assertEquals(packets.size(), t.sampleCount(), f + ": sample count");
            List<Integer> keys = new ArrayList<>();
            for (int i = 0; i < packets.size(); i++) {
                Mp4Fixtures.Packet p = packets.get(i);
                assertEquals(p.pos(), t.sampleOffset(i), f + ": sample " + i + " offset");
                assertEquals(p.size(), t.sampleSize(i), f + ": sample " + i + " size");
                if (p.key()) keys.add(i);
            }
            assertArrayEquals(keys.stream().mapToInt(Integer::intValue).toArray(), t.syncSamples(), f + ": sync samples");
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(f.toFile())) {
                g.start();
                assertEquals(g.getImageWidth(), t.width(), f + ": width");
                assertEquals(g.getImageHeight(), t.height(), f + ": height");
            }
            long sum = 0;
            for (Mp4SampleTable.Run r : t.runs()) {
                assertTrue(r.length() > 0 && r.samples() > 0, f + ": empty run");
                sum += r.length();
            }
            assertEquals(t.mediaBytes(), sum, f + ": runs cover every sample byte");
        }
    }

    @Test
    void demoVideoTimingIsTheFrameClock() throws Exception {
        Path f = Mp4Fixtures.demoVideos().get(0);
        Mp4SampleTable t = Mp4SampleTable.read(f, "cam_high.mp4");
        assertEquals("avc1", t.codec());
        assertEquals(15360, t.timescale(), "FFmpeg's timescale for a 1/(30*512) time base");
        assertEquals(0, t.editMediaTime(), "libopenh264 writes no B-frames: the edit starts at 0");
        assertFalse(t.hasCompositionOffsets());
        for (int i = 0; i < t.sampleCount(); i++) assertEquals(512, t.delta(i), "sample " + i);
        assertEquals(1, t.runs().size(), "FFmpeg writes one video-only chunk run");
        Mp4Concat.check(t, 30);
        CurioException e = assertThrows(CurioException.class, () -> Mp4Concat.check(t, 25));
        assertEquals(Mp4Concat.FRAME_RATE, e.code());
        assertEquals("mdhd", e.field());
    }

    @Test
    void bFrameCorpusVideoStartsAtItsEditAndItsBitrateBoxIsNotPartOfTheKey() throws Exception {
        List<Path> eps = Mp4Fixtures.corpusFolder("lerobot/v2.0_nvidia_gr00t_robot_sim.PickNPlace/videos/chunk-000/observation.images.ego_view");
        Mp4SampleTable a = Mp4SampleTable.read(eps.get(0), "a");
        Mp4SampleTable b = Mp4SampleTable.read(eps.get(1), "b");
        assertTrue(a.hasCompositionOffsets(), "x264 B-frames");
        assertEquals(1024, a.editMediaTime(), "two frames of B-frame delay at 1/10240 s");
        assertEquals(a.editMediaTime(), a.compositionOffset(0), "the first sample is shown first, at the edit");
        assertArrayEquals(a.entryKey(), b.entryKey(), "same encoder settings: same decoder configuration");
        assertNotNull(a.entry().bitrate(), "FFmpeg wrote a btrt box");
        assertFalse(java.util.Arrays.equals(a.entry().bitrate(), b.entry().bitrate()), "whose rates differ per file");
    }

    @Test
    void fragmentedMp4IsRefused() throws Exception {
        Path f = Mp4Fixtures.fragmented(dir.resolve("frag.mp4"), Mp4Fixtures.demoVideos().get(0));
        CurioException e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(f, "frag.mp4"));
        assertEquals(Mp4SampleTable.FRAGMENTED, e.code());
        assertEquals("frag.mp4", e.file());
        assertTrue(Mp4SampleTable.refused(e));
    }

    @Test
    void editListThatHidesTheFirstFramesIsRefused() throws Exception {
        Path f = patched(Mp4Fixtures.demoVideos().get(0), "elst", 12, 512, "shifted.mp4");
        CurioException e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(f, "shifted.mp4"));
        assertEquals(Mp4SampleTable.EDIT_LIST, e.code());
        assertEquals("elst", e.field());
    }

    @Test
    void editListThatEndsBeforeTheMediaIsRefused() throws Exception {
        // elst v0 entry: segment duration at content offset 8, in the 1/1000 s movie timescale; 1 s is far short.
        Path f = patched(Mp4Fixtures.demoVideos().get(0), "elst", 8, 1000, "short.mp4");
        CurioException e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(f, "short.mp4"));
        assertEquals(Mp4SampleTable.EDIT_LIST, e.code());
    }

    @Test
    void samplesNotLastingOneFrameAreRefused() throws Exception {
        // stts: version/flags, entry count, then (count, delta): a 513-tick delta is not 1/30 s at 1/15360 s.
        Path f = patched(Mp4Fixtures.demoVideos().get(0), "stts", 12, 513, "slow.mp4");
        Mp4SampleTable t = Mp4SampleTable.read(f, "slow.mp4");
        CurioException e = assertThrows(CurioException.class, () -> Mp4Concat.check(t, 30));
        assertEquals(Mp4Concat.FRAME_RATE, e.code());
        assertEquals("stts", e.field());
    }

    @Test
    void twoVideoTracksAreRefused() throws Exception {
        Path ffmpeg = Path.of("/usr/bin/ffmpeg");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(ffmpeg), "ffmpeg not installed");
        Path src = Mp4Fixtures.demoVideos().get(0);
        Path two = dir.resolve("two.mp4");
        Process p = new ProcessBuilder(ffmpeg.toString(), "-v", "error", "-i", src.toString(), "-map", "0:v", "-map", "0:v",
                "-c", "copy", two.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        CurioException e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(two, "two.mp4"));
        assertEquals(Mp4SampleTable.VIDEO_TRACKS, e.code());
    }

    @Test
    void truncatedFileIsMalformedNotRefused() throws Exception {
        Path src = Mp4Fixtures.demoVideos().get(0);
        Path cut = dir.resolve("cut.mp4");
        byte[] all = Files.readAllBytes(src);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        CurioException e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(cut, "cut.mp4"));
        assertEquals(Mp4SampleTable.MALFORMED, e.code());
    }

    @Test
    void aSampleCountTheFileCannotHoldIsMalformedBeforeAnythingIsAllocated() throws Exception {
        // stsz content: version/flags, sample size (0 = one size per sample), sample count.
        Path huge = patched(Mp4Fixtures.demoVideos().get(0), "stsz", 8, 0x7FFFFFF0, "huge.mp4");
        CurioException e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(huge, "huge.mp4"));
        assertEquals(Mp4SampleTable.MALFORMED, e.code());
        assertEquals("stsz", e.field());

        Path sized = patched(Mp4Fixtures.demoVideos().get(0), "stsz", 4, 100, "sized.mp4");
        Path many = patched(sized, "stsz", 8, 30_000_000, "many.mp4");
        e = assertThrows(CurioException.class, () -> Mp4SampleTable.read(many, "many.mp4"));
        assertEquals(Mp4SampleTable.MALFORMED, e.code());
        assertTrue(e.getMessage().contains("do not fit the file"), e.getMessage());
    }

    /** A copy of {@code src} with the 32-bit field {@code offset} bytes into the first {@code box}'s content set to {@code value}. */
    private Path patched(Path src, String box, int offset, int value, String name) throws Exception {
        byte[] b = Files.readAllBytes(src);
        int at = indexOf(b, box.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(at > 0, box + " in " + src);
        ByteBuffer.wrap(b).putInt(at + 4 + offset, value);
        Path out = dir.resolve(name);
        Files.write(out, b);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
