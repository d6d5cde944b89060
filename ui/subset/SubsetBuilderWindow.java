package ui.subset;

import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import packaging.subset.QualityGates;
import packaging.subset.Subsets;
import store.EpisodeField;
import store.EpisodeSnapshot;
import ui.Tables;
import ui.Themes;

/**
 * The subset builder: facets with their counts on the left, the where expression and bounds above, the live count,
 * the profile's dataset gates and Save on the right. Everything it shows comes from {@link SubsetBuilderViewModel}.
 */
public final class SubsetBuilderWindow {
    private SubsetBuilderWindow() { }

    /**
     * @param loadProfile asked to load the profile file the user picks (its gates then show here)
     * @param onSaved     told of each saved subset
     */
    public static Stage show(Window owner, SubsetBuilderViewModel vm, Consumer<java.nio.file.Path> loadProfile,
                             Consumer<Subsets.Created> onSaved) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Subset builder");

        TextField where = new TextField();
        where.setId("builder-where");
        where.setPromptText("where, e.g. review=accept and task~\"red cube\" and not cluster~shelf");
        where.textProperty().bindBidirectional(vm.whereProperty());
        TextField durMin = number("builder-duration-min", "min s", vm.durationMinProperty());
        TextField durMax = number("builder-duration-max", "max s", vm.durationMaxProperty());
        TextField qualMin = number("builder-quality-min", "0..1", vm.qualityMinProperty());
        CheckBox failure = new CheckBox("has a failure mark");
        failure.setId("builder-has-failure");
        failure.selectedProperty().bindBidirectional(vm.hasFailureProperty());
        Label error = new Label();
        error.setId("builder-error");
        error.getStyleClass().add("error-text");
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        HBox bounds = new HBox(8, new Label("Duration"), durMin, new Label("to"), durMax, new Label("Quality ≥"), qualMin, failure);
        bounds.setAlignment(Pos.CENTER_LEFT);
        TextField sharp = number("builder-sharpness-min", "min", vm.sharpnessMinProperty());
        TextField exposure = number("builder-exposure-max", "0..1", vm.exposureMaxProperty());
        TextField dropped = number("builder-dropped-max", "0..1", vm.droppedMaxProperty());
        TextField from = number("builder-date-from", "YYYY-MM-DD", vm.dateFromProperty());
        TextField to = number("builder-date-to", "YYYY-MM-DD", vm.dateToProperty());
        from.setPrefColumnCount(8);
        to.setPrefColumnCount(8);
        HBox qc = new HBox(8, new Label("Sharpness ≥"), sharp, new Label("Exposure ≤"), exposure, new Label("Dropped ≤"), dropped,
                new Label("Recorded"), from, new Label("to"), to);
        qc.setAlignment(Pos.CENTER_LEFT);
        TextField perGroup = number("builder-per-group", "N", vm.perGroupProperty());
        javafx.scene.control.ComboBox<EpisodeField> by = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(EpisodeField.TASK, EpisodeField.ROBOT));
        by.setId("builder-sample-by");
        by.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(EpisodeField f) {
                return f == null ? "" : f.whereName;
            }

            @Override
            public EpisodeField fromString(String s) {
                return EpisodeField.byWhereName(s);
            }
        });
        by.valueProperty().bindBidirectional(vm.sampleByProperty());
        TextField validation = number("builder-validation-share", "0..1", vm.validationShareProperty());
        TextField seed = number("builder-seed", "seed", vm.seedProperty());
        HBox sampling = new HBox(8, new Label("At most"), perGroup, new Label("per"), by, new Label("Validation share"), validation,
                new Label("Seed"), seed);
        sampling.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, where, bounds, qc, sampling, error);
        top.setPadding(new Insets(8));

        VBox facets = new VBox(4);
        for (EpisodeField f : SubsetBuilderViewModel.FACETS) {
            ListView<EpisodeSnapshot.FacetValue> list = new ListView<>(vm.facetValues(f));
            list.setId("builder-facet-" + f.whereName);
            list.setPrefHeight(f == EpisodeField.TASK ? 180 : 110);
            list.setCellFactory(l -> new FacetCell(vm, f));
            TitledPane pane = new TitledPane(title(f), list);
            pane.setExpanded(f != EpisodeField.CLUSTER && f != EpisodeField.SUBTASK && f != EpisodeField.OPERATOR);
            facets.getChildren().add(pane);
        }
        ScrollPane facetScroll = new ScrollPane(facets);
        facetScroll.setFitToWidth(true);
        facetScroll.setPrefWidth(330);

        Label count = new Label();
        count.setId("builder-count");
        count.setWrapText(true);
        count.textProperty().bind(vm.summaryProperty());
        count.getStyleClass().add("builder-count");
        TableView<QualityGates.Gate> gates = new TableView<>(vm.gates());
        gates.setId("builder-gates");
        gates.setPrefHeight(170);
        gates.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        gates.setPlaceholder(new Label("The profile sets no gate"));
        gates.getColumns().add(Tables.textColumn("Gate", g -> g.name(), 200));
        gates.getColumns().add(Tables.textColumn("Value", g -> QualityGates.format(g.value()), 70));
        gates.getColumns().add(Tables.textColumn("Threshold", g -> QualityGates.format(g.threshold()), 70));
        gates.getColumns().add(Tables.textColumn("", g -> g.pass() ? "pass" : "FAIL", 50));
        Label gatesVerdict = new Label();
        gatesVerdict.setId("builder-gates-verdict");
        gatesVerdict.textProperty().bind(Bindings.createStringBinding(() -> "Gates of profile " + vm.profileProperty().get().name()
                + ": " + (vm.gatesPassProperty().get() ? "all pass" : "a gate fails; export refuses unless allowed"),
                vm.gatesPassProperty(), vm.profileProperty()));
        Button profile = new Button("Profile…");
        profile.setId("builder-profile");
        profile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Validation profile with gates");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML profile", "*.yaml", "*.yml"));
            java.io.File file = chooser.showOpenDialog(stage);
            if (file != null) loadProfile.accept(file.toPath());
        });
        TextField name = new TextField();
        name.setId("builder-name");
        name.setPromptText("subset name");
        name.textProperty().bindBidirectional(vm.nameProperty());
        Button save = new Button("Save subset");
        save.setId("builder-save");
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.nameProperty().isEmpty().or(vm.errorProperty().isNotEmpty())
                .or(Bindings.createBooleanBinding(() -> vm.countsProperty().get() == null || vm.countsProperty().get().included() == 0,
                        vm.countsProperty())));
        save.setOnAction(e -> vm.save(onSaved));
        HBox saveRow = new HBox(8, name, save);
        HBox.setHgrow(name, Priority.ALWAYS);
        gatesVerdict.setWrapText(true);
        HBox gatesRow = new HBox(8, gatesVerdict, profile);
        HBox.setHgrow(gatesVerdict, Priority.ALWAYS);
        gatesVerdict.setMaxWidth(Double.MAX_VALUE);
        gatesRow.setAlignment(Pos.CENTER_LEFT);
        ListView<store.Subset> saved = new ListView<>(vm.saved());
        saved.setId("builder-saved");
        saved.setPrefHeight(110);
        saved.setPlaceholder(new Label("No subsets saved yet"));
        saved.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(store.Subset s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.name() + "  (" + s.episodeIds().size() + " episodes): " + s.query());
            }
        });
        saved.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && saved.getSelectionModel().getSelectedItem() != null) {
                vm.reopen(saved.getSelectionModel().getSelectedItem());
            }
        });
        javafx.collections.ObservableList<String> names = javafx.collections.FXCollections.observableArrayList();
        vm.saved().addListener((javafx.collections.ListChangeListener<store.Subset>) c ->
                names.setAll(vm.saved().stream().map(store.Subset::name).toList()));
        javafx.scene.control.ComboBox<String> first = new javafx.scene.control.ComboBox<>(names);
        first.setId("builder-diff-a");
        javafx.scene.control.ComboBox<String> second = new javafx.scene.control.ComboBox<>(names);
        second.setId("builder-diff-b");
        TextField diffName = new TextField();
        diffName.setId("builder-diff-name");
        diffName.setPromptText("name");
        diffName.setPrefColumnCount(8);
        Button diff = new Button("Save difference");
        diff.setId("builder-diff-save");
        diff.disableProperty().bind(first.valueProperty().isNull().or(second.valueProperty().isNull()).or(diffName.textProperty().isEmpty()));
        diff.setOnAction(e -> vm.difference(diffName.getText().strip(), first.getValue(), second.getValue(), onSaved));
        HBox diffRow = new HBox(6, first, new Label("minus"), second, diffName, diff);
        diffRow.setAlignment(Pos.CENTER_LEFT);
        VBox right = new VBox(10, count, new Label("Dataset gates (seed 001)"), gates, gatesRow, saveRow,
                new Label("Saved subsets (double-click one made from an expression to build on it)"), saved, diffRow);
        right.setPadding(new Insets(8));
        right.setPrefWidth(460);

        BorderPane root = new BorderPane();
        root.setId("subset-builder");
        root.setTop(top);
        root.setLeft(facetScroll);
        root.setCenter(right);
        Scene scene = new Scene(root, 900, 780);
        if (owner != null && owner.getScene() != null) Themes.apply(scene, Themes.isDark(owner.getScene()));
        stage.setScene(scene);
        vm.refresh();
        vm.loadSaved();
        stage.show();
        return stage;
    }

    private static TextField number(String id, String prompt, javafx.beans.property.StringProperty p) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.setPrefColumnCount(5);
        t.textProperty().bindBidirectional(p);
        return t;
    }

    private static String title(EpisodeField f) {
        String s = f.whereName.replace('_', ' ');
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }


    /** A facet value with its count and hours, ticked when chosen; ticking it tells the view-model. */
    private static final class FacetCell extends ListCell<EpisodeSnapshot.FacetValue> {
        private final CheckBox box = new CheckBox();
        private final SubsetBuilderViewModel vm;
        private final EpisodeField field;

        FacetCell(SubsetBuilderViewModel vm, EpisodeField field) {
            this.vm = vm;
            this.field = field;
            box.setOnAction(e -> {
                EpisodeSnapshot.FacetValue v = getItem();
                if (v == null) return;
                if (box.isSelected()) vm.chosen(field).add(v.value()); else vm.chosen(field).remove(v.value());
            });
        }

        @Override
        protected void updateItem(EpisodeSnapshot.FacetValue v, boolean empty) {
            super.updateItem(v, empty);
            if (empty || v == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            box.setText(String.format(Locale.ROOT, "%s  (%d, %.1f h)", v.value().isEmpty() ? "(none)" : v.value(), v.episodes(), v.hours()));
            box.setSelected(vm.chosen(field).contains(v.value()));
            box.setId("facet-" + field.whereName + "-" + v.value().replaceAll("[^A-Za-z0-9_-]", "_"));
            setGraphic(box);
            setText(null);
        }
    }
}
