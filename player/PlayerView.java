package player;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import pipeline.source.FrameSource;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * The synchronized episode player: every camera of an episode in a grid, its joint data in plots below,
 * one master clock, a ruler and the transport. Decoding runs on one thread per stream; the FX thread only
 * copies finished frames into images.
 */
public final class PlayerView extends BorderPane {
    public static final int MAX_TILES = 8;

    private final EpisodeDetail episode;
    private final Path datasetRoot;
    private final Executor background;
    private final Executor fx;
    private final PlayerViewModel vm = new PlayerViewModel();
    private final List<VideoTile> tiles = new ArrayList<>();
    private final VideoGrid grid;
    private final PlotsPane plots;
    private final TimeRuler ruler;
    private final TransportBar transport;
    private final Diagnostics diagnostics;
    private final PlaybackEngine engine;
    /** FFmpeg threads per video stream: the streams already decode side by side, one per core is enough. */
    private final int decoderThreads;
    private final Cancellation cancel = new Cancellation();
    private final ReadOnlyLongWrapper openMillis = new ReadOnlyLongWrapper(-1);
    private final long openedAt = System.nanoTime();
    static final int PREFETCH_FRAMES = 15;
    /** Frames every stream the exact decoders play has decoded past master before a start lets master move. */
    static final int START_FRAMES_AHEAD = 8;
    /** The longest a start holds master for the streams; the ones still not ready then catch up while it moves. */
    static final long START_HOLD_MAX_NS = 3_000_000_000L;
    private final AnimationTimer pulse;
    /** When the clock was last held at a start (System.nanoTime), and how long that hold lasted. */
    private long heldSince;
    private long lastStartHoldNs = -1;
    private boolean closed;

