package pipeline.read.rlds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;
import store.Cancellation;
import store.ProgressSink;

/**
 * A step-log episode whose {@code steps/000000.jsonl} is the input, beside a valid {@code metadata.json} and a
 * blob it may reference ({@code blobs/frame.png}): every step parsed and summarised as ingest does.
 */
class StepLogFuzzTest {
    private static final Path EPISODE = episode();

    private static Path episode() {
        Path dir = FuzzHarness.scratch("step-log").resolve("episode");
        FuzzHarness.write(dir.resolve(StepLogReader.METADATA_FILE), FuzzHarness.utf8("""
                {"schema_version": "1.1", "episode_id": "ep_fuzz", "xr_mode": "vr", "control_role": "teleop",
                 "robot_id": "arm-1", "start_time_unix_ms": 1700000000000, "duration_ms": 2000, "tags": ["fuzz"]}
                """));
        FuzzHarness.write(dir.resolve("blobs/frame.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        return dir;
    }

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void steps(byte[] input) {
        FuzzHarness.write(EPISODE.resolve("steps/000000.jsonl"), input);
        FuzzHarness.check(input, () -> StepLogReader.open(EPISODE).scan(Cancellation.NEVER, ProgressSink.NONE));
    }
}
