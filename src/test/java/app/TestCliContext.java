package app;

import app.cli.CliContext;
import app.cli.CurioCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import packaging.sign.PassphraseSource;

/** Runs the real CLI in-process with captured streams and a private Curio home. */
public final class TestCliContext implements CliContext {
    final StringWriter outText = new StringWriter();
    final StringWriter errText = new StringWriter();
    private final PrintWriter out = new PrintWriter(outText, true);
    private final PrintWriter err = new PrintWriter(errText, true);
    private final Path home;
    private final PassphraseSource passphrases;
    int desktopLaunches;
    Path desktopCatalog;

    TestCliContext(Path home, PassphraseSource passphrases) {
        this.home = home;
        this.passphrases = passphrases;
    }

    public static Result run(Path home, String... args) {
        return run(home, PassphraseSource.standard(Map.of(), null), args);
    }

    /** With a passphrase source in place of the real environment and terminal. */
    public static Result run(Path home, PassphraseSource passphrases, String... args) {
        TestCliContext ctx = new TestCliContext(home, passphrases);
        int code = CurioCli.run(ctx, args);
        return new Result(code, ctx.outText.toString(), ctx.errText.toString(), ctx.desktopLaunches, ctx.desktopCatalog);
    }

    /** @param desktopCatalog the catalog the desktop was started on, as the command line named it (null: the default) */
    public record Result(int exit, String out, String err, int desktopLaunches, Path desktopCatalog) { }

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
        return explicit != null ? explicit : home.resolve("catalog.db");
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public int launchDesktop(Path catalog) {
        desktopLaunches++;
        desktopCatalog = catalog;
        return 0;
    }

    @Override
    public PassphraseSource passphrases() {
        return passphrases;
    }

    @Override
    public boolean interactive() {
        return false;
    }
}
