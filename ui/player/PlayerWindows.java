package ui.player;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import player.PlaybackEngine;
import player.PlayerView;
import player.VlcEngine;
import store.Catalog;
import store.EpisodeDetail;
import store.EpisodeSummary;
import timeline.EpisodeStore;
import timeline.Tracks;
import timeline.UndoStack;
import ui.Settings;
import ui.Themes;

/**
 * Opens episodes in workbench windows (player + timeline), one window per episode; N/P move a window along
 * the review queue. The episode is read and the playback engine created (libVLC lookup takes a few hundred ms)
 * in the background; only the window is built on the FX thread. Undo history lives here, per catalog and
 * episode, so it survives moving to the next episode and back.
 */
public final class PlayerWindows {
    static final String REVIEWER = "review.reviewer";
    static final String LABELS = "timeline.labels";
    static final String FAILURE_MODES = "timeline.failure_modes";
    static final String ENGINE = "player.engine";

    private final Executor background;
    private final Executor fx;
    private final Settings settings;
    private final Map<String, UndoStack> undo = new HashMap<>();
    private final ObservableList<String> labels;
    private final ObservableList<String> failureModes;
    private final StringProperty reviewer;
    private final BooleanProperty vlcPlayback;
    /** The workbench windows on screen, which hold the catalog they were opened from. */
    private final ObservableList<Stage> open = FXCollections.observableArrayList();
    private final ObservableList<Stage> openView = FXCollections.unmodifiableObservableList(open);

    public PlayerWindows(Executor background, Executor fx, Settings settings) {
        this.background = background;
        this.fx = fx;
        this.settings = settings;
        labels = FXCollections.observableArrayList(list(LABELS, List.of()));
        failureModes = FXCollections.observableArrayList(list(FAILURE_MODES, Tracks.DEFAULT_FAILURE_MODES));
        reviewer = new SimpleStringProperty(settings.get(REVIEWER).orElse(System.getProperty("user.name", "curio")));
        labels.addListener((ListChangeListener<String>) c -> save(LABELS, labels));
        failureModes.addListener((ListChangeListener<String>) c -> save(FAILURE_MODES, failureModes));
        reviewer.addListener((o, a, b) -> {
            settings.put(REVIEWER, b);
            settings.save();
        });
        vlcPlayback = new SimpleBooleanProperty(settings.get(ENGINE).map("vlc"::equals).orElse(true));
        vlcPlayback.addListener((o, a, b) -> {
            settings.put(ENGINE, b ? "vlc" : "exact");
            settings.save();
        });
    }

    /**
     * Whether players opened from now on play through libVLC (settings key {@code player.engine}: vlc or exact).
     * On by default, as the player was specified: libVLC decodes while playing and its pictures are shown on the
     * master clock, the frame each shows known (README, Player playback); pause, step and scrub use the exact
     * decoders either way, and without libVLC the exact decoders play too.
     */
    public BooleanProperty vlcPlaybackProperty() {
        return vlcPlayback;
    }

    /** The reviewer name every decision and edit is recorded under (settings key {@code review.reviewer}). */
    public StringProperty reviewerProperty() {
        return reviewer;
    }

    private List<String> list(String key, List<String> fallback) {
        return settings.get(key).map(v -> List.of(v.split("\n"))).map(l -> l.stream().filter(s -> !s.isBlank()).toList())
                .orElse(fallback);
    }

    private void save(String key, List<String> values) {
        settings.put(key, String.join("\n", values));
        settings.save();
    }

    /** Loads {@code episodeId} from {@code catalog} and shows it; {@code onError} gets a user message. */
    public void open(Catalog catalog, String episodeId, Window owner, Consumer<String> onError) {
        open(catalog, episodeId, owner, onError, bench -> { });
    }

    /** A stretch of an episode to play. */
    public record Clip(String episodeId, long startNs, long endNs) { }

    /**
     * Plays the clips back to back in one workbench: each from its start to its end, then the next (loading the next
     * episode when it is another one); the last one stays paused at its end. Returns at once; the window plays on.
     */
    public void playClips(Catalog catalog, List<Clip> clips, Window owner, Consumer<String> onError) {
        if (clips.isEmpty()) return;
        open(catalog, clips.get(0).episodeId(), owner, onError, bench -> playFrom(catalog, clips, 0, bench, onError));
    }

