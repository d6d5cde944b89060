package timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import store.Annotations.Keyframe;
import store.Annotations.Range;
import store.Annotations.RedactionTrack;
import store.Annotations.Snapshot;
import store.CurioException;

/**
 * State and commands of one episode's timeline: its ranges and redaction tracks as the catalog holds them, the
 * active track, the selection and the I/O points. Every edit is a {@link Command} on the episode's
 * {@link UndoStack}, written on the writer thread (see {@link WriteQueue}); after each one the state is read
 * back from the catalog, so what the view shows is what a reopened window will show. Edits made while one is
 * being written wait for it, in order.
 */
public final class TimelineViewModel {
    /** A selected range ({@code keyframeNs} null), redaction track ({@code keyframeNs} null) or keyframe. */
    public record Selection(String track, long id, Long keyframeNs) { }

    static final Keyframe DEFAULT_BOX = new Keyframe(0, 0.35, 0.3, 0.3, 0.4);
    static final String DEFAULT_METHOD = "gaussian";
    static final int DEFAULT_PADDING = 8;

    private final EpisodeStore store;
    private final UndoStack undo;
    private final ReadOnlyLongProperty time;
    private final LongConsumer seek;
    private final LongUnaryOperator snap;
    private final ObservableList<String> labels;
    private final ObservableList<String> failureModes;
    private final ObservableList<Range> ranges = FXCollections.observableArrayList();
    private final ObservableList<RedactionTrack> redactions = FXCollections.observableArrayList();
    private final ObservableList<String> editableTracks = FXCollections.observableArrayList();
    private final ObservableList<Long> marks = FXCollections.observableArrayList();
    private final StringProperty activeTrack = new SimpleStringProperty(Tracks.TRIM);
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> inPoint = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> outPoint = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final WriteQueue writes;

    /**
     * @param snap moves a time onto the nearest frame of the reference stream
     * @param labels subtask label suggestions (episode tasks plus the user's own set)
     * @param failureModes the failure taxonomy; a mode typed in the inspector is appended
     */
    public TimelineViewModel(EpisodeStore store, UndoStack undo, List<String> videoStreams, ReadOnlyLongProperty time,
                             LongConsumer seek, LongUnaryOperator snap, ObservableList<String> labels,
                             ObservableList<String> failureModes) {
        this(store, undo, videoStreams, time, seek, snap, labels, failureModes, WriteQueue.direct());
    }

    /** As the workbench builds it: edits are written on {@code writer}, and the results come back through {@code fx}. */
    public TimelineViewModel(EpisodeStore store, UndoStack undo, List<String> videoStreams, ReadOnlyLongProperty time,
                             LongConsumer seek, LongUnaryOperator snap, ObservableList<String> labels,
                             ObservableList<String> failureModes, Executor writer, Executor fx) {
        this(store, undo, videoStreams, time, seek, snap, labels, failureModes, new WriteQueue(writer, fx));
    }

    private TimelineViewModel(EpisodeStore store, UndoStack undo, List<String> videoStreams, ReadOnlyLongProperty time,
                              LongConsumer seek, LongUnaryOperator snap, ObservableList<String> labels,
                              ObservableList<String> failureModes, WriteQueue writes) {
        this.writes = writes;
        this.store = store;
        this.undo = undo;
        this.time = time;
        this.seek = seek;
        this.snap = snap;
        this.labels = labels;
        this.failureModes = failureModes;
        editableTracks.addAll(Tracks.TRIM, Tracks.SUBTASK, Tracks.FAILURE);
        for (String s : videoStreams) editableTracks.add(Tracks.redaction(s));
        reload();
    }

