package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;

/**
 * A LeRobot v3.0 dataset whose {@code meta/info.json} is the input, the rest of it valid: opened, listed and every
 * episode read as ingest reads it (data files checked against the features info.json declares, videos probed).
 */
class LeRobotInfoFuzzTest {
    private static final Path ROOT = FuzzDatasets.lerobotV3("lerobot-info");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void info(byte[] input) {
        FuzzHarness.write(ROOT.resolve("meta/info.json"), input);
        FuzzHarness.check(input, () -> FuzzDatasets.ingestLeRobot(ROOT));
    }
}
