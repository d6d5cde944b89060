package pipeline.read.ros;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;

/**
 * A CDR payload decoded as each message type Curio reads from bags (image, compressed image, joint state, header),
 * the way a bag's first message of a topic is decoded at ingest.
 */
class CdrFuzzTest {
    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void cdr(byte[] input) {
        FuzzHarness.check(input, () -> RosImage.decode(input, "fuzz", "/image"));
        FuzzHarness.check(input, () -> RosCompressedImage.decode(input, "fuzz", "/image/compressed"));
        FuzzHarness.check(input, () -> RosJointState.decode(input, "fuzz", "/joint_states"));
        FuzzHarness.check(input, () -> RosHeader.decode(input, "fuzz", "/header"));
        FuzzHarness.check(input, () -> pipeline.read.rlds.ImageHeader.probe(input));
    }
}
