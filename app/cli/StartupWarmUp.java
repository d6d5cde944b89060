package app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import pipeline.Digests;

/**
 * Work every catalog verb needs before it reads its first byte, started on a second core while the main thread
 * builds the command line. A cold {@code curio ingest} spent 0.2 s in picocli and then, one after another, 0.4 s
 * initialising logging, the SQLite driver and its native library, and Jackson; and it hashed its first few hundred
 * megabytes in code the JIT had not compiled yet (the SHA-256 instructions are used only from C2-compiled code, which
 * {@link MessageDigest#update(byte[], int, int)} reaches after some thousands of calls). Here the same classes are
 * initialised, and SHA-256 is run over a small buffer until the compilers have produced the fast path, so the main
 * thread finds them ready. Class initialisation is thread-safe: a main thread that gets there first simply does the
 * work itself, and one that arrives meanwhile waits for it.
 */
public final class StartupWarmUp {
    /** Enough calls through {@link MessageDigest#update} for tier-4 compilation of the whole hashing path. */
    static final int DIGEST_CALLS = 20_000;
    private static final int DIGEST_CHUNK = 256;
    /** {@code -Dcurio.warmup=false} turns it off, to measure a start without it. */
    static final String ENABLED_PROPERTY = "curio.warmup";

    private StartupWarmUp() { }

    /**
     * Starts the warm-up on a daemon thread when there is a core to spare for it, and returns that thread (null when
     * not started). A failure in it is ignored: the main thread meets the same code and reports what it finds.
     */
    public static Thread startIfUseful(int processors) {
        if (processors < 2 || !Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) return null;
        Thread t = new Thread(StartupWarmUp::run, "curio-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
        return t;
    }

    static void run() {
        try {
            org.slf4j.LoggerFactory.getILoggerFactory();
            store.Catalog.loadDriver();
            new ObjectMapper().readTree("{\"warm\":[1,2.5,\"x\"]}");
            warmDigest(DIGEST_CALLS);
        } catch (Exception | LinkageError e) {
            // Nothing to report here: whatever failed fails again, with its proper error, where it is needed.
        }
    }

    /** Returns the digest so the work cannot be discarded as dead code. */
    static byte[] warmDigest(int calls) {
        MessageDigest md = Digests.sha256();
        byte[] chunk = new byte[DIGEST_CHUNK];
        for (int i = 0; i < calls; i++) md.update(chunk, 0, chunk.length);
        return md.digest();
    }
}
