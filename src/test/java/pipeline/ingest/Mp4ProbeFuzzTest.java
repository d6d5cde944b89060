package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A video file probed as ingest probes one, header only and with FFmpeg's full stream-info pass. */
class Mp4ProbeFuzzTest {
    private static final Path FILE = FuzzHarness.scratch("mp4-probe").resolve("fuzz.mp4");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void probe(byte[] input) {
        FuzzHarness.write(FILE, input);
        for (Mp4Probe.Depth depth : Mp4Probe.Depth.values()) {
            FuzzHarness.check(input, () -> {
                try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.READ)) {
                    Mp4Probe.probe(ch, "fuzz.mp4", depth);
                }
            });
        }
    }
}
