package packaging.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.util.Arrays;
import packaging.bagit.BagWriter;

/**
 * A signed bundle whose payload manifest ({@code manifest-sha256.txt}) or tag manifest ({@code tagmanifest-sha256.txt})
 * is the input (the first byte picks which): verified, then delivered to a folder. Paths the manifests name are
 * where traversal, absolute paths and duplicates come in.
 */
class TagManifestFuzzTest {
    private static final FuzzBundle BUNDLE = new FuzzBundle("tag-manifest");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void manifests(byte[] input) {
        if (input.length == 0) return;
        String file = (input[0] & 1) == 0 ? BagWriter.MANIFEST : BagWriter.TAG_MANIFEST;
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        FuzzHarness.check(input, () -> BUNDLE.verifyAndDeliver(BUNDLE.withFile(file, content)));
    }
}
