package packaging.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.bagit.BagChecksums;
import packaging.bundle.BundleWriter;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import pipeline.Digests;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

/** Deliveries to a real S3 server on 127.0.0.1, checked with the plain AWS SDK client, not Curio's upload path. */
class S3DeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1 << 20;
    /** 5 MiB parts (the S3 minimum) so a 12 MiB video is three parts. */
    private static final UploadOptions SMALL_PARTS = new UploadOptions(5L * MIB, 2, UploadOptions.PartListener.NONE);

    @TempDir
    static Path serverDir;
    static S3Server server;

    @TempDir
    Path dir;
    Catalog catalog;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start(serverDir.resolve("store"));
        server.createBucket("deliveries");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("c.db"));
        server.useItsCredentials();
    }

    @AfterEach
    void close() {
        catalog.close();
        S3Server.forgetCredentials();
        System.clearProperty("aws.sharedCredentialsFile");
    }

    private Destination.Bucket bucket(String prefix) {
        return (Destination.Bucket) Destination.parse("s3://deliveries/" + prefix, server.endpoint().toString(), null, null);
    }

    @Test
    void aDeliveredBundleIsReadBackByAnotherClientAndVerifies() throws Exception {
        BundleWriter.Result b = DeliveryFixture.bundle(dir, catalog, "mf_s3_one", 12 * MIB + 123);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        UploadOptions options = new UploadOptions(5L * MIB, 2, new UploadOptions.PartListener() {
            @Override
            public void sent(String key, int part) {
                order.add(key + "#" + part);
            }
        });
        Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(b.bundle(), bucket("lab/out"), Delivery.Verify.HEAD, "tester"),
                options, ProgressSink.NONE, Cancellation.NEVER);
        assertTrue(r.ok(), r.findings().toString());
        String base = "lab/out/mf_s3_one/";
        assertEquals(base + "signature.jws#0", order.get(order.size() - 1), "the signature goes last: " + order);
        assertTrue(order.contains(base + "data/videos/observation.images.top/chunk-000/file-000.mp4#3"), order.toString());
        assertTrue(order.indexOf(base + "curio-manifest.json#0") > order.indexOf(base + "data/videos/observation.images.top/chunk-000/file-000.mp4#3"),
                "the manifest goes after the payload: " + order);
        assertEquals(3, order.stream().filter(k -> k.contains("file-000.mp4#")).count(), "three parts: " + order);

        Map<String, String> expected = BagChecksums.read(b.bundle());
        Path copy = dir.resolve("downloaded").resolve("mf_s3_one");
        try (S3Client s3 = server.client()) {
            List<S3Object> listed = s3.listObjectsV2Paginator(q -> q.bucket("deliveries").prefix(base)).contents().stream().toList();
            assertEquals(r.objects().size(), listed.size());
            for (S3Object o : listed) {
                Path f = copy.resolve(o.key().substring(base.length()));
                Files.createDirectories(f.getParent());
                try (InputStream in = s3.getObject(q -> q.bucket("deliveries").key(o.key()))) {
                    Files.copy(in, f);
                }
            }
            for (Delivery.DeliveredObject o : r.objects()) {
                String rel = o.key().substring(base.length());
                assertEquals(Digests.sha256Hex(copy.resolve(rel)), o.sha256(), rel);
                assertEquals(Files.size(b.bundle().resolve(rel)), o.sizeBytes(), rel);
                if (expected.containsKey(rel)) assertEquals(expected.get(rel), o.sha256(), rel);
                assertNotNull(o.etag(), rel);
                assertEquals("verified", o.status());
            }
            VerifyReport report = BundleVerifier.verify(copy, null);
            assertTrue(report.ok(), "the downloaded bundle verifies: " + report.findings());

            JsonNode record;
            try (InputStream in = s3.getObject(q -> q.bucket("deliveries").key("lab/out/deliveries/" + r.deliveryId() + ".json"))) {
                record = JSON.readTree(in);
            }
            assertEquals(JSON.readTree(r.record().toFile()), record, "the record in the bucket is the one beside the bundle");
            assertEquals(r.record(), b.bundle().resolveSibling("deliveries").resolve(r.deliveryId() + ".json"));
            assertEquals("s3://deliveries/lab/out", record.get("destination").asText());
            assertEquals("verified", record.get("status").asText());
            assertEquals("tester", record.get("delivered_by").asText());
            for (JsonNode o : record.get("objects")) {
                for (String field : List.of("key", "destination", "size_bytes", "sha256", "etag", "provider_request_id", "status", "delivered_at")) {
                    assertTrue(o.hasNonNull(field), field + " in " + o);
                }
            }
        }
        var run = catalog.deliveries().find(r.deliveryId()).orElseThrow();
        assertEquals("verified", run.status());
        assertEquals("s3", run.kind());
        assertEquals(server.endpoint().toString(), run.endpoint());
        assertEquals(r.objects().size(), catalog.deliveries().objects(r.deliveryId()).size());
    }

    @Test
    void fullVerificationDownloadsAndRehashesEveryObject() throws Exception {
        BundleWriter.Result b = DeliveryFixture.bundle(dir, catalog, "mf_s3_full", 6 * MIB);
        Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(b.bundle(), bucket("full"), Delivery.Verify.FULL, "tester"),
                SMALL_PARTS, ProgressSink.NONE, Cancellation.NEVER);
        assertTrue(r.ok(), r.findings().toString());
        assertEquals("full", JSON.readTree(r.record().toFile()).get("verify").asText());
    }

    @Test
    void aPartWhoseBytesDoNotMatchItsChecksumIsRefusedAndTheDeliverySendsItAgain() throws Exception {
        BundleWriter.Result b = DeliveryFixture.bundle(dir, catalog, "mf_s3_bad", 11 * MIB);
        String key = "bad/mf_s3_bad/data/videos/observation.images.top/chunk-000/file-000.mp4";
        byte[] part = Files.readAllBytes(b.bundle().resolve("data/videos/observation.images.top/chunk-000/file-000.mp4"));
        byte[] first = java.util.Arrays.copyOf(part, 5 * MIB);
        String checksum = S3Upload.b64(Digests.sha256().digest(first));
        first[4242] ^= 1; // one bit flipped after the checksum was taken, as a bad cable or memory would
        try (S3Client s3 = server.client()) {
            String upload = s3.createMultipartUpload(q -> q.bucket("deliveries").key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
            S3Exception refused = assertThrows(S3Exception.class, () -> s3.uploadPart(q -> q.bucket("deliveries").key(key).uploadId(upload)
                    .partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum), RequestBody.fromBytes(first)));
            assertEquals(400, refused.statusCode(), refused.getMessage());
            assertTrue(s3.listParts(q -> q.bucket("deliveries").key(key).uploadId(upload)).parts().isEmpty(), "nothing was stored");
            CurioException e = S3Access.error(refused, bucket("bad"), key);
            assertEquals("deliver.checksum_refused", e.code());
            assertEquals("s3://deliveries/" + key, e.file());
        }
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(b.bundle(), bucket("bad"), Delivery.Verify.HEAD, "tester"),
                new UploadOptions(5L * MIB, 2, new UploadOptions.PartListener() {
                    @Override
                    public void sent(String k, int p) {
                        sent.add(k + "#" + p);
                    }
                }), ProgressSink.NONE, Cancellation.NEVER);
        assertTrue(r.ok(), r.findings().toString());
        assertTrue(sent.contains(key + "#1"), "the refused part is sent again: " + sent);
    }

    @Test
    void wrongCredentialsAreRefusedNamingTheDestinationAndNothingIsRecorded() throws Exception {
        BundleWriter.Result b = DeliveryFixture.bundle(dir, catalog, "mf_s3_creds", 1000);
        Path credentials = dir.resolve("aws-credentials");
        Files.writeString(credentials, "[wrong]\naws_access_key_id = " + S3Server.ACCESS_KEY + "\naws_secret_access_key = not-the-secret\n");
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        Destination.Bucket to = (Destination.Bucket) Destination.parse("s3://deliveries/creds", server.endpoint().toString(), null, "wrong");
        CurioException e = assertThrows(CurioException.class, () -> Delivery.deliver(catalog,
                new Delivery.Request(b.bundle(), to, Delivery.Verify.HEAD, "tester"), ProgressSink.NONE, Cancellation.NEVER));
        assertEquals("deliver.access_denied", e.code(), e.toString());
        assertEquals("s3://deliveries/creds", e.file());
        assertTrue(e.getMessage().contains("profile wrong"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), "the secret is never repeated");
        assertTrue(catalog.deliveries().list(null).isEmpty());
    }

    @Test
    void aMissingBucketIsAnErrorNamingIt() throws Exception {
        BundleWriter.Result b = DeliveryFixture.bundle(dir, catalog, "mf_s3_nobucket", 1000);
        Destination.Bucket to = (Destination.Bucket) Destination.parse("s3://no-such-bucket/x", server.endpoint().toString(), null, null);
        CurioException e = assertThrows(CurioException.class, () -> Delivery.deliver(catalog,
                new Delivery.Request(b.bundle(), to, Delivery.Verify.HEAD, "tester"), ProgressSink.NONE, Cancellation.NEVER));
        assertEquals("deliver.no_bucket", e.code(), e.toString());
        assertEquals("s3://no-such-bucket/x", e.file());
        assertTrue(catalog.deliveries().list(null).isEmpty());
    }

    @Test
    void anUnreachableEndpointIsAClearError() throws Exception {
        BundleWriter.Result b = DeliveryFixture.bundle(dir, catalog, "mf_s3_down", 1000);
        Destination.Bucket to = (Destination.Bucket) Destination.parse("s3://deliveries/x", "http://127.0.0.1:9", null, null);
        CurioException e = assertThrows(CurioException.class, () -> Delivery.deliver(catalog,
                new Delivery.Request(b.bundle(), to, Delivery.Verify.HEAD, "tester"), ProgressSink.NONE, Cancellation.NEVER));
        assertEquals("deliver.unreachable", e.code(), e.toString());
        assertEquals("s3://deliveries/x", e.file());
    }

    @Test
    void destinationsAreParsedOrRefusedWithTheField() {
        Destination.Bucket d = (Destination.Bucket) Destination.parse("s3://my-bucket/a/b/", null, "eu-west-1", null);
        assertEquals("my-bucket", d.bucket());
        assertEquals("a/b", d.prefix());
        assertEquals("a/b/x", d.key("x"));
        assertEquals("s3://my-bucket/a/b", d.display());
        assertEquals("deliver.bad_destination", assertThrows(CurioException.class, () -> Destination.parse("s3://A_B", null, null, null)).code());
        CurioException e = assertThrows(CurioException.class, () -> Destination.parse("s3://bucket/x", "ftp://host", null, null));
        assertEquals("--endpoint", e.field());
        assertEquals("--endpoint", assertThrows(CurioException.class, () -> Destination.parse("/tmp/x", "http://h", null, null)).field());
    }

}
