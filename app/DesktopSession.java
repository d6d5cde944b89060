package app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.stage.Stage;
import store.Catalog;
import store.CatalogLocation;
import store.CurioException;
import ui.BackgroundJobs;
import ui.MainWindow;
import ui.Settings;
import ui.Themes;
import ui.catalog.CatalogViewModel;
import ui.export.ExportActions;
import ui.export.ExportViewModel;
import ui.export.PassphraseDialog;

/**
 * Builds every object of one desktop window by hand (constructor wiring) and owns their lifetimes: the
 * catalog, the background executor, settings. Tests build it the same way on a temporary catalog.
 */
public final class DesktopSession implements AutoCloseable {
    private static final String LAST_CATALOG = "catalog.last";

    private final Settings settings;
    private final ExecutorService background;
    private final CatalogViewModel viewModel;
    private MainWindow window;
    private final boolean isDefaultCatalog;
    private Catalog catalog;

    /**
     * @param explicitCatalog --catalog, or null: then the last catalog opened in the app, else the default one
     */
    public DesktopSession(Path explicitCatalog, Path home, Executor fx) {
        this(explicitCatalog, home, fx, null);
    }

    /**
     * @param passphrases where key passphrases come from; null for the app's dialog (tests pass a fixed one so no
     *                    modal prompt is needed)
     */
    public DesktopSession(Path explicitCatalog, Path home, Executor fx, packaging.sign.PassphraseSource passphrases) {
        settings = new Settings(home.resolve("settings.properties"));
        Path defaultCatalog = CatalogLocation.inHome(home);
        Path chosen = explicitCatalog;
        if (chosen == null) {
            chosen = settings.get(LAST_CATALOG).map(Path::of).filter(Files::isRegularFile).orElse(defaultCatalog);
        }
        isDefaultCatalog = chosen.toAbsolutePath().equals(defaultCatalog.toAbsolutePath());
        catalog = Catalog.open(chosen);
        background = Executors.newFixedThreadPool(2, named("curio-bg"));
        BackgroundJobs jobs = new BackgroundJobs(background, fx);
        viewModel = new CatalogViewModel(catalog, jobs, background, fx, home.resolve("demo"), Version.get());
        java.util.function.Supplier<javafx.stage.Window> owner = () -> window == null || window.getScene() == null ? null
                : window.getScene().getWindow();
        ExportViewModel exportVm = new ExportViewModel(viewModel::catalog, jobs, background, fx, home, Version.get(),
                passphrases != null ? passphrases : new PassphraseDialog(owner));
        window = new MainWindow(viewModel, this::switchCatalog, new ui.player.PlayerWindows(background, fx, settings),
                new ExportActions(exportVm, viewModel, owner, () -> new ui.export.DeliveryViewModel(viewModel::catalog, jobs, background, fx,
                        settings, System.getProperty("user.name", "curio")),
                new ui.export.RecallViewModel(viewModel::catalog, jobs, background, fx,
                        passphrases != null ? passphrases : new PassphraseDialog(owner), System.getProperty("user.name", "curio"))));
    }

    public MainWindow window() {
        return window;
    }

    public CatalogViewModel viewModel() {
        return viewModel;
    }

    /** Loads the table; the default catalog gets the demo on first start so there is something to see. */
    public void start() {
        if (isDefaultCatalog) viewModel.generateDemoIfEmpty(); else viewModel.refresh();
    }

    public Scene createScene() {
        boolean dark = settings.get("theme").map("dark"::equals).orElse(false);
        return MainWindow.scene(window, settings.getDouble("window.w", 1280), settings.getDouble("window.h", 780), dark);
    }

    public void restoreBounds(Stage stage) {
        double x = settings.getDouble("window.x", Double.NaN);
        double y = settings.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(settings.get("window.maximized").map(Boolean::parseBoolean).orElse(false));
    }

    public void saveBounds(Stage stage) {
        settings.put("window.maximized", String.valueOf(stage.isMaximized()));
        if (!stage.isMaximized()) {
            settings.put("window.x", String.valueOf(stage.getX()));
            settings.put("window.y", String.valueOf(stage.getY()));
            settings.put("window.w", String.valueOf(stage.getScene().getWidth()));
            settings.put("window.h", String.valueOf(stage.getScene().getHeight()));
        }
        settings.put("theme", stage.getScene() != null && Themes.isDark(stage.getScene()) ? "dark" : "light");
        settings.save();
    }

    private void switchCatalog(Path file) {
        Catalog next;
        try {
            next = Catalog.open(file);
        } catch (CurioException e) {
            viewModel.jobs().say("Cannot open " + file + ": " + e.getMessage());
            return;
        }
        Catalog old = catalog;
        catalog = next;
        viewModel.switchTo(next);
        settings.put(LAST_CATALOG, file.toAbsolutePath().toString());
        settings.save();
        // Let queued reads on the old catalog finish before closing it.
        background.execute(old::close);
    }

    @Override
    public void close() {
        // Edits and review decisions are written on the background threads: let the ones under way commit. A long
        // job is cancelled first, so closing does not wait for an ingest.
        viewModel.jobs().cancel();
        background.shutdown();
        try {
            if (!background.awaitTermination(CLOSE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) background.shutdownNow();
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
        catalog.close();
    }

    /** A catalog write takes milliseconds; only a long job (an ingest) is still running after this, and is cancelled. */
    private static final int CLOSE_WAIT_SECONDS = 5;

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
