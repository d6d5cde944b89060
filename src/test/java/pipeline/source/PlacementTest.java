package pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import pipeline.validate.IndependentBags;
import store.Cancellation;
import store.Catalog;
import store.EpisodeDetail;
import store.ProgressSink;
import store.StreamEntry;

/**
 * Bags written by an independent generator (src/test/python/ros2_camera_bag.py), in both storages: a camera logged
 * 60 ms after its sensor took each picture, a camera whose recorder stalled (four frames logged together, their
 * header stamps regular), joint states logged 2 ms late. By header stamp each lands at its capture time; by log time,
 * or where the stamps cannot be trusted, at its log time.
 */
class PlacementTest {
    private static final long MS = 1_000_000L;
    private static final Placement LOG = new Placement(Placement.TimeBase.LOG, 100 * MS);

    @TempDir
    Path dir;

    private record Bag(Path root, EpisodeDetail episode) {
        StreamEntry stream(String topic) {
            return episode.streams().stream().filter(s -> topic.equals(s.topic())).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + topic + " in " + episode.streams()));
        }

        long[] frames(String topic, Placement p) {
            FrameTimeline t = Sources.timeline(root, episode, stream(topic), p);
            long[] out = new long[t.frameCount()];
            for (int i = 0; i < out.length; i++) out[i] = t.timeNs(i);
            return out;
        }

        long[] series(String topic, Placement p) {
            return Sources.openSeriesWhole(root, episode, stream(topic), p, Cancellation.NEVER).timesNs();
        }
    }

    private Bag ingest(String storage, String... flags) throws Exception {
        Path made = Files.createDirectories(dir.resolve(storage + String.join("", flags)));
        Path bag = IndependentBags.inStorage(made, storage, flags);
        try (Catalog c = Catalog.open(made.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(bag), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, r.ingested().size(), r.toJson().toString());
            EpisodeDetail e = c.episodes().find(r.ingested().get(0).episodeId()).orElseThrow();
            return new Bag(Path.of(e.datasetRoot()), e);
        }
    }

    private static long frame(int f) {
        return Math.round(f * 1e9 / 30);
    }

    @ParameterizedTest(name = "{0} storage")
    @ValueSource(strings = {"sqlite3", "mcap"})
    void byHeaderStampEachMessageLandsAtItsCaptureTimeByLogTimeAtItsArrival(String storage) throws Exception {
        Bag bag = ingest(storage, "--lag-ms", "60", "--stall");
        long[] compressed = bag.frames("/cam/compressed", Placement.DEFAULT);
        long[] raw = bag.frames("/cam/image_raw", Placement.DEFAULT);
        long[] joints = bag.series("/joint_states", Placement.DEFAULT);
        assertEquals(60, compressed.length);
        assertEquals(100, joints.length);
        for (int f = 0; f < 60; f++) {
            assertEquals(frame(f), compressed[f], "compressed frame " + f + " by header stamp");
            assertEquals(frame(f), raw[f], "raw frame " + f + " by header stamp: the stall does not bunch it");
        }
        for (int i = 0; i < 100; i++) assertEquals(i * 20 * MS, joints[i], "joint state " + i + " by header stamp");

        long[] compressedLog = bag.frames("/cam/compressed", LOG);
        long[] rawLog = bag.frames("/cam/image_raw", LOG);
        long[] jointsLog = bag.series("/joint_states", LOG);
        for (int f = 0; f < 60; f++) assertEquals(frame(f) + 60 * MS, compressedLog[f], "compressed frame " + f + " by log time");
        assertEquals(frame(34) - 4 * MS, rawLog[30], "the stalled frames by log time");
        assertEquals(frame(34) - MS, rawLog[33]);
        for (int i = 0; i < 100; i++) assertEquals(i * 20 * MS + 2 * MS, jointsLog[i], "joint state " + i + " by log time");

        // The plot's series (every sample kept at this length) and a frame source opened for the player agree.
        assertEquals(joints[99], Sources.openSeries(bag.root(), bag.episode(), bag.stream("/joint_states"), Cancellation.NEVER)
                .timesNs()[99]);
        try (FrameSource src = Sources.open(bag.root(), bag.episode(), bag.stream("/cam/compressed"))) {
            assertEquals(frame(59), src.timeline().timeNs(59));
            assertEquals(true, src instanceof EncodedFrames, "a JPEG topic still hands its stored pictures to exports");
        }
    }

    @ParameterizedTest(name = "{0} storage")
    @ValueSource(strings = {"sqlite3", "mcap"})
    void stampsThatCannotBeTrustedLeaveTheTopicAtLogTime(String storage) throws Exception {
        Bag backwards = ingest(storage, "--backwards");
        long[] joints = backwards.series("/joint_states", Placement.DEFAULT);
        for (int i = 0; i < 100; i++) assertEquals(i * 20 * MS + 2 * MS, joints[i], "header stamps going back: log time");
        assertEquals(frame(7), backwards.frames("/cam/compressed", Placement.DEFAULT)[7], "the other topics keep their stamps");

        Bag late = ingest(storage, "--lag-ms", "150");
        assertEquals(frame(7) + 150 * MS, late.frames("/cam/compressed", Placement.DEFAULT)[7],
                "150 ms from log time is beyond the default 100 ms bound: log time");
        assertEquals(frame(7), late.frames("/cam/compressed", new Placement(Placement.TimeBase.HEADER, 200 * MS))[7],
                "within a profile's wider bound: header stamp");
    }

    /** Validation and the viewers share one read of a topic's stamps; a changed file is read again. */
    @org.junit.jupiter.api.Test
    void aTopicsStampsAreReadOncePerVersionOfItsFile() throws Exception {
        Bag bag = ingest("mcap");
        StreamEntry cam = bag.stream("/cam/compressed");
        StreamLocator loc = StreamLocator.of(cam);
        HeaderStamps.Stamps first = Placement.cachedStamps(bag.root(), loc, cam.topic(), Cancellation.NEVER);
        assertEquals(60, first.size());
        org.junit.jupiter.api.Assertions.assertSame(first, Placement.cachedStamps(bag.root(), loc, cam.topic(), Cancellation.NEVER));
        try (var files = Files.walk(bag.root().resolve(loc.file()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5_000));
            }
        }
        HeaderStamps.Stamps again = Placement.cachedStamps(bag.root(), loc, cam.topic(), Cancellation.NEVER);
        org.junit.jupiter.api.Assertions.assertNotSame(first, again, "a file with another time or size is read again");
        assertEquals(first.size(), again.size());
    }
}
