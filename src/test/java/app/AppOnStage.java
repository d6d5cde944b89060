package app;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import packaging.sign.PassphraseSource;
import store.EpisodeSummary;

/** The app on a stage for a UI test, and the wait for its catalog table to list what the test put in the catalog. */
final class AppOnStage {
    private AppOnStage() { }

    static DesktopSession show(Stage stage, Path catalog, Path home, PassphraseSource passphrases) {
        DesktopSession session = new DesktopSession(catalog, home, Platform::runLater, passphrases);
        stage.setScene(session.createScene());
        stage.show();
        session.start();
        return session;
    }

    static TableView<EpisodeSummary> awaitEpisodes(FxRobot robot, int episodes) throws Exception {
        TableView<EpisodeSummary> table = robot.lookup("#catalog-table").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == episodes);
        return table;
    }
}
