package store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The local SQLite catalog. One connection, serialised by a lock: SQLite allows one writer at a time
 * anyway, and a single connection keeps every write a plain transaction that either commits whole or
 * leaves the previous state (WAL journal, synchronous=FULL so a committed edit survives power loss).
 */
public final class Catalog implements AutoCloseable {
    /** Applied in order; index + 1 is the schema version the file brings the catalog to. */
    static final List<String> MIGRATIONS = List.of("V001__init.sql", "V002__validation.sql", "V003__delivery_recall.sql",
            "V004__desk.sql", "V005__listing.sql");
    public static final int SCHEMA_VERSION = MIGRATIONS.size();

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Episodes episodes = new Episodes(this);
    private final AuditLog audit = new AuditLog(this);
    private final Validations validations = new Validations(this);
    private final Annotations annotations = new Annotations(this);
    private final IngestIndex ingestIndex = new IngestIndex(this);
    private final ExportRecords exportRecords = new ExportRecords(this);
    private final DeliveryRecords deliveryRecords = new DeliveryRecords(this);
    private final RecallRecords recallRecords = new RecallRecords(this);
    private final EpisodeIndex index = new EpisodeIndex(this);
    private final NearDuplicates nearDuplicates = new NearDuplicates(this);
    private final FailureBoard failureBoard = new FailureBoard(this);

    private Catalog(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Loads the SQLite driver and its native library and runs one statement on a database in memory, as opening a
     * catalog would: a CLI start does this on a spare core while it parses its command line.
     */
    public static void loadDriver() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:", new SQLiteConfig().toProperties());
             java.sql.Statement s = c.createStatement()) {
            s.execute("select 1");
        } catch (SQLException e) {
            throw translate(e, "catalog.open_failed", Path.of(":memory:"), "cannot load the SQLite driver: ");
        }
    }

    public static Catalog open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new CurioException("catalog.unwritable", file.toString(), null,
                    "cannot create the catalog folder: " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            throw translate(e, "catalog.open_failed", file, "cannot open the catalog: ");
        }
        Catalog catalog = new Catalog(file, c);
        try {
            catalog.migrate();
            catalog.read(conn -> {
                EpisodeIndex.install(conn);
                return null;
            });
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        return catalog;
    }

    public Path file() {
        return file;
    }

    public Episodes episodes() {
        return episodes;
    }

    public Annotations annotations() {
        return annotations;
    }

    public Validations validations() {
        return validations;
    }

    public AuditLog audit() {
        return audit;
    }

    public IngestIndex ingestIndex() {
        return ingestIndex;
    }

    public ExportRecords exportRecords() {
        return exportRecords;
    }

    public DeliveryRecords deliveries() {
        return deliveryRecords;
    }

    public RecallRecords recalls() {
        return recallRecords;
    }

    /** Filters, facets, sorting and dashboard aggregates over every episode. */
    public EpisodeIndex index() {
        return index;
    }

    public NearDuplicates nearDuplicates() {
        return nearDuplicates;
    }

    /** Every failure mark across the catalog, and the clusters they are grouped in. */
    public FailureBoard failureBoard() {
        return failureBoard;
    }

    public int schemaVersion() {
        return read(Catalog::userVersion);
    }

    /** Runs {@code work} in one transaction: all of it commits, or none of it does. */
    public <T> T write(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // SQLite may already have rolled back (it does on a full disk); the first failure is the one to report.
                try {
                    connection.rollback();
                } catch (SQLException alreadyRolledBack) {
                    e.addSuppressed(alreadyRolledBack);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            lock.unlock();
        }
    }

    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} on a read-only connection of its own, in one read transaction (a consistent view of the last
     * commit), without holding the catalog's lock: for a long read that should not hold up the app's other reads and
     * writes. WAL lets it read while the main connection writes.
     */
    public <T> T readSeparately(SqlWork<T> work) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties())) {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private CurioException translate(SQLException e) {
        return translate(e, "catalog.sql", file, "");
    }

    /**
     * SQLite says SQLITE_FULL only when a write finds no room; growing the WAL index on a full disk fails as a plain
     * I/O error, and a commit whose pages found no room ends the transaction before the driver's commit runs. So a
     * failure on a file system with no space left is reported as the full disk, with SQLite's own words after it.
     */
    private static CurioException translate(SQLException e, String otherwise, Path file, String what) {
        String message = String.valueOf(e.getMessage());
        boolean full = message.contains("SQLITE_FULL") || nearlyFull(file);
        return full
                ? new CurioException("catalog.disk_full", file.toString(), null, "the disk holding the catalog is full: " + what + message, e)
                : new CurioException(otherwise, file.toString(), null, what + message, e);
    }

    private static boolean nearlyFull(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            return dir != null && Files.getFileStore(dir).getUsableSpace() < (1 << 20);
        } catch (IOException e) {
            return false;
        }
    }

    private void migrate() {
        int current = read(Catalog::userVersion);
        if (current > SCHEMA_VERSION) {
            throw new CurioException("catalog.too_new", file.toString(), "user_version",
                    "this catalog has schema version " + current + " but this Curio understands up to "
                            + SCHEMA_VERSION + "; open it with a newer Curio");
        }
        if (current == SCHEMA_VERSION) return;
        // Every pending step in one transaction: a catalog is never left between two versions, and a new one costs one
        // commit (one fsync) instead of one per step.
        write(c -> {
            try (Statement s = c.createStatement()) {
                for (int v = current; v < SCHEMA_VERSION; v++) {
                    String sql = resource("/store/migrations/" + MIGRATIONS.get(v));
                    for (String statement : SqlScript.statements(sql)) s.executeUpdate(statement);
                }
                // PRAGMA user_version is transactional in SQLite, so schema and version move together.
                s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
            }
            return null;
        });
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String resource(String path) {
        try (InputStream in = Catalog.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing migration resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a connection that failed to open has nothing left to release
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
