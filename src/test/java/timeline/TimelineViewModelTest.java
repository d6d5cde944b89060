package timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.source.DemoFixture;
import store.Annotations.Keyframe;
import store.Annotations.Range;
import store.Annotations.RedactionTrack;
import store.Annotations.Snapshot;
import store.Catalog;

/** The timeline's commands without a window: each edit lands in the catalog, undoes exactly and survives reopening. */
class TimelineViewModelTest {
    static final long FRAME = 40_000_000L;
    @TempDir
    Path dir;
    private Catalog catalog;
    private String episodeId;
    private final SimpleLongProperty time = new SimpleLongProperty();
    private UndoStack undo;
    private TimelineViewModel vm;

    @BeforeEach
    void open() {
        catalog = Catalog.open(TimelineFixture.catalogCopy(dir));
        episodeId = DemoFixture.richest().summary().episodeId();
        undo = new UndoStack();
        vm = newVm();
    }

    private TimelineViewModel newVm() {
        return new TimelineViewModel(new EpisodeStore(catalog, episodeId, () -> "tester"), undo, List.of("cam_high"), time,
                time::set, t -> Math.round((double) t / FRAME) * FRAME, FXCollections.observableArrayList("reach", "grasp"),
                FXCollections.observableArrayList(Tracks.DEFAULT_FAILURE_MODES));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void everyKindIsCreatedSnappedUndoneRedoneAndFoundAfterReopening() {
        time.set(1_010_000_000L);
        vm.markIn();
        time.set(3_000_000_000L);
        vm.markOut();
        vm.commit();
        Range trim = vm.rangesOf(Tracks.TRIM).get(0);
        assertEquals(1_000_000_000L, trim.startNs(), "snapped to the 40 ms frame grid");
        assertEquals(3_000_000_000L, trim.endNs());
        assertNull(vm.inPointProperty().get(), "I/O cleared after Enter");

        vm.cycleTrack(false);
        assertEquals(Tracks.SUBTASK, vm.activeTrackProperty().get());
        time.set(1_000_000_000L);
        vm.markIn();
        time.set(4_000_000_000L);
        vm.markOut();
        vm.commit();
        time.set(1_200_000_000L);
        vm.markIn();
        time.set(2_000_000_000L);
        vm.markOut();
        vm.commit();
        Range parent = vm.rangesOf(Tracks.SUBTASK).stream().filter(r -> r.parentId() == null).findFirst().orElseThrow();
        Range child = vm.rangesOf(Tracks.SUBTASK).stream().filter(r -> r.parentId() != null).findFirst().orElseThrow();
        assertEquals(parent.id(), child.parentId(), "a subtask inside another nests under it");
        assertEquals("reach", parent.label());
        assertEquals("grasp", child.label(), "the next unused label");

        time.set(2_500_000_000L);
        vm.markFailure();
        Range failure = vm.rangesOf(Tracks.FAILURE).get(0);
        assertEquals(failure.startNs(), failure.endNs(), "M marks a point");
        assertEquals("grasp_slip", failure.failureMode());
        vm.setNote(failure.id(), "slipped at the rim");
        vm.setCluster(failure.id(), "rim slips");
        vm.setFailureMode(failure.id(), "cup_tipped");
        assertTrue(vm.failureModes().contains("cup_tipped"), "a typed mode extends the taxonomy");

        vm.select(new TimelineViewModel.Selection(Tracks.TRIM, trim.id(), null));
        time.set(2_000_000_000L);
        vm.split();
        assertEquals(2, vm.rangesOf(Tracks.TRIM).size());

        time.set(1_500_000_000L);
        vm.putBox("cam_high", 0.5, 0.4, -0.2, 0.3);
        RedactionTrack track = vm.trackFor("cam_high").orElseThrow();
        Keyframe k = track.keyframes().get(0);
        assertEquals(1_520_000_000L, k.tNs(), "snapped to a frame");
        assertEquals(0.3, k.x(), 1e-9, "a box dragged right to left is normalised");
        assertEquals(0.4, k.y(), 1e-9);
        assertEquals(0.2, k.w(), 1e-9);
        assertEquals(0.3, k.h(), 1e-9);

        Snapshot done = catalog.annotations().load(episodeId);
        int edits = undo.undoDepth();
        for (int i = 0; i < edits; i++) vm.undo();
        Snapshot empty = catalog.annotations().load(episodeId);
        assertTrue(empty.ranges().isEmpty() && empty.redactions().isEmpty(), "undo all the way back: " + empty);
        for (int i = 0; i < edits; i++) vm.redo();
        assertEquals(done, catalog.annotations().load(episodeId), "redo restores the exact state, ids included");

        catalog.close();
        catalog = Catalog.open(dir.resolve("catalog.db"));
        TimelineViewModel reopened = newVm();
        assertEquals(done.ranges(), List.copyOf(reopened.ranges()));
        assertEquals(done.redactions(), List.copyOf(reopened.redactions()));
        Range f = reopened.rangesOf(Tracks.FAILURE).get(0);
        assertEquals("slipped at the rim", f.note());
        assertEquals("cup_tipped", f.failureMode());
        assertNotNull(f.clusterId());
        long audited = catalog.audit().forEntity("episode", episodeId).stream()
                .filter(e -> e.action().startsWith("annotation.") || e.action().startsWith("redaction.")).count();
        assertEquals(3L * edits, audited, "every edit, undo and redo is its own audited transaction");
    }

    @Test
    void deletingAParentTakesItsChildrenAndUndoBringsBothBackUnderTheirIds() {
        vm.addRange(Tracks.SUBTASK, 0, 4_000_000_000L);
        Range parent = vm.selectedRange().orElseThrow();
        vm.addRange(Tracks.SUBTASK, 1_000_000_000L, 2_000_000_000L);
        Range child = vm.selectedRange().orElseThrow();
        assertEquals(parent.id(), child.parentId());
        vm.select(new TimelineViewModel.Selection(Tracks.SUBTASK, parent.id(), null));
        vm.deleteSelected();
        assertTrue(vm.ranges().isEmpty());
        vm.undo();
        assertEquals(List.of(parent, child), List.copyOf(vm.rangesOf(Tracks.SUBTASK)));
    }

    @Test
    void keyframesInterpolateAndDeletingTheLastOneRemovesTheTrack() {
        time.set(0);
        vm.putBox("cam_high", 0.1, 0.1, 0.2, 0.2);
        time.set(2_000_000_000L);
        vm.putBox("cam_high", 0.5, 0.1, 0.2, 0.2);
        RedactionTrack t = vm.trackFor("cam_high").orElseThrow();
        assertEquals(0.3, t.boxAt(1_000_000_000L).orElseThrow().x(), 1e-9);
        vm.setMethod(t.id(), "pixelate", 12);
        assertEquals("pixelate", vm.trackFor("cam_high").orElseThrow().method());
        vm.select(new TimelineViewModel.Selection(Tracks.redaction("cam_high"), t.id(), 0L));
        vm.deleteSelected();
        assertEquals(1, vm.trackFor("cam_high").orElseThrow().keyframes().size());
        vm.select(new TimelineViewModel.Selection(Tracks.redaction("cam_high"), t.id(), 2_000_000_000L));
        vm.deleteSelected();
        assertTrue(vm.trackFor("cam_high").isEmpty());
        vm.undo();
        vm.undo();
        vm.undo();
        RedactionTrack back = vm.trackFor("cam_high").orElseThrow();
        assertEquals(t.id(), back.id(), "the track comes back under its id");
        assertEquals(t, back);
    }

    @Test
    void enterWithoutInAndOutOnlyExplainsAndSplitNeedsARange() {
        vm.commit();
        assertTrue(vm.statusProperty().get().contains("Set in"));
        vm.split();
        assertTrue(vm.statusProperty().get().contains("Nothing to split"));
        assertEquals(0, undo.undoDepth());
    }

    @Test
    void editsAreWrittenOffTheCallersThreadAndKeysPressedMeanwhileKeepTheirMeaning() {
        ArrayDeque<Runnable> writer = new ArrayDeque<>();
        TimelineViewModel async = new TimelineViewModel(new EpisodeStore(catalog, episodeId, () -> "tester"), undo,
                List.of("cam_high"), time, time::set, t -> Math.round((double) t / FRAME) * FRAME,
                FXCollections.observableArrayList("reach"), FXCollections.observableArrayList(Tracks.DEFAULT_FAILURE_MODES),
                writer::add, Runnable::run);
        async.addRange(Tracks.SUBTASK, 0, 4_000_000_000L);
        assertTrue(async.saving());
        assertTrue(async.ranges().isEmpty(), "not shown before it is written");
        assertTrue(catalog.annotations().load(episodeId).ranges().isEmpty(), "and not written on the caller's thread");

        time.set(2_000_000_000L);
        async.split(); // S right after adding: splits the range being written, at the playhead of the key press
        time.set(3_000_000_000L);
        while (!writer.isEmpty()) writer.poll().run();

        assertFalse(async.saving());
        List<Range> halves = async.rangesOf(Tracks.SUBTASK);
        assertEquals(2, halves.size(), halves.toString());
        assertEquals(2_000_000_000L, halves.get(0).endNs());
        assertEquals(2_000_000_000L, halves.get(1).startNs());
        assertEquals(halves, catalog.annotations().load(episodeId).ranges());
        assertEquals(2, undo.undoDepth());

        async.undo();
        assertEquals(halves, async.rangesOf(Tracks.SUBTASK), "an undo waits for its write too");
        writer.poll().run();
        assertEquals(1, async.rangesOf(Tracks.SUBTASK).size());
    }

    @Test
    void aTrackChangeAfterEnterDoesNotRedirectTheEditWaitingToBeWritten() {
        ArrayDeque<Runnable> writer = new ArrayDeque<>();
        TimelineViewModel async = new TimelineViewModel(new EpisodeStore(catalog, episodeId, () -> "tester"), undo,
                List.of("cam_high"), time, time::set, t -> Math.round((double) t / FRAME) * FRAME,
                FXCollections.observableArrayList("reach"), FXCollections.observableArrayList(Tracks.DEFAULT_FAILURE_MODES),
                writer::add, Runnable::run);
        async.addRange(Tracks.TRIM, 0, 4_000_000_000L); // in flight: what follows waits
        async.activeTrackProperty().set(Tracks.SUBTASK);
        time.set(1_000_000_000L);
        async.markIn();
        time.set(2_000_000_000L);
        async.markOut();
        async.commit();
        async.cycleTrack(false); // Tab right after Enter, before the subtask is written
        while (!writer.isEmpty()) writer.poll().run();

        assertEquals(1, async.rangesOf(Tracks.SUBTASK).size(), async.ranges().toString());
        assertTrue(async.rangesOf(Tracks.FAILURE).isEmpty());
        Range sub = async.rangesOf(Tracks.SUBTASK).get(0);
        assertEquals(1_000_000_000L, sub.startNs());
        assertEquals(2_000_000_000L, sub.endNs());
    }
}
