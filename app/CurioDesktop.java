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
        long fxStarted = uptimeMs();
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
        long built = uptimeMs();
        session.restoreBounds(stage);
        stage.setOnCloseRequest(e -> session.saveBounds(stage));
        stage.show();
        String report = System.getProperty(READY_REPORT, "");
        if (report.equals("true") || report.equals("exit")) reportReady(report.equals("exit"), fxStarted, built);
    }

    /**
     * {@code true}: the desktop prints once on stderr how long after the JVM started its window and catalog were ready
     * (docs/performance.md); {@code exit}: prints, then quits, as the launcher's class-data-sharing training run does.
     */
    static final String READY_REPORT = "curio.ready.report";

    private static long uptimeMs() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    private void reportReady(boolean thenExit, long fxStarted, long built) {
        long shown = uptimeMs();
        var vm = session.viewModel();
        javafx.beans.value.ChangeListener<Number> watch = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                if (now.intValue() < 0) return;
                vm.listedProperty().removeListener(this);
                long listed = uptimeMs();
                // After the next pulse, so the table has laid out the first rows.
                Platform.runLater(() -> {
                    System.err.printf(java.util.Locale.ROOT, "curio: ready: JavaFX started %d ms, window built %d ms, window shown %d ms, "
                            + "catalog listed %d ms (%d of %d episodes counted, the first page read), rows on screen %d ms after the JVM "
                            + "started; heap used %d MB%n", fxStarted, built, shown, listed, vm.listedProperty().get(),
                            vm.totalEpisodesProperty().get(), uptimeMs(),
                            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                    if (thenExit) Platform.exit();
                });
            }
        };
        vm.listedProperty().addListener(watch);
        if (vm.listedProperty().get() >= 0) watch.changed(vm.listedProperty(), -1, vm.listedProperty().get());
    }
}
