package packaging.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.deliver.DeliveryFixture;
import store.Catalog;

/** Records an export left under a bundle's partial name, as a kill between recording and renaming leaves them. */
class LandingsTest {
    @TempDir
    Path dir;

    @Test
    void aRecordFollowsItsBundleWhenItLandedAndIsForgottenWhenItNeverDid() throws Exception {
        try (Catalog c = Catalog.open(dir.resolve("catalog.db"))) {
            Path landed = DeliveryFixture.bundle(dir, c, "mf_landed", 4096).bundle();
            c.exportRecords().moveBundle("mf_landed", BundleWriter.partialOf(landed).toString());
            Landings.settle(c, landed);
            assertEquals(landed.toString(), c.exportRecords().bundlePaths().get("mf_landed"), "the bundle is there, so its record follows it");

            Path never = dir.resolve("exports").resolve("mf_never");
            DeliveryFixture.bundle(dir, c, "mf_other", 4096);
            c.exportRecords().moveBundle("mf_other", BundleWriter.partialOf(never).toString());
            Landings.settle(c, never);
            assertFalse(c.exportRecords().bundlePaths().containsKey("mf_other"), "nothing landed at " + never + ", so the record goes");
        }
    }

    @Test
    void aRecallMovesRecordsWhoseBundleLandedAndForgetsNothing() throws Exception {
        try (Catalog c = Catalog.open(dir.resolve("catalog.db"))) {
            Path landed = DeliveryFixture.bundle(dir, c, "mf_landed", 4096).bundle();
            Path gone = DeliveryFixture.bundle(dir, c, "mf_gone", 4096).bundle();
            c.exportRecords().moveBundle("mf_landed", BundleWriter.partialOf(landed).toString());
            Path elsewhere = BundleWriter.partialOf(dir.resolve("exports").resolve("mf_elsewhere"));
            c.exportRecords().moveBundle("mf_gone", elsewhere.toString());
            Landings.settleLanded(c);
            Map<String, String> paths = c.exportRecords().bundlePaths();
            assertEquals(landed.toString(), paths.get("mf_landed"));
            assertEquals(elsewhere.toString(), paths.get("mf_gone"), "a bundle that did not land keeps its record for the export to settle");
        }
    }
}
