package ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;
import ui.catalog.CatalogView;
import ui.catalog.CatalogViewModel;
import ui.catalog.EpisodeDetailsView;

/** The main window's content: menu, toolbar, catalog table beside the episode details, status bar. */
public final class MainWindow extends BorderPane {
    private final CatalogViewModel vm;
    private final CatalogView catalogView;
    private final Consumer<Path> openCatalog;
    private final ui.player.PlayerWindows players;
    private final ui.export.ExportActions export;
    private javafx.stage.Stage dashboard;
    private javafx.stage.Stage failureBoard;

    /**
     * @param openCatalog asked to switch to another catalog file (the caller owns catalog lifetimes)
     */
    public MainWindow(CatalogViewModel vm, Consumer<Path> openCatalog, ui.player.PlayerWindows players,
                      ui.export.ExportActions export) {
        this.vm = vm;
        this.export = export;
        this.openCatalog = openCatalog;
        this.players = players;
        getStyleClass().add("main-window");
        catalogView = new CatalogView(vm);
        catalogView.table().setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) playSelected();
        });
        catalogView.table().addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                playSelected();
                e.consume();
            }
        });
        EpisodeDetailsView details = new EpisodeDetailsView(vm);
        SplitPane split = new SplitPane(catalogView, details);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.6);
        setTop(new VBox(menuBar(), toolBar()));
        setCenter(split);
        setBottom(new VBox(new ui.ingest.IngestFailuresPane(vm.ingestFailures()), new JobsPane(vm.jobs()), statusBar()));
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) vm.ingest(e.getDragboard().getFiles().stream().map(java.io.File::toPath).toList());
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    public CatalogView catalogView() {
        return catalogView;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open catalog…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        open.setOnAction(e -> chooseCatalog());
        MenuItem openFolder = new MenuItem("Open folder…");
        openFolder.setId("menu-open-folder");
        openFolder.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        openFolder.setOnAction(e -> chooseFolder());
        MenuItem demo = new MenuItem("Generate demo episodes");
        demo.setId("menu-demo");
        demo.setOnAction(e -> vm.generateDemo(6, 7));
        demo.disableProperty().bind(vm.jobs().running(BackgroundJobs.Kind.DEMO));
        MenuItem refresh = new MenuItem("Refresh");
        refresh.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        refresh.setOnAction(e -> vm.refresh());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> getScene().getWindow().hide());
        MenuItem openBundle = new MenuItem("Open bundle…");
        openBundle.setId("menu-open-bundle");
        openBundle.setOnAction(e -> export.chooseBundle());
        Menu file = new Menu("File", null, openFolder, open, openBundle, demo, refresh, new javafx.scene.control.SeparatorMenuItem(), quit);
        MenuItem validateAll = new MenuItem("Validate all episodes");
        validateAll.setAccelerator(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        validateAll.setOnAction(e -> vm.validate(java.util.List.of()));
        validateAll.disableProperty().bind(vm.jobs().running(BackgroundJobs.Kind.VALIDATE));
        MenuItem validateSelected = new MenuItem("Validate selected episode");
        validateSelected.setOnAction(e -> {
            if (vm.selectedProperty().get() != null) vm.validate(java.util.List.of(vm.selectedProperty().get().episodeId()));
        });
        validateSelected.disableProperty().bind(vm.jobs().running(BackgroundJobs.Kind.VALIDATE).or(vm.selectedProperty().isNull()));
        MenuItem queue = new MenuItem("Show review queue");
        queue.setOnAction(e -> vm.stateFilterProperty().set(ui.catalog.StateFilter.REVIEW_QUEUE));
        MenuItem recall = new MenuItem("Recall selected episodes…");
        recall.setId("menu-recall");
        recall.setOnAction(e -> export.recallSelection());
        recall.disableProperty().bind(vm.jobs().running(BackgroundJobs.Kind.RECALL).or(javafx.beans.binding.Bindings.isEmpty(vm.selectedIds())));
        MenuItem board = new MenuItem("Failure clusters…");
        board.setId("menu-failure-board");
        board.setOnAction(e -> openFailureBoard());
        Menu episodeMenu = new Menu("Episode", null, validateSelected, validateAll, queue, board, new javafx.scene.control.SeparatorMenuItem(), recall);
        Menu exportMenu = exportMenu();

        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setOnAction(e -> Themes.setDark(getScene(), dark.isSelected()));
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) dark.setSelected(Themes.isDark(s));
        });
        MenuItem focusFilter = new MenuItem("Filter episodes");
        focusFilter.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        focusFilter.setOnAction(e -> catalogView.filterField().requestFocus());
        CheckMenuItem vlc = new CheckMenuItem("Play with VLC (off: JavaCV decodes while playing too)");
        vlc.setId("menu-play-with-vlc");
        vlc.selectedProperty().bindBidirectional(players.vlcPlaybackProperty());
        MenuItem dashboardItem = new MenuItem("Dashboard");
        dashboardItem.setId("menu-dashboard");
        dashboardItem.setAccelerator(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        dashboardItem.setOnAction(e -> openDashboard());
        Menu view = new Menu("View", null, dashboardItem, focusFilter, dark, vlc);

        MenuItem about = new MenuItem("About Curio");
        about.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION);
            a.initOwner(getScene().getWindow());
            a.setTitle("About Curio");
            a.setHeaderText("Curio");
            a.setContentText("Curate robot-learning episodes: view, trim, label, validate and package signed bundles.\n\nCatalog: "
                    + vm.catalogLabelProperty().get());
            a.showAndWait();
        });
        Menu help = new Menu("Help", null, about);
        return new MenuBar(file, episodeMenu, exportMenu, view, help);
    }

    private Menu exportMenu() {
        MenuItem fromSelection = new MenuItem("Subset from selection…");
        fromSelection.setId("menu-subset-selection");
        fromSelection.setOnAction(e -> export.subsetFromSelection());
        MenuItem fromFilter = new MenuItem("Subset from filter…");
        fromFilter.setId("menu-subset-filter");
        fromFilter.setOnAction(e -> export.subsetFromFilter());
        MenuItem builder = new MenuItem("Subset builder…");
        builder.setId("menu-subset-builder");
        builder.setAccelerator(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        builder.setOnAction(e -> export.subsetBuilder());
        MenuItem run = new MenuItem("Export…");
        run.setId("menu-export");
        run.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        run.setOnAction(e -> export.export());
        MenuItem recalls = new MenuItem("Recalls");
        recalls.setId("menu-recalls");
        recalls.setOnAction(e -> export.showRecalls());
        return new Menu("Export", null, builder, fromSelection, fromFilter, new javafx.scene.control.SeparatorMenuItem(), run,
                new javafx.scene.control.SeparatorMenuItem(), recalls);
    }

    public ui.export.ExportActions exportActions() {
        return export;
    }

    private ToolBar toolBar() {
        Button add = toolButton("folder-open", "Add folder", "Ingest every episode found in a folder (or drop folders on the window)", "tool-ingest");
        add.setOnAction(e -> chooseFolder());
        Button open = toolButton("catalog", "Open catalog", "Open another catalog file", "tool-open");
        open.setOnAction(e -> chooseCatalog());
        Button demo = toolButton("demo", "Demo", "Generate the demo episodes", "tool-demo");
        demo.setOnAction(e -> vm.generateDemo(6, 7));
        demo.disableProperty().bind(vm.jobs().running(BackgroundJobs.Kind.DEMO));
        Button refresh = toolButton("refresh", "Refresh", "Reload the catalog (F5)", "tool-refresh");
        refresh.setOnAction(e -> vm.refresh());
        Button play = toolButton("play", "Play", "Open the selected episode in the player (Enter, double-click)", "tool-play");
        play.setOnAction(e -> playSelected());
        play.disableProperty().bind(vm.selectedProperty().isNull());
        Button validate = toolButton("validate", "Validate", "Validate every episode (unchanged ones are not re-run)", "tool-validate");
        validate.setOnAction(e -> vm.validate(java.util.List.of()));
        validate.disableProperty().bind(vm.jobs().running(BackgroundJobs.Kind.VALIDATE));
        Button subset = toolButton("subset", "Subset", "Make a subset of the selected episodes (only accepted ones go in)", "tool-subset");
        subset.setOnAction(e -> export.subsetFromSelection());
        subset.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.selectedIds()));
        Button builder = toolButton("search", "Builder", "Build a subset from facets, a where expression and the dataset gates "
                + "(Shift+Ctrl+B)", "tool-builder");
        builder.setOnAction(e -> export.subsetBuilder());
        Button dashboardButton = toolButton("catalog", "Dashboard", "Episodes and hours by task, robot, operator, dataset and day; "
                + "QC distributions; near duplicates (Shift+Ctrl+D)", "tool-dashboard");
        dashboardButton.setOnAction(e -> openDashboard());
        Button boardButton = toolButton("validate", "Failures", "The failure-cluster board: every failure mark by cluster, "
                + "suggested clusters to accept or reject", "tool-failure-board");
        boardButton.setOnAction(e -> openFailureBoard());
        Button exportButton = toolButton("export", "Export", "Export a subset as a signed bundle (Shift+Ctrl+E)", "tool-export");
        exportButton.setOnAction(e -> export.export());
        return new ToolBar(add, open, new Separator(), demo, refresh, new Separator(), play, validate, dashboardButton, boardButton, new Separator(), subset, builder, exportButton);
    }

    private static Button toolButton(String icon, String text, String tip, String id) {
        Button b = new Button(text, Icons.get(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.getStyleClass().add("tool-button");
        return b;
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.textProperty().bind(vm.jobs().messageProperty());
        // Each job shows its own progress above; the bar only says that something runs.
        bar.progressProperty().bind(javafx.beans.binding.Bindings.when(vm.jobs().runningProperty()).then(-1.0).otherwise(0.0));
        javafx.scene.control.Label count = new javafx.scene.control.Label();
        count.setId("status-job-count");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            int n = vm.jobs().running().size();
            return n == 0 ? "" : n == 1 ? "1 job running" : n + " jobs running";
        }, vm.jobs().running()));
        javafx.scene.control.Label catalog = new javafx.scene.control.Label();
        catalog.getStyleClass().add("muted");
        catalog.textProperty().bind(vm.catalogLabelProperty());
        bar.getRightItems().addAll(count, catalog);
        return bar;
    }

    /** Opens the failure-cluster board, or brings its window forward. */
    public void openFailureBoard() {
        if (failureBoard != null && failureBoard.isShowing()) {
            failureBoard.toFront();
            return;
        }
        failureBoard = ui.board.FailureBoardWindow.show(getScene().getWindow(), vm.failureBoard(),
                clips -> players.playClips(vm.catalog(), clips, getScene().getWindow(), vm.jobs()::say));
    }

    /** Opens the dashboard of the catalog's where filter, or brings its window forward. */
    public void openDashboard() {
        if (dashboard != null && dashboard.isShowing()) {
            dashboard.toFront();
            return;
        }
        dashboard = ui.dashboard.DashboardWindow.show(getScene().getWindow(), vm.dashboard());
    }

    private void playSelected() {
        var selected = vm.selectedProperty().get();
        if (selected == null) return;
        vm.jobs().say("Opening " + selected.episodeId() + " in the player…");
        players.open(vm.catalog(), selected.episodeId(), getScene().getWindow(),
                problem -> vm.jobs().report("Opening " + selected.episodeId(), problem));
    }

    private void chooseFolder() {
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Ingest episodes from a folder");
        java.io.File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) vm.ingest(List.of(dir.toPath()));
    }

    private void chooseCatalog() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open Curio catalog");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Curio catalog (*.db)", "*.db"));
        Window w = getScene().getWindow();
        java.io.File f = chooser.showOpenDialog(w);
        if (f != null) openCatalog.accept(f.toPath());
    }

    public static Scene scene(MainWindow window, double w, double h, boolean dark) {
        Scene scene = new Scene(window, w, h);
        Themes.apply(scene, dark);
        return scene;
    }
}
