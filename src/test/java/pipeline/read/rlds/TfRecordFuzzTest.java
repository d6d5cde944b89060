package pipeline.read.rlds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.io.ByteArrayInputStream;

/** A TFRecord shard: every record read (both CRCs checked) and decoded as a {@code tf.train.Example}, then skipped over. */
class TfRecordFuzzTest {
    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void tfrecord(byte[] input) {
        FuzzHarness.check(input, () -> {
            try (TfRecordReader r = new TfRecordReader(new ByteArrayInputStream(input), "fuzz.tfrecord")) {
                byte[] record;
                while ((record = r.next()) != null) ExampleDecoder.decode(record, "fuzz.tfrecord", "record");
            }
        });
        FuzzHarness.check(input, () -> {
            try (TfRecordReader r = new TfRecordReader(new ByteArrayInputStream(input), "fuzz.tfrecord")) {
                while (r.skip()) { }
            }
        });
    }
}
