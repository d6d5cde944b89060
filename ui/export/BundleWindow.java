package ui.export;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import javafx.stage.Window;
import packaging.Finding;

/** A bundle's verification report (status, key id, findings naming files) beside its data card. */
final class BundleWindow extends BorderPane {
    private final TextFlow card;

    BundleWindow(BundleContents b, DeliveryViewModel deliveries) {
        setId("bundle-window");
        Label status = new Label(b.report().ok() ? "verified" : "NOT verified: " + b.report().findings().size() + " findings");
        status.setId("bundle-status");
        status.getStyleClass().add(b.report().ok() ? "state-passed" : "state-hard");
        String signer = b.report().keyId() == null ? "the signature did not verify"
                : "signed by " + b.report().keyId() + (b.signedByOwnKey() ? " (your key)"
                : " (not your key: compare it with the key id the sender gave you)");
        Label key = new Label(signer);
        key.setId("bundle-signer");
        key.setWrapText(true);
        Label path = new Label(b.bundle().toString());
        path.getStyleClass().add("muted");

        TableView<Finding> findings = new TableView<>();
        findings.setId("bundle-findings");
        findings.getColumns().add(Windows.column("Code", Finding::code, 180));
        findings.getColumns().add(Windows.column("File", Finding::file, 220));
        findings.getColumns().add(Windows.column("Message", Finding::message, 360));
        findings.getItems().setAll(b.report().findings());
        findings.setPlaceholder(new Label("No findings: every checksum, the Merkle root and the signature hold."));
        findings.setPrefHeight(160);

        GridPane facts = new GridPane();
        facts.setId("bundle-facts");
        facts.setHgap(12);
        facts.setVgap(4);
        int row = 0;
        for (BundleContents.Fact f : b.facts()) {
            Label l = new Label(f.label());
            l.getStyleClass().add("muted");
            Label v = new Label(f.value());
            v.setWrapText(true);
            facts.addRow(row++, l, v);
        }
        card = b.cardMarkdown() == null ? new TextFlow(new javafx.scene.text.Text("This bundle has no DATA_CARD.md."))
                : MarkdownText.render(b.cardMarkdown());
        card.setId("bundle-card");
        card.setPadding(new Insets(8));
        ScrollPane cardScroll = new ScrollPane(new VBox(12, facts, card));
        cardScroll.setFitToWidth(true);

        VBox report = new VBox(6, status, key, path, findings, deliveriesPane(b, deliveries));
        report.setPadding(new Insets(10));
        SplitPane split = new SplitPane(report, cardScroll);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);
    }

    /** The data card as the reader sees it. */
    String cardText() {
        return MarkdownText.plain(card);
    }

    /** The deliveries of this bundle with their status, and Deliver…, Resume and Cancel with the transfer's progress. */
    private static VBox deliveriesPane(BundleContents b, DeliveryViewModel vm) {
        Label title = new Label("Deliveries");
        title.getStyleClass().add("section");
        TableView<DeliveryViewModel.Row> table = new TableView<>(vm.deliveries());
        table.setId("bundle-deliveries");
        table.getColumns().add(Windows.column("Destination", DeliveryViewModel.Row::destination, 240));
        table.getColumns().add(Windows.column("Status", DeliveryViewModel.Row::status, 90));
        table.getColumns().add(Windows.column("Started", DeliveryViewModel.Row::started, 170));
        table.getColumns().add(Windows.column("Finished", DeliveryViewModel.Row::finished, 170));
        table.getColumns().add(Windows.column("Links expire", DeliveryViewModel.Row::linksExpire, 170));
        table.getColumns().add(Windows.column("Delivery", DeliveryViewModel.Row::deliveryId, 260));
        table.setPlaceholder(new Label("Not delivered yet: Deliver… copies it to a folder, a USB drive or a bucket."));
        table.setPrefHeight(130);
        Button deliver = new Button("Deliver…");
        deliver.setId("bundle-deliver");
        deliver.disableProperty().bind(vm.runningProperty().or(javafx.beans.binding.Bindings.createBooleanBinding(() -> b.manifestId() == null)));
        deliver.setOnAction(e -> new DeliverDialog(deliver.getScene().getWindow(), vm, b.bundle()).showAndWait()
                .ifPresent(form -> vm.deliver(b.bundle(), form)));
        Button resume = new Button("Resume");
        resume.setId("bundle-resume");
        resume.setTooltip(new Tooltip("Deliver again to the selected unfinished delivery's destination: only what is missing is sent"));
        resume.disableProperty().bind(vm.runningProperty().or(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            DeliveryViewModel.Row r = table.getSelectionModel().getSelectedItem();
            return r == null || !r.status().equals("in progress");
        }, table.getSelectionModel().selectedItemProperty())));
        resume.setOnAction(e -> vm.resume(b.bundle(), table.getSelectionModel().getSelectedItem()));
        Button cancel = new Button("Cancel");
        cancel.setId("bundle-deliver-cancel");
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("bundle-deliver-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        bar.setPrefWidth(160);
        Label progress = new Label();
        progress.setId("bundle-deliver-status");
        progress.textProperty().bind(vm.progressTextProperty());
        progress.setWrapText(true);
        HBox actions = new HBox(8, deliver, resume, cancel, bar, progress);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(progress, javafx.scene.layout.Priority.ALWAYS);
        if (b.manifestId() != null) vm.load(b.manifestId());
        return new VBox(6, title, actions, table);
    }

    static Stage show(Window owner, BundleContents b, DeliveryViewModel deliveries) {
        BundleWindow pane = new BundleWindow(b, deliveries);
        String title = "Bundle " + b.bundle().getFileName() + (b.report().ok() ? " (verified)" : " (NOT verified)");
        return Windows.show(owner, title, pane, 920, 760);
    }
}
