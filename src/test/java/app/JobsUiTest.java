package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import packaging.export.Exporter;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import packaging.verify.BundleVerifier;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.EpisodeSummary;
import store.ProgressSink;
import ui.BackgroundJobs;
import ui.export.ExportViewModel;

/**
 * Two jobs at once in the real window: an export and an ingest dropped on the window while it runs are listed side
 * by side, each with its own progress, message and cancel; cancelling the ingest leaves the export to finish.
 * Opening another catalog is refused while they run, and once they are done it closes the open workbench before
 * the old catalog. Failures of background work are listed for the user until dismissed.
 *
 * <p>The catalog's lock is held by the test while the jobs start (a disk this slow is rare, but real): both jobs
 * then wait inside their first catalog access, so "while it runs" is certain rather than a race.
 */
@ExtendWith(ApplicationExtension.class)
class JobsUiTest {
    private static final char[] PASSPHRASE = "jobs passphrase".toCharArray();

    @TempDir
    static Path home;
    private static final List<String> ids = new ArrayList<>();
    private DesktopSession session;

    @BeforeAll
    static void acceptedDemoSubsetAndKey() {
        // Seed 11's first two episodes have the same cameras, so they export as one LeRobot dataset.
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("demo"), 3, 11),
                ProgressSink.NONE, Cancellation.NEVER);
        generated.forEach(g -> ids.add(g.episodeId()));
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            for (String id : ids.subList(0, 2)) c.annotations().decide(id, "accept", "good", "tester");
            new Subsets(c).createFromIds("jobs", ids.subList(0, 2), true);
        }
        SigningKeys.generate(home.resolve("keys"), PASSPHRASE);
        new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("dropped"), 1, 17), ProgressSink.NONE,
                Cancellation.NEVER);
    }

    @Start
    void start(Stage stage) {
        session = new DesktopSession(home.resolve("c.db"), home, Platform::runLater, PassphraseSource.of(PASSPHRASE));
        stage.setScene(session.createScene());
        stage.show();
        session.start();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> session.players().closeAll());
        session.close();
    }

    @Test
    void anExportAndADroppedIngestRunSideBySideAndTheCatalogStaysOpenUnderThem(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = robot.lookup("#catalog-table").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        Catalog before = session.catalog();
        Path bundle = home.resolve("exports/jobs-bundle");

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        Thread slowDisk = new Thread(() -> before.write(conn -> {
            held.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }), "slow-disk");
        slowDisk.start();
        assertTrue(held.await(10, TimeUnit.SECONDS));
        try {
            robot.interact(() -> session.exportViewModel().export(new ExportViewModel.ExportForm("jobs", Exporter.Format.LEROBOT_V3,
                    bundle, home.resolve("keys/curio-signing.key")), r -> { }));
            drop(robot, home.resolve("dropped"));

            TaskProgressView<?> list = robot.lookup("#job-list").queryAs(TaskProgressView.class);
            waitUntil(20, () -> onFx(() -> list.getTasks().size() == 2), () -> onFx(() -> "jobs listed: " + list.getTasks().stream()
                    .map(t -> t.getTitle() + " (" + t.getState() + ", " + t.getMessage() + ")").toList()
                    + ", failures: " + session.jobs().failures() + ", status: " + session.jobs().messageProperty().get()));
            assertTrue(list.isVisible());
            BackgroundJobs.Running<?> export = onFx(() -> task(list, "Exporting jobs"));
            BackgroundJobs.Running<?> ingest = onFx(() -> task(list, "Ingesting 1 path"));
            assertTrue(onFx(() -> export.progressProperty() != ingest.progressProperty()
                    && export.messageProperty() != ingest.messageProperty()), "each job has its own progress and message");
            assertEquals("2 jobs running", robot.lookup("#status-job-count").queryAs(Label.class).getText());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".task-cancel-button").queryAll().size() == 2);

            // Another catalog while they run: refused, naming them; the window keeps this catalog.
            Path other = home.resolve("other.db");
            Catalog.open(other).close();
            robot.interact(() -> session.switchCatalog(other));
            assertTrue(session.catalog() == before, "the catalog under the jobs stays open");
            BackgroundJobs.Failure refused = lastFailure();
            assertEquals("catalog.in_use", refused.code());
            assertTrue(refused.message().contains("Exporting jobs") && refused.message().contains("Ingesting 1 path"), refused.message());
            assertTrue(robot.lookup(".job-failure").queryAll().stream().anyMatch(n -> ((Label) n).getText().contains("catalog.in_use")),
                    "the refusal is shown, not only logged");

            // Cancel the ingest from its own row: the export's row does not change.
            String exportMessage = onFx(export::getMessage);
            Button cancelIngest = cancelButtonOf(robot, "Ingesting 1 path");
            robot.clickOn(cancelIngest);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "cancelling…".equals(onFx(ingest::getMessage)));
            assertEquals(exportMessage, onFx(export::getMessage), "cancelling one job leaves the other alone");
            assertFalse(export.cancelRequested());
        } finally {
            release.countDown();
            slowDisk.join(10_000);
        }

        var status = robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class);
        waitUntil(240, () -> onFx(() -> session.jobs().running().isEmpty()), status::getText);
        assertTrue(Files.isRegularFile(bundle.resolve("curio-manifest.json")), "the export finished: " + status.getText()
                + "; failures: " + onFx(() -> List.copyOf(session.jobs().failures())));
        assertTrue(BundleVerifier.verify(bundle, home.resolve("keys/curio-signing.pub")).ok());
        assertEquals(3, onFx(() -> session.viewModel().rows().size()), "the cancelled ingest added nothing");
        assertEquals(3, onFx(() -> session.viewModel().totalEpisodesProperty().get()));
        assertFalse(session.jobs().failures().stream().anyMatch(f -> f.title().startsWith("Ingesting")),
                "a cancelled job is not a failure");

        // With the jobs done, another catalog opens and the workbench of this one is closed first.
        robot.clickOn(ids.get(0));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.players().openWindows().size() == 1);
        Path other = home.resolve("other.db");
        robot.interact(() -> session.switchCatalog(other));
        assertEquals(other.toAbsolutePath().toString(), session.viewModel().catalogLabelProperty().get());
        assertEquals(0, session.players().openWindows().size(), "the workbench of the old catalog is closed");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            try {
                before.episodes().count();
                return false;
            } catch (CurioException e) {
                return true;
            }
        });
        assertThrows(CurioException.class, () -> before.episodes().count(), "the old catalog was closed once nothing used it");
    }

    @Test
    void failuresOfBackgroundWorkAreListedUntilDismissed(FxRobot robot) throws Exception {
        Path missing = home.resolve("no-such-bundle");
        robot.interact(() -> session.window().exportActions().openBundle(missing));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !session.jobs().failures().isEmpty());
        BackgroundJobs.Failure f = lastFailure();
        assertEquals("Verifying no-such-bundle", f.title());
        assertEquals("bundle.not_found", f.code());
        assertTrue(robot.lookup("#jobs-pane").query().isVisible());
        List<Node> rows = new ArrayList<>(robot.lookup(".job-failure").queryAll());
        assertEquals(1, rows.size());
        assertTrue(((Label) rows.get(0)).getText().contains("bundle.not_found"), ((Label) rows.get(0)).getText());
        Snapshots.save(robot, rows.get(0).getScene().getRoot(), "jobs-failure");
        robot.clickOn(".job-failure-dismiss");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> session.jobs().failures().isEmpty());
        assertFalse(robot.lookup("#jobs-pane").query().isVisible(), "nothing left to show");
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition, java.util.concurrent.Callable<String> why)
            throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(why.call(), e);
        }
    }

    private BackgroundJobs.Failure lastFailure() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> session.jobs().failures().get(session.jobs().failures().size() - 1))
                .get(5, TimeUnit.SECONDS);
    }

    private static BackgroundJobs.Running<?> task(TaskProgressView<?> list, String title) {
        return list.getTasks().stream().map(t -> (BackgroundJobs.Running<?>) t).filter(t -> title.equals(t.getTitle())).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + title + " in " + list.getTasks()));
    }

    /** The cancel button in the row whose title is {@code title}. */
    private static Button cancelButtonOf(FxRobot robot, String title) {
        AtomicReference<Button> found = new AtomicReference<>();
        for (Node b : robot.lookup(".task-cancel-button").queryAll()) {
            Node row = b.getParent();
            while (row != null && robot.from(row).lookup((Label l) -> title.equals(l.getText())).tryQuery().isEmpty()) {
                row = row.getParent();
                if (row != null && row.getStyleClass().contains("task-progress-view")) row = null;
            }
            if (row != null) found.set((Button) b);
        }
        if (found.get() == null) throw new AssertionError("no cancel button for " + title);
        return found.get();
    }

    /** Drops {@code folder} on the window, as a file manager would. */
    private void drop(FxRobot robot, Path folder) {
        robot.interact(() -> {
            Dragboard board = IngestPanelTest.dragboard();
            board.setContent(Map.of(DataFormat.FILES, List.of(folder.toFile())));
            DragEvent over = IngestPanelTest.drag(session.window(), DragEvent.DRAG_OVER, board);
            Event.fireEvent(session.window(), over);
            assertEquals(TransferMode.COPY, over.getAcceptedTransferMode());
            Event.fireEvent(session.window(), IngestPanelTest.drag(session.window(), DragEvent.DRAG_DROPPED, board));
        });
    }
}
