package player;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.image.PixelBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import javafx.scene.layout.StackPane;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import store.CurioException;

/**
 * One camera in the grid: its exact frame for the playhead, or a "no data" state outside the stream's
 * range, or an error card when its file is missing or broken. During VLC playback a second image view
 * shows VLC's frames and the exact one is hidden.
 */
public final class VideoTile extends StackPane {
    public enum State { LOADING, FRAME, NO_DATA, ERROR }

    private final String streamName;
    private final Executor fx;
    private final ImageView exactView = new ImageView();
    private final Label overlay = new Label();
    private final ReadOnlyIntegerWrapper displayedFrame = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.LOADING);
    private final BooleanProperty maximised = new SimpleBooleanProperty();
    /** The frame the decoding thread reported last and the FX thread has not taken yet, -1 for none. */
    private final AtomicInteger toShow = new AtomicInteger(-1);
    /** The shown frame's pixels, copied out of the cache (which decodes into evicted buffers again). */
    private final FrameBuffer shown = new FrameBuffer();
    private final StreamDecoder decoder;
    private volatile FrameSource source;
    private WritableImage image;
    private PixelBuffer<IntBuffer> pixels;
    private IntBuffer pixelData;
    private final javafx.scene.shape.Rectangle rubber = new javafx.scene.shape.Rectangle();
    private java.util.List<store.Annotations.RedactionTrack> redactions = java.util.List.of();
    private java.util.function.Consumer<double[]> onBoxDrawn;
    private double boxX;
    private double boxY;
    private int wanted = -1;
    private long displayedAtNanos;
    /** Set while the clock plays (frames are decoded ahead): a frame already in the cache is shown in the pulse. */
    private boolean playing;

    VideoTile(String streamName, boolean depth, Executor fx, Semaphore scrubGate) {
        this.streamName = streamName;
        this.fx = fx;
        getStyleClass().add("video-tile");
        setId("tile-" + streamName);
        setMinSize(80, 60);
        setStyle("-fx-background-color: #111;");
        exactView.setPreserveRatio(true);
        exactView.setSmooth(true);
        exactView.fitWidthProperty().bind(widthProperty());
        exactView.fitHeightProperty().bind(heightProperty());
        exactView.setManaged(false);
        Label title = new Label(depth ? streamName + " (depth)" : streamName);
        title.setStyle("-fx-text-fill: white; -fx-background-color: rgba(0,0,0,0.55); -fx-padding: 2 6 2 6;");
        StackPane.setAlignment(title, Pos.TOP_LEFT);
        StackPane.setMargin(title, new Insets(4));
        overlay.setId("tile-overlay-" + streamName);
        overlay.setWrapText(true);
        overlay.setMaxWidth(Double.MAX_VALUE);
        overlay.setAlignment(Pos.CENTER);
        overlay.setStyle("-fx-text-fill: #ddd; -fx-font-size: 14px; -fx-padding: 12;");
        overlay.setText("loading…");
        Button max = new Button("⤢");
        max.setId("tile-max-" + streamName);
        max.setFocusTraversable(false);
        max.setTooltip(new Tooltip("Maximise / restore this stream"));
        max.setOnAction(e -> maximised.set(!maximised.get()));
        StackPane.setAlignment(max, Pos.TOP_RIGHT);
        StackPane.setMargin(max, new Insets(4));
        rubber.setManaged(false);
        rubber.setVisible(false);
        rubber.setMouseTransparent(true);
        rubber.setFill(javafx.scene.paint.Color.web("#ffd54f", 0.15));
        rubber.setStroke(javafx.scene.paint.Color.web("#ffd54f"));
        rubber.getStrokeDashArray().setAll(5.0, 4.0);
        getChildren().addAll(exactView, overlay, title, max, rubber);
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) maximised.set(!maximised.get());
        });
        setOnMousePressed(e -> {
            boxX = e.getX();
            boxY = e.getY();
        });
        setOnMouseDragged(e -> {
            if (onBoxDrawn == null || image == null) return;
            rubber.setVisible(true);
            rubber.relocate(Math.min(boxX, e.getX()), Math.min(boxY, e.getY()));
            rubber.setWidth(Math.abs(e.getX() - boxX));
            rubber.setHeight(Math.abs(e.getY() - boxY));
        });
        setOnMouseReleased(e -> {
            boolean drawn = rubber.isVisible() && rubber.getWidth() > 6 && rubber.getHeight() > 6;
            rubber.setVisible(false);
            if (drawn) boxDrawn(boxX, boxY, e.getX(), e.getY());
        });
        decoder = new StreamDecoder(streamName, scrubGate, this::deliver, e -> fx.execute(() -> showError(e)));
    }

    public String streamName() { return streamName; }
    public ReadOnlyIntegerProperty displayedFrameProperty() { return displayedFrame.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public BooleanProperty maximisedProperty() { return maximised; }
    /** The exact frame's image (null before the first frame). */
    public WritableImage image() { return image; }
    public String overlayText() { return overlay.isVisible() ? overlay.getText() : ""; }
    public FrameSource source() { return source; }
    /** When the current frame went on screen (System.nanoTime). */
    long displayedAtNanos() { return displayedAtNanos; }
    /** Frame the playhead asks for, -1 for none. */
    int wanted() { return wanted; }
    boolean decoderIdle() { return decoder.idle(); }

    /**
     * Whether the {@code frames} frames after the current one are decoded (up to the stream's end); true when there
     * is nothing to wait for (no data at this time, or the stream failed).
     */
    boolean bufferedAhead(int frames) {
        FrameSource s = source;
        State st = state.get();
        if (st == State.ERROR || st == State.NO_DATA) return true;
        if (s == null || wanted < 0) return false;
        int last = Math.min(s.frameCount() - 1, wanted + frames);
        for (int i = wanted + 1; i <= last; i++) if (!decoder.cached(i)) return false;
        return true;
    }

    /** Starts decoding ahead of the current frame now, rather than when the playhead next moves. */
    void primeAhead() {
        if (wanted >= 0) decoder.request(wanted);
    }

    /** How many frames past the current one to decode ahead (while playing). */
    void prefetch(int frames) {
        decoder.prefetch(frames);
        playing = frames > 0;
    }

    void open(java.util.function.Supplier<FrameSource> opener, java.util.function.Consumer<FrameSource> opened) {
        decoder.open(opener, s -> {
            source = s;
            opened.accept(s);
        });
    }

    /**
     * A drag on the tile draws a box; {@code listener} gets it as {x, y, w, h} normalised to the picture
     * (0..1, clamped), the coordinates redaction keyframes use. Null turns drawing off.
     */
    public void setOnBoxDrawn(java.util.function.Consumer<double[]> listener) {
        onBoxDrawn = listener;
    }

    /** Normalised box of a drag from (x0,y0) to (x1,y1) in tile coordinates, relative to the shown picture. */
    public double[] normalisedBox(double x0, double y0, double x1, double y1) {
        javafx.geometry.Bounds b = exactView.getBoundsInParent();
        double w = Math.max(1, b.getWidth());
        double h = Math.max(1, b.getHeight());
        double ax = clamp01((Math.min(x0, x1) - b.getMinX()) / w);
        double ay = clamp01((Math.min(y0, y1) - b.getMinY()) / h);
        double bx = clamp01((Math.max(x0, x1) - b.getMinX()) / w);
        double by = clamp01((Math.max(y0, y1) - b.getMinY()) / h);
        return new double[]{ax, ay, bx - ax, by - ay};
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private void boxDrawn(double x0, double y0, double x1, double y1) {
        double[] box = normalisedBox(x0, y0, x1, y1);
        if (onBoxDrawn != null && box[2] > 0 && box[3] > 0) onBoxDrawn.accept(box);
    }

    /**
     * Redaction tracks of this stream to preview: the shown frame is re-rendered with
     * {@link pipeline.redact.Redactor}, the code an export burns in with, so the preview is the export.
     */
    public void setRedactions(java.util.List<store.Annotations.RedactionTrack> tracks) {
        redactions = java.util.List.copyOf(tracks);
        if (shown.index() >= 0 && image != null) paint(shown.argb(), shown.width(), shown.height(), shown.index());
    }

    /** Shows the frame for master time {@code ns}; decodes in the background when it changed. */
    void showTime(long ns) {
        FrameSource s = source;
        if (s == null || state.get() == State.ERROR) return;
        int n = s.frameIndexAt(ns);
        if (n < 0) {
            wanted = -1;
            decoderClear();
            state.set(State.NO_DATA);
            overlay.setText("no data at this time\n(stream covers " + TimeFormat.format(s.timeline().startNs()) + " – "
                    + TimeFormat.format(s.timeline().endNs()) + ")");
            overlay.setVisible(true);
            exactView.setOpacity(0.15);
            return;
        }
        exactView.setOpacity(1);
        if (n == wanted && state.get() == State.FRAME) return;
        wanted = n;
        if (n == displayedFrame.get() && image != null) {
            state.set(State.FRAME);
            overlay.setVisible(false);
            return;
        }
        // While playing, a frame decoded ahead goes on screen in this pulse; through the decoding thread it would
        // reach the screen a pulse later, when master time has moved on by a pulse times the rate (two frames at
        // 4x). A scrub keeps the decoding thread's path, which shows only the newest of several positions per pulse.
        if (playing && decoder.copy(n, shown)) show();
        decoder.request(n); // moves the decoding ahead along with the playhead
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        exactView.relocate((getWidth() - exactView.getLayoutBounds().getWidth()) / 2,
                (getHeight() - exactView.getLayoutBounds().getHeight()) / 2);
    }

    /**
     * Fingerprints of source frames {@code from..to} (clamped to the stream), decoded exactly on the decoding
     * thread; {@code done} gets them there, indexed from {@code from}, or null if the source is not open.
     */
    void fingerprints(int from, int to, java.util.function.Consumer<int[][]> done) {
        decoder.withCache(c -> {
            int last = Math.min(to, c.source().frameCount() - 1);
            int first = Math.max(0, from);
            int[][] fps = new int[Math.max(0, to - from + 1)][];
            FrameBuffer scratch = new FrameBuffer();
            for (int n = first; n <= last; n++) {
                c.decode(n);
                if (c.copy(n, scratch)) fps[n - from] = Fingerprint.of(scratch.argb(), scratch.width(), scratch.height());
            }
            return fps;
        }, done);
    }

    /** Shows a picture another engine decoded, as source frame {@code frame}; FX thread. */
    void showPicture(FrameBuffer picture, int frame) {
        if (state.get() == State.ERROR) return;
        shown.copyFrom(picture);
        shown.setIndex(frame);
        wanted = frame;
        show();
    }

    /** While another engine draws this tile: only the no-data state follows the playhead. */
    void showTimeState(long ns) {
        FrameSource s = source;
        if (s == null || state.get() == State.ERROR) return;
        boolean inside = s.frameIndexAt(ns) >= 0;
        overlay.setVisible(!inside);
        exactView.setOpacity(inside ? 1 : 0.15);
    }

    private void decoderClear() {
        displayedFrame.set(-1);
    }

    private void deliver(int frame) {
        if (toShow.getAndSet(frame) < 0) fx.execute(this::flush);
    }

    private void flush() {
        int n = toShow.getAndSet(-1);
        if (n < 0 || state.get() == State.ERROR) return;
        if (n != wanted || (n == displayedFrame.get() && state.get() == State.FRAME)) return;
        // Evicted in between only when the playhead jumped far away, and then a newer frame is on its way.
        if (decoder.copy(n, shown)) show();
    }

    private void show() {
        FrameBuffer b = shown;
        if (image == null || (int) image.getWidth() != b.width() || (int) image.getHeight() != b.height()) {
            // Decoded frames are opaque, so ARGB and premultiplied ARGB are the same bits: the texture takes
            // them as they are, and showing a frame is one copy instead of a per-pixel conversion.
            pixelData = ByteBuffer.allocateDirect(b.width() * b.height() * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            pixels = new PixelBuffer<>(b.width(), b.height(), pixelData, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
            exactView.setImage(image);
            requestLayout();
        }
        paint(b.argb(), b.width(), b.height(), b.index());
        displayedFrame.set(b.index());
        displayedAtNanos = System.nanoTime();
        state.set(State.FRAME);
        overlay.setVisible(false);
    }

    private void paint(int[] frame, int w, int h, int index) {
        int[] shown = frame;
        FrameSource s = source;
        if (!redactions.isEmpty() && s != null && index >= 0) {
            shown = frame.clone();
            pipeline.redact.Redactor.apply(redactions, s.timeline().timeNs(index), shown, w, h);
        }
        int[] out = shown;
        int count = w * h;
        pixels.updateBuffer(pb -> {
            // Through a duplicate: the renderer moves the shared buffer's position while it uploads the previous
            // picture, and a relative put on the shared buffer then overflows.
            IntBuffer dst = pixelData.duplicate();
            dst.clear();
            dst.put(out, 0, count);
            return null;
        });
    }

    void showError(CurioException e) {
        state.set(State.ERROR);
        wanted = -1;
        exactView.setImage(null);
        overlay.setText("⚠ cannot show " + streamName + "\n" + e.code() + (e.file() == null ? "" : "\n" + e.file())
                + "\n" + e.getMessage());
        overlay.setStyle("-fx-text-fill: #ffb4a8; -fx-font-size: 13px; -fx-padding: 12;");
        overlay.setVisible(true);
    }

    void close() {
        decoder.close();
    }
}
