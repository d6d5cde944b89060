package app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurioCliVerbsTest {
    @Test
    void aVerbOnTheCommandLineIsTheOnlyOneBuilt() {
        assertEquals(List.of(SubsetCommand.class), CurioCli.verbsFor("subset", "create", "x", "--where", "task=a"));
        assertEquals(List.of(IngestCommand.class), CurioCli.verbsFor("--catalog", "c.db", "--json", "ingest", "dir"));
        assertEquals(List.of(ExportCommand.class), CurioCli.verbsFor("--catalog=c.db", "export", "--help"));
    }

    @Test
    void versionAndDesktopBuildNoVerb() {
        assertEquals(List.of(), CurioCli.verbsFor("--version"));
        assertEquals(List.of(), CurioCli.verbsFor());
        assertEquals(List.of(), CurioCli.verbsFor("--catalog", "demo.db"));
    }

    @Test
    void helpAndUnknownVerbsListEveryVerb() {
        int all = CurioCli.verbsFor("--help").size();
        assertTrue(all >= 14, "every verb: " + all);
        assertEquals(all, CurioCli.verbsFor("ingets", "dir").size());
        assertEquals(all, CurioCli.verbsFor("--bogus").size());
    }

    @Test
    void onlyARunOfOneVerbWarmsUpTheStart() {
        assertTrue(CurioCli.namesOneVerb("--catalog", "c.db", "ingest", "dir"));
        assertTrue(CurioCli.namesOneVerb("export", "x", "--json"));
        assertFalse(CurioCli.namesOneVerb("export", "--help"));
        assertFalse(CurioCli.namesOneVerb("--help"));
        assertFalse(CurioCli.namesOneVerb("--version"));
        assertFalse(CurioCli.namesOneVerb());
        assertFalse(CurioCli.namesOneVerb("--catalog", "demo.db"));
        assertFalse(CurioCli.namesOneVerb("ingets", "dir"));
    }
}