    public String episodeId() { return store.episodeId(); }
    public EpisodeStore store() { return store; }
    public UndoStack undoStack() { return undo; }
    public ObservableList<Range> ranges() { return ranges; }
    public ObservableList<RedactionTrack> redactions() { return redactions; }
    public ObservableList<String> editableTracks() { return editableTracks; }
    /** Range boundaries and failure points, sorted: the player's [ and ] jump between them. */
    public ObservableList<Long> marks() { return marks; }
    public ObservableList<String> labels() { return labels; }
    public ObservableList<String> failureModes() { return failureModes; }
    public StringProperty activeTrackProperty() { return activeTrack; }
    public ObjectProperty<Selection> selectionProperty() { return selection; }
    public ObjectProperty<Long> inPointProperty() { return inPoint; }
    public ObjectProperty<Long> outPointProperty() { return outPoint; }
    public StringProperty statusProperty() { return status; }
    public long time() { return time.get(); }
    public ReadOnlyLongProperty timeProperty() { return time; }

    public void seek(long ns) {
        seek.accept(ns);
    }

    public long snap(long ns) {
        return snap.applyAsLong(ns);
    }

    /** Reads the episode's annotations back from the catalog. */
    public void reload() {
        show(store.load());
    }

    /** True while an edit is being written; the edits made meanwhile wait for it. */
    public boolean saving() {
        return writes.busy();
    }

    private void show(Snapshot s) {
        ranges.setAll(s.ranges());
        redactions.setAll(s.redactions());
        TreeSet<Long> m = new TreeSet<>();
        for (Range r : s.ranges()) {
            m.add(r.startNs());
            m.add(r.endNs());
        }
        marks.setAll(m);
        Selection sel = selection.get();
        if (sel != null && !exists(sel)) selection.set(null);
    }

    private boolean exists(Selection sel) {
        if (!Tracks.isRedaction(sel.track())) return range(sel.id()).isPresent();
        Optional<RedactionTrack> t = redactions.stream().filter(r -> r.id() == sel.id()).findFirst();
        return t.isPresent() && (sel.keyframeNs() == null
                || t.get().keyframes().stream().anyMatch(k -> k.tNs() == sel.keyframeNs()));
    }

    public Optional<Range> range(long id) {
        return ranges.stream().filter(r -> r.id() == id).findFirst();
    }

    public Optional<RedactionTrack> trackFor(String stream) {
        return redactions.stream().filter(t -> t.stream().equals(stream)).findFirst();
    }

