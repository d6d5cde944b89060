package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.io.ByteArrayInputStream;
import pipeline.read.mcap.McapReader;
import store.Cancellation;

/**
 * An MCAP file read front to back, as ingest reads it (payloads skipped after each channel's first message, which is
 * decoded as CDR when it is an image or joint state) and as a plain stream with every payload and every message
 * resolved to its channel and schema.
 */
class McapStreamFuzzTest {
    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void streamed(byte[] input) {
        FuzzHarness.check(input, () -> McapScan.scan(new ByteArrayInputStream(input), "fuzz.mcap", Cancellation.NEVER));
        FuzzHarness.check(input, () -> {
            try (McapReader r = new McapReader(new ByteArrayInputStream(input), "fuzz.mcap")) {
                r.forEachMessage(view -> view.message().data());
            }
        });
    }
}
