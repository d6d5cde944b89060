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
}
