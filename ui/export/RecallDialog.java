package ui.export;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Recalls the selected episodes: the reason, the key that signs the notice, and whether to delete the delivered objects
 * from the buckets. Nothing is asked twice: the passphrase comes just before the recall runs.
 */
final class RecallDialog extends Dialog<RecallViewModel.Form> {
    static final ButtonType RECALL = new ButtonType("Recall", ButtonBar.ButtonData.OK_DONE);

    RecallDialog(Window owner, List<String> episodeIds, Path defaultKey) {
        initOwner(owner);
        setTitle("Recall episodes");
        setHeaderText("Recall " + episodeIds.size() + (episodeIds.size() == 1 ? " episode" : " episodes")
                + " from every bundle and delivery that holds them. They are never exported again; their history is kept.");
        ListView<String> episodes = new ListView<>();
        episodes.setId("recall-episodes");
        episodes.getItems().setAll(episodeIds);
        episodes.setPrefHeight(100);
        TextArea reason = new TextArea();
        reason.setId("recall-reason");
        reason.setPromptText("why, as receivers will read it (e.g. consent withdrawn by the operator)");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        TextField key = new TextField(defaultKey == null ? "" : defaultKey.toString());
        key.setId("recall-key");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle("Signing key (curio-signing.key)");
            java.io.File f = c.showOpenDialog(getDialogPane().getScene().getWindow());
            if (f != null) key.setText(f.getAbsolutePath());
        });
        HBox keyRow = new HBox(6, key, browse);
        HBox.setHgrow(key, Priority.ALWAYS);
        CheckBox purge = new CheckBox("Also delete the delivered objects from the buckets Curio can reach");
        purge.setId("recall-purge");
        VBox box = new VBox(6, new Label("Episodes"), episodes, new Label("Reason"), reason, new Label("Signing key"), keyRow, purge);
        box.setPadding(new Insets(10));
        box.setPrefWidth(560);
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().setAll(RECALL, ButtonType.CANCEL);
        getDialogPane().lookupButton(RECALL).setId("recall-run");
        getDialogPane().lookupButton(RECALL).disableProperty().bind(reason.textProperty().isEmpty().or(key.textProperty().isEmpty()));
        setResultConverter(b -> b == RECALL ? new RecallViewModel.Form(episodeIds, reason.getText().strip(), Path.of(key.getText().strip()),
                purge.isSelected()) : null);
        setOnShown(e -> reason.requestFocus());
    }
}
