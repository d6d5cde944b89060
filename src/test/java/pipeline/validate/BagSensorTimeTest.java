package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/**
 * rosbag2 bags written by an independent generator ({@link IndependentBags}), in both storages: their sensors'
 * header.stamp is checked as well as the log time, and the profile's time_base picks the clock gaps are judged on.
 */
class BagSensorTimeTest {
    @TempDir
    Path dir;

    private EpisodeReport validate(String storage, String profileYaml, String... flags) throws Exception {
        Path target = IndependentBags.inStorage(dir, storage, flags);
        ValidationProfile profile = TestProfiles.of(dir, profileYaml);
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(target), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, r.ingested().size(), r.toJson().toString());
            return new ValidationService(c, new Validator(), 1, "t").run(List.of(r.ingested().get(0).episodeId()), profile,
                    true, ProgressSink.NONE, Cancellation.NEVER).get(0);
        }
    }

    private static List<Finding> of(EpisodeReport r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).toList();
    }

    @ParameterizedTest(name = "{0} storage")
    @ValueSource(strings = {"sqlite3", "mcap"})
    void headerStampsGoingBackwardsAreHardFindingsNamingEachMessage(String storage) throws Exception {
        EpisodeReport r = validate(storage, null, "--backwards");
        List<Finding> back = of(r, "temporal.non_monotonic");
        assertEquals(2, back.size(), r.findings().toString());
        for (Finding f : back) {
            assertEquals(Severity.HARD, f.severity());
            assertEquals("/joint_states", f.stream());
            assertEquals("/joint_states.header.stamp", f.field());
        }
        assertEquals("message 40 of /joint_states: header.stamp goes back 10.0 ms from message 39's", back.get(0).message());
        assertEquals("message 70 of /joint_states: header.stamp goes back 40.0 ms from message 69's", back.get(1).message());
        assertEquals("hard", r.state());
    }

    @ParameterizedTest(name = "{0} storage")
    @ValueSource(strings = {"sqlite3", "mcap"})
    void headerAgainstLogTimeBeyondTheProfileIsAClockOffset(String storage) throws Exception {
        EpisodeReport late = validate(storage, null, "--lag-ms", "150");
        List<Finding> f = of(late, "temporal.clock_offset");
        assertEquals(1, f.size(), late.findings().toString());
        assertEquals("/cam/compressed.header.stamp", f.get(0).field());
        assertTrue(f.get(0).message().contains("+150.0 ms from header.stamp"), f.get(0).message());
        assertEquals(Severity.SOFT, f.get(0).severity());
        Path again = dir.resolve("again");
        Files.createDirectories(again);
        dir = again;
        assertTrue(of(validate(storage, null, "--lag-ms", "60"), "temporal.clock_offset").isEmpty(),
                "60 ms is within the default 100 ms");
    }

    @ParameterizedTest(name = "{0} storage")
    @ValueSource(strings = {"sqlite3", "mcap"})
    void theProfilesTimeBaseDecidesWhichClockGapsAreJudgedOn(String storage) throws Exception {
        // The recorder stalled: four frames logged together, their header stamps regular.
        EpisodeReport header = validate(storage, null, "--stall");
        assertTrue(of(header, "temporal.frame_gap").isEmpty(), header.findings().toString());
        Path again = dir.resolve("again");
        Files.createDirectories(again);
        dir = again;
        EpisodeReport log = validate(storage, "time_base: log\n", "--stall");
        List<Finding> gaps = of(log, "temporal.frame_gap");
        assertEquals(1, gaps.size(), log.findings().toString());
        assertEquals("/cam/image_raw", gaps.get(0).stream());
        assertFalse(log.findings().stream().anyMatch(f -> f.code().equals("temporal.non_monotonic")), log.findings().toString());
    }
}
