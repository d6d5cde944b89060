package crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import store.Catalog;

/**
 * Runs a child JVM and kills it with SIGKILL (no shutdown hook, no close, no flush) at a random moment after it said
 * {@code ready}, the moment drawn uniformly over how long the same job takes uninterrupted, so kills land in every
 * phase of it. Counts kills and prints them with the time taken, so a build log shows what the loop did.
 */
public final class KillLoop {
    /** Kills each loop makes at least; a run that finished before its kill moment does not count. */
    public static final int KILLS = Integer.getInteger("curio.crash.kills", 50);

    /** What one child run printed and how it ended. */
    public record Run(boolean killed, int exit, List<String> lines, long killAfterMs, long workMs) {
        /** The last {@code ack done total} the child printed: work it reported committed. */
        public long acked() {
            long last = 0;
            for (String l : lines) if (l.startsWith("ack ")) last = Long.parseLong(l.split(" ")[1]);
            return last;
        }

        public boolean finished() {
            return lines.contains("finished");
        }
    }

    private final String name;
    private final Random random;
    private final long seed;
    private final long started = System.nanoTime();
    private int kills;
    private int completions;
    private long workMs = -1;

    public KillLoop(String name) {
        this.name = name;
        this.seed = Long.getLong("curio.crash.seed", System.nanoTime());
        this.random = new Random(seed);
    }

    /** The same job run to its end once, which gives the span the kill moments are drawn from. */
    public Run measure(Map<String, String> env, String mainClass, String... args) throws Exception {
        Run r = run(env, -1, mainClass, args);
        workMs = Math.max(50, r.workMs());
        return r;
    }

    /** For a child that never finishes on its own (an editing session): kill moments are drawn over {@code ms}. */
    public void useSpan(long ms) {
        workMs = ms;
    }

    /** Runs the child and kills it at a random moment of the measured span (or lets it finish when it is quicker). */
    public Run killAtRandom(Map<String, String> env, String mainClass, String... args) throws Exception {
        if (workMs < 0) throw new IllegalStateException("measure the job first");
        long delay = (long) (random.nextDouble() * workMs);
        Run r = run(env, delay, mainClass, args);
        assertTrue(r.killed() || r.finished(), name + ": a run that was not killed finishes: " + r.lines());
        if (r.killed()) kills++; else completions++;
        return r;
    }

    /** A fair coin from the loop's seeded random, for choices a replay with the same seed must repeat. */
    public boolean coin() {
        return random.nextBoolean();
    }

    public int kills() {
        return kills;
    }

    public boolean enough() {
        return kills >= KILLS;
    }

    /** One line for the build log: what was killed how often, how long it took, and the seed to replay it. */
    public void print() {
        System.out.printf("crash loop %s: %d kills, %d runs finished before their kill, job %d ms uninterrupted, loop %.1f s, seed %d%n",
                name, kills, completions, workMs, (System.nanoTime() - started) / 1e9, seed);
    }

    private Run run(Map<String, String> env, long killAfterMs, String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), mainClass));
        Collections.addAll(cmd, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        long[] readyAt = {0};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("ready")) {
                        readyAt[0] = System.nanoTime();
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the child was killed mid-line
            }
            ready.countDown();
        }, "crash-child-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(ready.await(120, TimeUnit.SECONDS), name + ": the child never got ready: " + lines);
        boolean killed = false;
        if (killAfterMs >= 0 && !p.waitFor(killAfterMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly(); // SIGKILL on Linux
            killed = true;
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + ": the child did not end: " + lines);
        long work = (System.nanoTime() - readyAt[0]) / 1_000_000;
        reader.join(10_000);
        List<String> copy;
        synchronized (lines) {
            copy = List.copyOf(lines);
        }
        return new Run(killed, p.exitValue(), copy, killAfterMs, work);
    }

    /** SQLite's own check of every page and index of the catalog. */
    public static void assertIntact(Path catalogFile) {
        try (Catalog c = Catalog.open(catalogFile)) {
            assertEquals("ok", scalar(c, "PRAGMA integrity_check"), "the catalog is intact");
            assertEquals("0", scalar(c, "SELECT count(*) FROM pragma_foreign_key_check"), "no row points at a missing one");
        }
    }

    public static String scalar(Catalog c, String sql) {
        return c.read(conn -> {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }
}
