package pipeline.video;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;

/**
 * An MP4's {@code moov} read into the sample table the export concatenates videos by, every table walked as the
 * concatenation walks it (runs of samples, decode times, sync samples).
 */
class Mp4SampleTableFuzzTest {
    private static final Path FILE = FuzzHarness.scratch("mp4-table").resolve("fuzz.mp4");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void sampleTable(byte[] input) {
        FuzzHarness.write(FILE, input);
        FuzzHarness.check(input, () -> {
            Mp4SampleTable t = Mp4SampleTable.read(FILE, "fuzz.mp4");
            t.runs();
            t.mediaBytes();
            t.entryKey();
            for (int i = 0; i < t.sampleCount(); i++) {
                t.delta(i);
                t.compositionOffset(i);
                t.sampleOffset(i);
            }
        });
    }
}
