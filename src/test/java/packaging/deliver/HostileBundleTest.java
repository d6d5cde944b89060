package packaging.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.TestCliContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import packaging.Finding;
import packaging.bagit.BagVerifier;
import packaging.bagit.BagWriter;
import packaging.bundle.BundleWriter;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import pipeline.Digests;
import software.amazon.awssdk.services.s3.S3Client;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

/**
 * Bundles made hostile after they were signed: paths leaving the bundle, links, entries and JSON keys given twice,
 * sizes that differ from what is declared, tag files too large to be ones. {@code curio verify} names each as a
 * finding (exit 3, never a crash), and a delivery to a folder or a bucket refuses the bundle before anything is
 * recorded or sent; nothing outside the bundle is ever written or read into the delivery.
 */
class HostileBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static S3Server server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start(shared.resolve("s3"));
        server.createBucket("hostile");
    }

    @AfterAll
    static void stopServer() throws Exception {
        S3Server.forgetCredentials();
        server.close();
    }

    /** One way to damage a bundle, and the finding verify must name. */
    record Hostile(String name, String code, Tamper tamper) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Tamper {
        void apply(Path bundle, Path outside) throws Exception;
    }

    static Stream<Hostile> hostile() {
        return Stream.of(
                new Hostile("traversal in the payload manifest", "bag.path_escape", (b, out) ->
                        append(b.resolve(BagWriter.MANIFEST), Digests.sha256Hex(out) + "  data/../../outside.txt\n")),
                new Hostile("absolute path in the payload manifest", "bag.path_escape", (b, out) ->
                        append(b.resolve(BagWriter.MANIFEST), Digests.sha256Hex(out) + "  " + out.toAbsolutePath() + "\n")),
                new Hostile("absolute path in the tag manifest", "bag.path_escape", (b, out) ->
                        append(b.resolve(BagWriter.TAG_MANIFEST), Digests.sha256Hex(out) + "  /etc/hostname\n")),
                new Hostile("traversal in an artifact of the manifest", "bag.path_escape", (b, out) ->
                        editManifest(b, m -> m.withArray("artifacts").addObject().put("path", "../outside.txt")
                                .put("size_bytes", 7).put("sha256", Digests.sha256Hex(out)))),
                new Hostile("a payload file that is a link", "bag.link", (b, out) -> {
                    Path info = b.resolve("data/meta/info.json");
                    Files.delete(info);
                    Files.createSymbolicLink(info, out.toAbsolutePath());
                }),
                new Hostile("a payload folder that is a link", "bag.link", (b, out) ->
                        Files.createSymbolicLink(b.resolve("data/elsewhere"), out.getParent().toAbsolutePath())),
                new Hostile("bag-info.txt as a link", "bag.link", (b, out) -> {
                    Files.delete(b.resolve(BagWriter.BAG_INFO_TXT));
                    Files.createSymbolicLink(b.resolve(BagWriter.BAG_INFO_TXT), out.toAbsolutePath());
                }),
                new Hostile("a manifest line given twice", "bag.duplicate_entry", (b, out) -> {
                    Path m = b.resolve(BagWriter.MANIFEST);
                    append(m, Files.readAllLines(m).get(0) + "\n");
                }),
                new Hostile("Payload-Oxum given twice", "bag.duplicate_entry", (b, out) ->
                        append(b.resolve(BagWriter.BAG_INFO_TXT), "Payload-Oxum: 1.1\n")),
                new Hostile("an artifact listed twice", "manifest.duplicate_artifact", (b, out) ->
                        editManifest(b, m -> m.withArray("artifacts").add(m.get("artifacts").get(0).deepCopy()))),
                new Hostile("a JSON key given twice in the manifest", "json.duplicate_key", (b, out) -> {
                    Path m = b.resolve(BundleWriter.MANIFEST_FILE);
                    Files.writeString(m, Files.readString(m).replaceFirst("\\{", "{\"manifest_id\": \"mf_someone_else\","));
                }),
                new Hostile("a JSON key given twice in the signature header", "json.duplicate_key", (b, out) -> {
                    Path s = b.resolve(BundleWriter.SIGNATURE_FILE);
                    String[] parts = Files.readString(s).strip().split("\\.");
                    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
                    parts[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(
                            header.replaceFirst("\\{", "{\"alg\":\"none\",").getBytes(StandardCharsets.UTF_8));
                    Files.writeString(s, String.join(".", parts));
                }),
                new Hostile("an artifact's declared size", "manifest.artifact_mismatch", (b, out) ->
                        editManifest(b, m -> {
                            com.fasterxml.jackson.databind.node.ObjectNode a = (com.fasterxml.jackson.databind.node.ObjectNode) m.get("artifacts").get(0);
                            a.put("size_bytes", a.get("size_bytes").asLong() + 1);
                        })),
                new Hostile("the declared Payload-Oxum", "bag.oxum_mismatch", (b, out) -> {
                    Path info = b.resolve(BagWriter.BAG_INFO_TXT);
                    Files.writeString(info, Files.readString(info).replaceAll("Payload-Oxum: \\d+", "Payload-Oxum: 1"));
                }),
                new Hostile("a tag file too large to be one", "bag.tag_file_too_large", (b, out) -> sparse(b.resolve(BagWriter.TAG_MANIFEST))),
                new Hostile("a manifest too large to be one", "bag.tag_file_too_large", (b, out) -> sparse(b.resolve(BundleWriter.MANIFEST_FILE))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void verifyNamesItAndDeliveryRefusesItWithoutWritingOutside(Hostile h) throws Exception {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("outside.txt"), "outside");
        Path usb = Files.createDirectories(tmp.resolve("usb"));
        try (Catalog catalog = Catalog.open(tmp.resolve("catalog.db"))) {
            Path bundle = DeliveryFixture.bundle(tmp, catalog, "mf_hostile", 4096).bundle();
            assertTrue(BundleVerifier.verify(bundle, null).ok(), "the bundle was sound before it was damaged");
            h.tamper().apply(bundle, outside);
            Map<String, String> before = snapshot(tmp, bundle);

            long start = System.nanoTime();
            VerifyReport report = BundleVerifier.verify(bundle, null);
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "verify does not read a huge tag file");
            assertFalse(report.ok());
            assertTrue(report.findings().stream().anyMatch(f -> f.code().equals(h.code())), h.code() + " in " + report.findings());
            for (Finding f : report.findings()) {
                assertFalse(f.file() != null && f.file().contains("outside") && f.code().equals("bag.checksum_mismatch"),
                        "the file outside was never read as part of the bundle: " + f);
            }

            CurioException folder = assertThrows(CurioException.class, () -> Delivery.deliver(catalog,
                    new Delivery.Request(bundle, new Destination.Folder(usb), Delivery.Verify.HEAD, "tester"),
                    ProgressSink.NONE, Cancellation.NEVER));
            assertEquals("deliver.bad_bundle", folder.code());
            assertTrue(folder.getMessage().contains(h.code()), folder.getMessage());
            try (Stream<Path> landed = Files.list(usb)) {
                assertEquals(List.of(), landed.toList(), "nothing reached the folder");
            }

            server.useItsCredentials();
            Destination bucket = Destination.parse("s3://hostile/" + h.code().replace('.', '-'), server.endpoint().toString(), null, null);
            CurioException s3 = assertThrows(CurioException.class, () -> Delivery.deliver(catalog,
                    new Delivery.Request(bundle, bucket, Delivery.Verify.HEAD, "tester"), ProgressSink.NONE, Cancellation.NEVER));
            assertEquals("deliver.bad_bundle", s3.code());
            try (S3Client client = server.client()) {
                assertEquals(0, client.listObjectsV2(q -> q.bucket("hostile").prefix(h.code().replace('.', '-'))).keyCount(),
                        "nothing reached the bucket");
            }
            assertEquals(List.of(), catalog.deliveries().list(null), "no delivery was recorded");
            assertEquals(before, snapshot(tmp, bundle), "nothing outside the bundle was written");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void curioVerifyReportsItAsAFindingWithExitThree(Hostile h) throws Exception {
        Path home = tmp.resolve("home");
        Path outside = Files.createDirectories(tmp.resolve("outside")).resolve("outside.txt");
        Files.writeString(outside, "outside");
        Path bundle;
        try (Catalog catalog = Catalog.open(tmp.resolve("catalog.db"))) {
            bundle = DeliveryFixture.bundle(tmp, catalog, "mf_cli", 4096).bundle();
        }
        h.tamper().apply(bundle, outside);
        TestCliContext.Result r = TestCliContext.run(home, "verify", bundle.toString(), "--json");
        assertEquals(3, r.exit(), r.err() + r.out());
        JsonNode doc = JSON.readTree(r.out());
        assertFalse(doc.get("ok").asBoolean());
        List<String> codes = doc.get("findings").findValuesAsText("code");
        assertTrue(codes.contains(h.code()), h.code() + " in " + codes);
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, Files.readString(file) + text);
    }

    private static void editManifest(Path bundle, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
            throws Exception {
        Path m = bundle.resolve(BundleWriter.MANIFEST_FILE);
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(m.toFile());
        edit.accept(doc);
        Files.writeString(m, JSON.writeValueAsString(doc));
    }

    /** A file of its name a little over the tag-file bound, without writing that many bytes (a sparse file). */
    private static void sparse(Path file) throws Exception {
        Files.delete(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(BagVerifier.MAX_TAG_FILE_BYTES + 1);
        }
    }

    /** Every regular file under {@code root} outside the bundle, with its SHA-256. */
    private static Map<String, String> snapshot(Path root, Path bundle) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.startsWith(bundle) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !p.getFileName().toString().startsWith("catalog.db")).toList()) {
                out.put(root.relativize(p).toString(), Digests.sha256Hex(p));
            }
        }
        return out;
    }
}
