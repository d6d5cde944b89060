package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import store.EpisodeSummary;

/** Drives the real main window: generate the demo from the toolbar, see it in the table, filter, select. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    Path home;
    private DesktopSession session;

    @Start
    void start(Stage stage) {
        session = new DesktopSession(home.resolve("test-catalog.db"), home, Platform::runLater);
        stage.setScene(session.createScene());
        stage.show();
        session.start();
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void generateDemoFromTheToolbarAndBrowseIt(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = robot.lookup("#catalog-table").queryTableView();
        assertEquals(0, table.getItems().size(), "an explicit catalog starts empty");

        robot.clickOn("#tool-demo");
        var statusBar = robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> table.getItems().size() == 6 && statusBar.getText().contains("6 episodes"));
        for (EpisodeSummary e : table.getItems()) {
            assertEquals("curio-demo", e.dataset());
            assertTrue(Files.isDirectory(home.resolve("demo/raw_episodes").resolve(e.episodeId())));
        }

        String target = table.getItems().get(3).episodeId();
        robot.clickOn("#catalog-filter").write(target.substring(0, 12));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertEquals(target, table.getItems().get(0).episodeId());

        robot.clickOn(target);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () ->
                robot.lookup("#episode-details").lookup((Label l) -> target.equals(l.getText())).tryQuery().isPresent());
        TableView<?> streams = robot.lookup("#details-streams").queryTableView();
        assertTrue(streams.getItems().size() >= 4, "cameras + joint states + actions");
    }

    @Test
    void viewMenuChoosesThePlaybackEngineAndSavesTheChoice(FxRobot robot) throws Exception {
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.CheckMenuItem vlc = (javafx.scene.control.CheckMenuItem) bar.getMenus().stream()
                .filter(m -> m.getText().equals("View")).findFirst().orElseThrow().getItems().stream()
                .filter(i -> "menu-play-with-vlc".equals(i.getId())).findFirst().orElseThrow();
        assertTrue(vlc.isSelected(), "libVLC plays unless the exact decoders are chosen");
        // What the menu's skin does on a click (popup menus are not reliably clickable under headless Monocle).
        robot.interact(() -> vlc.setSelected(false));
        assertTrue(Files.readString(home.resolve("settings.properties")).contains("player.engine=exact"), "saved at once");
        robot.interact(() -> vlc.setSelected(true));
        assertTrue(Files.readString(home.resolve("settings.properties")).contains("player.engine=vlc"));
    }
}
