package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;

/**
 * A LeRobot v3.0 dataset whose first episodes metadata file ({@code meta/episodes/chunk-000/file-000.parquet}) is
 * the input, the rest of it valid: opened, listed and every episode read as ingest reads it.
 */
class LeRobotEpisodesFuzzTest {
    private static final Path ROOT = FuzzDatasets.lerobotV3("lerobot-episodes");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void episodes(byte[] input) {
        FuzzHarness.write(ROOT.resolve("meta/episodes/chunk-000/file-000.parquet"), input);
        FuzzHarness.check(input, () -> FuzzDatasets.ingestLeRobot(ROOT));
    }
}
