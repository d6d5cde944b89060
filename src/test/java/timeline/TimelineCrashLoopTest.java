package timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crash.KillLoop;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.source.DemoFixture;
import store.Catalog;

/**
 * Timeline editing (adds, edits, splits, keyframes, undo, redo through the real commands) killed with SIGKILL at a
 * random moment, 50 times and more, each session editing what the last one left: the catalog passes SQLite's
 * integrity check, no subtask or keyframe is left without its parent, every acknowledged edit is there (the one in
 * flight may be too), and the state is exactly the acknowledged one when nothing was in flight.
 */
class TimelineCrashLoopTest {
    @TempDir
    Path dir;

    @Test
    void killedEditingSessionsNeverLoseAnAcknowledgedEdit() throws Exception {
        Path db = TimelineFixture.catalogCopy(dir);
        String ep = DemoFixture.richest().summary().episodeId();
        KillLoop loop = new KillLoop("timeline edits");
        // An editing session never ends on its own; over 2 s it makes dozens to hundreds of edits.
        loop.useSpan(2000);
        int attempts = 0;
        long before = 0;
        while (!loop.enough() && attempts++ < 2 * KillLoop.KILLS) {
            KillLoop.Run r = loop.killAtRandom(Map.of(), TimelineEditProcess.class.getName(), db.toString(), ep);
            assertTrue(r.killed(), "an editing session only ends when killed");
            KillLoop.assertIntact(db);
            String last = r.lines().stream().filter(l -> l.startsWith("ack ")).reduce((a, b) -> b).orElse(null);
            try (Catalog c = Catalog.open(db)) {
                assertEquals("0", KillLoop.scalar(c, "SELECT count(*) FROM annotations a WHERE a.parent_id IS NOT NULL "
                        + "AND NOT EXISTS (SELECT 1 FROM annotations p WHERE p.id = a.parent_id)"));
                assertEquals("0", KillLoop.scalar(c, "SELECT count(*) FROM redaction_keyframes k "
                        + "WHERE NOT EXISTS (SELECT 1 FROM redaction_tracks t WHERE t.id = k.track_id)"));
                long edits = TimelineCrashTest.edits(c, ep);
                if (last == null) {
                    assertTrue(edits == before || edits == before + 1, "killed before the first acknowledgement: " + before + " -> " + edits);
                } else {
                    String[] ack = last.split(" ");
                    long acked = Long.parseLong(ack[1]);
                    assertTrue(edits == acked || edits == acked + 1, "acknowledged " + acked + " edits, the catalog has " + edits
                            + " after a kill at " + r.killAfterMs() + " ms; the session's last lines: "
                            + r.lines().subList(Math.max(0, r.lines().size() - 3), r.lines().size()));
                    if (edits == acked) {
                        var s = c.annotations().load(ep);
                        assertEquals(Long.parseLong(ack[2]), s.ranges().size(), "ranges as acknowledged");
                        assertEquals(Long.parseLong(ack[3]), s.redactions().stream().mapToLong(t -> t.keyframes().size()).sum());
                    }
                }
                before = edits;
            }
        }
        loop.print();
        assertTrue(loop.enough(), "killed " + loop.kills() + " times");
    }
}
