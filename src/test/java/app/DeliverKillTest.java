package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.cli.DeliverProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.bagit.BagChecksums;
import packaging.bundle.BundleWriter;
import packaging.deliver.Delivery;
import packaging.deliver.DeliveryFixture;
import packaging.deliver.Destination;
import packaging.deliver.S3Server;
import packaging.deliver.UploadOptions;
import pipeline.Digests;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/**
 * A bucket delivery killed with SIGKILL in the middle of a multipart upload, then run again: the re-run takes up the
 * same delivery, finds the upload and its parts, sends only the parts the server does not have, and every object
 * then verifies, read back by the plain SDK client.
 */
class DeliverKillTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aKilledDeliveryResumesWithoutSendingACompletePartTwice() throws Exception {
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            server.createBucket("lab");
            Path db = dir.resolve("c.db");
            BundleWriter.Result b;
            try (Catalog catalog = Catalog.open(db)) {
                b = DeliveryFixture.bundle(dir, catalog, "mf_kill", 41 * MIB);
            }
            String to = "s3://lab/incoming";
            String videoKey = "incoming/mf_kill/data/videos/observation.images.top/chunk-000/file-000.mp4";

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DeliverProcess.class.getName(),
                    db.toString(), b.bundle().toString(), to, server.endpoint().toString(), "5", "2", "3").redirectErrorStream(true);
            pb.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
            Process p = pb.start();
            List<String> log = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                    if (line.equals("stalled")) break;
                }
            }
            assertTrue(log.contains("stalled"), "the child reached the third part: " + log);
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no abort of the upload
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));

            Set<Integer> stored = new HashSet<>();
            try (S3Client s3 = server.client()) {
                List<MultipartUpload> uploads = s3.listMultipartUploads(q -> q.bucket("lab").prefix(videoKey)).uploads();
                assertEquals(1, uploads.size(), "the killed upload is still open: " + uploads);
                for (Part part : s3.listParts(q -> q.bucket("lab").key(videoKey).uploadId(uploads.get(0).uploadId())).parts()) {
                    stored.add(part.partNumber());
                }
            }
            assertTrue(stored.size() >= 3, "at least the three reported parts are stored: " + stored);
            assertTrue(stored.size() < 9, "the kill came before the last part: " + stored);

            List<String> sent = Collections.synchronizedList(new ArrayList<>());
            List<String> kept = Collections.synchronizedList(new ArrayList<>());
            Delivery.Result r;
            server.useItsCredentials();
            try (Catalog catalog = Catalog.open(db)) {
                String unfinished = catalog.deliveries().list(null).get(0).deliveryId();
                assertEquals("in_progress", catalog.deliveries().find(unfinished).orElseThrow().status());
                r = Delivery.deliver(catalog, new Delivery.Request(b.bundle(), Destination.parse(to, server.endpoint().toString(), null, null),
                        Delivery.Verify.HEAD, "tester"), new UploadOptions(5L * MIB, 2, new UploadOptions.PartListener() {
                            @Override
                            public void sent(String key, int part) {
                                sent.add(key + "#" + part);
                            }

                            @Override
                            public void kept(String key, int part) {
                                kept.add(key + "#" + part);
                            }
                        }), ProgressSink.NONE, Cancellation.NEVER);
                assertTrue(r.resumed());
                assertEquals(unfinished, r.deliveryId(), "the re-run takes up the same delivery");
                assertTrue(r.ok(), r.findings().toString());
                assertEquals("verified", catalog.deliveries().find(unfinished).orElseThrow().status());
                assertEquals(1, catalog.deliveries().list(null).size());
            } finally {
                S3Server.forgetCredentials();
            }
            for (int part : stored) {
                assertFalse(sent.contains(videoKey + "#" + part), "part " + part + " was complete and was sent again: " + sent);
                assertTrue(kept.contains(videoKey + "#" + part), "part " + part + " was checked and kept: " + kept);
            }
            for (int part = 1; part <= 9; part++) {
                assertTrue(sent.contains(videoKey + "#" + part) ^ stored.contains(part), "part " + part + " sent exactly once overall");
            }

            var expected = BagChecksums.read(b.bundle());
            try (S3Client s3 = server.client()) {
                assertTrue(s3.listMultipartUploads(q -> q.bucket("lab").prefix(videoKey)).uploads().isEmpty(), "the upload was completed");
                for (Delivery.DeliveredObject o : r.objects()) {
                    String rel = o.key().substring("incoming/mf_kill/".length());
                    try (InputStream in = s3.getObject(q -> q.bucket("lab").key(o.key()))) {
                        String sha = Digests.sha256Hex(in.readAllBytes());
                        assertEquals(o.sha256(), sha, rel);
                        if (expected.containsKey(rel)) assertEquals(expected.get(rel), sha, rel);
                    }
                }
            }
        }
    }
}
