package store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogMigrationTest {
    @TempDir
    Path dir;

    @Test
    void newCatalogGetsEveryTableAndTheCurrentVersion() throws Exception {
        Path file = dir.resolve("c.db");
        try (Catalog c = Catalog.open(file)) {
            assertEquals(Catalog.SCHEMA_VERSION, c.schemaVersion());
        }
        Set<String> tables = new HashSet<>();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        for (String t : List.of("datasets", "episodes", "streams", "files", "tasks", "annotations",
                "redaction_tracks", "redaction_keyframes", "failure_clusters", "review_decisions", "subsets",
                "bundles", "deliveries", "recalls", "audit_log", "episode_signatures", "near_duplicates")) {
            assertTrue(tables.contains(t), "missing table " + t + " in " + tables);
        }
    }

    @Test
    void walAndForeignKeysAreOn() {
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            String mode = c.read(conn -> {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            int fk = c.read(conn -> {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_keys")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals("wal", mode);
            assertEquals(1, fk);
        }
    }

    @Test
    void olderCatalogIsUpgradedInPlaceKeepingItsRows() throws Exception {
        Path file = dir.resolve("old.db");
        // A version-0 catalog: a file someone created before any migration ran, with an unrelated table.
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = conn.createStatement()) {
            s.executeUpdate("CREATE TABLE notes(x TEXT)");
            s.executeUpdate("INSERT INTO notes VALUES ('kept')");
        }
        try (Catalog c = Catalog.open(file)) {
            assertEquals(Catalog.SCHEMA_VERSION, c.schemaVersion());
            String kept = c.read(conn -> {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT x FROM notes")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertEquals("kept", kept);
        }
    }

    /**
     * A catalog validated by the previous version gets its quality figures from the stored runs, under the built-in
     * thresholds, so its dataset gates and dashboard work without validating again.
     */
    @Test
    void aVersion3CatalogGetsTheQualityFiguresOfItsStoredRuns() throws Exception {
        Path file = dir.resolve("v3.db");
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = conn.createStatement()) {
            for (String m : Catalog.MIGRATIONS.subList(0, 3)) {
                String sql = new String(Catalog.class.getResourceAsStream("/store/migrations/" + m).readAllBytes());
                for (String statement : SqlScript.statements(sql)) s.executeUpdate(statement);
            }
            s.executeUpdate("PRAGMA user_version = 3");
            s.executeUpdate("INSERT INTO datasets(id, name, root_path, format, created_at_ns) VALUES (1, 'd', '/d', 'raw', 0)");
            s.executeUpdate("""
                    INSERT INTO episodes(id, episode_id, dataset_id, rel_path, format, duration_ns, validation_state, ingested_at_ns)
                    VALUES (1, 'ep_ok', 1, 'a', 'raw', 2000000000, 'passed', 0), (2, 'ep_soft', 1, 'b', 'raw', 2000000000, 'soft', 0),
                           (3, 'ep_new', 1, 'c', 'raw', 2000000000, 'unvalidated', 0)""");
            s.executeUpdate("""
                    INSERT INTO streams(episode_id, name, kind, rate_hz, start_ns, end_ns, frame_count)
                    VALUES (1, 'cam', 'video', 10, 0, 1000000000, 11), (2, 'cam', 'video', 10, 0, 1000000000, 9)""");
            // ep_ok: two clean windows; ep_soft: one overexposed (0.3 > 0.25), one blurry (sharpness 10 < 25).
            s.executeUpdate("""
                    INSERT INTO qc_windows(episode_id, stream, t_start_ns, t_end_ns, sharpness, clipped_high, clipped_low, mean_luma)
                    VALUES (1, 'cam', 0, 1, 100, 0.01, 0.02, 90), (1, 'cam', 1, 2, 80, 0.03, 0.0, 90),
                           (2, 'cam', 0, 1, 100, 0.3, 0.0, 90), (2, 'cam', 1, 2, 10, 0.0, 0.0, 90)""");
        }
        try (Catalog c = Catalog.open(file)) {
            assertEquals(Catalog.SCHEMA_VERSION, c.schemaVersion());
            EpisodeSnapshot s = c.index().snapshot();
            int ok = s.position("ep_ok");
            int soft = s.position("ep_soft");
            assertEquals(1.0, s.number(EpisodeField.QUALITY, ok), 1e-6);
            assertEquals(90.0, s.number(EpisodeField.SHARPNESS, ok), 1e-4);
            assertEquals(0.03, s.number(EpisodeField.EXPOSURE, ok), 1e-6);
            assertEquals(0.0, s.number(EpisodeField.DROPPED, ok), 1e-6);
            assertEquals(0.0, s.number(EpisodeField.QUALITY, soft), 1e-6, "0.5 for soft findings x no clean window");
            assertEquals(0.3, s.number(EpisodeField.EXPOSURE, soft), 1e-6);
            assertEquals(2 / 11.0, s.number(EpisodeField.DROPPED, soft), 1e-4);
            assertTrue(Double.isNaN(s.number(EpisodeField.QUALITY, s.position("ep_new"))), "never validated, never scored");
        }
    }

    @Test
    void newerCatalogIsRefusedWithAClearMessage() throws Exception {
        Path file = dir.resolve("new.db");
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = conn.createStatement()) {
            s.executeUpdate("PRAGMA user_version = " + (Catalog.SCHEMA_VERSION + 5));
        }
        CurioException e = assertThrows(CurioException.class, () -> Catalog.open(file));
        assertEquals("catalog.too_new", e.code());
        assertTrue(e.getMessage().contains("newer Curio"), e.getMessage());
    }

    @Test
    void locationFollowsFlagThenCurioHomeThenXdgDefault() {
        assertEquals(Path.of("/x/c.db"), CatalogLocation.resolve(Path.of("/x/c.db"), Map.of("CURIO_HOME", "/h"), "/home/u"));
        assertEquals(Path.of("/h/catalog.db"), CatalogLocation.resolve(null, Map.of("CURIO_HOME", "/h"), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/curio/catalog.db"), CatalogLocation.resolve(null, Map.of(), "/home/u"));
    }

    @Test
    void scriptSplitterIgnoresCommentsAndKeepsMultiLineStatements() {
        List<String> s = SqlScript.statements("-- c\nCREATE TABLE a(\n x INT\n);\n\nINSERT INTO a VALUES (1);\n");
        assertEquals(2, s.size());
        assertTrue(s.get(0).startsWith("CREATE TABLE a("));
    }
}
