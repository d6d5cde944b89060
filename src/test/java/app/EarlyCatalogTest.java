package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import store.Catalog;
import store.CurioException;

/** The desktop opens its catalog while JavaFX starts, and the window then uses that very catalog. */
@ExtendWith(ApplicationExtension.class)
class EarlyCatalogTest {
    @TempDir
    Path home;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need from the extension.
    }

    @Test
    void theWindowTakesTheCatalogOpenedAheadOfIt() throws Exception {
        Path file = home.resolve("ahead.db");
        DesktopSession.EarlyCatalog early = DesktopSession.openEarly(file, home);
        Catalog opened = early.opening().get(30, TimeUnit.SECONDS);
        DesktopSession session = sessionOn(file, early);
        try {
            assertSame(opened, session.viewModel().catalog(), "no second connection to the same file");
            assertEquals(0, opened.episodes().count());
        } finally {
            WaitForAsyncUtils.asyncFx(session::close).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLastCatalogOpenedInTheAppIsTheOneOpenedAhead() throws Exception {
        Path last = home.resolve("elsewhere/last.db");
        Files.createDirectories(last.getParent());
        Catalog.open(last).close();
        Files.writeString(home.resolve("settings.properties"), "catalog.last=" + last.toAbsolutePath() + "\n");
        DesktopSession.EarlyCatalog early = DesktopSession.openEarly(null, home);
        assertEquals(last.toAbsolutePath(), early.file());
        early.opening().get(30, TimeUnit.SECONDS).close();
    }

    @Test
    void aCatalogThatCannotBeOpenedFailsTheSessionWithItsOwnError() throws Exception {
        Path file = home.resolve("not-a-catalog.db");
        Files.writeString(file, "this is not an SQLite database, and it is long enough to have a header page of its own".repeat(20));
        DesktopSession.EarlyCatalog early = DesktopSession.openEarly(file, home);
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> sessionOn(file, early));
        CurioException e = assertInstanceOfCurio(failure.getCause());
        org.junit.jupiter.api.Assertions.assertTrue(e.code().startsWith("catalog."), e.code());
        org.junit.jupiter.api.Assertions.assertTrue(e.file() != null && e.file().endsWith("not-a-catalog.db"), "names the file: " + e.file());
    }

    @Test
    void aCatalogOpenedAheadForAnotherFileIsNotUsed() throws Exception {
        Path ahead = home.resolve("ahead.db");
        Path chosen = home.resolve("chosen.db");
        DesktopSession.EarlyCatalog early = DesktopSession.openEarly(ahead, home);
        Catalog opened = early.opening().get(30, TimeUnit.SECONDS);
        DesktopSession session = sessionOn(chosen, early);
        try {
            assertNotSame(opened, session.viewModel().catalog());
            assertEquals(chosen.toAbsolutePath(), session.viewModel().catalog().file().toAbsolutePath());
        } finally {
            early.discard();
            WaitForAsyncUtils.asyncFx(session::close).get(30, TimeUnit.SECONDS);
        }
    }

    /** The session the desktop builds on the FX thread, given the catalog opened ahead. */
    private DesktopSession sessionOn(Path chosen, DesktopSession.EarlyCatalog early) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> new DesktopSession(chosen, home, Platform::runLater, null, early)).get(30, TimeUnit.SECONDS);
    }

    private static CurioException assertInstanceOfCurio(Throwable t) {
        if (t instanceof CurioException e) return e;
        throw new AssertionError("expected the catalog's own error, got " + t, t);
    }
}
