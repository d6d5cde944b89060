package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import pipeline.demo.DemoGenerator;
import store.Cancellation;
import store.EpisodeSummary;
import store.ProgressSink;
import ui.MainWindow;
import ui.ingest.IngestFailuresPane;

/**
 * Ingest from the app: a broken folder's failures appear in a table that can be copied, and a folder
 * dropped onto the main window is ingested. The drop goes through the window's own DRAG_OVER/DRAG_DROPPED
 * handlers; only the Dragboard is made by hand, because the headless platform has no native drag source
 * and Dragboard has no public constructor.
 */
@ExtendWith(ApplicationExtension.class)
class IngestPanelTest {
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
    void failuresOfAnIngestAreListedAndCopyable(FxRobot robot) throws Exception {
        Path data = Files.createDirectories(home.resolve("clips/take_1"));
        byte[] notAVideo = new byte[64];
        System.arraycopy("\0\0\0\u0018ftypisom".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, notAVideo, 0, 12);
        Files.write(data.resolve("front.mp4"), notAVideo);
        assertTrue(!robot.lookup("#ingest-failures").query().isVisible(), "hidden while empty");

        robot.interact(() -> session.viewModel().ingest(List.of(home.resolve("clips"))));
        // The pane builds its table with the first failure.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#ingest-failures-table").tryQuery().isPresent());
        TableView<IngestFailuresPane.Row> table = robot.lookup("#ingest-failures-table").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        IngestFailuresPane.Row row = table.getItems().get(0);
        assertEquals("video.corrupt", row.code());
        assertEquals("take_1/front.mp4", row.file());
        assertTrue(robot.lookup("#ingest-failures").query().isVisible());

        robot.clickOn("#ingest-failures-copy");
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get(5, TimeUnit.SECONDS);
        assertTrue(copied.startsWith("video.corrupt\ttake_1/front.mp4"), copied);
    }

    @Test
    void droppedFolderIsIngested(FxRobot robot) throws Exception {
        Path data = home.resolve("dropped");
        List<DemoGenerator.GeneratedEpisode> generated = new DemoGenerator("test")
                .generate(new DemoGenerator.Options(data, 2, 11), ProgressSink.NONE, Cancellation.NEVER);
        Set<String> expected = generated.stream().map(DemoGenerator.GeneratedEpisode::episodeId)
                .collect(Collectors.toCollection(TreeSet::new));
        MainWindow window = session.window();
        assertTrue(WaitForAsyncUtils.asyncFx(() -> session.viewModel().rows().isEmpty()).get(5, TimeUnit.SECONDS), "fresh catalog");

        DragEvent[] over = new DragEvent[1];
        DragEvent[] dropped = new DragEvent[1];
        robot.interact(() -> {
            Dragboard board = dragboard();
            board.setContent(Map.of(DataFormat.FILES, List.of(data.toFile())));
            over[0] = drag(window, DragEvent.DRAG_OVER, board);
            Event.fireEvent(window, over[0]);
            dropped[0] = drag(window, DragEvent.DRAG_DROPPED, board);
            Event.fireEvent(window, dropped[0]);
        });
        assertEquals(TransferMode.COPY, over[0].getAcceptedTransferMode(), "a folder drag is accepted as a copy");
        assertTrue(dropped[0].isDropCompleted(), "the drop is reported complete to the drag source");

        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> session.viewModel().rows().size() == expected.size());
        Set<String> ids = WaitForAsyncUtils.asyncFx(() -> session.viewModel().rows().stream()
                .map(EpisodeSummary::episodeId).collect(Collectors.toCollection(TreeSet::new))).get(5, TimeUnit.SECONDS);
        assertEquals(expected, ids, "the listing's first page holds both rows");
        assertEquals(expected.size(), (int) WaitForAsyncUtils.asyncFx(() -> session.viewModel().totalEpisodesProperty().get())
                .get(5, TimeUnit.SECONDS));
        assertTrue(session.viewModel().ingestFailures().isEmpty(), "no failures");
    }

    @Test
    void dragWithoutFilesIsRefused(FxRobot robot) {
        DragEvent[] over = new DragEvent[1];
        DragEvent[] dropped = new DragEvent[1];
        robot.interact(() -> {
            Dragboard board = dragboard();
            board.setContent(Map.of(DataFormat.PLAIN_TEXT, "not a file"));
            over[0] = drag(session.window(), DragEvent.DRAG_OVER, board);
            Event.fireEvent(session.window(), over[0]);
            dropped[0] = drag(session.window(), DragEvent.DRAG_DROPPED, board);
            Event.fireEvent(session.window(), dropped[0]);
        });
        assertEquals(null, over[0].getAcceptedTransferMode());
        assertTrue(!dropped[0].isDropCompleted());
        assertTrue(session.viewModel().rows().isEmpty());
        assertEquals(0, session.viewModel().totalEpisodesProperty().get());
    }

    /**
     * A dragboard as a drag source outside the app would offer it: the toolkit's in-memory clipboard holds
     * the content, and the offered transfer modes (which only a native drag session knows) are COPY.
     */
    static Dragboard dragboard() {
        return dragboard(TransferMode.COPY);
    }

    /** A dragboard offering {@code modes}, its content held by the toolkit's in-memory clipboard. */
    static Dragboard dragboard(TransferMode... modes) {
        TKClipboard local = Toolkit.getToolkit().createLocalClipboard();
        Set<TransferMode> offered = Set.of(modes);
        TKClipboard offering = (TKClipboard) Proxy.newProxyInstance(TKClipboard.class.getClassLoader(),
                new Class<?>[]{TKClipboard.class}, (proxy, method, args) -> method.getName().equals("getTransferModes")
                        ? offered : method.invoke(local, args));
        Dragboard board = DragboardHelper.createDragboard(offering);
        DragboardHelper.setDataAccessRestriction(board, false);
        return board;
    }

    static DragEvent drag(MainWindow target, javafx.event.EventType<DragEvent> type, Dragboard board) {
        return drag(target, type, board, TransferMode.COPY);
    }

    static DragEvent drag(javafx.scene.Node target, javafx.event.EventType<DragEvent> type, Dragboard board, TransferMode mode) {
        return new DragEvent(target, target, type, board, 10, 10, 10, 10, mode, null, null, null);
    }
}
