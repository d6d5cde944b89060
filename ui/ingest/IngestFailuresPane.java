package ui.ingest;

import java.util.stream.Collectors;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.SelectionMode;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The failures of the last ingest, one row per error, readable and copyable (tab-separated, so it pastes
 * into a spreadsheet or an issue). Hidden while there is nothing to show.
 */
public final class IngestFailuresPane extends VBox {
    /** One error of one failed episode. */
    public record Row(String path, String code, String file, String field, String message) {
        String tsv() {
            return String.join("\t", code, nz(file), nz(field), message, path);
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    public IngestFailuresPane(ObservableList<Row> rows) {
        setId("ingest-failures");
        setPadding(new Insets(4, 8, 4, 8));
        setSpacing(4);
        visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(rows));
        managedProperty().bind(visibleProperty());
        // Built with the first failure: most windows never show this pane, and a table costs the window's first
        // styling and layout even while hidden.
        if (!rows.isEmpty()) {
            build(rows);
        } else {
            rows.addListener(new javafx.collections.ListChangeListener<Row>() {
                @Override
                public void onChanged(Change<? extends Row> c) {
                    if (rows.isEmpty()) return;
                    rows.removeListener(this);
                    build(rows);
                }
            });
        }
    }

    private void build(ObservableList<Row> rows) {
        Label title = new Label();
        title.textProperty().bind(javafx.beans.binding.Bindings.size(rows).asString("Ingest failures: %d"));
        Button copy = new Button("Copy");
        copy.setId("ingest-failures-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(rows.stream().map(Row::tsv).collect(Collectors.joining("\n")));
            Clipboard.getSystemClipboard().setContent(c);
        });
        Button close = new Button("Dismiss");
        close.setOnAction(e -> rows.clear());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        TableView<Row> table = new TableView<>(rows);
        table.setId("ingest-failures-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getColumns().add(column("Code", Row::code, 170));
        table.getColumns().add(column("File", Row::file, 260));
        table.getColumns().add(column("Field", Row::field, 140));
        table.getColumns().add(column("Message", Row::message, 420));
        table.getColumns().add(column("Episode", Row::path, 260));
        table.setPrefHeight(160);
        getChildren().addAll(new HBox(8, title, spacer, copy, close), table);
    }

    private static TableColumn<Row, String> column(String name, java.util.function.Function<Row, String> value, double width) {
        TableColumn<Row, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
