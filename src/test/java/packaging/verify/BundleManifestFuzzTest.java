package packaging.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import packaging.bundle.BundleWriter;

/** A signed bundle whose {@code curio-manifest.json} is the input: verified, then delivered to a folder. */
class BundleManifestFuzzTest {
    private static final FuzzBundle BUNDLE = new FuzzBundle("bundle-manifest");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void manifest(byte[] input) {
        FuzzHarness.check(input, () -> BUNDLE.verifyAndDeliver(BUNDLE.withFile(BundleWriter.MANIFEST_FILE, input)));
    }
}
