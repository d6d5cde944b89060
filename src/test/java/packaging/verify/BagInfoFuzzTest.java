package packaging.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.util.Arrays;
import packaging.bagit.BagWriter;

/**
 * A signed bundle whose {@code bag-info.txt} or {@code bagit.txt} (the first input byte picks which; the rest is the
 * file) is the input: verified, then delivered to a folder.
 */
class BagInfoFuzzTest {
    private static final FuzzBundle BUNDLE = new FuzzBundle("bag-info");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void bagInfo(byte[] input) {
        if (input.length == 0) return;
        String file = (input[0] & 1) == 0 ? BagWriter.BAG_INFO_TXT : BagWriter.BAGIT_TXT;
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        FuzzHarness.check(input, () -> BUNDLE.verifyAndDeliver(BUNDLE.withFile(file, content)));
    }
}
