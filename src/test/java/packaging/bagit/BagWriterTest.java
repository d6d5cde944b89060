package packaging.bagit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.exceptions.CorruptChecksumException;
import gov.loc.repository.bagit.exceptions.FileNotInManifestException;
import gov.loc.repository.bagit.exceptions.FileNotInPayloadDirectoryException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.Finding;
import pipeline.Digests;
import store.CurioException;

class BagWriterTest {
    @TempDir
    Path tmp;
    Path bag;
    Path big;

    @BeforeEach
    void writeBag() throws Exception {
        big = tmp.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 3; i++) out.write(chunk);
            out.write(chunk, 0, 12345); // not a multiple of the buffer
        }
        bag = tmp.resolve("bag");
        BagWriter w = BagWriter.create(bag, "curio test");
        w.addPayload("videos/cam/chunk-000/file-000.mp4", big);
        w.addPayload("meta/info.json", new java.io.ByteArrayInputStream("{\"fps\":30}".getBytes(StandardCharsets.UTF_8)));
        w.addPayload("odd name é.txt", new java.io.ByteArrayInputStream("unicode".getBytes(StandardCharsets.UTF_8)));
        try (OutputStream out = w.openPayload("data/chunk-000/file-000.parquet")) {
            out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
        }
        w.addTagFile("DATA_CARD.md", "# card\n".getBytes(StandardCharsets.UTF_8));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Source-Organization", "Curio lab");
        info.put("Internal-Sender-Description", "two\nlines");
        BagSummary s = w.finish(info);
        assertEquals(4, s.payloadFiles());
        assertEquals(Files.size(big) + 10 + 7 + 4, s.payloadBytes());
    }

    @Test
    void theLibraryOfCongressValidatorAcceptsTheBag() throws Exception {
        Bag loc = LocBagit.validate(bag);
        assertEquals(4, loc.getPayLoadManifests().iterator().next().getFileToChecksumMap().size());
        assertTrue(loc.getMetadata().get("Payload-Oxum").get(0).endsWith(".4"));
        assertEquals("two lines", String.join("", loc.getMetadata().get("Internal-Sender-Description")).replaceAll("\\s+", " "));
        assertEquals(List.of(), BagVerifier.verify(bag).findings());
    }

    @Test
    void anAdoptedFileTakesTheProducersHashOnlyForAHardLinkToTheSameFile() throws Exception {
        Path produced = tmp.resolve("work/file-000.mp4");
        Files.createDirectories(produced.getParent());
        Files.copy(big, produced);
        String sha = Digests.sha256Hex(Files.readAllBytes(produced));
        Path adopted = tmp.resolve("adopted");
        BagWriter w = BagWriter.create(adopted, "curio test");
        FileDigest d = w.adoptPayload("videos/file-000.mp4", produced, sha);
        assertEquals(sha, d.sha256());
        assertEquals(Files.size(big), d.size());
        w.finish(Map.of());
        assertEquals(List.of(), BagVerifier.verify(adopted).findings(), "the trusted hash is the file's hash");
        LocBagit.validate(adopted);
        assertEquals(Files.readAttributes(produced, "unix:ino"), Files.readAttributes(adopted.resolve("data/videos/file-000.mp4"), "unix:ino"),
                "a hard link: the bag entry is the very file that was hashed");
    }

    @Test
    void manifestsUseTheStreamedHashes() throws Exception {
        String manifest = Files.readString(bag.resolve("manifest-sha256.txt"));
        assertTrue(manifest.contains(Digests.sha256Hex(big) + "  data/videos/cam/chunk-000/file-000.mp4\n"), manifest);
        assertTrue(manifest.contains(Digests.sha256Hex("unicode") + "  data/odd name é.txt\n"), manifest);
        String tags = Files.readString(bag.resolve("tagmanifest-sha256.txt"));
        for (String f : new String[]{"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "DATA_CARD.md"}) {
            assertTrue(tags.contains(Digests.sha256Hex(bag.resolve(f)) + "  " + f + "\n"), f + " in " + tags);
        }
        assertEquals("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", Files.readString(bag.resolve("bagit.txt")));
        String info = Files.readString(bag.resolve("bag-info.txt"));
        assertTrue(info.matches("(?s)Bagging-Date: \\d{4}-\\d\\d-\\d\\d\nPayload-Oxum: " + (Files.size(big) + 21)
                + "\\.4\nBag-Software-Agent: curio test\n.*"), info);
    }

    @Test
    void aFlippedByteIsFoundByUsAndByTheLibraryOfCongress() throws Exception {
        Path file = bag.resolve("data/videos/cam/chunk-000/file-000.mp4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(2_000_000);
            int b = raf.read();
            raf.seek(2_000_000);
            raf.write(b ^ 0x01);
        }
        assertEquals(List.of("bag.checksum_mismatch data/videos/cam/chunk-000/file-000.mp4"), codes(bag));
        assertThrows(CorruptChecksumException.class, () -> LocBagit.validate(bag));
    }

    @Test
    void missingAndExtraFilesAndAWrongOxum() throws Exception {
        Files.writeString(bag.resolve("data/extra.bin"), "x");
        assertThrows(FileNotInManifestException.class, () -> LocBagit.validate(bag));
        Files.delete(bag.resolve("data/meta/info.json"));
        Files.writeString(bag.resolve("stray.txt"), "not listed");
        assertEquals(List.of("bag.extra_file data/extra.bin", "bag.missing_file data/meta/info.json",
                "bag.oxum_mismatch bag-info.txt", "bag.extra_file stray.txt"), codes(bag));
    }

    @Test
    void oxumMismatchWhenTheCountIsWrong() throws Exception {
        Files.delete(bag.resolve("data/meta/info.json"));
        List<String> codes = codes(bag);
        assertTrue(codes.contains("bag.oxum_mismatch bag-info.txt"), codes.toString());
        assertThrows(FileNotInPayloadDirectoryException.class, () -> LocBagit.validate(bag));
    }

    @Test
    void manifestPathsLeavingTheBagAreReportedNotFollowed() throws Exception {
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Path manifest = bag.resolve("manifest-sha256.txt");
        Files.writeString(manifest, Files.readString(manifest) + Digests.sha256Hex("outside") + "  data/../../secret.txt\n"
                + Digests.sha256Hex("outside") + "  /etc/passwd\n");
        List<String> codes = codes(bag);
        assertTrue(codes.contains("bag.path_escape data/../../secret.txt"), codes.toString());
        assertTrue(codes.contains("bag.path_escape /etc/passwd"), codes.toString());
        assertTrue(codes.contains("bag.checksum_mismatch manifest-sha256.txt"), "the tag manifest catches the edit: " + codes);
    }

    @Test
    void aBrokenDeclarationIsReported() throws Exception {
        Files.writeString(bag.resolve("bagit.txt"), "BagIt-Version: 9.9\nTag-File-Character-Encoding: Latin-1\n");
        List<Finding> findings = BagVerifier.verify(bag).findings();
        assertEquals(2, findings.stream().filter(f -> f.code().equals("bag.bad_declaration")).count(), findings.toString());
        Files.delete(bag.resolve("bagit.txt"));
        assertTrue(codes(bag).contains("bag.bad_declaration bagit.txt"));
    }

    @Test
    void pathsThatWouldEscapeOrCollideAreRefusedWhenWriting() {
        BagWriter w = BagWriter.create(tmp.resolve("b2"), "t");
        for (String bad : new String[]{"../x", "/abs", "a//b", "a/./b", "a\\b", ""}) {
            assertEquals("bag.bad_path", assertThrows(CurioException.class,
                    () -> w.addPayload(bad, new java.io.ByteArrayInputStream(new byte[0]))).code(), bad);
        }
        w.addPayload("a", new java.io.ByteArrayInputStream(new byte[1]));
        assertEquals("bag.duplicate_path", assertThrows(CurioException.class,
                () -> w.addPayload("a", new java.io.ByteArrayInputStream(new byte[1]))).code());
        assertThrows(IllegalArgumentException.class, () -> w.addTagFile("manifest-md5.txt", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> w.finish(Map.of("Payload-Oxum", "1.1")));
    }

    /**
     * RFC 8493 requires '%' in a path to be written as %25. gov.loc:bagit 5.2.0 predates that rule (it
     * decodes only %0A and %0D), so this bag is checked by our verifier and the manifest text only.
     */
    @Test
    void percentAndNewlineInFileNamesAreEncodedInTheManifest() throws Exception {
        Path b = tmp.resolve("pct");
        BagWriter w = BagWriter.create(b, "t");
        w.addPayload("100%.txt", new java.io.ByteArrayInputStream("p".getBytes(StandardCharsets.UTF_8)));
        w.addPayload("two\nlines.txt", new java.io.ByteArrayInputStream("n".getBytes(StandardCharsets.UTF_8)));
        w.finish(Map.of());
        String manifest = Files.readString(b.resolve("manifest-sha256.txt"));
        assertTrue(manifest.contains(Digests.sha256Hex("p") + "  data/100%25.txt\n"), manifest);
        assertTrue(manifest.contains(Digests.sha256Hex("n") + "  data/two%0Alines.txt\n"), manifest);
        assertEquals(List.of(), BagVerifier.verify(b).findings());
    }

    @Test
    void percentEncodingRoundTripsOnlyTheThreeCharacters() {
        String raw = "a%b\r\nc%41";
        String enc = BagPaths.encode(raw);
        assertEquals("a%25b%0D%0Ac%2541", enc);
        assertEquals(raw, BagPaths.decode(enc));
        assertEquals("%41 stays", BagPaths.decode("%41 stays"));
    }

    private static List<String> codes(Path bag) {
        return BagVerifier.verify(bag).findings().stream().map(f -> f.code() + " " + f.file()).toList();
    }
}
