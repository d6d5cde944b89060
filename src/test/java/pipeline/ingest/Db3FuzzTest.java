package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;

/**
 * A rosbag2 folder whose sqlite3 storage file is the input (SQLite's own file format, damaged any way the fuzzer
 * likes), named by a valid {@code metadata.yaml}: scanned as ingest scans a bag, then every message read, and the
 * metadata copy a current-schema db3 embeds parsed.
 */
class Db3FuzzTest {
    private static final Path BAG = FuzzBags.folder("rosbag2-db3");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void db3(byte[] input) {
        FuzzHarness.write(BAG.resolve("bag_0.db3"), input);
        FuzzHarness.check(input, () -> FuzzBags.readAll(BAG));
    }
}
