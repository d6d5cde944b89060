package ui.board;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import pipeline.annotate.ClusterSuggestions;
import store.FailureBoard;
import ui.Tables;
import ui.Themes;

/**
 * The failure-cluster board: clusters (and the unclustered marks) on the left, the chosen group's marks in the middle
 * (drag them onto a cluster to move them), suggested clusters on the right to accept or reject. Rename, merge and new
 * cluster act on the chosen cluster; everything is done by {@link FailureBoardViewModel}.
 */
public final class FailureBoardWindow {
    private FailureBoardWindow() { }

    /** @param play plays clips back to back in the workbench */
    public static Stage show(Window owner, FailureBoardViewModel vm, java.util.function.Consumer<List<ui.player.PlayerWindows.Clip>> play) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Failure clusters");

        ListView<FailureBoardViewModel.Group> groups = new ListView<>(vm.groups());
        groups.setId("board-clusters");
        groups.setPrefWidth(260);
        groups.setCellFactory(l -> new GroupCell(vm));
        groups.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) vm.chosenProperty().set(b);
        });
        vm.chosenProperty().addListener((o, a, b) -> {
            if (b != null && groups.getSelectionModel().getSelectedItem() != b) groups.getSelectionModel().select(b);
        });
        Button create = new Button("New…");
        create.setId("board-new");
        create.setOnAction(e -> ask("New cluster", "Name of the new cluster", "").ifPresent(vm::create));
        Button rename = new Button("Rename…");
        rename.setId("board-rename");
        rename.setOnAction(e -> {
            var g = vm.chosenProperty().get();
            if (g != null && g.cluster() != null) ask("Rename cluster", "New name", g.cluster().name())
                    .ifPresent(n -> vm.rename(g.cluster().id(), n));
        });
        Button merge = new Button("Merge into…");
        merge.setId("board-merge");
        merge.setOnAction(e -> {
            var g = vm.chosenProperty().get();
            if (g == null || g.cluster() == null) return;
            List<String> others = vm.groups().stream().filter(x -> x.cluster() != null && x != g).map(x -> x.cluster().name()).toList();
            if (others.isEmpty()) return;
            ChoiceDialog<String> d = new ChoiceDialog<>(others.get(0), others);
            d.initOwner(stage);
            d.setHeaderText("Merge " + g.cluster().name() + " into");
            d.showAndWait().flatMap(n -> vm.groups().stream().filter(x -> x.cluster() != null && x.cluster().name().equals(n)).findFirst())
                    .ifPresent(into -> vm.merge(g.cluster().id(), into.cluster().id()));
        });
        for (Button b : List.of(rename, merge)) {
            b.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> vm.chosenProperty().get() == null || vm.chosenProperty().get().cluster() == null, vm.chosenProperty()));
        }
        VBox left = new VBox(6, new Label("Clusters"), groups, new HBox(6, create, rename, merge));
        VBox.setVgrow(groups, Priority.ALWAYS);

        TableView<FailureBoard.Mark> marks = new TableView<>(vm.marks());
        marks.setId("board-marks");
        marks.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        marks.setPlaceholder(new Label("No failure marks here. Mark failures in the workbench (M)."));
        marks.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        marks.getColumns().add(Tables.textColumn("Mode", m -> m.failureMode() == null ? "" : m.failureMode(), 110));
        marks.getColumns().add(Tables.textColumn("Episode", FailureBoard.Mark::episodeId, 190));
        marks.getColumns().add(Tables.textColumn("At", m -> String.format(Locale.ROOT, "%.2f s", m.startNs() / 1e9), 70));
        marks.getColumns().add(Tables.textColumn("Task", m -> m.task() == null ? "" : m.task(), 200));
        marks.getColumns().add(Tables.textColumn("Note", m -> m.note() == null ? (m.label() == null ? "" : m.label()) : m.note(), 120));
        marks.setRowFactory(t -> {
            TableRow<FailureBoard.Mark> row = new TableRow<>();
            row.setOnDragDetected(e -> {
                if (row.isEmpty()) return;
                if (!marks.getSelectionModel().getSelectedItems().contains(row.getItem())) marks.getSelectionModel().clearAndSelect(row.getIndex());
                Dragboard db = row.startDragAndDrop(TransferMode.MOVE);
                ClipboardContent content = new ClipboardContent();
                content.putString(FailureBoardViewModel.dragPayload(List.copyOf(marks.getSelectionModel().getSelectedItems())));
                db.setContent(content);
                e.consume();
            });
            return row;
        });
        Label marksTitle = new Label("Marks (drag onto a cluster to move them)");
        Button playClips = new Button("Play clips");
        playClips.setId("board-play");
        playClips.setTooltip(new javafx.scene.control.Tooltip("Play the selected marks (or all shown) back to back, 2 s either side"));
        playClips.setOnAction(e -> play.accept(vm.clips(List.copyOf(marks.getSelectionModel().getSelectedItems()))));
        playClips.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.marks()));
        // The same move as dragging, for the keyboard and for marks that are hard to drag in a long list.
        Button moveTo = new Button("Move to…");
        moveTo.setId("board-move");
        moveTo.setTooltip(new javafx.scene.control.Tooltip("Move the selected marks into a cluster, or out of every cluster"));
        moveTo.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(marks.getSelectionModel().getSelectedItems()));
        moveTo.setOnAction(e -> {
            List<Long> chosen = marks.getSelectionModel().getSelectedItems().stream().map(FailureBoard.Mark::id).toList();
            List<FailureBoardViewModel.Group> targets = List.copyOf(vm.groups());
            if (chosen.isEmpty() || targets.isEmpty()) return;
            List<String> names = targets.stream().map(FailureBoardViewModel.Group::name).toList();
            ChoiceDialog<String> d = new ChoiceDialog<>(names.get(0), names);
            d.initOwner(stage);
            d.setHeaderText("Move " + chosen.size() + (chosen.size() == 1 ? " mark" : " marks") + " to");
            d.showAndWait().map(names::indexOf).filter(i -> i >= 0).map(targets::get)
                    .ifPresent(g -> vm.assign(chosen, g.cluster() == null ? null : g.cluster().id()));
        });
        HBox marksHead = new HBox(12, marksTitle, playClips, moveTo);
        marksHead.setAlignment(Pos.CENTER_LEFT);
        VBox center = new VBox(6, marksHead, marks);
        VBox.setVgrow(marks, Priority.ALWAYS);

        ListView<ClusterSuggestions.Suggestion> suggestions = new ListView<>(vm.suggestions());
        suggestions.setId("board-suggestions");
        Label none = new Label("Suggest clusters from the motion around each mark, its QC, subtask and mode");
        none.setWrapText(true);
        none.setPadding(new Insets(8));
        suggestions.setPlaceholder(none);
        suggestions.setCellFactory(l -> new SuggestionCell(vm));
        Spinner<Integer> k = new Spinner<>(1, 20, vm.kProperty().get());
        k.setId("board-k");
        k.setPrefWidth(70);
        k.valueProperty().addListener((o, a, b) -> vm.kProperty().set(b));
        Button suggest = new Button("Suggest");
        suggest.setId("board-suggest");
        suggest.setOnAction(e -> vm.suggest());
        HBox suggestRow = new HBox(6, new Label("k-means++, k ="), k, suggest);
        suggestRow.setAlignment(Pos.CENTER_LEFT);
        VBox right = new VBox(6, new Label("Suggested clusters"), suggestRow, suggestions);
        right.setPrefWidth(340);
        VBox.setVgrow(suggestions, Priority.ALWAYS);

        BorderPane root = new BorderPane(center, null, right, null, left);
        root.setId("failure-board");
        root.setPadding(new Insets(8));
        BorderPane.setMargin(center, new Insets(0, 8, 0, 8));
        Scene scene = new Scene(root, 1180, 640);
        if (owner != null && owner.getScene() != null) Themes.apply(scene, Themes.isDark(owner.getScene()));
        stage.setScene(scene);
        vm.load();
        stage.show();
        return stage;
    }

    private static Optional<String> ask(String title, String header, String value) {
        TextInputDialog d = new TextInputDialog(value);
        d.setTitle(title);
        d.setHeaderText(header);
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }


    /** A cluster with its mark count; marks dropped on it move into it (on "(unclustered)": out of every cluster). */
    private static final class GroupCell extends ListCell<FailureBoardViewModel.Group> {
        GroupCell(FailureBoardViewModel vm) {
            setOnDragOver(e -> {
                if (getItem() != null && !FailureBoardViewModel.markIdsOf(e.getDragboard().getString()).isEmpty()) {
                    e.acceptTransferModes(TransferMode.MOVE);
                }
                e.consume();
            });
            setOnDragDropped(e -> {
                List<Long> ids = FailureBoardViewModel.markIdsOf(e.getDragboard().getString());
                boolean ok = getItem() != null && !ids.isEmpty();
                if (ok) vm.assign(ids, getItem().cluster() == null ? null : getItem().cluster().id());
                e.setDropCompleted(ok);
                e.consume();
            });
        }

        @Override
        protected void updateItem(FailureBoardViewModel.Group g, boolean empty) {
            super.updateItem(g, empty);
            if (empty || g == null) {
                setText(null);
                return;
            }
            List<String> modes = g.modes().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
            setText(g.name() + "  (" + g.marks() + ")" + (modes.isEmpty() ? "" : "\n   " + String.join(", ", modes)));
        }
    }

    /** A suggestion: its name, what its marks share, Accept and Reject. */
    private static final class SuggestionCell extends ListCell<ClusterSuggestions.Suggestion> {
        private final FailureBoardViewModel vm;

        SuggestionCell(FailureBoardViewModel vm) {
            this.vm = vm;
        }

        @Override
        protected void updateItem(ClusterSuggestions.Suggestion s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(s.name() + "  (" + s.markIds().size() + " marks)");
            name.getStyleClass().add("suggestion-name");
            Label detail = new Label("modes " + s.failureModes() + "; subtasks " + s.subtasks());
            detail.getStyleClass().add("muted");
            detail.setWrapText(true);
            Button accept = new Button("Accept");
            accept.setId("board-accept-" + s.index());
            accept.setOnAction(e -> vm.accept(s));
            Button reject = new Button("Reject");
            reject.setId("board-reject-" + s.index());
            reject.setOnAction(e -> vm.reject(s));
            VBox box = new VBox(3, name, detail, new HBox(6, accept, reject));
            box.setMaxWidth(300);
            setGraphic(box);
            setText(null);
        }
    }
}
