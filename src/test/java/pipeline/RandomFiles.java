package pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

/** Files of random bytes for hashing tests, and their SHA-256 computed independently of Curio's streams. */
public final class RandomFiles {
    private RandomFiles() { }

    public static Path write(Path dir, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path f = dir.resolve("f" + size + "_" + seed);
        Files.write(f, data);
        return f;
    }

    /** {@link java.security.MessageDigest} over the whole file in memory: the reference digest. */
    public static String sha256(Path f) throws IOException {
        return HexFormat.of().formatHex(Digests.sha256().digest(Files.readAllBytes(f)));
    }
}
