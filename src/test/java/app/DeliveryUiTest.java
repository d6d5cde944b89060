package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import packaging.deliver.DeliveryFixture;
import packaging.deliver.S3Server;
import packaging.export.Exporter;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSummary;
import store.ProgressSink;
import ui.export.DeliveryViewModel;
import ui.export.RecallViewModel;

/**
 * Delivery and recall in the app, driven through the real windows: Deliver… from the bundle window to a bucket on a
 * real S3 server (remembered without secrets) and to a folder; a large delivery cancelled midway and resumed from the
 * deliveries list; then Recall… on the selected episode and the Recalls view showing its notice.
 */
@ExtendWith(ApplicationExtension.class)
class DeliveryUiTest {
    private static final char[] PASSPHRASE = "ui delivery passphrase".toCharArray();

    @TempDir
    static Path home;
    static S3Server server;
    static Path bundle;
    static Path bigBundle;
    private static final List<String> ids = new ArrayList<>();
    private DesktopSession session;

    @BeforeAll
    static void exportedBundleAndServer() throws Exception {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("demo"), 2, 5),
                ProgressSink.NONE, Cancellation.NEVER);
        generated.forEach(g -> ids.add(g.episodeId()));
        SigningKeys.generate(home.resolve("keys"), PASSPHRASE);
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            for (String id : ids) c.annotations().decide(id, "accept", "good", "tester");
            new Subsets(c).createFromIds("ship", ids, true);
            bundle = Exporter.export(c, new Exporter.Request("ship", Exporter.Format.MANIFEST, home.resolve("exports/ship"),
                    SigningKeys.load(home.resolve("keys/curio-signing.key"), PASSPHRASE), Duration.ofDays(30), "test"),
                    ProgressSink.NONE, Cancellation.NEVER).bundle();
            bigBundle = DeliveryFixture.bundle(home, c, "mf_ui_big", 160 << 20).bundle();
        }
        server = S3Server.start(home.resolve("s3"));
        server.createBucket("ui-bucket");
        server.useItsCredentials();
    }

    @AfterAll
    static void stopServer() throws Exception {
        S3Server.forgetCredentials();
        server.close();
    }

    @Start
    void start(Stage stage) {
        session = new DesktopSession(home.resolve("c.db"), home, Platform::runLater, PassphraseSource.of(PASSPHRASE));
        stage.setScene(session.createScene());
        stage.show();
        session.start();
    }

    @AfterEach
    void close() {
        session.close();
    }

    private static void waitFor(int seconds, BooleanSupplier condition, java.util.function.Supplier<String> whatHappened) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError(whatHappened.get(), e);
        }
    }

    private void openBundle(FxRobot robot, Path b) throws Exception {
        robot.interact(() -> session.window().exportActions().openBundle(b));
        waitFor(60, () -> robot.lookup("#bundle-status").tryQuery().isPresent(), () -> "no bundle window");
    }

    @Test
    void deliverToABucketAndAFolderFromTheBundleWindow(FxRobot robot) throws Exception {
        openBundle(robot, bundle);
        TableView<DeliveryViewModel.Row> deliveries = robot.lookup("#bundle-deliveries").queryTableView();
        assertTrue(deliveries.getItems().isEmpty());
        Label status = robot.lookup("#bundle-deliver-status").query();

        robot.clickOn("#bundle-deliver");
        waitFor(20, () -> robot.lookup("#deliver-url").tryQuery().isPresent(), () -> "no Deliver dialog");
        ComboBox<?> drive = robot.lookup("#deliver-drive").query();
        waitFor(20, () -> drive.getPromptText().contains("drive"), drive::getPromptText);
        robot.interact(() -> robot.lookup("#deliver-kind-bucket").queryAs(RadioButton.class).setSelected(true));
        robot.interact(() -> {
            robot.lookup("#deliver-url").queryAs(TextField.class).setText("s3://ui-bucket/acme");
            robot.lookup("#deliver-endpoint").queryAs(TextField.class).setText(server.endpoint().toString());
            robot.lookup("#deliver-remember").queryAs(CheckBox.class).setSelected(true);
        });
        robot.interact(() -> robot.lookup("#deliver-run").queryButton().fire());
        waitFor(120, () -> deliveries.getItems().size() == 1 && deliveries.getItems().get(0).status().equals("verified"), status::getText);
        assertTrue(status.getText().startsWith("Delivered and verified"), status.getText());
        assertEquals("s3://ui-bucket/acme", deliveries.getItems().get(0).destination());
        try (var s3 = server.client()) {
            assertTrue(s3.listObjectsV2(q -> q.bucket("ui-bucket").prefix("acme/ship/")).keyCount() >= 8);
        }
        String settings = Files.readString(home.resolve("settings.properties"));
        assertTrue(settings.contains("deliver.bucket.0=s3\\://ui-bucket/acme|" + server.endpoint().toString().replace(":", "\\:") + "||"), settings);
        assertFalse(settings.contains(S3Server.SECRET_KEY), "no secret is stored");

        Path usb = Files.createDirectories(home.resolve("usb"));
        robot.clickOn("#bundle-deliver");
        waitFor(20, () -> robot.lookup("#deliver-folder").tryQuery().isPresent(), () -> "no Deliver dialog");
        ComboBox<?> savedBuckets = robot.lookup("#deliver-saved").query();
        assertEquals(1, savedBuckets.getItems().size(), "the bucket is remembered");
        robot.interact(() -> robot.lookup("#deliver-folder").queryAs(TextField.class).setText(usb.toString()));
        robot.interact(() -> robot.lookup("#deliver-run").queryButton().fire());
        waitFor(120, () -> deliveries.getItems().size() == 2 && deliveries.getItems().stream().allMatch(r -> r.status().equals("verified")),
                status::getText);
        assertTrue(Files.isRegularFile(usb.resolve("ship/signature.jws")));
    }

    @Test
    void aCancelledDeliveryIsResumedFromTheDeliveriesList(FxRobot robot) throws Exception {
        openBundle(robot, bigBundle);
        TableView<DeliveryViewModel.Row> deliveries = robot.lookup("#bundle-deliveries").queryTableView();
        Label status = robot.lookup("#bundle-deliver-status").query();
        robot.clickOn("#bundle-deliver");
        waitFor(20, () -> robot.lookup("#deliver-url").tryQuery().isPresent(), () -> "no Deliver dialog");
        robot.interact(() -> {
            robot.lookup("#deliver-kind-bucket").queryAs(RadioButton.class).setSelected(true);
            robot.lookup("#deliver-url").queryAs(TextField.class).setText("s3://ui-bucket/big");
            robot.lookup("#deliver-endpoint").queryAs(TextField.class).setText(server.endpoint().toString());
        });
        robot.interact(() -> robot.lookup("#deliver-run").queryButton().fire());
        // Cancel once the first bytes went out: bytes, rate and time left are shown meanwhile.
        waitFor(60, () -> status.getText().contains("uploading") && status.getText().contains(" of "), status::getText);
        Button cancel = robot.lookup("#bundle-deliver-cancel").queryButton();
        assertTrue(cancel.isVisible());
        robot.interact(cancel::fire);
        waitFor(120, () -> !cancel.isVisible() && deliveries.getItems().size() == 1, status::getText);
        assertEquals("in progress", deliveries.getItems().get(0).status(), status.getText());
        assertTrue(status.getText().contains("cancelled"), status.getText());

        robot.interact(() -> deliveries.getSelectionModel().select(0));
        Button resume = robot.lookup("#bundle-resume").queryButton();
        assertFalse(resume.isDisabled());
        robot.interact(resume::fire);
        waitFor(180, () -> deliveries.getItems().size() == 1 && deliveries.getItems().get(0).status().equals("verified"), status::getText);
        assertTrue(status.getText().contains("(resumed)"), status.getText());
    }

    @Test
    void recallTheSelectedEpisodeAndSeeItInTheRecallsView(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = robot.lookup("#catalog-table").queryTableView();
        waitFor(60, () -> table.getItems().size() == 2, () -> "catalog not loaded");
        String recalled = table.getItems().get(0).episodeId();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(0));
        Platform.runLater(() -> session.window().exportActions().recallSelection());
        waitFor(20, () -> robot.lookup("#recall-reason").tryQuery().isPresent(), () -> "no Recall dialog");
        assertEquals(List.of(recalled), robot.lookup("#recall-episodes").queryListView().getItems());
        assertEquals(home.resolve("keys/curio-signing.key").toString(), robot.lookup("#recall-key").queryAs(TextField.class).getText());
        robot.interact(() -> robot.lookup("#recall-reason").queryAs(TextArea.class).setText("operator withdrew consent"));
        robot.interact(() -> robot.lookup("#recall-run").queryButton().fire());
        var statusBar = robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class);
        waitFor(60, () -> statusBar.getText().startsWith("Recall recall_"), statusBar::getText);
        waitFor(30, () -> table.getItems().stream().anyMatch(e -> e.episodeId().equals(recalled) && e.status().equals("recalled")),
                () -> table.getItems().toString());
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            assertEquals("recalled", new Subsets(c).preview(List.of(recalled), true).excluded().get(recalled));
        }

        Platform.runLater(() -> session.window().exportActions().showRecalls());
        waitFor(20, () -> robot.lookup("#recalls-table").tryQuery().isPresent(), () -> "no Recalls window");
        TableView<RecallViewModel.Row> recalls = robot.lookup("#recalls-table").queryTableView();
        waitFor(20, () -> recalls.getItems().size() == 1, () -> recalls.getItems().toString());
        assertEquals("operator withdrew consent", recalls.getItems().get(0).reason());
        javafx.scene.control.ScrollPane notice = robot.lookup("#recalls-notice").query();
        java.util.function.Supplier<String> shown = () -> notice.getContent() instanceof javafx.scene.text.TextFlow f
                ? f.getChildren().stream().map(n -> ((javafx.scene.text.Text) n).getText()).reduce("", String::concat) : "";
        waitFor(20, () -> shown.get().contains(recalled), shown);
        assertTrue(shown.get().startsWith("Recall recall_"), "the heading is rendered, not shown as markup: " + shown.get());
    }
}
