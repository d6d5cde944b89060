package timeline;

import java.nio.file.Path;
import java.util.List;
import store.Annotations.Keyframe;
import store.Annotations.Range;
import store.Annotations.RedactionTrack;
import store.Catalog;

/**
 * A separate JVM that edits one episode's timeline as fast as it can through the real commands and undo stack
 * (adds, edits, splits, keyframes, undos, redos) and prints the acknowledged state after each command;
 * {@link TimelineCrashTest} kills it with SIGKILL mid-burst.
 */
public final class TimelineEditProcess {
    private TimelineEditProcess() { }

    public static void main(String[] args) {
        try (Catalog c = Catalog.open(Path.of(args[0]))) {
            EpisodeStore store = new EpisodeStore(c, args[1], () -> "crash-test");
            UndoStack undo = new UndoStack();
            System.out.println("ready");
            System.out.flush();
            for (int i = 0; ; i++) {
                long t = i * 10_000_000L;
                switch (i % 6) {
                    case 0, 1 -> undo.execute(new RangeChange(store, "add", List.of(),
                            List.of(new Range(0, i % 2 == 0 ? "subtask" : "failure", t, t + 5_000_000L, "l" + i, null, null,
                                    i % 2 == 0 ? null : "drop", null))));
                    case 2 -> undo.undo();
                    case 3 -> undo.redo();
                    case 4 -> {
                        RedactionTrack before = store.load().redactions().stream().findFirst().orElse(null);
                        List<Keyframe> keys = new java.util.ArrayList<>(before == null ? List.of() : before.keyframes());
                        keys.add(new Keyframe(t, 0.1, 0.1, 0.2, 0.2));
                        undo.execute(new TrackChange(store, "keyframe", before, before == null
                                ? new RedactionTrack(0, "cam_high", "gaussian", 4, keys)
                                : new RedactionTrack(before.id(), before.stream(), before.method(), before.paddingPx(), keys)));
                    }
                    default -> {
                        Range r = store.load().ranges().get(0);
                        undo.execute(new RangeChange(store, "note", List.of(r), List.of(new Range(r.id(), r.kind(), r.startNs(),
                                r.endNs(), r.label(), "note " + i, r.parentId(), r.failureMode(), r.clusterId()))));
                    }
                }
                var s = store.load();
                long keyframes = s.redactions().stream().mapToLong(tr -> tr.keyframes().size()).sum();
                System.out.println("ack " + TimelineCrashTest.edits(c, args[1]) + " " + s.ranges().size() + " " + keyframes);
                System.out.flush();
            }
        }
    }
}
