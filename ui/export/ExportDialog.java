package ui.export;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
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
import packaging.export.FeatureMap;
import store.Subset;

/**
 * Collects what an export needs: subset, format (and the HDF5 profile), bundle folder and key file, and for every
 * format that writes streams shows how each stream becomes a feature and where it lands in the format (or why it does
 * not) with the dataset's frame rate, asking for a rate when the cameras do not give one and for a choice when episodes
 * differ. The passphrase is not asked here but just before
 * the export starts, so it never sits in a form field.
 */
final class ExportDialog extends Dialog<ExportViewModel.ExportForm> {
    static final ButtonType EXPORT = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);

    private final ComboBox<String> subset = new ComboBox<>();
    private final ComboBox<Exporter.Format> format = new ComboBox<>(FXCollections.observableArrayList(Exporter.Format.values()));
    private final ComboBox<String> profile = new ComboBox<>();
    private final TextField out = new TextField();
    private final TextField key = new TextField();
    private final CheckBox cameraRate = new CheckBox("the cameras' rate");
    private final CheckBox allowFailedGates = new CheckBox("Export even if a dataset gate fails (the bundle records it)");
    private final Spinner<Integer> fps = new Spinner<>(1, 1000, 30);
    private final ComboBox<FeatureMap.OnMismatch> onMismatch = new ComboBox<>(FXCollections.observableArrayList(FeatureMap.OnMismatch.values()));
    private final TableView<MappingRow> mapping = new TableView<>();
    private final Label planStatus = new Label();
    private final BooleanProperty planOk = new SimpleBooleanProperty(false);
    private final ExportViewModel vm;

    /** One line of the mapping table: a feature and where it lands, or a stream that becomes none. */
    record MappingRow(String feature, String type, String from, String note, String target) { }

    ExportDialog(Window owner, ExportViewModel vm, List<Subset> subsets, String preferred) {
        this.vm = vm;
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
                return f == null ? "" : f.title;
            }

            @Override
            public Exporter.Format fromString(String s) {
                return null;
            }
        });
        format.setValue(Exporter.Format.LEROBOT_V3);
        profile.setId("export-profile");
        Runnable profiles = () -> {
            List<String> choices = format.getValue() == null ? List.of() : format.getValue().profiles();
            profile.getItems().setAll(choices);
            profile.setValue(choices.isEmpty() ? null : choices.get(0));
        };
        format.valueProperty().addListener((o, a, b) -> profiles.run());
        profiles.run();
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

        cameraRate.setId("export-camera-rate");
        cameraRate.setSelected(true);
        fps.setId("export-fps");
        fps.setEditable(true);
        fps.setPrefWidth(90);
        fps.disableProperty().bind(cameraRate.selectedProperty());
        onMismatch.setId("export-on-mismatch");
        onMismatch.setValue(FeatureMap.OnMismatch.REFUSE);
        onMismatch.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(FeatureMap.OnMismatch m) {
                return m == null ? "" : m == FeatureMap.OnMismatch.REFUSE ? "refuse the export"
                        : "keep the features every episode shares";
            }

            @Override
            public FeatureMap.OnMismatch fromString(String s) {
                return null;
            }
        });
        mapping.setId("export-mapping");
        mapping.setPlaceholder(new Label("Choose a subset to see its features"));
        mapping.setPrefHeight(220);
        mapping.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        mapping.getColumns().add(column("Feature", MappingRow::feature, 230));
        mapping.getColumns().add(column("Type", MappingRow::type, 110));
        mapping.getColumns().add(column("From streams", MappingRow::from, 220));
        mapping.getColumns().add(column("Resampling / reason", MappingRow::note, 150));
        mapping.getColumns().add(column("Written to", MappingRow::target, 220));
        planStatus.setId("export-plan-status");
        planStatus.setWrapText(true);
        Runnable replan = this::replan;
        subset.valueProperty().addListener((o, a, b) -> replan.run());
        format.valueProperty().addListener((o, a, b) -> replan.run());
        profile.valueProperty().addListener((o, a, b) -> replan.run());
        cameraRate.selectedProperty().addListener((o, a, b) -> replan.run());
        fps.valueProperty().addListener((o, a, b) -> replan.run());
        onMismatch.valueProperty().addListener((o, a, b) -> replan.run());
        HBox clock = new HBox(8, cameraRate, fps, new Label("fps"));
        clock.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        g.addRow(0, new Label("Subset"), subset);
        Label profileLabel = new Label("Profile");
        g.addRow(1, new Label("Format"), format, profileLabel, profile);
        for (javafx.scene.Node n : List.of(profileLabel, profile)) {
            n.visibleProperty().bind(Bindings.isNotEmpty(profile.getItems()));
            n.managedProperty().bind(n.visibleProperty());
        }
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
        allowFailedGates.setId("export-allow-failed-gates");
        var thresholds = vm.profileProperty().get().gates();
        Label gates = new Label("Dataset gates of profile " + vm.profileProperty().get().name() + ": " + (thresholds.isEmpty() ? "none"
                : String.join(", ", thresholds.entrySet().stream().map(e -> e.getKey() + " ≥ "
                        + packaging.subset.QualityGates.format(e.getValue())).toList())));
        gates.getStyleClass().add("muted");
        g.add(new VBox(4, allowFailedGates, gates), 0, 9, 4, 1);
        g.addRow(5, new Label("Frame rate"), clock);
        g.addRow(6, new Label("Episodes that differ"), onMismatch);
        g.add(mapping, 0, 7, 4, 1);
        g.add(planStatus, 0, 8, 4, 1);
        for (javafx.scene.Node n : List.of(clock, onMismatch, mapping, planStatus)) {
            n.visibleProperty().bind(format.valueProperty().isNotEqualTo(Exporter.Format.MANIFEST));
            n.managedProperty().bind(n.visibleProperty());
        }
        getDialogPane().setContent(g);
        getDialogPane().getButtonTypes().addAll(EXPORT, ButtonType.CANCEL);
        getDialogPane().lookupButton(EXPORT).setId("export-run");
        getDialogPane().lookupButton(EXPORT).disableProperty().bind(subset.valueProperty().isNull()
                .or(out.textProperty().isEmpty()).or(key.textProperty().isEmpty())
                .or(format.valueProperty().isNotEqualTo(Exporter.Format.MANIFEST).and(planOk.not())));
        setResultConverter(b -> b == EXPORT ? new ExportViewModel.ExportForm(subset.getValue(), format.getValue(),
                Path.of(out.getText().strip()), Path.of(key.getText().strip()), chosenMapping(), profile.getValue(),
                allowFailedGates.isSelected()) : null);
        replan();
    }

    private Exporter.Mapping chosenMapping() {
        return new Exporter.Mapping(cameraRate.isSelected() ? null : fps.getValue(), onMismatch.getValue());
    }

    /** Asks the view-model for the mapping of the current choices; answers that arrive late for old choices are dropped. */
    private void replan() {
        planOk.set(false);
        mapping.getItems().clear();
        if (subset.getValue() == null || format.getValue() == null || format.getValue() == Exporter.Format.MANIFEST) return;
        planStatus.setText("Reading the subset's streams…");
        String forSubset = subset.getValue();
        Exporter.Format forFormat = format.getValue();
        String forProfile = profile.getValue();
        Exporter.Mapping chosen = chosenMapping();
        vm.planFeatures(forSubset, forFormat, forProfile, chosen, plan -> {
            if (!forSubset.equals(subset.getValue()) || forFormat != format.getValue()
                    || !java.util.Objects.equals(forProfile, profile.getValue()) || !chosen.equals(chosenMapping())) return;
            show(plan);
        });
    }

    private void show(ExportViewModel.FeaturePlan plan) {
        if (!plan.ok()) {
            planStatus.setText(plan.error());
            // The rate cannot come from the cameras: let the user type one.
            if ("export.fps_required".equals(plan.errorCode()) && cameraRate.isSelected()) cameraRate.setSelected(false);
            return;
        }
        FeatureMap map = plan.map();
        for (FeatureMap.Feature f : map.features()) {
            var n = packaging.export.Mapping.feature(f, null);
            List<String> streams = new java.util.ArrayList<>();
            n.get("streams").forEach(x -> streams.add(x.asText()));
            mapping.getItems().add(new MappingRow(f.key(), f.dtype() + " " + n.get("shape"), String.join(", ", streams),
                    f.kind() == FeatureMap.Kind.SERIES ? f.rule().id() : f.kind() == FeatureMap.Kind.DEPTH ? "16-bit PNG" : "video",
                    plan.layout().getOrDefault(f.key(), "")));
        }
        for (FeatureMap.Excluded e : map.excluded()) {
            mapping.getItems().add(new MappingRow("(not exported)", "", e.episodeId() + ": " + e.stream(), e.reason(), ""));
        }
        planStatus.setText(map.fps() + " fps (" + (map.clock().equals("user") ? "chosen here" : "the cameras' rate") + "), "
                + map.features().size() + " features" + (map.excluded().isEmpty() ? "; every stream is exported"
                : "; " + map.excluded().size() + " streams not exported (reasons in the table)"));
        planOk.set(true);
    }

    private static TableColumn<MappingRow, String> column(String title, java.util.function.Function<MappingRow, String> value, double width) {
        TableColumn<MappingRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
