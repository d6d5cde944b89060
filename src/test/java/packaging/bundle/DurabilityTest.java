package packaging.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flushing a bundle tree forces each regular file once, never through a link out of the tree. */
class DurabilityTest {
    @Test
    void forcesEveryRegularFileOfTheTreeAndNoLinkedOne(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("bundle/data/videos/cam"));
        Files.writeString(dir.resolve("bundle/bagit.txt"), "BagIt-Version: 1.0\n");
        Files.write(tree.resolve("file-000.mp4"), new byte[4096]);
        Files.write(tree.resolve("file-001.mp4"), new byte[0]);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not part of the bundle");
        Files.createSymbolicLink(dir.resolve("bundle/data/link"), outside);
        Files.createSymbolicLink(dir.resolve("bundle/data/file-link"), outside.resolve("secret.txt"));

        assertEquals(3, Durability.tree(dir.resolve("bundle")));
    }

    @Test
    void aMissingTreeIsAnError(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> Durability.tree(dir.resolve("gone")));
    }

    @Test
    void aFileTheUserMayNotWriteIsStillForcedAndLeftUnchanged(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("read-only.txt"), "kept");
        assertTrue(f.toFile().setWritable(false));
        try {
            Durability.file(f);
            assertEquals("kept", Files.readString(f));
        } finally {
            f.toFile().setWritable(true);
        }
    }
}
