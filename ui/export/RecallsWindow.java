package ui.export;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.TextFlow;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Every recall, newest first, with the selected one's notice as receivers read it. */
final class RecallsWindow extends BorderPane {
    RecallsWindow(RecallViewModel vm) {
        setId("recalls-window");
        TableView<RecallViewModel.Row> table = new TableView<>(vm.recalls());
        table.setId("recalls-table");
        table.getColumns().add(Windows.column("Recall", RecallViewModel.Row::recallId, 280));
        table.getColumns().add(Windows.column("Issued", RecallViewModel.Row::created, 160));
        table.getColumns().add(Windows.column("By", RecallViewModel.Row::issuedBy, 90));
        table.getColumns().add(Windows.column("Episodes", r -> String.valueOf(r.episodes()), 70));
        table.getColumns().add(Windows.column("Reason", RecallViewModel.Row::reason, 300));
        table.setPlaceholder(new Label("No recalls: Episode > Recall selected episodes… files one."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> vm.select(r));
        // Open on the newest recall so its notice shows straight away.
        vm.recalls().addListener((javafx.collections.ListChangeListener<RecallViewModel.Row>) c -> {
            if (table.getSelectionModel().isEmpty() && !vm.recalls().isEmpty()) table.getSelectionModel().selectFirst();
        });
        ScrollPane notice = new ScrollPane();
        notice.setId("recalls-notice");
        notice.setFitToWidth(true);
        vm.noticeTextProperty().addListener((o, a, text) -> {
            TextFlow flow = MarkdownText.render(text);
            flow.setPadding(new Insets(8));
            notice.setContent(flow);
        });
        SplitPane split = new SplitPane(table, notice);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        setCenter(split);
        setPadding(new Insets(6));
        vm.refresh();
    }

    static Stage show(Window owner, RecallViewModel vm) {
        return Windows.show(owner, "Recalls", new RecallsWindow(vm), 960, 600);
    }
}
