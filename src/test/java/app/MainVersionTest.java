package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainVersionTest {
    @TempDir
    Path home;

    /** The early answer to --version is the command line's own, word for word, and nothing else takes that path. */
    @Test
    void theEarlyVersionAnswerIsTheCommandLinesOwn() {
        for (String flag : new String[] {"--version", "-V"}) {
            TestCliContext.Result r = TestCliContext.run(home, flag);
            assertEquals(0, r.exit(), r.err());
            assertEquals(r.out().strip(), Main.versionOnly(flag));
        }
        assertNull(Main.versionOnly());
        assertNull(Main.versionOnly("--version", "--json"));
        assertNull(Main.versionOnly("ingest", "--version"));
        assertNull(Main.versionOnly("--catalog", "--version"));
    }

    /** The early desktop start takes the catalog the command line would have given it, and nothing else takes that path. */
    @Test
    void theEarlyDesktopStartIsTheCommandLinesOwn() {
        String[][] desktops = {{}, {"--catalog", "some/cat.db"}, {"--catalog=other.db"}};
        for (String[] args : desktops) {
            TestCliContext.Result r = TestCliContext.run(home, args);
            assertEquals(1, r.desktopLaunches(), String.join(" ", args));
            assertEquals(new Main.DesktopStart(r.desktopCatalog()), Main.desktopOnly(args), String.join(" ", args));
        }
        assertNull(Main.desktopOnly("--catalog"));
        assertNull(Main.desktopOnly("--catalog", "--json"));
        assertNull(Main.desktopOnly("--catalog="));
        assertNull(Main.desktopOnly("--catalog", "x.db", "episodes"));
        assertNull(Main.desktopOnly("episodes"));
        assertNull(Main.desktopOnly("--help"));
    }
}
