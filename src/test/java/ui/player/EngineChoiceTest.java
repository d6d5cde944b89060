package ui.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
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
import player.VlcEngine;
import store.Catalog;
import timeline.TimelineFixture;
import ui.Settings;

/** The playback engine is the user's choice, kept in the settings: libVLC unless the exact decoders are asked for. */
@ExtendWith(ApplicationExtension.class)
class EngineChoiceTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-bg");
        t.setDaemon(true);
        return t;
    });
    private Catalog catalog;

    @Start
    void start(Stage stage) {
        // The workbench opens its own window.
    }

    @AfterEach
    void close() throws Exception {
        WorkbenchWindows.hideAll();
        background.shutdownNow();
        if (catalog != null) catalog.close();
    }

    @Test
    void vlcByDefaultExactWhenChosenAndTheChoiceIsSaved(FxRobot robot) throws Exception {
        catalog = Catalog.open(TimelineFixture.catalogCopy(dir));
        Path file = dir.resolve("settings.properties");
        PlayerWindows windows = new PlayerWindows(background, Platform::runLater, new Settings(file));
        assertTrue(windows.vlcPlaybackProperty().get(), "VLC by default");
        String engine = openAndReadEngine(robot, windows);
        if (VlcEngine.isAvailable()) {
            assertTrue(engine.startsWith("VLC"), engine);
        } else {
            System.out.println("libVLC not installed: the VLC default falls back to the exact decoders");
            assertEquals("JavaCV (exact)", engine);
        }

        robot.interact(() -> windows.vlcPlaybackProperty().set(false));
        assertEquals("exact", new Settings(file).get(PlayerWindows.ENGINE).orElseThrow(), "saved at once");
        PlayerWindows reopened = new PlayerWindows(background, Platform::runLater, new Settings(file));
        assertFalse(reopened.vlcPlaybackProperty().get(), "read back in a new session");
        assertEquals("JavaCV (exact)", openAndReadEngine(robot, reopened));
    }

    private String openAndReadEngine(FxRobot robot, PlayerWindows windows) throws Exception {
        WorkbenchWindows.hideAll();
        String id = DemoFixture.richest().summary().episodeId();
        robot.interact(() -> windows.open(catalog, id, null, msg -> { throw new AssertionError(msg); }));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WorkbenchWindows.showing() != null);
        String[] engine = new String[1];
        robot.interact(() -> engine[0] = WorkbenchWindows.showing().player().viewModel().engineProperty().get());
        return engine[0];
    }

}
