package pipeline.read.mcap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;
import java.util.Optional;
import pipeline.read.mcap.McapRecord.AttachmentIndex;
import pipeline.read.mcap.McapRecord.MetadataIndex;

/**
 * An MCAP file opened by its summary, as the players and sources open one: footer, summary section, every message
 * through the chunk and message indexes, each channel's log times from the message indexes alone, and every
 * attachment and metadata record the indexes point at.
 */
class McapIndexedFuzzTest {
    private static final Path FILE = FuzzHarness.scratch("mcap-indexed").resolve("fuzz.mcap");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void indexed(byte[] input) {
        FuzzHarness.write(FILE, input);
        FuzzHarness.check(input, () -> {
            Optional<McapIndexedReader> opened = McapIndexedReader.open(FILE);
            if (opened.isEmpty()) return;
            try (McapIndexedReader r = opened.get()) {
                r.messages(MessageFilter.ALL).forEachRemaining(view -> view.message().data());
                for (int channel : r.channels().keySet()) r.indexedLogTimes(channel);
                for (AttachmentIndex a : r.attachmentIndexes()) r.readAttachment(a);
                for (MetadataIndex m : r.metadataIndexes()) r.readMetadata(m);
            }
        });
    }
}
