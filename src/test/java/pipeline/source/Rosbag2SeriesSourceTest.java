package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosJointState;
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
 * Joint-state plots of rosbag2 bags through ingest and {@link Sources#openSeries}, for both storage plugins: a
 * {@code sensor_msgs/msg/JointState} topic split over two storage files, next to a camera topic the plot must
 * skip. Every value encodes its message number and joint, so a wrong, missing or reordered message shows.
 */
class Rosbag2SeriesSourceTest {
    private static final long T0 = 1_736_000_000_000_000_000L;
    /** 100 Hz, with the bag starting 3 ms before the first joint state. */
    private static final long PERIOD = 10_000_000L;
    private static final long FIRST = T0 + 3_000_000L;
    private static final int N = 40;
    private static final int SPLIT = 23;
    private static final String JOINTS = "/joint_states";
    private static final String CAMERA = "/cam/raw";
    private static final List<String> NAMES = List.of("shoulder", "elbow", "gripper");

    @TempDir
    Path tmp;

    private static double position(int i, int joint) {
        return i * 0.25 + joint * 100;
    }

    private static double velocity(int i, int joint) {
        return -i * 0.5 - joint;
    }

    /** Joint states 0..N-1 (no effort, as many drivers publish), a small image every 8th period. */
    private static List<Msg> messages() {
        List<Msg> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long t = FIRST + i * PERIOD;
            double[] pos = new double[NAMES.size()];
            double[] vel = new double[NAMES.size()];
            for (int j = 0; j < NAMES.size(); j++) {
                pos[j] = position(i, j);
                vel[j] = velocity(i, j);
            }
            RosHeader h = new RosHeader(RosTime.ofNanos(t), "base");
            out.add(new Msg(JOINTS, "sensor_msgs/msg/JointState", t, new RosJointState(h, NAMES, pos, vel, new double[0]).encode()));
            if (i % 8 == 0) {
                byte[] px = new byte[4 * 3 * 3];
                out.add(new Msg(CAMERA, "sensor_msgs/msg/Image", t + 1, new RosImage(h, 3, 4, "rgb8", 0, 12, px).encode()));
            }
        }
        return out;
    }

    /** Ingests a bag of {@code storage} and plots its joint-state stream as the player does. */
    private SeriesData ingestAndPlot(String storage) throws Exception {
        Path root = tmp.resolve(storage);
        GeneratedBags.write(root.resolve("bag"), storage, messages(), FIRST + SPLIT * PERIOD, T0, N * PERIOD);
        try (Catalog c = Catalog.open(tmp.resolve(storage + ".db"))) {
            IngestReport r = new Ingest(c).run(List.of(root), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(List.of(), r.failed());
            EpisodeDetail ep = c.episodes().find(r.ingested().get(0).episodeId()).orElseThrow();
            StreamEntry joints = ep.streams().stream().filter(s -> JOINTS.equals(s.topic())).findFirst().orElseThrow();
            assertEquals(StreamKind.TIMESERIES, joints.kind());
            assertEquals(NAMES, joints.jointNames());
            assertEquals((long) N, joints.frameCount());
            return Sources.openSeries(Path.of(ep.datasetRoot()), ep, joints, Cancellation.NEVER);
        }
    }

    private static void assertJointStates(SeriesData d, String storage) {
        assertEquals(N, d.size(), storage);
        assertEquals(1, d.stride());
        for (int i = 0; i < N; i++) {
            // Episode clock: log time minus the bag's starting time; across the file boundary without a gap or repeat.
            assertEquals(FIRST - T0 + i * PERIOD, d.timesNs()[i], storage + " time of message " + i);
        }
        List<String> channels = d.channels().stream().map(c -> c.field() + "/" + c.name()).toList();
        assertEquals(List.of("position/shoulder", "position/elbow", "position/gripper",
                "velocity/shoulder", "velocity/elbow", "velocity/gripper"), channels, storage + ": no effort channels");
        for (int j = 0; j < NAMES.size(); j++) {
            double[] pos = d.channels().get(j).values();
            double[] vel = d.channels().get(NAMES.size() + j).values();
            for (int i = 0; i < N; i++) {
                assertEquals(position(i, j), pos[i], 0.0, storage + " position " + NAMES.get(j) + " #" + i);
                assertEquals(velocity(i, j), vel[i], 0.0, storage + " velocity " + NAMES.get(j) + " #" + i);
            }
        }
    }

    @Test
    void splitMcapStorageBagPlotsItsJointStates() throws Exception {
        assertJointStates(ingestAndPlot("mcap"), "mcap");
    }

    @Test
    void splitSqlite3BagPlotsItsJointStatesFromThatTopicAlone() throws Exception {
        assertJointStates(ingestAndPlot("sqlite3"), "sqlite3");
    }

    @Test
    void unknownTopicPlotsNothingAndAMissingStorageFileIsReported() throws Exception {
        Path bag = tmp.resolve("bag");
        GeneratedBags.write(bag, "mcap", messages(), FIRST + SPLIT * PERIOD, T0, N * PERIOD);
        SeriesData none = SeriesSources.rosbag2JointStates(bag, "bag", "x", "/nope", T0, 0, List.of(), 1000, Cancellation.NEVER);
        assertEquals(0, none.size());
        Files.delete(bag.resolve("bag_1.mcap"));
        CurioException e = assertThrows(CurioException.class, () -> SeriesSources.rosbag2JointStates(bag, "bag", "x",
                JOINTS, T0, 0, NAMES, 1000, Cancellation.NEVER));
        assertEquals("rosbag2.file_missing", e.code());
    }
}
