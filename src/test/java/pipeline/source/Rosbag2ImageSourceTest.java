package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Digests;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import pipeline.read.ros.RosCompressedImage;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosTime;
import pipeline.source.GeneratedBags.Msg;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/**
 * rosbag2 image topics through ingest and {@link Sources#open}: a split sqlite3 bag with raw, PNG and JPEG
 * topics and one damaged message, and a split mcap-storage bag. Every picture encodes its frame number in
 * its red channel, so a decoded pixel tells which message was fetched.
 */
class Rosbag2ImageSourceTest {
    private static final long T0 = 1_736_000_000_000_000_000L;
    private static final long PERIOD = 100_000_000L;
    private static final long PNG_DELAY = 50_000_000L;
    private static final int W = 32;
    private static final int H = 24;
    private static final int FRAMES = 20;
    private static final int PER_FILE = 10;
    private static final String RAW = "/cam/raw";
    private static final String PNG = "/cam/png";
    private static final String JPEG = "/cam/jpeg";
    private static final String BROKEN = "/cam/broken";
    private static final String IMAGE_TYPE = "sensor_msgs/msg/Image";
    private static final String COMPRESSED_TYPE = "sensor_msgs/msg/CompressedImage";

    @TempDir
    Path tmp;

    private static int red(int frame) {
        return frame * 12 + 3;
    }

    /** Frame {@code f}: red = frame code, green = 4x, blue = 8y (exact for raw and PNG). */
    private static int expectedPixel(int f, int x, int y) {
        return 0xFF000000 | red(f) << 16 | (x * 4) << 8 | y * 8;
    }

