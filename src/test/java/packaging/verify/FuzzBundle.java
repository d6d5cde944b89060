package packaging.verify;

import fuzz.FuzzHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import packaging.deliver.Delivery;
import packaging.deliver.DeliveryFixture;
import packaging.deliver.Destination;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/**
 * A signed bundle registered as exported in a catalog, copied afresh for every input so one file of it can be
 * replaced by the input; then verified, and delivered to a folder (which re-verifies it where it landed).
 */
final class FuzzBundle {
    private final Path base;
    private final Path pristine;
    private final Path work;
    private final Path destination;
    private final Catalog catalog;

    FuzzBundle(String name) {
        base = FuzzHarness.scratch(name);
        FuzzHarness.deleteTree(base);
        try {
            Files.createDirectories(base);
            catalog = Catalog.open(base.resolve("catalog.db"));
            pristine = DeliveryFixture.bundle(base, catalog, "mf_fuzz", 4096).bundle();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the bundle the fuzz target damages", e);
        }
        work = base.resolve("work").resolve("mf_fuzz");
        destination = base.resolve("delivered");
    }

    /** A fresh copy of the bundle with {@code rel} (a path inside it) replaced by {@code bytes}. */
    Path withFile(String rel, byte[] bytes) {
        FuzzHarness.deleteTree(work.getParent());
        FuzzHarness.deleteTree(destination);
        try (var walk = Files.walk(pristine)) {
            for (Path p : walk.toList()) {
                Path to = work.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(destination);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FuzzHarness.write(work.resolve(rel), bytes);
        return work;
    }

    /** Verifies the copy, then delivers it; a delivery that lands must verify as the bundle did. */
    void verifyAndDeliver(Path bundle) {
        VerifyReport report = BundleVerifier.verify(bundle, null);
        Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(bundle, new Destination.Folder(destination),
                Delivery.Verify.HEAD, "fuzzer"), ProgressSink.NONE, Cancellation.NEVER);
        if (report.ok() != r.ok()) {
            throw new AssertionError("the bundle verified " + report.ok() + " here but " + r.ok() + " where it was delivered: "
                    + report.findings() + " / " + r.findings());
        }
    }
}
