package app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private final ui.player.PlayerWindows players;
    private final BackgroundJobs jobs;
    private final ExportViewModel exportViewModel;
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
        this(explicitCatalog, home, fx, passphrases, null);
    }

    /** @param early the catalog {@link #openEarly} began to open, used when it is the one chosen here; null for none */
    DesktopSession(Path explicitCatalog, Path home, Executor fx, packaging.sign.PassphraseSource passphrases, EarlyCatalog early) {
        settings = new Settings(home.resolve("settings.properties"));
        Path defaultCatalog = CatalogLocation.inHome(home);
        Path chosen = chooseCatalog(explicitCatalog, defaultCatalog, settings);
        isDefaultCatalog = chosen.toAbsolutePath().equals(defaultCatalog.toAbsolutePath());
        catalog = early != null && early.file().equals(chosen.toAbsolutePath()) ? early.join() : Catalog.open(chosen);
        BackgroundJobs[] reporter = new BackgroundJobs[1];
        // Work handed to the executor directly (table loads, player loads, timeline writes) reports an unexpected
        // failure to the user as a job's failure would be, instead of only printing it.
        background = Executors.newFixedThreadPool(2, named("curio-bg", (t, e) -> {
            if (reporter[0] != null) reporter[0].report("Background work on " + t.getName(), e);
        }));
        jobs = new BackgroundJobs(background, fx);
        reporter[0] = jobs;
        viewModel = new CatalogViewModel(catalog, jobs, background, fx, home.resolve("demo"), Version.get());
        java.util.function.Supplier<javafx.stage.Window> owner = () -> window == null || window.getScene() == null ? null
                : window.getScene().getWindow();
        ExportViewModel exportVm = exportViewModel = new ExportViewModel(viewModel::catalog, jobs, background, fx, home, Version.get(),
                passphrases != null ? passphrases : new PassphraseDialog(owner));
        players = new ui.player.PlayerWindows(background, fx, settings);
        window = new MainWindow(viewModel, this::switchCatalog, players,
                new ExportActions(exportVm, viewModel, owner, () -> new ui.export.DeliveryViewModel(viewModel::catalog, jobs, background, fx,
                        settings, System.getProperty("user.name", "curio")),
                new ui.export.RecallViewModel(viewModel::catalog, jobs, background, fx,
                        passphrases != null ? passphrases : new PassphraseDialog(owner), System.getProperty("user.name", "curio"))));
    }

    /** --catalog, else the last catalog opened in the app (if it is still there), else the default one. */
    private static Path chooseCatalog(Path explicitCatalog, Path defaultCatalog, Settings settings) {
        if (explicitCatalog != null) return explicitCatalog;
        return settings.get(LAST_CATALOG).map(Path::of).filter(Files::isRegularFile).orElse(defaultCatalog);
    }

    /** A catalog being opened on a thread of its own; {@link #join} hands it over or throws what opening it threw. */
    record EarlyCatalog(Path file, java.util.concurrent.CompletableFuture<Catalog> opening) {
        Catalog join() {
            try {
                return opening.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw e;
            }
        }

        /** Closes the catalog if no session took it. */
        void discard() {
            opening.thenAccept(Catalog::close);
        }
    }

    /**
     * Starts opening the catalog the desktop will show, on a thread of its own, so that loading the SQLite driver and
     * its native library and checking the schema overlap the start of JavaFX instead of following it.
     */
    static EarlyCatalog openEarly(Path explicitCatalog, Path home) {
        Path chosen = chooseCatalog(explicitCatalog, CatalogLocation.inHome(home), new Settings(home.resolve("settings.properties")))
                .toAbsolutePath();
        var opening = new java.util.concurrent.CompletableFuture<Catalog>();
        Thread t = new Thread(() -> {
            try {
                opening.complete(Catalog.open(chosen));
                // Read here, beside JavaFX's start, rather than on the FX thread as the window is built.
                pipeline.validate.ValidationProfile.defaults();
            } catch (RuntimeException e) {
                opening.completeExceptionally(e);
            }
        }, "curio-catalog-open");
        t.setDaemon(true);
        t.start();
        return new EarlyCatalog(chosen, opening);
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

    /**
     * Opens another catalog in place of this one. Refused while jobs use the current catalog (the user cancels them
     * or lets them finish); open workbenches are closed first and the old catalog is closed only once none of them
     * is still writing an edit.
     */
    void switchCatalog(Path file) {
        String title = "Opening " + file.getFileName();
        List<String> busy = jobs.catalogJobs();
        if (!busy.isEmpty()) {
            jobs.report(title, new CurioException("catalog.in_use", catalog.file().toString(), null, (busy.size() == 1
                    ? "a job uses" : busy.size() + " jobs use") + " the open catalog (" + String.join(", ", busy)
                    + "); cancel them or let them finish, then open the other catalog"));
            return;
        }
        Catalog next;
        try {
            next = Catalog.open(file);
        } catch (CurioException e) {
            jobs.report(title, e);
            return;
        }
        List<ui.player.EpisodeWorkbench> closing = players.closeAll();
        Catalog old = catalog;
        catalog = next;
        viewModel.switchTo(next);
        settings.put(LAST_CATALOG, file.toAbsolutePath().toString());
        settings.save();
        if (!closing.isEmpty()) jobs.say("Closed " + closing.size() + " player window(s) of " + old.file().getFileName());
        closeWhenSettled(old, closing);
    }

    /** Closes {@code old} on the background executor once no closed workbench is writing (checked on the FX thread). */
    private void closeWhenSettled(Catalog old, List<ui.player.EpisodeWorkbench> closing) {
        if (closing.stream().anyMatch(ui.player.EpisodeWorkbench::saving)) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(50));
            later.setOnFinished(e -> closeWhenSettled(old, closing));
            later.play();
            return;
        }
        // Reads queued for the old catalog (a table refresh) finish first: its lock is taken by close.
        background.execute(old::close);
    }

    /** The catalog the window shows now. */
    Catalog catalog() {
        return catalog;
    }

    public BackgroundJobs jobs() {
        return jobs;
    }

    public ExportViewModel exportViewModel() {
        return exportViewModel;
    }

    public ui.player.PlayerWindows players() {
        return players;
    }

    @Override
    public void close() {
        // Edits and review decisions are written on the background threads: let the ones under way commit. A long
        // job is cancelled first, so closing does not wait for an ingest.
        jobs.cancelAll();
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

    static ThreadFactory named(String prefix, Thread.UncaughtExceptionHandler onError) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            if (onError != null) t.setUncaughtExceptionHandler(onError);
            return t;
        };
    }
}
