package app;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import store.CurioException;
import ui.Icons;

/** The JavaFX application: one main window over one catalog. */
public final class CurioDesktop extends Application {
    private static volatile Path requestedCatalog;
    private static volatile Path home;
    private static volatile DesktopSession.EarlyCatalog early;
    private DesktopSession session;

    /** Blocks until the last window closes. */
    static void launchAndWait(Path catalog, Path curioHome) {
        requestedCatalog = catalog;
        home = curioHome;
        early = DesktopSession.openEarly(catalog, curioHome);
        try {
            Application.launch(CurioDesktop.class);
        } finally {
            if (early != null) early.discard();
        }
    }

    @Override
    public void start(Stage stage) {
        try {
            DesktopSession.EarlyCatalog opened = early;
            early = null;
            session = new DesktopSession(requestedCatalog, home, Platform::runLater, null, opened);
        } catch (CurioException e) {
            Alert a = new Alert(Alert.AlertType.ERROR, e.getMessage());
            a.setHeaderText("Curio cannot open its catalog (" + e.code() + ")");
            a.showAndWait();
            Platform.exit();
            return;
        }
        // The catalog is listed on a background thread while the window is built and shown, not after.
        session.start();
        stage.setTitle("Curio");
        stage.getIcons().add(Icons.appImage(64, Color.web("#2f6fde")));
        stage.setScene(session.createScene());
        session.restoreBounds(stage);
        stage.setOnCloseRequest(e -> session.saveBounds(stage));
        stage.show();
        String report = System.getProperty(READY_REPORT, "");
        if (report.equals("true") || report.equals("exit")) reportReady(stage.getScene(), report.equals("exit"));
    }

    /**
     * {@code true}: the desktop prints once on stderr how long after the JVM started its window and catalog were ready
     * (docs/performance.md); {@code exit}: prints, then quits, as the launcher's class-data-sharing training run does.
     */
    static final String READY_REPORT = "curio.ready.report";

    private void reportReady(javafx.scene.Scene scene, boolean thenExit) {
        java.lang.management.RuntimeMXBean jvm = java.lang.management.ManagementFactory.getRuntimeMXBean();
        long shown = jvm.getUptime();
        long[] firstRows = {-1};
        // The first layout pass after show(): the pulse that then renders the window's first frame.
        long[] firstFrame = {-1};
        Runnable[] pulse = new Runnable[1];
        pulse[0] = () -> {
            firstFrame[0] = jvm.getUptime();
            scene.removePostLayoutPulseListener(pulse[0]);
        };
        scene.addPostLayoutPulseListener(pulse[0]);
        var vm = session.viewModel();
        javafx.beans.value.ChangeListener<Object> watch = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<?> o, Object was, Object now) {
                if (vm.listedProperty().get() >= 0 && firstRows[0] < 0) firstRows[0] = jvm.getUptime();
                if (!vm.completeProperty().get()) return;
                vm.listedProperty().removeListener(this);
                vm.completeProperty().removeListener(this);
                // After the next pulse, so the table has laid out the listed rows.
                Platform.runLater(() -> {
                    System.err.printf(java.util.Locale.ROOT, "curio: ready: window shown %d ms, first frame laid out %d ms, first "
                            + "rows listed %d ms, all %d episodes listed %d ms after the JVM started; heap used %d MB%n", shown,
                            firstFrame[0], firstRows[0],
                            vm.listedProperty().get(), jvm.getUptime(),
                            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                    if (thenExit) Platform.exit();
                });
            }
        };
        vm.listedProperty().addListener(watch);
        vm.completeProperty().addListener(watch);
    }
}
