package fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import store.CurioException;

/**
 * The contract every fuzz target checks for one input: the reader either accepts it or refuses it with a coded
 * {@link CurioException} whose code is in docs/errors.md (and is not one of the "internal" codes, which stand for
 * a bug). Anything else is a finding: another exception, an {@link Error} such as {@link OutOfMemoryError}, an input
 * that takes longer than {@link #TIME_BOUND_S} seconds, or one that makes the reader allocate far more than the
 * input could justify (a size taken from a header and believed before it was checked against the file).
 *
 * <p>The body runs on a worker thread of its own so a hang can be reported (with the worker's stack) instead of
 * stalling the run; after a hang the worker is abandoned and a fresh one takes the next input.
 */
public final class FuzzHarness {
    /** How long each target is fuzzed in a normal build (the fuzz profile runs long campaigns instead). */
    public static final String CI_DURATION = "5s";

    /** Seconds one input may take before it counts as a hang. */
    public static final long TIME_BOUND_S = Long.getLong("curio.fuzz.time_bound_s", 15);

    /** Heap bytes one input may allocate regardless of its size (class initialisation, library buffers). */
    static final long ALLOCATION_BASE = Long.getLong("curio.fuzz.allocation_base_mb", 96) << 20;

    /** Heap bytes one input may allocate per byte of input, on top of the base. */
    static final long ALLOCATION_PER_BYTE = 512;

    private static final Pattern DOCUMENTED = Pattern.compile("\\| `([a-z0-9_]+(?:\\.[a-z0-9_]+)*)` \\|");
    private static volatile Set<String> documented;
    private static ExecutorService worker = newWorker();

    /** One input's work; may throw anything, which is what is being judged. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private FuzzHarness() { }

    /**
     * Runs {@code body} on one input and fails (by throwing what the reader threw, or an {@link AssertionError})
     * unless it returned or threw a documented, non-internal {@link CurioException} (or was cancelled), within the
     * time and allocation bounds.
     */
    public static void check(byte[] input, Body body) {
        long allowed = ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length;
        Future<Void> f = submit(() -> {
            long used = runMeasured(body);
            // Loading and instrumenting classes allocates on this thread too; only a second run of the same input
            // tells that apart from the reader's own allocations.
            if (used > allowed) used = runMeasured(body);
            if (used > allowed) {
                throw new AssertionError("one " + input.length + "-byte input made the reader allocate " + (used >> 20)
                        + " MiB (bound " + (allowed >> 20) + " MiB): a size from the input was trusted before it was checked");
            }
            return null;
        });
        try {
            f.get(TIME_BOUND_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            AssertionError hang = new AssertionError("one " + input.length + "-byte input ran longer than "
                    + TIME_BOUND_S + " s (a hang); the worker's stack is attached");
            hang.setStackTrace(workerStack());
            abandonWorker();
            throw hang;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new AssertionError("the reader threw a checked exception instead of a coded error", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long runMeasured(Body body) throws Exception {
        long before = allocatedBytes();
        try {
            body.run();
        } catch (CurioException e) {
            requireCoded(e);
        } catch (CancellationException e) {
            // Cancellation unwinds long work on purpose; it is not a parse failure.
        }
        return allocatedBytes() - before;
    }

    /** A coded error is the expected refusal; its code must be one users can look up, and not a bug's. */
    public static void requireCoded(CurioException e) {
        String code = e.code();
        if (code == null || code.equals("internal") || code.endsWith(".internal")) {
            throw new AssertionError("a reader reported an unexpected failure as " + code, e);
        }
        if (!documentedCodes().contains(code)) {
            throw new AssertionError("error code " + code + " is not in docs/errors.md", e);
        }
    }

    /** The codes docs/errors.md lists (the build's working directory is the project root). */
    static Set<String> documentedCodes() {
        Set<String> codes = documented;
        if (codes == null) {
            Set<String> found = new TreeSet<>();
            try {
                Matcher m = DOCUMENTED.matcher(Files.readString(Path.of("docs/errors.md")));
                while (m.find()) found.add(m.group(1));
            } catch (IOException e) {
                throw new UncheckedIOException("docs/errors.md is needed to judge error codes", e);
            }
            documented = codes = Set.copyOf(found);
        }
        return codes;
    }

    private static synchronized Future<Void> submit(java.util.concurrent.Callable<Void> task) {
        return worker.submit(task);
    }

    private static synchronized void abandonWorker() {
        worker.shutdownNow();
        worker = newWorker();
    }

    private static StackTraceElement[] workerStack() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().equals(currentWorkerName)) return e.getValue();
        }
        return new StackTraceElement[0];
    }

    private static volatile String currentWorkerName = "";
    private static int workers;

    private static ExecutorService newWorker() {
        String name = "fuzz-worker-" + (++workers);
        currentWorkerName = name;
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * A scratch folder for targets whose reader takes files, reused for every input of this JVM (in memory where
     * the machine has /dev/shm, since every input is written there first).
     */
    public static Path scratch(String name) {
        try {
            Path dir = scratchRoot().resolve(name);
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path scratchRoot;

    /** This JVM's scratch root, removed when the JVM ends: in /dev/shm it would otherwise hold memory until a reboot. */
    private static synchronized Path scratchRoot() {
        if (scratchRoot == null) {
            Path shm = Path.of("/dev/shm");
            Path tmp = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            Path root = tmp.resolve("curio-fuzz-" + ProcessHandle.current().pid());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    deleteTree(root);
                } catch (UncheckedIOException e) {
                    System.err.println("cannot remove the fuzz scratch folder " + root + ": " + e.getCause());
                }
            }, "fuzz-scratch-cleanup"));
            scratchRoot = root;
        }
        return scratchRoot;
    }

    /** Removes a scratch tree left by an earlier run of the same target. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes {@code bytes} to {@code file} (creating its folder), replacing what the previous input left. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
