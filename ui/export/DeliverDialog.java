package ui.export;

import java.nio.file.Path;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import packaging.deliver.Delivery;
import packaging.deliver.Destination;
import packaging.deliver.RemovableVolumes;
import store.CurioException;

/**
 * Where to deliver a bundle: a folder, a mounted removable drive, or a bucket (typed, or one of the remembered ones).
 * Bucket credentials are not asked: they come from the AWS environment or {@code ~/.aws} profiles.
 */
final class DeliverDialog extends Dialog<DeliveryViewModel.Form> {
    static final ButtonType DELIVER = new ButtonType("Deliver", ButtonBar.ButtonData.OK_DONE);

    private final ToggleGroup kind = new ToggleGroup();
    private final RadioButton folderKind = new RadioButton("Folder");
    private final RadioButton driveKind = new RadioButton("Removable drive");
    private final RadioButton bucketKind = new RadioButton("S3 bucket");
    private final TextField folder = new TextField();
    private final ComboBox<RemovableVolumes.Volume> drive = new ComboBox<>();
    private final ComboBox<SavedDestinations.Saved> saved = new ComboBox<>();
    private final TextField url = new TextField();
    private final TextField endpoint = new TextField();
    private final TextField region = new TextField();
    private final TextField profile = new TextField();
    private final CheckBox remember = new CheckBox("Remember this bucket (endpoint, region and profile name; never a secret)");
    private final ComboBox<Delivery.Verify> verify = new ComboBox<>(FXCollections.observableArrayList(Delivery.Verify.values()));
    private final Label error = new Label();

    DeliverDialog(Window owner, DeliveryViewModel vm, Path bundle) {
        initOwner(owner);
        setTitle("Deliver " + bundle.getFileName());
        setHeaderText("Deliver the bundle, verify it where it lands, and record the delivery");
        folderKind.setId("deliver-kind-folder");
        driveKind.setId("deliver-kind-drive");
        bucketKind.setId("deliver-kind-bucket");
        for (RadioButton r : List.of(folderKind, driveKind, bucketKind)) r.setToggleGroup(kind);
        folderKind.setSelected(true);

        folder.setId("deliver-folder");
        folder.setPromptText("a folder, e.g. a network share");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Deliver into this folder");
            java.io.File dir = c.showDialog(getDialogPane().getScene().getWindow());
            if (dir != null) folder.setText(dir.getAbsolutePath());
        });
        drive.setId("deliver-drive");
        drive.setPromptText("looking for removable drives…");
        drive.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(RemovableVolumes.Volume v) {
                return v == null ? "" : v.label() + "  (" + v.mountPoint() + (v.freeBytes() >= 0 ? ", " + ExportActions.humanBytes(v.freeBytes()) + " free" : "") + ")";
            }

            @Override
            public RemovableVolumes.Volume fromString(String s) {
                return null;
            }
        });
        vm.volumes(list -> {
            drive.getItems().setAll(list);
            drive.setPromptText(list.isEmpty() ? "no removable drive is mounted" : "choose a drive");
            if (!list.isEmpty()) drive.setValue(list.get(0));
        });
        saved.setId("deliver-saved");
        saved.setPromptText("remembered buckets");
        saved.getItems().setAll(vm.savedDestinations());
        saved.valueProperty().addListener((o, a, s) -> {
            if (s == null) return;
            url.setText(s.url());
            endpoint.setText(s.endpoint());
            region.setText(s.region());
            profile.setText(s.profile());
        });
        url.setId("deliver-url");
        url.setPromptText("s3://bucket/prefix");
        endpoint.setId("deliver-endpoint");
        endpoint.setPromptText("empty for AWS; e.g. https://minio.lab:9000");
        region.setId("deliver-region");
        region.setPromptText("e.g. eu-west-1 (optional)");
        profile.setId("deliver-profile");
        profile.setPromptText("a profile in ~/.aws (optional)");
        remember.setId("deliver-remember");
        verify.setId("deliver-verify");
        verify.setValue(Delivery.Verify.HEAD);
        verify.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Delivery.Verify v) {
                return v == null ? "" : v == Delivery.Verify.HEAD ? "size and server checksum of every object" : "download and re-hash every object";
            }

            @Override
            public Delivery.Verify fromString(String s) {
                return null;
            }
        });
        error.setId("deliver-error");
        error.getStyleClass().add("state-hard");
        error.setWrapText(true);

        GridPane bucket = new GridPane();
        bucket.setHgap(8);
        bucket.setVgap(6);
        bucket.addRow(0, new Label("Saved"), saved);
        bucket.addRow(1, new Label("Bucket"), url);
        bucket.addRow(2, new Label("Endpoint"), endpoint);
        bucket.addRow(3, new Label("Region"), region);
        bucket.addRow(4, new Label("Profile"), profile);
        bucket.add(remember, 1, 5);
        Label creds = new Label("Credentials come from your AWS environment or ~/.aws; Curio never stores them.");
        creds.getStyleClass().add("muted");
        creds.setWrapText(true);
        remember.setWrapText(true);
        bucket.add(creds, 1, 6);
        for (javafx.scene.Node n : List.of(saved, url, endpoint, region, profile)) GridPane.setHgrow(n, Priority.ALWAYS);
        saved.setMaxWidth(Double.MAX_VALUE);
        Label verifyLabel = new Label("Check buckets by");
        HBox folderRow = new HBox(6, folder, browse);
        HBox.setHgrow(folder, Priority.ALWAYS);
        drive.setMaxWidth(Double.MAX_VALUE);
        folderRow.disableProperty().bind(folderKind.selectedProperty().not());
        drive.disableProperty().bind(driveKind.selectedProperty().not());
        bucket.disableProperty().bind(bucketKind.selectedProperty().not());
        verify.disableProperty().bind(bucketKind.selectedProperty().not());
        VBox content = new VBox(8, folderKind, folderRow, driveKind, drive, bucketKind, bucket, new HBox(8, verifyLabel, verify), error);
        content.setPadding(new Insets(10));
        content.setPrefWidth(620);
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(DELIVER, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(DELIVER);
        ok.setId("deliver-run");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                form();
                error.setText("");
            } catch (CurioException ex) {
                error.setText(ex.getMessage());
                e.consume();
            }
        });
        setResultConverter(b -> b == DELIVER ? form() : null);
    }

    private DeliveryViewModel.Form form() {
        if (driveKind.isSelected()) {
            if (drive.getValue() == null) throw new CurioException("deliver.bad_destination", null, "drive", "choose a mounted removable drive");
            return new DeliveryViewModel.Form(new Destination.Folder(drive.getValue().mountPoint()), Delivery.Verify.HEAD, false);
        }
        if (folderKind.isSelected()) {
            if (folder.getText().isBlank()) throw new CurioException("deliver.bad_destination", null, "folder", "choose a folder");
            return new DeliveryViewModel.Form(Destination.parse(folder.getText().strip(), null, null, null), Delivery.Verify.HEAD, false);
        }
        if (!url.getText().strip().startsWith("s3://")) {
            throw new CurioException("deliver.bad_destination", url.getText(), "bucket", "a bucket is written s3://BUCKET/PREFIX");
        }
        return new DeliveryViewModel.Form(Destination.parse(url.getText().strip(), blank(endpoint), blank(region), blank(profile)),
                verify.getValue(), remember.isSelected());
    }

    private static String blank(TextField f) {
        return f.getText() == null || f.getText().isBlank() ? null : f.getText().strip();
    }
}