    private void playFrom(Catalog catalog, List<Clip> clips, int i, EpisodeWorkbench bench, Consumer<String> onError) {
        Clip clip = clips.get(i);
        player.MasterClock clock = bench.player().viewModel().clock();
        bench.player().seek(clip.startNs());
        clock.play();
        javafx.beans.value.ChangeListener<Number>[] atEnd = new javafx.beans.value.ChangeListener[1];
        atEnd[0] = (o, a, t) -> {
            if (t.longValue() < clip.endNs() && clock.isPlaying()) return;
            clock.timeProperty().removeListener(atEnd[0]);
            if (t.longValue() < clip.endNs()) return;
            if (i + 1 >= clips.size()) {
                clock.pause();
                return;
            }
            Clip next = clips.get(i + 1);
            if (next.episodeId().equals(clip.episodeId())) {
                playFrom(catalog, clips, i + 1, bench, onError);
            } else {
                clock.pause();
                Stage stage = (Stage) bench.getScene().getWindow();
                load(catalog, next.episodeId(), onError, (d, e, q) -> {
                    bench.close();
                    EpisodeWorkbench nextBench = show(stage, catalog, d, e, q, onError);
                    playFrom(catalog, clips, i + 1, nextBench, onError);
                });
            }
        };
        clock.timeProperty().addListener(atEnd[0]);
    }

    private void open(Catalog catalog, String episodeId, Window owner, Consumer<String> onError, Consumer<EpisodeWorkbench> onShown) {
        load(catalog, episodeId, onError, (detail, engine, queue) -> {
            Stage stage = new Stage();
            // 1280x800 at least, most of a larger screen: cameras, plots and tracks all want room.
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            stage.setScene(new Scene(new javafx.scene.layout.Pane(), Math.min(screen.getWidth(), Math.max(1280, screen.getWidth() * 0.9)),
                    Math.min(screen.getHeight(), Math.max(800, screen.getHeight() * 0.9))));
            if (owner != null && owner.getScene() != null) Themes.apply(stage.getScene(), Themes.isDark(owner.getScene()));
            EpisodeWorkbench bench = show(stage, catalog, detail, engine, queue, onError);
            stage.setOnHidden(e -> {
                open.remove(stage);
                if (stage.getScene().getRoot() instanceof EpisodeWorkbench w) w.close();
            });
            open.add(stage);
            stage.show();
            onShown.accept(bench);
        });
    }

    /** The workbench windows on screen. */
    public ObservableList<Stage> openWindows() {
        return openView;
    }

    /**
     * Closes every workbench window (their edits were committed as they were made) and returns the workbenches, so
     * the caller can wait until none of them is still writing before closing their catalog.
     */
    public List<EpisodeWorkbench> closeAll() {
        List<EpisodeWorkbench> closed = new ArrayList<>();
        for (Stage s : List.copyOf(open)) {
            if (s.getScene().getRoot() instanceof EpisodeWorkbench w) closed.add(w);
            s.hide();
        }
        return closed;
    }

    private interface Loaded {
        void show(EpisodeDetail detail, PlaybackEngine engine, List<String> queue);
    }

    private void load(Catalog catalog, String episodeId, Consumer<String> onError, Loaded then) {
        background.execute(() -> {
            try {
                EpisodeDetail detail = catalog.episodes().find(episodeId).orElse(null);
                if (detail == null) {
                    fx.execute(() -> onError.accept("Episode " + episodeId + " is no longer in the catalog."));
                    return;
                }
                List<String> queue = new ArrayList<>(catalog.validations().reviewQueue().stream()
                        .map(EpisodeSummary::episodeId).toList());
                PlaybackEngine engine = vlcPlayback.get() ? VlcEngine.createOrFallback() : PlaybackEngine.NONE;
                fx.execute(() -> then.show(detail, engine, queue));
            } catch (RuntimeException e) {
                fx.execute(() -> onError.accept("Cannot open episode " + episodeId + ": " + e.getMessage()));
            }
        });
    }

    private EpisodeWorkbench show(Stage stage, Catalog catalog, EpisodeDetail detail, PlaybackEngine engine, List<String> queue,
                                  Consumer<String> onError) {
        String id = detail.summary().episodeId();
        PlayerView view = new PlayerView(detail, Path.of(detail.datasetRoot()), background, fx, engine);
        UndoStack stack = undo.computeIfAbsent(catalog.file().toAbsolutePath() + "#" + id, k -> new UndoStack());
        EpisodeStore store = new EpisodeStore(catalog, id, reviewer::get);
        ObservableList<String> clusters = FXCollections.observableArrayList(
                catalog.annotations().clusters().stream().map(c -> c.name()).toList());
        Consumer<String> navigate = next -> load(catalog, next, onError, (d, e, q) -> {
            if (stage.getScene().getRoot() instanceof EpisodeWorkbench old) old.close();
            show(stage, catalog, d, e, queue, onError);
        });
        EpisodeWorkbench bench = new EpisodeWorkbench(view, detail, store, stack,
                new EpisodeWorkbench.Context(labels, failureModes, clusters, reviewer, queue, navigate), background, fx);
        stage.setTitle("Curio – " + id);
        stage.getScene().setRoot(bench);
        bench.timeline().requestFocus();
        return bench;
    }
}
