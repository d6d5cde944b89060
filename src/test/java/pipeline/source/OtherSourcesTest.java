package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/** MCAP image topics, HDF5 camera arrays and the series sources. */
class OtherSourcesTest {
    private static final String RERUN_BAG =
            "mcap/rerun/crates/store/re_data_loader/tests/assets/rosbag2_2025_09_10-13_03_56_0.mcap";

    private static Path corpus(String rel) {
        String root = System.getProperty("curio.corpus");
        Path p = root == null ? null : Path.of(root, rel);
        if (p == null || !Files.isRegularFile(p)) System.out.println("corpus file absent, skipping: " + rel);
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p), "corpus file absent: " + rel);
        return p;
    }

    @Test
    void mcapRawAndCompressedImageTopicsDecode() {
        Path bag = corpus(RERUN_BAG);
        long start = 0;
        for (String topic : List.of("/image", "/compressed_image")) {
            try (McapImageSource s = McapImageSource.open(bag, "bag.mcap", topic, topic, start, 0, null)) {
                assertTrue(s.frameCount() >= 1, topic);
                FrameBuffer b = new FrameBuffer();
                s.decode(0, b);
                assertEquals(640, b.width(), topic);
                assertEquals(480, b.height(), topic);
                long distinct = java.util.Arrays.stream(b.argb(), 0, b.width() * b.height()).distinct().limit(50).count();
                assertTrue(distinct > 10, topic + " has a real picture, not a flat fill");
                for (int i = 0; i < b.width() * b.height(); i++) assertEquals(0xFF, b.argb()[i] >>> 24);
                assertEquals(0, s.frameIndexAt(s.timeline().startNs()));
                assertEquals(-1, s.frameIndexAt(s.timeline().startNs() - 1));
            }
        }
        CurioException notImage = assertThrows(CurioException.class,
                () -> McapImageSource.open(bag, "bag.mcap", "js", "/joint_state", 0, 0, null));
        assertEquals("source.unsupported", notImage.code());
        assertEquals("source.missing_topic", assertThrows(CurioException.class,
                () -> McapImageSource.open(bag, "bag.mcap", "x", "/nope", 0, 0, null)).code());
    }

    @Test
    void rawEncodingsAndDepthColourMap() {
        FrameBuffer b = new FrameBuffer();
        Pixels.raw("bgr8", 2, 1, 6, false, new byte[]{1, 2, 3, 4, 5, 6}, b, null, null);
        assertEquals(0xFF030201, b.pixel(0, 0));
        Pixels.raw("mono8", 1, 2, 4, false, new byte[]{7, 0, 0, 0, 9}, b, null, null);
        assertEquals(0xFF090909, b.pixel(0, 1), "row stride honoured");
        // 16UC1 millimetres: 0 = no reading (black), near and far get different colours.
        Pixels.raw("16UC1", 3, 1, 6, false, new byte[]{0, 0, (byte) 0xF4, 0x01, (byte) 0x88, 0x13}, b, null, null);
        assertEquals(0xFF000000, b.pixel(0, 0));
        assertTrue(b.pixel(1, 0) != b.pixel(2, 0));
        assertTrue(((b.pixel(1, 0) >> 16) & 0xff) > (b.pixel(1, 0) & 0xff), "0.5 m is warm");
        assertTrue((b.pixel(2, 0) & 0xff) > ((b.pixel(2, 0) >> 16) & 0xff), "5 m is cool");
        assertEquals("source.decode_failed", assertThrows(CurioException.class,
                () -> Pixels.raw("rgb8", 4, 4, 12, false, new byte[10], b, "f", "t")).code());
        assertEquals("source.unsupported", assertThrows(CurioException.class,
                () -> Pixels.raw("yuv422", 1, 1, 2, false, new byte[2], b, "f", "t")).code());
    }

    @Test
    void hdf5CameraArrayFramesAndQposSeries(@TempDir Path dir) {
        Path file = dir.resolve("episode_0.hdf5");
        int t = 12;
        int h = 24;
        int w = 32;
        byte[][][][] frames = new byte[t][h][w][3];
        float[][] qpos = new float[t][3];
        for (int f = 0; f < t; f++) {
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) frames[f][y][x][0] = (byte) (f * 20);
            for (int j = 0; j < 3; j++) qpos[f][j] = f + j / 10f;
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup obs = hdf.putGroup("observations");
            obs.putDataset("qpos", qpos);
            obs.putDataset("qvel", qpos);
            hdf.putDataset("action", qpos);
            obs.putGroup("images").putDataset("top", frames,
                    DatasetCreationOptions.builder().unsigned().chunkDimensions(1, h, w, 3).build());
        }
        try (Hdf5FrameSource s = Hdf5FrameSource.open(file, "episode_0.hdf5", "top", "/", "observations/images/top",
                2L, 10L, 50.0, 5_000_000L)) {
            assertEquals(8, s.frameCount());
            assertEquals(5_000_000L, s.timeline().startNs());
            FrameBuffer b = new FrameBuffer();
            s.decode(3, b);
            assertEquals(w, b.width());
            assertEquals(5 * 20, (b.pixel(4, 4) >> 16) & 0xff, "row 2+3 read");
            assertEquals(3, s.frameIndexAt(5_000_000L + 3 * 20_000_000L));
        }
        SeriesData q = SeriesSources.hdf5Dataset(file, "episode_0.hdf5", "qpos", "/", "observations/qpos", 50.0, 0,
                List.of("a", "b"), 1000, Cancellation.NEVER);
        assertEquals(t, q.size());
        assertEquals(3, q.channels().size());
        assertEquals("b", q.channels().get(1).name());
        assertEquals("observations/qpos[2]", q.channels().get(2).name());
        assertEquals(7.1, q.channels().get(1).values()[7], 1e-6);
        assertEquals(140_000_000L, q.timesNs()[7]);
    }

    @Test
    void demoJointStatesLoadAsPositionVelocityEffortOnTheEpisodeClock() {
        EpisodeDetail e = DemoFixture.richest();
        for (StreamEntry s : e.streams()) {
            if (s.kind() != StreamKind.TIMESERIES) continue;
            SeriesData d = Sources.openSeries(DemoFixture.datasetRoot(e), e, s, Cancellation.NEVER);
            assertEquals(s.frameCount().intValue(), d.size(), s.name());
            assertEquals(1, d.stride());
            assertEquals(s.startNs() + s.clockOffsetNs(), d.timesNs()[0], s.name() + " starts at episode start");
            assertEquals(s.endNs() + s.clockOffsetNs(), d.timesNs()[d.size() - 1], 1_000_000, s.name());
            List<String> joints = d.channels().stream().filter(c -> c.field().equals("position"))
                    .map(SeriesData.SeriesChannel::name).toList();
            assertEquals(s.jointNames(), joints);
            double[] gripper = d.channels().stream().filter(c -> c.name().equals("gripper") && c.field().equals("position"))
                    .findFirst().orElseThrow().values();
            double[] limits = s.jointLimits().get(s.jointLimits().size() - 1);
            for (double v : gripper) assertTrue(v >= limits[0] - 1e-9 && v <= limits[1] + 1e-9, "gripper within limits");
        }
    }

    @Test
    void longSeriesAreDecimatedToABoundedBuffer() {
        SeriesBuilder b = new SeriesBuilder("s", 100);
        b.channel("position", "j");
        for (int i = 0; i < 1000; i++) b.add(i * 1000L, new double[]{i});
        SeriesData d = b.build();
        assertTrue(d.size() <= 100 && d.size() >= 50, "size " + d.size());
        assertEquals(16, d.stride());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(i * 16.0, d.channels().get(0).values()[i], "uniform spacing after compaction");
            assertEquals(i * 16_000L, d.timesNs()[i]);
        }
    }
}
