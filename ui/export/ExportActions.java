package ui.export;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import packaging.export.Exporter;
import ui.catalog.CatalogViewModel;

/**
 * The menu and toolbar commands for subsets, export and bundles: each opens its dialog on the FX thread and hands
 * the work to {@link ExportViewModel}, which runs it through the status bar's background jobs.
 */
public final class ExportActions {
    private static final ButtonType OPEN = new ButtonType("Open bundle", ButtonBar.ButtonData.LEFT);

    private final ExportViewModel vm;
    private final CatalogViewModel catalog;
    private final Supplier<Window> owner;
    private String lastSubset;
    private javafx.stage.Stage builder;

    private final Supplier<DeliveryViewModel> deliveries;
    private final RecallViewModel recalls;

    /** @param deliveries makes the view-model of one bundle window's deliveries */
    public ExportActions(ExportViewModel vm, CatalogViewModel catalog, Supplier<Window> owner, Supplier<DeliveryViewModel> deliveries,
                         RecallViewModel recalls) {
        this.vm = vm;
        this.deliveries = deliveries;
        this.recalls = recalls;
        this.catalog = catalog;
        this.owner = owner;
    }

    public ExportViewModel viewModel() {
        return vm;
    }

    public void subsetFromSelection() {
        List<String> ids = List.copyOf(catalog.selectedIds());
        if (ids.isEmpty()) {
            vm.jobs().say("Select episodes in the table first (Shift/Ctrl-click for several)");
            return;
        }
        subset(ids, "the " + ids.size() + " selected episodes");
    }

    public void subsetFromFilter() {
        catalog.filteredIds(ids -> {
            if (ids.isEmpty()) {
                vm.jobs().say("The filter shows no episodes");
                return;
            }
            subset(ids, "the " + ids.size() + " episodes the filter shows");
        });
    }

    private void subset(List<String> ids, String origin) {
        vm.preview(ids, preview -> {
            String suggested = "subset-" + java.time.LocalDate.now();
            new SubsetDialog(owner.get(), origin, preview, suggested).showAndWait()
                    .ifPresent(name -> vm.createSubset(name, ids, created -> lastSubset = created.subset().name()));
        });
    }

    /** Opens the subset builder (or brings its window forward); a subset it saves is preselected for export. */
    public void subsetBuilder() {
        if (builder != null && builder.isShowing()) {
            builder.toFront();
            return;
        }
        builder = ui.subset.SubsetBuilderWindow.show(owner.get(), vm.subsetBuilder(), vm::loadProfile,
                created -> lastSubset = created.subset().name());
    }

    public void export() {
        vm.listSubsets(subsets -> {
            if (subsets.isEmpty()) {
                vm.jobs().say("No subsets yet: select accepted episodes and use Export > Subset from selection");
                return;
            }
            new ExportDialog(owner.get(), vm, subsets, lastSubset).showAndWait()
                    .ifPresent(form -> vm.export(form, this::showResult));
        });
    }

    public void chooseBundle() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a bundle folder");
        java.io.File dir = chooser.showDialog(owner.get());
        if (dir != null) openBundle(dir.toPath());
    }

    /** Verifies the bundle in the background, then shows its report and data card in a window. */
    public void openBundle(Path bundle) {
        vm.openBundle(bundle, contents -> BundleWindow.show(owner.get(), contents, deliveries.get()));
    }

    /** Recall… on the selected episodes: asks reason, key and purge, then recalls and refreshes the catalog. */
    public void recallSelection() {
        List<String> ids = List.copyOf(catalog.selectedIds());
        if (ids.isEmpty()) {
            vm.jobs().say("Select the episodes to recall in the table first");
            return;
        }
        new RecallDialog(owner.get(), ids, vm.defaultKeyFile()).showAndWait().ifPresent(form -> recalls.recall(form, r -> catalog.reread()));
    }

    public void showRecalls() {
        RecallsWindow.show(owner.get(), recalls);
    }

    private void showResult(Exporter.Result r) {
        GridPane g = new GridPane();
        g.setId("export-result");
        g.setHgap(12);
        g.setVgap(4);
        g.setPadding(new Insets(10));
        String[][] rows = {
                {"Bundle", r.bundle().toString()},
                {"Manifest id", r.manifestId()},
                {"Format", r.format()},
                {"Episodes", String.valueOf(r.episodeCount())},
                {"Artifacts", String.valueOf(r.artifactCount())},
                {"Size", humanBytes(r.sizeBytes()) + " (" + r.sizeBytes() + " bytes)"},
                {"Merkle root", r.merkleRoot()}};
        for (int i = 0; i < rows.length; i++) {
            Label v = new Label(rows[i][1]);
            v.setId("export-result-" + rows[i][0].toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            g.addRow(i, new Label(rows[i][0]), v);
        }
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner.get());
        a.setTitle("Export finished");
        a.setHeaderText("Exported " + r.episodeCount() + " episodes");
        a.getDialogPane().setContent(g);
        a.getButtonTypes().setAll(OPEN, ButtonType.CLOSE);
        a.getDialogPane().lookupButton(OPEN).setId("export-result-open");
        a.resultProperty().addListener((o, old, b) -> {
            if (b == OPEN) openBundle(r.bundle());
        });
        a.show();
    }

    static String humanBytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
