package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;
import pipeline.read.rosbag2.Rosbag2Bag;

/**
 * A rosbag2 folder whose {@code metadata.yaml} is the input, next to real sqlite3 and mcap storage files it may
 * name ({@code bag_0.db3}, {@code bag_1.db3}, {@code mcap_0.mcap}, {@code mcap_1.mcap}): scanned as ingest scans
 * a bag, then every message read.
 */
class Rosbag2MetadataFuzzTest {
    private static final Path BAG = FuzzBags.folder("rosbag2-metadata");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void metadata(byte[] input) {
        FuzzHarness.write(BAG.resolve(Rosbag2Bag.METADATA_FILE), input);
        FuzzHarness.check(input, () -> FuzzBags.readAll(BAG));
    }
}
