package ui.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.source.DemoFixture;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;
import store.Validations;
import timeline.TimelineFixture;
import timeline.TimelineView;
import ui.Settings;

/** Validation findings and QC windows appear as read-only strips on the timeline, where they happen. */
@ExtendWith(ApplicationExtension.class)
class StripsTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private Catalog catalog;

    @Start
    void start(Stage stage) {
        // the workbench opens its own window
    }

    @AfterEach
    void close() throws Exception {
        WorkbenchWindows.hideAll();
        background.shutdownNow();
        if (catalog != null) catalog.close();
    }

    @Test
    void findingsAndQcWindowsAreDrawnAtTheirTimes(FxRobot robot) throws Exception {
        catalog = Catalog.open(TimelineFixture.catalogCopy(dir));
        String id = DemoFixture.richest().summary().episodeId();
        // A profile that calls every window blurry, so the findings strip has a soft range with known times.
        Path profile = dir.resolve("strict.yaml");
        Files.writeString(profile, "thresholds:\n  qc_sharpness_min: 100000\nseverities:\n  qc.blurry: soft\n");
        new ValidationService(catalog, new Validator(), 1, "t").run(List.of(id), ValidationProfile.load(profile), true,
                ProgressSink.NONE, Cancellation.NEVER);
        Validations.FindingRow blurry = catalog.validations().findings(id).stream()
                .filter(f -> f.code().equals("qc.blurry")).findFirst().orElseThrow();
        assertTrue(!catalog.validations().qcWindows(id).isEmpty());

        PlayerWindows windows = new PlayerWindows(background, Platform::runLater, new Settings(dir.resolve("s.properties")));
        robot.interact(() -> windows.open(catalog, id, null, msg -> { throw new AssertionError(msg); }));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WorkbenchWindows.showing() != null);
        TimelineView tl = WorkbenchWindows.showing().timeline();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> tl.rows().contains("findings") && tl.rows().contains("qc"));

        double x = (tl.xFor(blurry.tStartNs()) + tl.xFor(blurry.tEndNs())) / 2;
        double y = tl.rowCentre("findings");
        Color c = pixel(robot, tl, x, y);
        assertEquals(Color.web("#fb8c00").getRed(), c.getRed(), 0.05, "soft finding drawn orange at its time: " + c);
        assertEquals(Color.web("#fb8c00").getGreen(), c.getGreen(), 0.05, c.toString());
        Color q = pixel(robot, tl, x, tl.rowCentre("qc"));
        assertTrue(q.getGreen() > q.getRed(), "a healthy QC window is green: " + q);
    }

    private static Color pixel(FxRobot robot, TimelineView tl, double x, double y) throws Exception {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = tl.snapshot(null, null));
        return img[0].getPixelReader().getColor((int) x, (int) y);
    }

}
