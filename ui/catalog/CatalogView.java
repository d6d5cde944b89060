package ui.catalog;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.controlsfx.control.textfield.CustomTextField;
import store.EpisodeField;
import store.EpisodeSummary;
import ui.Icons;

/**
 * The catalog table with sortable columns and a type-to-filter field above it. The rows, their order and the
 * selection's episodes come from the view-model, which reads them from the catalog a page at a time.
 */
public final class CatalogView extends BorderPane {
    private final TableView<EpisodeSummary> table = new TableView<>();
    private final CustomTextField filter = new CustomTextField();

    public CatalogView(CatalogViewModel vm) {
        getStyleClass().add("catalog-view");
        filter.setId("catalog-filter");
        filter.setPromptText("Filter episodes (id, task, dataset, state…)");
        filter.setLeft(Icons.get("search", 14));
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        Label count = new Label();
        count.getStyleClass().add("muted");
        count.setId("catalog-count");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.listedProperty().get() < 0 ? "" : vm.listedProperty().get() + " of " + vm.totalEpisodesProperty().get(),
                vm.listedProperty(), vm.totalEpisodesProperty()));
        javafx.scene.control.ComboBox<StateFilter> state = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(StateFilter.values()));
        state.setId("catalog-state-filter");
        state.valueProperty().bindBidirectional(vm.stateFilterProperty());
        HBox top = new HBox(8, filter, state, count);
        HBox.setHgrow(filter, Priority.ALWAYS);
        top.setPadding(new Insets(6, 0, 0, 0));
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        TextField where = new TextField();
        where.setId("catalog-where");
        where.setPromptText("where, e.g. task~\"red cube\" and quality>=0.6 (the dashboard's bars add here)");
        where.textProperty().bindBidirectional(vm.whereFilterProperty());
        javafx.scene.control.Button clear = new javafx.scene.control.Button("Clear");
        clear.setId("catalog-where-clear");
        clear.setOnAction(e -> vm.whereFilterProperty().set(""));
        clear.disableProperty().bind(vm.whereFilterProperty().isEmpty());
        Label whereError = new Label();
        whereError.getStyleClass().add("error-text");
        whereError.textProperty().bind(vm.whereErrorProperty());
        whereError.visibleProperty().bind(vm.whereErrorProperty().isNotEmpty());
        whereError.managedProperty().bind(whereError.visibleProperty());
        HBox whereRow = new HBox(8, where, clear);
        HBox.setHgrow(where, Priority.ALWAYS);
        javafx.scene.layout.VBox header = new javafx.scene.layout.VBox(6, top, whereRow, whereError);
        header.setPadding(new Insets(0, 6, 6, 6));
        setTop(header);

        table.setId("catalog-table");
        TableColumn<EpisodeSummary, String> thumb = new TableColumn<>("");
        thumb.setId("catalog-thumbnail");
        thumb.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(shown(c.getValue(), EpisodeSummary::episodeId)));
        thumb.setCellFactory(c -> new ThumbnailCell(vm));
        thumb.setPrefWidth(68);
        thumb.setSortable(false);
        table.getColumns().add(thumb);
        table.getColumns().add(column("Episode", EpisodeSummary::episodeId, 190, EpisodeField.ID));
        table.getColumns().add(column("Dataset", EpisodeSummary::dataset, 110, EpisodeField.DATASET));
        table.getColumns().add(column("Task", EpisodeSummary::task, 260, EpisodeField.TASK));
        TableColumn<EpisodeSummary, Double> duration = new TableColumn<>("Duration");
        duration.setUserData(EpisodeField.DURATION);
        duration.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(shown(c.getValue(), EpisodeSummary::durationS)));
        duration.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format("%d:%06.3f", (int) (v / 60), v % 60));
            }
        });
        duration.setPrefWidth(80);
        table.getColumns().add(duration);
        TableColumn<EpisodeSummary, Integer> streams = new TableColumn<>("Streams");
        streams.setUserData(EpisodeField.STREAMS);
        streams.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(shown(c.getValue(), EpisodeSummary::streams)));
        streams.setPrefWidth(64);
        table.getColumns().add(streams);
        table.getColumns().add(stateColumn("Validation", EpisodeSummary::validation, EpisodeField.VALIDATION));
        table.getColumns().add(stateColumn("Review", EpisodeSummary::review, EpisodeField.REVIEW));
        table.getColumns().add(stateColumn("Status", EpisodeSummary::status, EpisodeField.STATUS));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No episodes yet. Add a folder (toolbar, or drop it on the window), or File > Generate demo episodes."));

        table.setItems(vm.rows());
        // The first column of the sort order goes to the view-model, which lists the rows in that order.
        table.setSortPolicy(t -> {
            TableColumn<EpisodeSummary, ?> by = t.getSortOrder().isEmpty() ? null : t.getSortOrder().get(0);
            vm.sortBy(by == null ? null : (EpisodeField) by.getUserData(), by == null || by.getSortType() == TableColumn.SortType.ASCENDING);
            return true;
        });
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> vm.focusRow(b.intValue()));
        table.getSelectionModel().getSelectedIndices().addListener((javafx.collections.ListChangeListener<Integer>) c ->
                vm.selectRows(java.util.List.copyOf(table.getSelectionModel().getSelectedIndices())));
        vm.rowToSelectProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) table.getSelectionModel().clearAndSelect(b.intValue());
        });
        setCenter(table);
    }

    /** The episode's keyframe, asked of the view-model when the row shows an episode; a late answer for another row is dropped. */
    private static final class ThumbnailCell extends TableCell<EpisodeSummary, String> {
        private final CatalogViewModel vm;
        private final javafx.scene.image.ImageView view = new javafx.scene.image.ImageView();

        ThumbnailCell(CatalogViewModel vm) {
            this.vm = vm;
            view.setFitWidth(60);
            view.setPreserveRatio(true);
        }

        @Override
        protected void updateItem(String id, boolean empty) {
            super.updateItem(id, empty);
            view.setImage(null);
            setGraphic(empty || id == null ? null : view);
            if (empty || id == null) return;
            vm.thumbnail(id, img -> {
                if (id.equals(getItem())) view.setImage(img);
            });
        }
    }

    public TableView<EpisodeSummary> table() {
        return table;
    }

    public TextField filterField() {
        return filter;
    }

    private static TableColumn<EpisodeSummary, String> column(String title, Function<EpisodeSummary, String> f, double width,
                                                              EpisodeField sortsBy) {
        TableColumn<EpisodeSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(shown(cell.getValue(), f)));
        c.setPrefWidth(width);
        c.setUserData(sortsBy);
        return c;
    }

    /** A cell's value; nothing while the row's page is read. */
    private static <T> T shown(EpisodeSummary row, Function<EpisodeSummary, T> f) {
        return row == CatalogViewModel.LOADING ? null : f.apply(row);
    }

    /** A state shown as a coloured pill, so a reviewer scanning the table sees problems at a glance. */
    private static TableColumn<EpisodeSummary, String> stateColumn(String title, Function<EpisodeSummary, String> f, EpisodeField sortsBy) {
        TableColumn<EpisodeSummary, String> c = column(title, f, 100, sortsBy);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                getStyleClass().removeIf(s -> s.startsWith("state-"));
                if (empty || v == null) {
                    setText(null);
                } else {
                    setText(v);
                    getStyleClass().add("state-" + v);
                }
            }
        });
        return c;
    }
}