    /**
     * @param engine playback engine for real-time play; {@link PlaybackEngine#NONE} plays with the exact decoders
     */
    public PlayerView(EpisodeDetail episode, Path datasetRoot, Executor background, Executor fx, PlaybackEngine engine) {
        this.episode = episode;
        this.datasetRoot = datasetRoot;
        this.background = background;
        this.fx = fx;
        this.engine = engine;
        setId("player-view");
        getStyleClass().add("player-view");
        List<StreamEntry> videos = episode.streams().stream()
                .filter(s -> s.kind() == StreamKind.VIDEO || s.kind() == StreamKind.DEPTH).toList();
        long start = 0;
        long end = Math.max(1, episode.durationNs());
        for (StreamEntry s : episode.streams()) {
            if (s.startNs() != null) start = Math.min(start, s.startNs() + s.clockOffsetNs());
            if (s.endNs() != null) end = Math.max(end, s.endNs() + s.clockOffsetNs());
        }
        vm.clock().setRange(start, end);
        vm.marks().setAll(Marks.subtaskBoundaries(episode.manifestJson()));
        // Scrub decodes leave a core to the FX and render threads; one stream's decoder uses its share of the cores.
        int cores = Runtime.getRuntime().availableProcessors();
        Semaphore scrubGate = new Semaphore(Math.max(1, cores - 1));
        List<StreamEntry> shown = videos.subList(0, Math.min(MAX_TILES, videos.size()));
        decoderThreads = Math.max(1, cores / Math.max(1, shown.size()));
        for (StreamEntry s : shown) tiles.add(new VideoTile(s.name(), s.kind() == StreamKind.DEPTH, fx, scrubGate));
        grid = new VideoGrid(tiles);
        diagnostics = new Diagnostics(vm, tiles);
        StackPane video = new StackPane(grid, diagnostics);
        StackPane.setAlignment(diagnostics, Pos.TOP_CENTER);
        // Below the tiles' name labels, which it would otherwise hide.
        StackPane.setMargin(diagnostics, new Insets(30, 0, 0, 0));
        plots = new PlotsPane(vm, this::seek);
        ruler = new TimeRuler(vm.clock(), vm.marks(), this::seek);
        transport = new TransportBar(vm);
        SplitPane split = new SplitPane(video, plots);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.56);
        setCenter(split);
        Label status = new Label();
        status.setId("player-status");
        status.setPadding(new Insets(2, 8, 2, 8));
        status.textProperty().bind(vm.statusProperty());
        setBottom(new VBox(ruler, transport, status));
        if (videos.size() > MAX_TILES) vm.say("Showing " + MAX_TILES + " of " + videos.size() + " video streams.");
        vm.clock().timeProperty().addListener(o -> showTime());
        vm.clock().playingProperty().addListener((o, was, is) -> playingChanged(is));
        vm.clock().rateProperty().addListener(o -> {
            if (vm.clock().isPlaying()) engine.rateChanged(vm.clock().time(), vm.clock().rate());
        });
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        setFocusTraversable(true);
        pulse = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    diagnostics.pulse(now - last);
                    if (vm.clock().isHeld() && (readyToMove() || System.nanoTime() - heldSince > START_HOLD_MAX_NS)) {
                        vm.clock().release();
                        lastStartHoldNs = System.nanoTime() - heldSince;
                        diagnostics.startHeld(lastStartHoldNs);
                    }
                    vm.clock().advance(now - last);
                    if (vm.clock().isPlaying()) diagnostics.measure(vm.clock().time(), engine);
                }
                last = now;
            }
        };
        pulse.start();
        for (int i = 0; i < tiles.size(); i++) openTile(tiles.get(i), videos.get(i), i == 0);
        loadSeries();
        engine.describe(vm);
    }

    public PlayerViewModel viewModel() { return vm; }
    public List<VideoTile> tiles() { return List.copyOf(tiles); }
    public PlotsPane plots() { return plots; }
    public TimeRuler ruler() { return ruler; }
    public VideoGrid grid() { return grid; }
    /** Milliseconds from construction until every tile showed its first frame, no-data or error state. */
    public ReadOnlyLongProperty openMillisProperty() { return openMillis.getReadOnlyProperty(); }

    /** True when no tile has a decode queued or running and every shown frame is the one asked for. */
    public boolean settled() {
        for (VideoTile t : tiles) {
            if (t.source() == null && t.stateProperty().get() != VideoTile.State.ERROR) return false;
            if (!t.decoderIdle()) return false;
            if (t.stateProperty().get() == VideoTile.State.FRAME && t.displayedFrameProperty().get() != t.wanted()) return false;
        }
        return true;
    }

    /** Largest drift of any stream from master time since play last started (ms), as the overlay shows. */
    public double maxDriftMillis() {
        return diagnostics.maxDriftMillis();
    }

    /** Longest gap between FX pulses since {@link #resetPulseStats()} (ms): a stutter the user would see. */
    public double maxPulseMillis() {
        return diagnostics.maxPulseMillis();
    }

    public void resetPulseStats() {
        diagnostics.resetPulses();
    }

    /** How long the last start held master for the streams' first pictures (ms), -1 before any. */
    public double lastStartHoldMillis() {
        return lastStartHoldNs < 0 ? -1 : lastStartHoldNs / 1e6;
    }

    private boolean readyToMove() {
        for (VideoTile tile : tiles) {
            boolean ready = engine.isPlaying(tile) ? engine.readyToPlay(tile) : tile.bufferedAhead(START_FRAMES_AHEAD);
            if (!ready) return false;
        }
        return true;
    }

    public void seek(long ns) {
        vm.clock().seek(ns);
    }

    private void openTile(VideoTile tile, StreamEntry stream, boolean reference) {
        tile.open(() -> Sources.open(datasetRoot, episode, stream, decoderThreads), source -> fx.execute(() -> {
            if (reference) {
                vm.setReference(source.timeline());
                transport.refresh(vm);
                buildFilmstrip(stream);
            }
            engine.attach(tile, stream, datasetRoot);
            tile.showTime(vm.clock().time());
        }));
        tile.stateProperty().addListener((o, a, b) -> checkOpened());
    }

    private void checkOpened() {
        if (openMillis.get() >= 0) return;
        for (VideoTile t : tiles) if (t.stateProperty().get() == VideoTile.State.LOADING) return;
        openMillis.set((System.nanoTime() - openedAt) / 1_000_000);
    }

    private void showTime() {
        long t = vm.clock().time();
        for (VideoTile tile : tiles) {
            if (!engine.isPlaying(tile)) tile.showTime(t);
            else tile.showTimeState(t);
        }
    }

    private void playingChanged(boolean playing) {
        // Half a second of frames ahead at 30 fps, well inside each stream's cache budget; the engine turns it off
        // for the tiles it decodes once its pictures are placed on the clock.
        for (VideoTile tile : tiles) tile.prefetch(playing ? PREFETCH_FRAMES : 0);
        if (playing) {
            engine.start(vm.clock().time(), vm.clock().rate());
            if (vm.clock().rate() > 0) {
                // Master waits for the streams' first pictures instead of leaving them behind (the exact decoders
                // getting ahead, libVLC opening and being pinned); backwards, the exact decoders step from a frame
                // already shown.
                vm.clock().hold();
                heldSince = System.nanoTime();
                for (VideoTile tile : tiles) if (!engine.isPlaying(tile)) tile.primeAhead();
            }
        } else {
            engine.stop();
            showTime();
        }
    }

    private void loadSeries() {
        List<StreamEntry> series = episode.streams().stream().filter(s -> s.kind() == StreamKind.TIMESERIES).toList();
        background.execute(() -> {
            List<SeriesData> data = new ArrayList<>();
            List<StreamEntry> loaded = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (StreamEntry s : series) {
                try {
                    data.add(Sources.openSeries(datasetRoot, episode, s, cancel));
                    loaded.add(s);
                } catch (CurioException e) {
                    errors.add(s.name() + ": " + e.code() + " " + e.getMessage());
                }
            }
            fx.execute(() -> {
                plots.setData(loaded, data);
                if (!errors.isEmpty()) plots.showError("cannot plot " + String.join("; ", errors));
            });
        });
    }

    /** Thumbnails come from a second decoder so building them never moves the playback decoder. */
    private void buildFilmstrip(StreamEntry stream) {
        int n = ruler.thumbnailSlots();
        long[] times = new long[n];
        for (int i = 0; i < n; i++) times[i] = ruler.slotTime(i, n);
        background.execute(() -> {
            try (FrameSource s = Sources.open(datasetRoot, episode, stream)) {
                pipeline.source.FrameBuffer buf = new pipeline.source.FrameBuffer();
                for (int i = 0; i < n && !cancel.isCancelled(); i++) {
                    int f = s.frameIndexAt(times[i]);
                    if (f < 0) continue;
                    s.decode(f, buf);
                    pipeline.source.FrameBuffer small = pipeline.source.Thumbnails.scale(buf, 64, 36);
                    int slot = i;
                    fx.execute(() -> ruler.setThumbnail(slot, n, Images.of(small)));
                }
            } catch (CurioException e) {
                fx.execute(() -> vm.say("Filmstrip unavailable: " + e.getMessage()));
            }
        });
    }

    /** The player's keys; a host window forwards them when the focus is elsewhere (the timeline). */
    public void handleKey(KeyEvent e) {
        onKey(e);
    }

    private void onKey(KeyEvent e) {
        KeyCode k = e.getCode();
        boolean handled = true;
        switch (k) {
            case SPACE -> {
                vm.clock().setRate(transport.speed());
                vm.clock().toggle();
            }
            case RIGHT -> vm.stepForward();
            case LEFT -> vm.stepBack();
            case HOME -> vm.home();
            case END -> vm.end();
            case L -> vm.shuttleForward();
            case J -> vm.shuttleBack();
            case K -> vm.shuttleStop(transport.speed());
            case CLOSE_BRACKET, PAGE_DOWN -> vm.nextMark();
            case OPEN_BRACKET, PAGE_UP -> vm.previousMark();
            case D -> vm.diagnosticsProperty().set(!vm.diagnosticsProperty().get());
            default -> handled = false;
        }
        if (handled) e.consume();
    }

    /** Stops decoding and playback and releases every file. */
    public void close() {
        if (closed) return;
        closed = true;
        cancel.cancel();
        pulse.stop();
        engine.close();
        for (VideoTile t : tiles) t.close();
    }
}
