package ui.player;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import player.Marks;
import player.PlayerView;
import player.VideoTile;
import store.Annotations.RedactionTrack;
import store.EpisodeDetail;
import timeline.EpisodeStore;
import timeline.Inspector;
import timeline.ReviewPanel;
import timeline.ReviewViewModel;
import timeline.ShortcutSheet;
import timeline.TimelineView;
import timeline.TimelineViewModel;
import timeline.Tracks;
import timeline.UndoStack;

/**
 * One episode's workbench: the player on top, the timeline under it, the inspector on the right, the review
 * bar above. Owns the keyboard: timeline keys go to the timeline, the rest to the player, except while a text
 * field has the focus (Esc gives it back).
 */
public final class EpisodeWorkbench extends BorderPane {
    /** What the workbench needs from its window: shared vocabularies, the reviewer and where N/P go. */
    public record Context(ObservableList<String> labels, ObservableList<String> failureModes,
                          ObservableList<String> clusters, javafx.beans.property.StringProperty reviewer,
                          List<String> queue, Consumer<String> navigate) { }

    private final PlayerView player;
    private final TimelineViewModel vm;
    private final TimelineView timeline;
    private final ReviewViewModel review;
    private final Consumer<String> navigate;

    public EpisodeWorkbench(PlayerView player, EpisodeDetail episode, EpisodeStore store, UndoStack undo, Context ctx,
                            Executor background, Executor fx) {
        this.player = player;
        this.navigate = ctx.navigate();
        setId("episode-workbench");
        List<String> streams = player.tiles().stream().map(VideoTile::streamName).toList();
        List<String> fresh = Tracks.episodeLabels(episode.manifestJson(), episode.summary().task()).stream()
                .filter(l -> !ctx.labels().contains(l)).toList();
        ctx.labels().addAll(0, fresh);
        var pvm = player.viewModel();
        vm = new TimelineViewModel(store, undo, streams, pvm.clock().timeProperty(), pvm.clock()::seek,
                pvm::snapToFrame, ctx.labels(), ctx.failureModes(), background, fx);
        timeline = new TimelineView(vm, pvm.clock().start(), pvm.clock().end());
        review = new ReviewViewModel(store.catalog().annotations(), store.episodeId(), ctx.queue(), ctx.reviewer(), background, fx);

        List<Long> manifestMarks = Marks.subtaskBoundaries(episode.manifestJson());
        vm.marks().addListener((ListChangeListener<Long>) c -> feedMarks(manifestMarks));
        feedMarks(manifestMarks);
        vm.redactions().addListener((ListChangeListener<RedactionTrack>) c -> previewRedactions());
        previewRedactions();
        for (VideoTile t : player.tiles()) {
            t.setOnBoxDrawn(b -> vm.putBox(t.streamName(), b[0], b[1], b[2], b[3]));
        }

        Label status = new Label();
        status.setId("timeline-status");
        status.textProperty().bind(vm.statusProperty());
        Button fit = toolButton("Fit", "timeline-fit", () -> timeline.viewport().fit());
        Button undoB = toolButton("Undo", "timeline-undo", vm::undo);
        undoB.disableProperty().bind(undo.canUndoProperty().not());
        Button redoB = toolButton("Redo", "timeline-redo", vm::redo);
        redoB.disableProperty().bind(undo.canRedoProperty().not());
        Button keys = toolButton("Keys (F1)", "timeline-keys", () -> ShortcutSheet.show(getScene().getWindow()));
        HBox bar = new HBox(6, fit, undoB, redoB, keys, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 6, 2, 6));
        VBox bottom = new VBox(bar, timeline);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        SplitPane split = new SplitPane(player, bottom);
        split.setOrientation(Orientation.VERTICAL);
        // The tracks need little height; the cameras and plots above them get the rest.
        split.setDividerPositions(0.74);
        setCenter(split);
        ScrollPane side = new ScrollPane(new Inspector(vm, ctx.clusters()));
        side.setFitToWidth(true);
        side.setPrefWidth(250);
        setRight(side);
        setTop(new ReviewPanel(review, navigate));
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        background.execute(() -> {
            var findings = store.catalog().validations().findings(store.episodeId());
            var qc = store.catalog().validations().qcWindows(store.episodeId());
            fx.execute(() -> timeline.setStrips(findings, qc));
        });
    }

    public PlayerView player() { return player; }
    public TimelineViewModel timelineViewModel() { return vm; }
    public TimelineView timeline() { return timeline; }
    public ReviewViewModel review() { return review; }

    private static Button toolButton(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void feedMarks(List<Long> manifestMarks) {
        TreeSet<Long> all = new TreeSet<>(manifestMarks);
        all.addAll(vm.marks());
        player.viewModel().marks().setAll(new ArrayList<>(all));
    }

    private void previewRedactions() {
        for (VideoTile t : player.tiles()) {
            t.setRedactions(vm.redactions().stream().filter(r -> r.stream().equals(t.streamName())).toList());
        }
    }

    private void onKey(KeyEvent e) {
        Node focus = getScene() == null ? null : getScene().getFocusOwner();
        if (focus instanceof TextInputControl) {
            if (e.getCode() == KeyCode.ESCAPE) {
                timeline.requestFocus();
                e.consume();
            }
            return;
        }
        boolean handled = true;
        switch (e.getCode()) {
            case I -> vm.markIn();
            case O -> vm.markOut();
            case ENTER -> vm.commit();
            case M -> vm.markFailure();
            case S -> vm.split();
            case DELETE, BACK_SPACE -> vm.deleteSelected();
            case TAB -> vm.cycleTrack(e.isShiftDown());
            case F -> timeline.viewport().fit();
            case F1 -> ShortcutSheet.show(getScene().getWindow());
            case N -> review.neighbour(1).ifPresent(navigate);
            case P -> review.neighbour(-1).ifPresent(navigate);
            case Z -> {
                if (!e.isShortcutDown()) handled = false;
                else if (e.isShiftDown()) vm.redo();
                else vm.undo();
            }
            case Y -> {
                if (e.isShortcutDown()) vm.redo(); else handled = false;
            }
            default -> handled = false;
        }
        if (handled) {
            e.consume();
            return;
        }
        player.handleKey(e);
    }

    public void close() {
        player.close();
    }

    /** True while an edit or a review decision made here is still being written to the catalog. */
    public boolean saving() {
        return vm.saving() || review.saving();
    }
}
