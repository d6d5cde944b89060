package packaging.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.charset.StandardCharsets;
import packaging.bundle.BundleWriter;
import packaging.sign.Jws;

/**
 * A compact JWS: verified on its own (with the header's key, and pinned to another key), then as a bundle's
 * {@code signature.jws}, verified and delivered.
 */
class JwsFuzzTest {
    private static final FuzzBundle BUNDLE = new FuzzBundle("jws");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void jws(byte[] input) {
        String compact = new String(input, StandardCharsets.US_ASCII);
        FuzzHarness.check(input, () -> Jws.verifyDetailed(compact, null));
        FuzzHarness.check(input, () -> BUNDLE.verifyAndDeliver(BUNDLE.withFile(BundleWriter.SIGNATURE_FILE, input)));
    }
}
