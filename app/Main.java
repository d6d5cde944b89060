package app;

import app.cli.CliContext;
import app.cli.CurioCli;
import app.cli.StartupWarmUp;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import store.CatalogLocation;

/**
 * Entry point for both faces of Curio: `curio VERB ...` runs the CLI, `curio` alone starts the desktop.
 * It does not extend Application so the JavaFX toolkit is never touched by a CLI run.
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        String version = versionOnly(args);
        if (version != null) {
            System.out.println(version);
            System.exit(0);
        }
        Thread.setDefaultUncaughtExceptionHandler((t, e) ->
                org.slf4j.LoggerFactory.getLogger(Main.class).error("uncaught exception on {}", t.getName(), e));
        DesktopStart desktop = desktopOnly(args);
        if (desktop == null && CurioCli.namesOneVerb(args)) StartupWarmUp.startIfUseful(Runtime.getRuntime().availableProcessors());
        int code = desktop != null ? new SystemContext().launchDesktop(desktop.catalog()) : CurioCli.run(new SystemContext(), args);
        // The desktop returns here only after its window closed; exit even if a native library left threads.
        System.exit(code);
    }

    /**
     * What {@code curio --version} prints, when that is all it is asked; else null. Answered before the command line
     * is built, which is most of a short run's start-up: scripts probe for Curio this way, often.
     */
    static String versionOnly(String... args) {
        if (args.length != 1 || !(args[0].equals("--version") || args[0].equals("-V"))) return null;
        return app.cli.CurioCli.versionLine();
    }

    /** @param catalog the catalog the command line names, null for the default one */
    record DesktopStart(Path catalog) { }

    /**
     * The desktop's start when the command line asks for nothing else ({@code curio}, {@code curio --catalog FILE});
     * else null. Answered without building the command line: picocli's classes, compiled for Java 5, cannot be
     * archived for class-data sharing, and loading them took 0.2 s of every window's start.
     */
    static DesktopStart desktopOnly(String... args) {
        if (args.length == 0) return new DesktopStart(null);
        if (args.length == 2 && args[0].equals("--catalog") && !args[1].isEmpty() && !args[1].startsWith("-")) {
            return new DesktopStart(Path.of(args[1]));
        }
        if (args.length == 1 && args[0].startsWith("--catalog=") && args[0].length() > "--catalog=".length()) {
            return new DesktopStart(Path.of(args[0].substring("--catalog=".length())));
        }
        return null;
    }

    static final class SystemContext implements CliContext {
        private final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        private final PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

        @Override
        public PrintWriter out() {
            return out;
        }

        @Override
        public PrintWriter err() {
            return err;
        }

        @Override
        public Path catalogPath(Path explicit) {
            return CatalogLocation.resolveDefault(explicit);
        }

        @Override
        public Path home() {
            return CatalogLocation.home(System.getenv(), System.getProperty("user.home"));
        }

        @Override
        public int launchDesktop(Path catalog) {
            CurioDesktop.launchAndWait(catalog, home());
            return 0;
        }

        @Override
        public boolean interactive() {
            return System.console() != null;
        }
    }
}
