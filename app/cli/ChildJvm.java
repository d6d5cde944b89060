package app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import store.CurioException;

/**
 * Runs a main class in a fresh JVM with this JVM's options (collector, heap, module path) and class path, as `./curio`
 * runs a verb, so a benchmark can measure one operation's peak memory alone. The child prints
 * {@code peak_rss_kb <VmHWM>} last (see {@link ExportProcess#peakRssKb}).
 */
final class ChildJvm {
    private ChildJvm() { }

    /**
     * @param chatter prefix of the child's progress lines, which are dropped from the log kept for an error
     * @return the child's VmHWM in kB
     */
    static long peakRssKb(Class<?> main, List<String> args, Map<String, String> env, String chatter, String label)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        long rss = -1;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("peak_rss_kb ")) rss = Long.parseLong(line.substring(12).trim());
                else if (!line.startsWith(chatter)) log.append(line).append('\n');
            }
        }
        int exit = waitFor(p);
        if (exit != 0 || rss < 0) {
            throw new CurioException("bench.child_failed", null, label, "the " + main.getSimpleName() + " JVM exited with " + exit
                    + ": " + log.toString().strip());
        }
        return rss;
    }

    static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CurioException("bench.interrupted", null, null, "interrupted");
        }
    }
}
