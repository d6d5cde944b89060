package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever mix of reads and skips a parser does, the digest is the file's SHA-256 and covers every byte. */
class Sha256InputStreamTest {
    @TempDir
    Path dir;

    @Test
    void mixedReadsSkipsAndSingleBytesHashTheWholeFile() throws IOException {
        for (int size : new int[] {0, 1, 65535, 65536, 65537, 3 << 20}) {
            Path f = RandomFiles.write(dir, size, size);
            byte[] all = Files.readAllBytes(f);
            Random rnd = new Random(7);
            try (Sha256InputStream in = Sha256InputStream.open(f)) {
                int pos = 0;
                byte[] buf = new byte[1 << 20];
                while (pos < size / 2) {
                    switch (rnd.nextInt(3)) {
                        case 0 -> {
                            int want = 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : buf.length);
                            int n = in.read(buf, 0, want);
                            for (int i = 0; i < n; i++) assertEquals(all[pos + i], buf[i], "byte " + (pos + i));
                            pos += n;
                        }
                        case 1 -> pos += (int) in.skip(1 + rnd.nextInt(200_000));
                        default -> assertEquals(all[pos++] & 0xFF, in.read());
                    }
                }
                // The parser stops half-way; finish() hashes the rest.
                assertEquals(RandomFiles.sha256(f), in.finish(), "size " + size);
                assertEquals(size, in.bytesHashed());
            }
        }
    }

    @Test
    void readsPastTheEndSayEndOfStream() throws IOException {
        Path f = RandomFiles.write(dir, 10, 1);
        try (Sha256InputStream in = Sha256InputStream.open(f)) {
            assertEquals(10, in.readAllBytes().length);
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[100_000], 0, 100_000));
            assertEquals(0, in.skip(5));
            assertEquals(RandomFiles.sha256(f), in.finish());
        }
    }

    @Test
    void digestsHelperAgreesWithTheJdk() throws IOException {
        Path f = RandomFiles.write(dir, 1_000_003, 3);
        assertEquals(RandomFiles.sha256(f), Digests.sha256Hex(f));
    }
}
