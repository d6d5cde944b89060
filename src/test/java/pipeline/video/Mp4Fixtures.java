package pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;
import pipeline.source.DemoFixture;

/** Demo and corpus MP4s for the sample-table and concatenation tests, and FFmpeg's own view of them. */
public final class Mp4Fixtures {
    /** One packet as FFmpeg's demuxer returns it, in decode order. */
    public record Packet(long pos, int size, boolean key) { }

    static {
        Ffmpeg.init();
    }

    private Mp4Fixtures() { }

    /** A copy of {@code src} whose avcC claims another profile compatibility: the same size, another decoder set-up. */
    static Path withOtherDecoderConfiguration(Path src, Path out) throws IOException {
        byte[] b = Files.readAllBytes(src);
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("avcC");
        assertTrue(at > 0, "avcC in " + src);
        b[at + 4 + 2] ^= 0x01;
        Files.write(out, b);
        return out;
    }

    /** The demo generator's {@code cam_high} videos (H.264 from libopenh264, 30 fps, one chunk each), in path order. */
    public static List<Path> demoVideos() throws IOException {
        Path root = DemoFixture.datasetRoot(DemoFixture.episodes().get(0));
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> out = s.filter(p -> p.getFileName().toString().equals("cam_high.mp4")).sorted().toList();
            assertTrue(out.size() >= 3, "the demo has at least three episodes with cam_high: " + out);
            return out;
        }
    }

    /** Every MP4 of the corpus, or none (printing one line) where the corpus is absent. */
    static List<Path> corpusVideos() throws IOException {
        String root = System.getProperty("curio.corpus");
        if (root == null || !Files.isDirectory(Path.of(root))) {
            System.out.println("curio.corpus not set; skipping the corpus MP4s");
            return List.of();
        }
        try (Stream<Path> s = Files.walk(Path.of(root))) {
            return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
    }

    /** The corpus files under {@code rel}, skipping the test where the corpus is absent. */
    static List<Path> corpusFolder(String rel) throws IOException {
        String root = System.getProperty("curio.corpus");
        Path dir = root == null ? null : Path.of(root, rel);
        if (dir == null || !Files.isDirectory(dir)) System.out.println("corpus folder absent, skipping: " + rel);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "corpus MP4 folder absent: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
    }

    /** Video packets FFmpeg's demuxer reads from the file: its frame count, as the catalog has it. */
    public static long packetCount(Path file) {
        try {
            return packets(file).size();
        } catch (Exception e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }

    static List<Packet> packets(Path file) throws Exception {
        List<Packet> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                if (p.stream_index() == g.getVideoStream()) {
                    out.add(new Packet(p.pos(), p.size(), (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0));
                }
                avcodec.av_packet_unref(p);
            }
        }
        return out;
    }

    /** A decoded frame: its pixels (BGR24, rows packed) and presentation time in microseconds. */
    public record Picture(byte[] bgr, long timestampUs) { }

    /** Every frame of the file, decoded in presentation order. */
    public static List<Picture> decode(Path file) throws Exception {
        List<Picture> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                out.add(new Picture(pixels(f), f.timestamp));
            }
        }
        return out;
    }

    private static byte[] pixels(Frame f) {
        ByteBuffer b = ((ByteBuffer) f.image[0]).duplicate();
        int row = f.imageWidth * f.imageChannels;
        byte[] out = new byte[row * f.imageHeight];
        for (int y = 0; y < f.imageHeight; y++) {
            b.position(y * f.imageStride);
            b.get(out, y * row, row);
        }
        return out;
    }

    /** ffprobe's count of decoded frames and its stream duration in seconds, or null without ffprobe. */
    public static double[] ffprobe(Path file) throws Exception {
        Path bin = Path.of("/usr/bin/ffprobe");
        if (!Files.isExecutable(bin)) {
            System.out.println("ffprobe not installed; skipping the ffprobe cross-check");
            return null;
        }
        Process p = new ProcessBuilder(bin.toString(), "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames,duration", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), "ffprobe: " + out);
        String[] parts = out.split(",");
        // csv order follows ffprobe's field order: duration, then nb_read_frames
        return new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[0])};
    }

    /** The same frames, remuxed by FFmpeg into a fragmented MP4 (moof per keyframe). */
    public static Path fragmented(Path out, Path src) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(src.toFile())) {
            g.start();
            try (org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(out.toFile(), g.getImageWidth(),
                    g.getImageHeight(), 0)) {
                r.setFormat("mp4");
                r.setOption("movflags", "frag_keyframe+empty_moov");
                r.start(g.getFormatContext());
                org.bytedeco.ffmpeg.avcodec.AVPacket p;
                while ((p = g.grabPacket()) != null) {
                    r.recordPacket(p);
                }
            }
        }
        return out;
    }
}