    public List<Range> rangesOf(String kind) {
        return ranges.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    // ---- keyboard commands ----

    public void markIn() {
        long t = snap(time());
        writes.perform(() -> {
            inPoint.set(t);
            say("In " + player.TimeFormat.format(t));
        });
    }

    public void markOut() {
        long t = snap(time());
        writes.perform(() -> {
            outPoint.set(t);
            say("Out " + player.TimeFormat.format(t));
        });
    }

    /** Enter: the I/O range becomes an item of the active track (a keyframe at the playhead on a redaction track). */
    public void commit() {
        long now = time();
        // The track and the playhead as they were at the key press: a click or Tab that follows while an earlier edit
        // is being written changes them at once, and must not redirect this one.
        String track = activeTrack.get();
        writes.perform(() -> commitAt(now, track));
    }

    private void commitAt(long now, String track) {
        if (Tracks.isRedaction(track)) {
            String stream = Tracks.streamOf(track);
            Keyframe box = trackFor(stream).flatMap(t -> t.boxAt(now)).orElse(DEFAULT_BOX);
            putBoxAt(now, stream, box.x(), box.y(), box.w(), box.h());
            return;
        }
        Long in = inPoint.get();
        Long out = outPoint.get();
        if (in == null && out == null) {
            if (track.equals(Tracks.FAILURE)) {
                addRangeNow(Tracks.FAILURE, snap(now), snap(now));
                return;
            }
            say("Set in (I) and out (O) first.");
            return;
        }
        long a = in != null ? in : snap(now);
        long b = out != null ? out : snap(now);
        addRangeNow(track, Math.min(a, b), Math.max(a, b));
        inPoint.set(null);
        outPoint.set(null);
    }

    /** M: a failure point at the playhead with the first mode of the taxonomy. */
    public void markFailure() {
        long t = snap(time());
        addRange(Tracks.FAILURE, t, t);
    }

    /**
     * Adds a range of {@code kind}; a subtask inside a top-level subtask becomes its child. Once written, the new
     * range is selected.
     */
    public void addRange(String kind, long startNs, long endNs) {
        writes.perform(() -> addRangeNow(kind, startNs, endNs));
    }

    private void addRangeNow(String kind, long startNs, long endNs) {
        long s = snap(startNs);
        long e = Math.max(s, snap(endNs));
        String label = null;
        Long parent = null;
        String mode = null;
        if (kind.equals(Tracks.SUBTASK)) {
            label = nextLabel();
            parent = rangesOf(Tracks.SUBTASK).stream()
                    .filter(r -> r.parentId() == null && r.startNs() <= s && r.endNs() >= e && (r.startNs() != s || r.endNs() != e))
                    .min(Comparator.comparingLong(r -> r.endNs() - r.startNs())).map(Range::id).orElse(null);
        } else if (kind.equals(Tracks.FAILURE)) {
            mode = failureModes.isEmpty() ? "other" : failureModes.get(0);
        }
        RangeChange c = new RangeChange(store, "add", List.of(), List.of(new Range(0, kind, s, e, label, null, parent, mode, null)));
        run(c, () -> {
            activeTrack.set(kind);
            selection.set(new Selection(kind, c.after().get(0).id(), null));
        });
    }

    private String nextLabel() {
        List<String> used = rangesOf(Tracks.SUBTASK).stream().map(Range::label).toList();
        return labels.stream().filter(l -> !used.contains(l)).findFirst()
                .orElse(labels.isEmpty() ? "subtask" : labels.get(0));
    }

    /** S: splits the selected range (or the active track's range under the playhead) at the playhead. */
    public void split() {
        long now = time();
        String track = activeTrack.get();
        writes.perform(() -> splitAt(now, track));
    }

    private void splitAt(long now, String track) {
        long t = snap(now);
        Optional<Range> target = selectedRange().filter(r -> r.startNs() < t && t < r.endNs());
        if (target.isEmpty()) {
            target = ranges.stream().filter(r -> r.kind().equals(track) && r.startNs() < t && t < r.endNs())
                    .max(Comparator.comparing(r -> r.parentId() != null));
        }
        if (target.isEmpty()) {
            say("Nothing to split at the playhead.");
            return;
        }
        Range r = target.get();
        Range left = r.withTimes(r.startNs(), t);
        Range right = new Range(0, r.kind(), t, r.endNs(), r.label(), r.note(), r.parentId(), r.failureMode(), r.clusterId());
        run(new RangeChange(store, "split", List.of(r), List.of(left, right)), null);
    }

    /** Delete: the selected range with its children, the selected keyframe, or the selected track. */
    public void deleteSelected() {
        writes.perform(this::deleteSelectedNow);
    }

    private void deleteSelectedNow() {
        Selection sel = selection.get();
        if (sel == null) {
            say("Nothing selected.");
            return;
        }
        if (Tracks.isRedaction(sel.track())) {
            redactions.stream().filter(t -> t.id() == sel.id()).findFirst().ifPresent(t -> {
                List<Keyframe> rest = sel.keyframeNs() == null ? List.of()
                        : t.keyframes().stream().filter(k -> k.tNs() != sel.keyframeNs()).toList();
                run(new TrackChange(store, rest.isEmpty() ? "delete track" : "delete keyframe", t,
                        rest.isEmpty() ? null : withKeyframes(t, rest)), null);
            });
        } else {
            range(sel.id()).ifPresent(r -> {
                List<Range> gone = new ArrayList<>();
                gone.add(r);
                ranges.stream().filter(c -> c.parentId() != null && c.parentId() == r.id()).forEach(gone::add);
                run(new RangeChange(store, "delete", gone, List.of()), null);
            });
        }
        selection.set(null);
    }

    public void undo() {
        writes.perform(() -> replay(undo.nextUndo(), true));
    }

    public void redo() {
        writes.perform(() -> replay(undo.nextRedo(), false));
    }

    /** Reverts ({@code back}) or re-applies {@code c} on the writer, then moves it between the stacks. */
    private void replay(Command c, boolean back) {
        if (c == null) {
            say(back ? "Nothing to undo." : "Nothing to redo.");
            return;
        }
        writes.write(() -> {
            if (back) c.revert();
            else c.apply();
            return store.load();
        }, (snapshot, failure) -> {
            if (failure == null && back) undo.undone(c);
            else if (failure == null) undo.redone(c);
            say(failure == null ? (back ? "Undid " : "Redid ") + c.describe()
                    : (back ? "Undo" : "Redo") + " failed: " + failure.getMessage());
            showAfterWrite(snapshot);
        });
    }

    /** Tab: the next editable track becomes active. */
    public void cycleTrack(boolean backwards) {
        int i = editableTracks.indexOf(activeTrack.get());
        int n = editableTracks.size();
        activeTrack.set(editableTracks.get(Math.floorMod(i + (backwards ? -1 : 1), n)));
        say("Active track: " + Tracks.title(activeTrack.get()));
    }

    public void select(Selection s) {
        writes.perform(() -> {
            selection.set(s);
            if (s != null) activeTrack.set(s.track());
        });
    }

    public Optional<Range> selectedRange() {
        Selection s = selection.get();
        return s == null || Tracks.isRedaction(s.track()) ? Optional.empty() : range(s.id());
    }

    public Optional<RedactionTrack> selectedTrack() {
        Selection s = selection.get();
        return s == null || !Tracks.isRedaction(s.track()) ? Optional.empty()
                : redactions.stream().filter(t -> t.id() == s.id()).findFirst();
    }

    // ---- inspector and mouse edits ----

    /** Moves a range's edges, snapped to frames; a point failure stays a point. */
    public void setTimes(long id, long startNs, long endNs) {
        writes.perform(() -> range(id).ifPresent(r -> {
            long s = snap(Math.min(startNs, endNs));
            long e = r.startNs() == r.endNs() && startNs == endNs ? s : snap(Math.max(startNs, endNs));
            if (s != r.startNs() || e != r.endNs()) edit(r, r.withTimes(s, e), "move");
        }));
    }

    public void setLabel(long id, String label) {
        String l = blankToNull(label);
        writes.perform(() -> range(id).ifPresent(r -> {
            if (l != null && !labels.contains(l)) labels.add(l);
            edit(r, new Range(r.id(), r.kind(), r.startNs(), r.endNs(), l, r.note(), r.parentId(), r.failureMode(), r.clusterId()),
                    "label");
        }));
    }

    public void setNote(long id, String note) {
        writes.perform(() -> range(id).ifPresent(r -> edit(r, new Range(r.id(), r.kind(), r.startNs(), r.endNs(), r.label(),
                blankToNull(note), r.parentId(), r.failureMode(), r.clusterId()), "note")));
    }

    public void setFailureMode(long id, String mode) {
        String m = blankToNull(mode);
        writes.perform(() -> range(id).ifPresent(r -> {
            if (m != null && !failureModes.contains(m)) failureModes.add(m);
            edit(r, new Range(r.id(), r.kind(), r.startNs(), r.endNs(), r.label(), r.note(), r.parentId(), m, r.clusterId()),
                    "failure_mode");
        }));
    }

    /** Puts the failure into the named cluster (created on first use); blank removes it from its cluster. */
    public void setCluster(long id, String name) {
        String n = blankToNull(name);
        writes.perform(() -> range(id).ifPresent(r -> {
            if (n == null) {
                edit(r, withCluster(r, null), "cluster");
                return;
            }
            // Creating the cluster is a write of its own; the range edit follows it, before any waiting action.
            writes.write(() -> store.clusterId(n), (cluster, failure) -> {
                if (failure != null) say("Not saved: " + failure.getMessage());
                else range(id).ifPresent(now -> edit(now, withCluster(now, cluster), "cluster"));
            });
        }));
    }

    private static Range withCluster(Range r, Long cluster) {
        return new Range(r.id(), r.kind(), r.startNs(), r.endNs(), r.label(), r.note(), r.parentId(), r.failureMode(), cluster);
    }

    private void edit(Range before, Range after, String action) {
        if (!before.equals(after)) run(new RangeChange(store, action, List.of(before), List.of(after)), null);
    }

    /** A box drawn on a video tile: the keyframe at the playhead of that stream's track (created if needed). */
    public void putBox(String stream, double x, double y, double w, double h) {
        long now = time();
        writes.perform(() -> putBoxAt(now, stream, x, y, w, h));
    }

    private void putBoxAt(long now, String stream, double x, double y, double w, double h) {
        long t = snap(now);
        Keyframe k = clampBox(t, x, y, w, h);
        Optional<RedactionTrack> existing = trackFor(stream);
        List<Keyframe> keys = new ArrayList<>();
        existing.ifPresent(tr -> tr.keyframes().stream().filter(o -> o.tNs() != t).forEach(keys::add));
        keys.add(k);
        keys.sort(Comparator.comparingLong(Keyframe::tNs));
        RedactionTrack after = existing.map(tr -> withKeyframes(tr, keys))
                .orElse(new RedactionTrack(0, stream, DEFAULT_METHOD, DEFAULT_PADDING, keys));
        TrackChange c = new TrackChange(store, "keyframe", existing.orElse(null), after);
        run(c, () -> {
            activeTrack.set(Tracks.redaction(stream));
            selection.set(new Selection(Tracks.redaction(stream), c.after().id(), t));
        });
    }

    public void setMethod(long trackId, String method, int paddingPx) {
        writes.perform(() -> redactions.stream().filter(t -> t.id() == trackId).findFirst().ifPresent(t -> {
            if (t.method().equals(method) && t.paddingPx() == paddingPx) return;
            run(new TrackChange(store, "method", t, new RedactionTrack(t.id(), t.stream(), method, paddingPx, t.keyframes())), null);
        }));
    }

    private static Keyframe clampBox(long t, double x, double y, double w, double h) {
        double x0 = clamp(Math.min(x, x + w));
        double y0 = clamp(Math.min(y, y + h));
        double x1 = clamp(Math.max(x, x + w));
        double y1 = clamp(Math.max(y, y + h));
        return new Keyframe(t, x0, y0, x1 - x0, y1 - y0);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static RedactionTrack withKeyframes(RedactionTrack t, List<Keyframe> keys) {
        return new RedactionTrack(t.id(), t.stream(), t.method(), t.paddingPx(), List.copyOf(keys));
    }

    /**
     * Writes {@code c} and reads the episode back on the writer; then, on the FX thread, records it for undo,
     * shows the new state and runs {@code then} (may be null). A failed write is said, not recorded.
     */
    private void run(Command c, Runnable then) {
        writes.write(() -> {
            c.apply();
            return store.load();
        }, (snapshot, failure) -> {
            if (failure == null) {
                undo.applied(c);
                say(c.describe());
            } else {
                say("Not saved: " + failure.getMessage());
            }
            showAfterWrite(snapshot);
            if (failure == null && then != null) then.run();
        });
    }

    /** The state read back with the write, or, when the write failed before reading, the catalog's state now. */
    private void showAfterWrite(Snapshot snapshot) {
        if (snapshot != null) {
            show(snapshot);
            return;
        }
        try {
            reload();
        } catch (CurioException e) {
            say("Cannot read the episode back: " + e.getMessage());
        }
    }

    private void say(String s) {
        status.set(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