    private static byte[] rawImage(int f, long t) {
        byte[] px = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = (y * W + x) * 3;
                px[p] = (byte) red(f);
                px[p + 1] = (byte) (x * 4);
                px[p + 2] = (byte) (y * 8);
            }
        }
        return new RosImage(new RosHeader(RosTime.ofNanos(t), "cam"), H, W, "rgb8", 0, W * 3L, px).encode();
    }

    private static byte[] compressedImage(int f, long t, String format) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, expectedPixel(f, x, y));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, bytes), format + " writer present");
        return new RosCompressedImage(new RosHeader(RosTime.ofNanos(t), "cam"), format, bytes.toByteArray()).encode();
    }

    /** Raw and PNG frames 0..19 over the files, JPEG frames 0..3, and two broken-topic messages (the second truncated). */
    private static List<Msg> messages() throws IOException {
        List<Msg> out = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            long t = T0 + f * PERIOD;
            out.add(msg(RAW, t, rawImage(f, t)));
            out.add(msg(PNG, t + PNG_DELAY, compressedImage(f, t + PNG_DELAY, "png")));
            if (f < 4) out.add(msg(JPEG, t, compressedImage(f, t, "jpeg")));
        }
        byte[] good = rawImage(0, T0);
        out.add(msg(BROKEN, T0, good));
        out.add(msg(BROKEN, T0 + PERIOD, Arrays.copyOf(good, good.length / 2)));
        return out;
    }

    private static Msg msg(String topic, long timeNs, byte[] cdr) {
        return new Msg(topic, topic.equals(RAW) || topic.equals(BROKEN) ? IMAGE_TYPE : COMPRESSED_TYPE, timeNs, cdr);
    }

    /** The first half of the run goes to file 0 (split by size/duration in a real bag). */
    private static void writeBag(Path dir, String storage, List<Msg> msgs) throws Exception {
        GeneratedBags.write(dir, storage, msgs, T0 + PER_FILE * PERIOD, T0, FRAMES * PERIOD);
    }

    /** The one episode ingest made of {@code root}, its dataset root and its streams by topic. */
    private record Ingested(EpisodeDetail episode, Path datasetRoot, Map<String, StreamEntry> streams) {
        FrameSource open(String topic) {
            return Sources.open(datasetRoot, episode, streams.get(topic));
        }
    }

    private static Ingested ingestOne(Catalog c, Path root) {
        IngestReport r = new Ingest(c).run(List.of(root), ProgressSink.NONE, Cancellation.NEVER);
        assertEquals(List.of(), r.failed());
        assertEquals(1, r.ingested().size());
        EpisodeDetail d = c.episodes().find(r.ingested().get(0).episodeId()).orElseThrow();
        return new Ingested(d, Path.of(d.datasetRoot()),
                d.streams().stream().collect(Collectors.toMap(StreamEntry::topic, Function.identity())));
    }

    private static void assertFrame(FrameSource s, int n, int expectedFrame, FrameBuffer b) {
        s.decode(n, b);
        assertEquals(W, b.width(), s.name());
        assertEquals(H, b.height(), s.name());
        assertEquals(n, b.index());
        for (int[] xy : new int[][]{{0, 0}, {5, 7}, {W - 1, H - 1}}) {
            assertEquals(expectedPixel(expectedFrame, xy[0], xy[1]), b.pixel(xy[0], xy[1]),
                    s.name() + " frame " + n + " at " + xy[0] + "," + xy[1]);
        }
    }

    /** Every file of a folder by name with its SHA-256, so a changed or added file shows. */
    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) out.put(p.getFileName().toString(), Digests.sha256Hex(p));
        }
        return out;
    }

    @Test
    void splitSqlite3BagShowsRawPngAndJpegFramesAtMasterTime() throws Exception {
        Path root = tmp.resolve("data");
        Path bag = root.resolve("cams");
        writeBag(bag, "sqlite3", messages());
        Map<String, String> before = digests(bag);
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            Ingested ep = ingestOne(c, root);
            FrameBuffer b = new FrameBuffer();

            assertEquals(StreamKind.VIDEO, ep.streams().get(RAW).kind());
            try (FrameSource raw = ep.open(RAW)) {
                assertEquals(FRAMES, raw.frameCount());
                assertFrame(raw, 3, 3, b);
                assertFrame(raw, 14, 14, b);
                assertFrame(raw, 3, 3, b);
                assertEquals(0, raw.frameIndexAt(0));
                assertEquals(-1, raw.frameIndexAt(-1));
                assertEquals(9, raw.frameIndexAt(10 * PERIOD - 1), "latest at or before, across the file boundary");
                assertEquals(10, raw.frameIndexAt(10 * PERIOD));
                assertEquals(FRAMES - 1, raw.frameIndexAt(FRAMES * PERIOD - 1), "the last frame lasts one period");
                assertEquals(-1, raw.frameIndexAt(FRAMES * PERIOD));
            }
            try (FrameSource png = ep.open(PNG)) {
                assertEquals(FRAMES, png.frameCount());
                assertEquals(PNG_DELAY, png.timeline().startNs());
                assertEquals(-1, png.frameIndexAt(PNG_DELAY - 1), "no data before the topic's first message");
                assertEquals(11, png.frameIndexAt(12 * PERIOD));
                assertFrame(png, 11, 11, b);
                assertFrame(png, 0, 0, b);
            }
            try (FrameSource jpeg = ep.open(JPEG)) {
                assertEquals(4, jpeg.frameCount(), "a topic only in the first file");
                jpeg.decode(2, b);
                assertEquals(W, b.width());
                int r = (b.pixel(10, 10) >> 16) & 0xff;
                assertTrue(Math.abs(r - red(2)) <= 8, "JPEG red " + r + " near " + red(2));
            }
            try (FrameSource broken = ep.open(BROKEN)) {
                assertEquals(2, broken.frameCount());
                broken.decode(0, b);
                CurioException e = assertThrows(CurioException.class, () -> broken.decode(1, b));
                assertEquals("cdr.truncated", e.code());
                assertEquals("cams/cams_0.db3", e.file());
                assertEquals(BROKEN, e.field());
            }
        }
        assertEquals(before, digests(bag), "raw bag untouched, no -wal/-shm files created");
    }

    @Test
    void splitMcapStorageBagGoesThroughTheMcapReader() throws Exception {
        Path root = tmp.resolve("data");
        List<Msg> msgs = messages().stream().filter(m -> !m.topic().equals(BROKEN)).toList();
        writeBag(root.resolve("mbag"), "mcap", msgs);
        try (Catalog c = Catalog.open(tmp.resolve("c.db"))) {
            Ingested ep = ingestOne(c, root);
            FrameBuffer b = new FrameBuffer();
            try (FrameSource raw = ep.open(RAW)) {
                assertEquals(FRAMES, raw.frameCount());
                assertEquals(12, raw.frameIndexAt(12 * PERIOD + PERIOD / 2));
                assertFrame(raw, 12, 12, b);
                assertFrame(raw, 2, 2, b);
            }
            try (FrameSource jpeg = ep.open(JPEG)) {
                assertEquals(4, jpeg.frameCount(), "the second file has no channel for it");
            }
        }
    }

    @Test
    void missingBagAndUnknownTopicAreReportedNotThrownRaw() throws Exception {
        Path bag = tmp.resolve("cams");
        writeBag(bag, "sqlite3", messages());
        CurioException missing = assertThrows(CurioException.class,
                () -> Rosbag2ImageSource.open(tmp.resolve("gone"), "gone", "x", RAW, T0, 0, null));
        assertEquals("source.missing_file", missing.code());
        CurioException topic = assertThrows(CurioException.class,
                () -> Rosbag2ImageSource.open(bag, "cams", "x", "/nope", T0, 0, null));
        assertEquals("source.missing_topic", topic.code());
        assertFalse(Files.exists(bag.resolve("cams_0.db3-wal")));
        // Offsets move the stream on the episode clock, as for every other source.
        try (FrameSource s = Rosbag2ImageSource.open(bag, "cams", "raw", RAW, T0, 7_000_000L, 10.0)) {
            assertEquals(7_000_000L, s.timeline().startNs());
            assertArrayEquals(new int[]{-1, 0}, new int[]{s.frameIndexAt(6_999_999L), s.frameIndexAt(7_000_000L)});
        }
    }
}
