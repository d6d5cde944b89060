package ui.export;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import packaging.export.Exporter;
import store.Subset;

/**
 * Collects what an export needs: subset, format, bundle folder and key file. The passphrase is not asked here but
 * just before the export starts, so it never sits in a form field.
 */
final class ExportDialog extends Dialog<ExportViewModel.ExportForm> {
    static final ButtonType EXPORT = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);

    private final ComboBox<String> subset = new ComboBox<>();
    private final ComboBox<Exporter.Format> format = new ComboBox<>(FXCollections.observableArrayList(Exporter.Format.values()));
    private final TextField out = new TextField();
    private final TextField key = new TextField();

    ExportDialog(Window owner, ExportViewModel vm, List<Subset> subsets, String preferred) {
        initOwner(owner);
        setTitle("Export");
        setHeaderText("Export a subset as a signed, verifiable bundle");
        subset.setId("export-subset");
        subset.getItems().setAll(subsets.stream().map(Subset::name).toList());
        subset.setValue(preferred != null && subset.getItems().contains(preferred) ? preferred
                : subset.getItems().isEmpty() ? null : subset.getItems().get(0));
        format.setId("export-format");
        format.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Exporter.Format f) {
                return f == null ? "" : f == Exporter.Format.LEROBOT_V3 ? "LeRobot v3.0 dataset" : "Manifest JSONL (references raw files)";
            }

            @Override
            public Exporter.Format fromString(String s) {
                return null;
            }
        });
        format.setValue(Exporter.Format.LEROBOT_V3);
        out.setId("export-out");
        key.setId("export-key");
        Path defaultKey = vm.defaultKeyFile();
        key.setText(defaultKey == null ? "" : defaultKey.toString());
        Runnable suggest = () -> {
            if (subset.getValue() != null && format.getValue() != null) out.setText(vm.defaultOut(subset.getValue(), format.getValue()).toString());
        };
        subset.valueProperty().addListener((o, a, b) -> suggest.run());
        format.valueProperty().addListener((o, a, b) -> suggest.run());
        suggest.run();

        Button browseOut = new Button("Browse…");
        browseOut.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Folder to put the bundle in");
            java.io.File dir = c.showDialog(getDialogPane().getScene().getWindow());
            if (dir != null) out.setText(dir.toPath().resolve(Path.of(out.getText()).getFileName()).toString());
        });
        Button browseKey = new Button("Browse…");
        browseKey.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle("Signing key (curio-signing.key)");
            java.io.File f = c.showOpenDialog(getDialogPane().getScene().getWindow());
            if (f != null) key.setText(f.getAbsolutePath());
        });
        Button generate = new Button("Generate key pair…");
        generate.setId("export-generate-key");
        generate.setOnAction(e -> vm.generateKey(files -> key.setText(files.privateKey().toString())));
        generate.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.defaultKeyFile() != null, key.textProperty()));

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        g.addRow(0, new Label("Subset"), subset);
        g.addRow(1, new Label("Format"), format);
        g.addRow(2, new Label("Bundle folder"), out, browseOut);
        g.addRow(3, new Label("Signing key"), key, browseKey, generate);
        GridPane.setHgrow(out, Priority.ALWAYS);
        GridPane.setHgrow(key, Priority.ALWAYS);
        out.setPrefColumnCount(36);
        Label hint = new Label("The bundle is written under a temporary name and appears only when complete. "
                + "The key passphrase is asked when the export starts and is never stored.");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");
        g.add(hint, 0, 4, 4, 1);
        getDialogPane().setContent(g);
        getDialogPane().getButtonTypes().addAll(EXPORT, ButtonType.CANCEL);
        getDialogPane().lookupButton(EXPORT).setId("export-run");
        getDialogPane().lookupButton(EXPORT).disableProperty().bind(subset.valueProperty().isNull()
                .or(out.textProperty().isEmpty()).or(key.textProperty().isEmpty()));
        setResultConverter(b -> b == EXPORT ? new ExportViewModel.ExportForm(subset.getValue(), format.getValue(),
                Path.of(out.getText().strip()), Path.of(key.getText().strip())) : null);
    }
}
