package pipeline.read.rlds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;

/** A serialized {@code tf.train.Example} decoded with the protobuf wire format, every feature list read. */
class ExampleFuzzTest {
    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void example(byte[] input) {
        FuzzHarness.check(input, () -> ExampleDecoder.decode(input, "fuzz.tfrecord", "record[0]").values()
                .forEach(Feature::size));
    }
}
