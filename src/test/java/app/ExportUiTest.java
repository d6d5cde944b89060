package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSummary;
import store.ProgressSink;

/**
 * The app's export path end to end: select accepted and unaccepted episodes, make a subset (the unaccepted one is
 * shown as left out with the reason), export it as a LeRobot bundle, open the bundle and see it verified with its
 * data card. The passphrase comes from a fixed source in place of the dialog.
 */
@ExtendWith(ApplicationExtension.class)
class ExportUiTest {
    private static final char[] PASSPHRASE = "ui export passphrase".toCharArray();

    @TempDir
    static Path home;
    private static final List<String> ids = new ArrayList<>();
    private DesktopSession session;

    /** Outside @Start: generating the demo takes longer than TestFX allows for window setup. */
    @BeforeAll
    static void acceptedDemoAndKey() {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("demo"), 3, 11),
                ProgressSink.NONE, Cancellation.NEVER);
        generated.forEach(g -> ids.add(g.episodeId()));
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            c.annotations().decide(ids.get(0), "accept", "good", "tester");
            c.annotations().decide(ids.get(1), "accept", "good", "tester");
        }
        SigningKeys.generate(home.resolve("keys"), PASSPHRASE);
    }

    @Start
    void start(Stage stage) {
        Path catalogFile = home.resolve("c.db");
        session = new DesktopSession(catalogFile, home, Platform::runLater, PassphraseSource.of(PASSPHRASE));
        stage.setScene(session.createScene());
        stage.show();
        session.start();
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void subsetFromSelectionExportAndOpenTheVerifiedBundle(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = robot.lookup("#catalog-table").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        robot.interact(() -> table.getSelectionModel().selectAll());
        assertEquals(java.util.Set.copyOf(ids), java.util.Set.copyOf(session.viewModel().selectedIds()), "the table is multi-select");

        robot.clickOn("#tool-subset");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#subset-name").tryQuery().isPresent());
        ListView<String> excluded = robot.lookup("#subset-excluded").queryListView();
        assertEquals(1, excluded.getItems().size());
        assertTrue(excluded.getItems().get(0).startsWith(ids.get(2) + ": not accepted"), excluded.getItems().toString());
        ListView<String> included = robot.lookup("#subset-included").queryListView();
        assertEquals(2, included.getItems().size());
        TextField name = robot.lookup("#subset-name").query();
        robot.interact(() -> name.setText("ui-subset"));
        robot.clickOn("#subset-create");
        var status = robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().contains("Subset ui-subset: 2 episodes, 1 left out"));
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            assertEquals(List.of(ids.get(0), ids.get(1)).stream().sorted().toList(),
                    new Subsets(c).require("ui-subset").episodeIds());
        }

        robot.clickOn("#tool-export");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#export-out").tryQuery().isPresent());
        TextField key = robot.lookup("#export-key").query();
        assertEquals(home.resolve("keys/curio-signing.key").toString(), key.getText(), "the app's own key is preselected");
        // The dialog shows how the subset's streams become LeRobot features, and at which rate.
        TableView<?> mapping = robot.lookup("#export-mapping").queryTableView();
        Label plan = robot.lookup("#export-plan-status").query();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> plan.getText().contains(" fps ("));
        WaitForAsyncUtils.waitForFxEvents();
        String rows = mapping.getItems().toString();
        assertTrue(rows.contains("feature=observation.state,") && rows.contains("feature=observation.images.cam_high,")
                && rows.contains("feature=action,"), rows);
        assertTrue(plan.getText().startsWith("30 fps (the cameras' rate)"), plan.getText());
        Snapshots.save(robot, mapping.getScene().getRoot(), "export-dialog");
        javafx.scene.control.CheckBox cameraRate = robot.lookup("#export-camera-rate").query();
        javafx.scene.control.Spinner<Integer> fps = robot.lookup("#export-fps").query();
        robot.interact(() -> {
            cameraRate.setSelected(false);
            fps.getValueFactory().setValue(10);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> plan.getText().startsWith("10 fps (chosen here)"));
        robot.interact(() -> cameraRate.setSelected(true));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> plan.getText().startsWith("30 fps (the cameras' rate)"));
        // Every format is offered; HDF5 asks for its profile and shows where each feature goes in it.
        javafx.scene.control.ComboBox<packaging.export.Exporter.Format> format = robot.lookup("#export-format").query();
        assertEquals(List.of(packaging.export.Exporter.Format.values()), format.getItems());
        javafx.scene.control.ComboBox<String> profile = robot.lookup("#export-profile").query();
        assertFalse(profile.isVisible(), "LeRobot has no profile");
        robot.interact(() -> format.setValue(packaging.export.Exporter.Format.HDF5));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(profile.isVisible());
        assertEquals(List.of("aloha", "robomimic"), profile.getItems());
        robot.interact(() -> profile.setValue("robomimic"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> mapping.getItems().toString().contains("target=<subset>.hdf5:/data/demo_N/actions"));
        robot.interact(() -> format.setValue(packaging.export.Exporter.Format.LEROBOT_V3));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> plan.getText().startsWith("30 fps (the cameras' rate)")
                && mapping.getItems().toString().contains("target=videos/observation.images.cam_high/"));
        TextField out = robot.lookup("#export-out").query();
        Path bundle = Path.of(out.getText());
        assertEquals(home.resolve("exports/ui-subset-lerobot-v3"), bundle);
        robot.clickOn("#export-run");
        var statusBar = robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class);
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup("#export-result").tryQuery().isPresent());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no export result; status bar says: " + statusBar.getText(), e);
        }
        Label manifestId = robot.lookup("#export-result-manifest-id").query();
        assertTrue(manifestId.getText().startsWith("mf_"), manifestId.getText());
        assertEquals("2", robot.lookup("#export-result-episodes").queryAs(Label.class).getText());
        assertTrue(Files.isRegularFile(bundle.resolve("curio-manifest.json")));
        assertFalse(Files.exists(bundle.resolveSibling(".ui-subset-lerobot-v3.partial")));

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#export-result-open").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        // The result alert opens centred on the owner, which the headless screen may leave partly off-screen;
        // press its button the way the keyboard would.
        javafx.scene.control.Button open = robot.lookup("#export-result-open").queryButton();
        robot.interact(open::fire);
        // The card sits in a scroll pane, which joins the scene graph only once its skin is laid out.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#bundle-status").tryQuery().isPresent()
                && robot.lookup("#bundle-card").tryQuery().isPresent());
        assertEquals("verified", robot.lookup("#bundle-status").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#bundle-signer").queryAs(Label.class).getText().contains("(your key)"));
        assertTrue(robot.lookup("#bundle-findings").queryTableView().getItems().isEmpty());
        TextFlow card = robot.lookup("#bundle-card").query();
        StringBuilder text = new StringBuilder();
        card.getChildren().forEach(n -> text.append(((Text) n).getText()));
        assertTrue(text.toString().startsWith("Data card: ui-subset\n"), text.toString());
        assertTrue(text.toString().contains("Alignment"), "the LeRobot section is rendered");
        assertFalse(text.toString().contains("## "), "headings are rendered, not shown as markup");
        assertTrue(robot.lookup("#bundle-facts").lookup((Label l) -> "Episodes".equals(l.getText())).tryQuery().isPresent());
    }
}
