package crash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A file system of its own, small and mounted by the test (a size-limited tmpfs), so a job can run out of space on it
 * without touching the machine's disks. Mounting needs root, which CI has; elsewhere the test is skipped with that
 * reason. {@link #fill()} takes every free byte (as another writer on the same disk would), {@link #free()} gives
 * them back.
 */
final class SmallDisk implements AutoCloseable {
    private final Path dir;
    private final List<Path> ballast = new ArrayList<>();

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} at {@code dir} (created), or skips the calling test when it cannot. */
    static SmallDisk mount(Path dir, long bytes) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a small file system is mounted for this test, which needs root (CI runs as root); running as "
                        + System.getProperty("user.name"));
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755", "tmpfs", dir.toString());
        Assumptions.assumeTrue(out == null, "root could not mount a tmpfs here (a container without the right to mount): " + out);
        return new SmallDisk(dir);
    }

    Path dir() {
        return dir;
    }

    long usable() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Writes ballast until the file system refuses another byte. */
    void fill() {
        byte[] chunk = new byte[64 << 10];
        for (int size : new int[]{chunk.length, 4096, 1}) {
            Path file = dir.resolve(".ballast-" + ballast.size());
            ballast.add(file);
            try (OutputStream o = Files.newOutputStream(file)) {
                while (true) {
                    o.write(chunk, 0, size);
                    o.flush();
                }
            } catch (IOException full) {
                // the disk is full at this granularity; the next, smaller one takes what is left
            }
        }
        try {
            assertTrue(usable() < 4096, "the disk is full: " + usable() + " bytes still usable");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Deletes the ballast: the space an operator frees before running the command again. */
    void free() throws IOException {
        for (Path p : ballast) Files.deleteIfExists(p);
        ballast.clear();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // Lazily: a file a failed job left open must not keep the mount (and its memory) after the test.
        String out = run("umount", "-l", dir.toString());
        if (out != null) throw new IOException("cannot unmount " + dir + ": " + out);
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + " did not finish";
        }
        return p.exitValue() == 0 ? null : String.join(" ", cmd) + ": " + text;
    }
}
