package pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever order a random-access parser reads in, the channel returns the file's bytes, the digest is the
 * file's SHA-256, and the file is read from disk about once.
 */
class HashingFileChannelTest {
    /** Small so that test files span many blocks without being large. */
    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;

    private static HashingFileChannel open(Path f) throws IOException {
        return HashingFileChannel.open(f, BLOCK);
    }

    private static byte[] readAt(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) break;
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void footerFirstThenHeaderThenBodyReadsTheFileOncePlusTheFooter() throws IOException {
        int size = 10 * BLOCK + 123;
        Path f = RandomFiles.write(dir, size, 1);
        byte[] all = Files.readAllBytes(f);
        try (HashingFileChannel ch = open(f)) {
            // Parquet: the last 8 bytes (footer length + magic), then the footer, then column chunks.
            assertArrayEquals(Arrays.copyOfRange(all, size - 8, size), readAt(ch, size - 8, 8));
            assertEquals(size, ch.hashedBytes(), "a read at the end hashes the gap before it");
            assertArrayEquals(Arrays.copyOfRange(all, size - 5000, size - 8), readAt(ch, size - 5000, 4992));
            assertArrayEquals(Arrays.copyOfRange(all, 0, 4), readAt(ch, 0, 4));
            assertArrayEquals(Arrays.copyOfRange(all, 3 * BLOCK - 10, 5 * BLOCK), readAt(ch, 3 * BLOCK - 10, 2 * BLOCK + 10));
            assertEquals(RandomFiles.sha256(f), ch.finish());
            // One pass for the digest, and the re-read body range; the footer came from the held block.
            assertEquals(size + 4 + 2 * BLOCK + 10, ch.bytesFromFile());
        }
    }

    @Test
    void sequentialParserReadsAreServedFromTheHashingPassAndNotReadAgain() throws IOException {
        int size = 7 * BLOCK + 5;
        Path f = RandomFiles.write(dir, size, 2);
        byte[] all = Files.readAllBytes(f);
        try (HashingFileChannel ch = open(f)) {
            ByteBuffer b = ByteBuffer.allocate(size);
            ByteBuffer piece = ByteBuffer.allocate(1000);
            int n;
            while ((n = ch.read(piece.clear())) > 0) b.put(piece.array(), 0, n);
            assertArrayEquals(all, b.array());
            assertEquals(RandomFiles.sha256(f), ch.finish());
            assertEquals(size, ch.bytesFromFile());
        }
    }

    @Test
    void randomReadsAndMapsInAnyOrderGiveTheFileBytesAndItsDigest() throws IOException {
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 9 * BLOCK + 77}) {
            Path f = RandomFiles.write(dir, size, size + 3L);
            byte[] all = Files.readAllBytes(f);
            Random rnd = new Random(size);
            long slack = 0;
            try (HashingFileChannel ch = open(f)) {
                for (int i = 0; i < 40 && size > 0; i++) {
                    int at = rnd.nextInt(size);
                    int n = Math.min(size - at, 1 + rnd.nextInt(3 * BLOCK));
                    if (i % 7 == 6) {
                        ByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, at, n);
                        byte[] got = new byte[n];
                        m.get(got);
                        assertArrayEquals(Arrays.copyOfRange(all, at, at + n), got, "map at " + at);
                    } else {
                        assertArrayEquals(Arrays.copyOfRange(all, at, at + n), readAt(ch, at, n), "read at " + at);
                    }
                    slack += n;
                }
                assertEquals(RandomFiles.sha256(f), ch.finish(), "size " + size);
                assertTrue(ch.bytesFromFile() <= size + slack, "never more than one pass plus the parser's reads");
                assertTrue(ch.bytesFromFile() >= size, "every byte hashed");
            }
        }
    }

    @Test
    void readsPastTheEndReturnEndOfStream() throws IOException {
        Path f = RandomFiles.write(dir, 100, 4);
        try (HashingFileChannel ch = open(f)) {
            assertEquals(-1, ch.read(ByteBuffer.allocate(10), 100));
            ch.position(95);
            ByteBuffer b = ByteBuffer.allocate(10);
            assertEquals(5, ch.read(b));
            assertEquals(-1, ch.read(b.clear()));
            assertEquals(RandomFiles.sha256(f), ch.finish());
        }
    }
}
