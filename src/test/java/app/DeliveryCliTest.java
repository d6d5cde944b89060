package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.deliver.S3Server;
import packaging.sign.Ed25519Keys;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKeys;
import pipeline.Digests;
import software.amazon.awssdk.services.s3.S3Client;
import store.Catalog;

/**
 * The delivery, share and recall verbs end to end through the CLI, against a real S3 server on 127.0.0.1: a bundle
 * exported from demo episodes is delivered to a bucket and a folder, shared as expiring links, then one of its
 * episodes is recalled with a purge.
 */
class DeliveryCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PassphraseSource PASS = PassphraseSource.of("delivery cli test".toCharArray());

    @TempDir
    static Path serverDir;
    static S3Server server;

    @TempDir
    Path home;
    List<String> ids = new ArrayList<>();
    Path key;
    Path bundle;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start(serverDir.resolve("store"));
        server.createBucket("lab-out");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void export() throws Exception {
        server.useItsCredentials();
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "3", "--dir", home.resolve("demo").toString(), "--json");
        assertEquals(0, demo.exit(), demo.err());
        JSON.readTree(demo.out()).get("episodes").forEach(n -> ids.add(n.asText()));
        assertEquals(0, TestCliContext.run(home, "review", ids.get(0), ids.get(1), ids.get(2), "--decision", "accept").exit());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "ship", "--episodes", ids.get(0), ids.get(1)).exit());
        assertEquals(0, TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString()).exit());
        key = home.resolve("keys").resolve(SigningKeys.PRIVATE_KEY_FILE);
        bundle = home.resolve("exports/ship");
        TestCliContext.Result r = TestCliContext.run(home, PASS, "export", "ship", "--format", "manifest", "--out", bundle.toString(),
                "--key", key.toString(), "--json");
        assertEquals(0, r.exit(), r.err() + r.out());
    }

    @AfterEach
    void forget() {
        S3Server.forgetCredentials();
    }

    @Test
    void deliverShareAndRecallWithPurge() throws Exception {
        TestCliContext.Result d = TestCliContext.run(home, "deliver", bundle.toString(), "--to", "s3://lab-out/acme",
                "--endpoint", server.endpoint().toString(), "--verify", "full", "--json");
        assertEquals(0, d.exit(), d.err() + d.out());
        JsonNode delivered = JSON.readTree(d.out());
        List<String> fields = new ArrayList<>();
        delivered.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("delivery_id", "destination", "objects", "verified"), fields);
        assertTrue(delivered.get("verified").asBoolean());
        assertEquals("s3://lab-out/acme", delivered.get("destination").asText());
        String deliveryId = delivered.get("delivery_id").asText();
        Set<String> keys = new HashSet<>();
        try (S3Client s3 = server.client()) {
            for (JsonNode o : delivered.get("objects")) {
                List<String> of = new ArrayList<>();
                o.fieldNames().forEachRemaining(of::add);
                assertEquals(List.of("key", "size", "sha256"), of);
                byte[] bytes = s3.getObjectAsBytes(q -> q.bucket("lab-out").key(o.get("key").asText())).asByteArray();
                assertEquals(o.get("size").asLong(), bytes.length);
                assertEquals(o.get("sha256").asText(), Digests.sha256Hex(bytes));
                keys.add(o.get("key").asText());
            }
        }
        assertTrue(keys.contains("acme/ship/signature.jws"), keys.toString());

        Path usb = Files.createDirectories(home.resolve("usb"));
        TestCliContext.Result folder = TestCliContext.run(home, "deliver", bundle.toString(), "--to", usb.toString(), "--json");
        assertEquals(0, folder.exit(), folder.err() + folder.out());
        String folderDelivery = JSON.readTree(folder.out()).get("delivery_id").asText();

        TestCliContext.Result share = TestCliContext.run(home, "share", deliveryId, "--expires", "7d", "--json");
        assertEquals(0, share.exit(), share.err() + share.out());
        JsonNode links = JSON.readTree(share.out());
        Instant expires = Instant.parse(links.get("expires_at").asText());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(6 * 86400)) && expires.isBefore(Instant.now().plusSeconds(7 * 86400 + 60)));
        JsonNode linksFile = JSON.readTree(Path.of(links.get("links_file").asText()).toFile());
        assertEquals(delivered.get("objects").size(), linksFile.get("links").size());
        HttpClient http = HttpClient.newHttpClient();
        for (JsonNode l : linksFile.get("links")) {
            // A presigned link works without any credentials: a plain HTTP GET.
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(l.get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode(), l.get("key").asText());
            assertEquals(l.get("sha256").asText(), Digests.sha256Hex(got.body()));
        }
        try (Catalog c = Catalog.open(home.resolve("catalog.db"))) {
            var run = c.deliveries().find(deliveryId).orElseThrow();
            assertEquals(expires.getEpochSecond(), run.expiresAtNs() / 1_000_000_000L);
        }
        assertEquals("share.not_a_bucket", JSON.readTree(TestCliContext.run(home, "share", folderDelivery, "--expires", "1d", "--json").out())
                .get("error").get("code").asText());
        assertEquals("share.bad_expiry", JSON.readTree(TestCliContext.run(home, "share", deliveryId, "--expires", "8d", "--json").out())
                .get("error").get("code").asText());

        Path noticeDir = home.resolve("notices/first");
        TestCliContext.Result recall = TestCliContext.run(home, PASS, "recall", "create", "--episodes", ids.get(0), "--reason",
                "consent withdrawn", "--key", key.toString(), "--purge", "--out", noticeDir.toString(), "--json");
        assertEquals(0, recall.exit(), recall.err() + recall.out());
        JsonNode rc = JSON.readTree(recall.out());
        List<String> rcFields = new ArrayList<>();
        rc.fieldNames().forEachRemaining(rcFields::add);
        assertEquals(List.of("recall_id", "episodes", "bundles", "deliveries", "notice"), rcFields);
        assertEquals(List.of(ids.get(0)), JSON.convertValue(rc.get("episodes"), List.class));
        assertEquals(1, rc.get("bundles").size());
        assertEquals(bundle.toAbsolutePath().toString(), Path.of(rc.get("bundles").get(0).get("path").asText()).toAbsolutePath().toString());
        Set<String> recalledDeliveries = new HashSet<>();
        rc.get("deliveries").forEach(x -> recalledDeliveries.add(x.get("delivery_id").asText() + " " + x.get("destination").asText()));
        assertEquals(Set.of(deliveryId + " s3://lab-out/acme", folderDelivery + " " + usb.toAbsolutePath()), recalledDeliveries);
        assertEquals(noticeDir.toString(), rc.get("notice").asText());

        // The notice, checked by nimbus-jose-jwt: the JWS verifies with the signer's public key and its payload is the
        // RFC 8785 canonical form of recall.json.
        String compact = Files.readString(noticeDir.resolve("recall.jws")).strip();
        JWSObject jws = JWSObject.parse(compact);
        OctetKeyPair pub = new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(Ed25519Keys.raw(SigningKeys.loadPublic(home.resolve("keys").resolve(SigningKeys.PUBLIC_KEY_FILE))))).build();
        assertTrue(jws.verify(new Ed25519Verifier(pub)), "nimbus verifies the notice");
        byte[] canonical = new JsonCanonicalizer(Files.readAllBytes(noticeDir.resolve("recall.json"))).getEncodedUTF8();
        assertEquals(new String(canonical, StandardCharsets.UTF_8), jws.getPayload().toString());
        JsonNode notice = JSON.readTree(noticeDir.resolve("recall.json").toFile());
        assertEquals(rc.get("recall_id").asText(), notice.get("recall_id").asText());
        assertEquals("consent withdrawn", notice.get("reason").asText());
        assertTrue(Files.readString(noticeDir.resolve("recall.md")).contains(ids.get(0)));
        Set<String> toDelete = new HashSet<>();
        notice.get("delete").forEach(x -> toDelete.add(x.get("location").asText()));
        for (String k : keys) assertTrue(toDelete.contains("s3://lab-out/" + k), k + " is on the delete list");
        assertTrue(toDelete.contains(usb.toAbsolutePath().resolve("ship/signature.jws").toString()), toDelete.toString());
        boolean holds = false;
        for (JsonNode x : notice.get("delete")) holds |= x.get("holds_episodes").toString().contains(ids.get(0));
        assertTrue(holds, "the files holding the episode's data are named");

        // Purged: every delivered object is gone from the bucket, each result recorded.
        assertTrue(notice.at("/purge/requested").asBoolean());
        assertEquals(keys.size(), notice.at("/purge/results").size());
        notice.at("/purge/results").forEach(x -> assertEquals("deleted", x.get("result").asText(), x.toString()));
        try (S3Client s3 = server.client()) {
            List<String> left = new ArrayList<>();
            s3.listObjectsV2Paginator(q -> q.bucket("lab-out").prefix("acme/ship/")).contents().forEach(o -> left.add(o.key()));
            assertEquals(List.of(), left);
        }
        try (Catalog c = Catalog.open(home.resolve("catalog.db"))) {
            assertEquals("purged", c.deliveries().find(deliveryId).orElseThrow().status());
            assertEquals("verified", c.deliveries().find(folderDelivery).orElseThrow().status(), "a folder delivery is left to its receiver");
        }

        // Never in a subset again; history kept.
        TestCliContext.Result refused = TestCliContext.run(home, "subset", "create", "again", "--episodes", ids.get(0), "--json");
        assertEquals(2, refused.exit(), refused.out());
        JsonNode err = JSON.readTree(refused.out()).get("error");
        assertEquals("subset.ineligible", err.get("code").asText());
        assertTrue(err.get("message").asText().contains("recalled"), err.toString());
        TestCliContext.Result episodes = TestCliContext.run(home, "episodes", "--json");
        boolean kept = false;
        for (JsonNode e : JSON.readTree(episodes.out()).get("episodes")) kept |= e.get("episode_id").asText().equals(ids.get(0));
        assertTrue(kept, "the recalled episode stays in the catalog");

        // verify --recalls: the bundle holds the recalled episode.
        TestCliContext.Result v = TestCliContext.run(home, "verify", bundle.toString(), "--recalls", noticeDir.toString(), "--json");
        assertEquals(3, v.exit(), v.out());
        JsonNode findings = JSON.readTree(v.out()).get("findings");
        assertTrue(findings.size() > 0);
        findings.forEach(f -> assertEquals("recall.recalled_episode", f.get("code").asText(), f.toString()));
        assertTrue(findings.toString().contains(ids.get(0)));
        // A tampered notice is not trusted.
        Path forged = home.resolve("notices/forged");
        Files.createDirectories(forged);
        Files.writeString(forged.resolve("recall.json"), Files.readString(noticeDir.resolve("recall.json")).replace(ids.get(0), ids.get(2)));
        Files.copy(noticeDir.resolve("recall.jws"), forged.resolve("recall.jws"));
        TestCliContext.Result vf = TestCliContext.run(home, "verify", bundle.toString(), "--recalls", forged.toString(), "--json");
        assertEquals(3, vf.exit(), vf.out());
        assertEquals("recall.notice_invalid", JSON.readTree(vf.out()).get("findings").get(0).get("code").asText());

        // list and show.
        JsonNode list = JSON.readTree(TestCliContext.run(home, "recall", "list", "--json").out());
        assertEquals(1, list.get("recalls").size());
        assertEquals(rc.get("recall_id").asText(), list.get("recalls").get(0).get("recall_id").asText());
        JsonNode show = JSON.readTree(TestCliContext.run(home, "recall", "show", rc.get("recall_id").asText(), "--json").out());
        assertEquals(notice, show.get("notice_json"));
        assertNotNull(show.get("notice").asText());
        assertEquals("recall.not_found", JSON.readTree(TestCliContext.run(home, "recall", "show", "recall_nope", "--json").out())
                .get("error").get("code").asText());
    }

    @Test
    void aRecallOfAnUnknownEpisodeRecordsNothing() throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, PASS, "recall", "create", "--episodes", ids.get(0), "ep_nope", "--reason", "x",
                "--key", key.toString(), "--json");
        assertEquals(2, r.exit(), r.out());
        JsonNode err = JSON.readTree(r.out()).get("error");
        assertEquals("recall.no_episode", err.get("code").asText());
        assertEquals("ep_nope", err.get("field").asText());
        assertEquals(0, JSON.readTree(TestCliContext.run(home, "recall", "list", "--json").out()).get("recalls").size());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "still", "--episodes", ids.get(0)).exit());
    }

    @Test
    void wrongCredentialsAndAMissingBucketAreClearErrorsFromTheCli() throws Exception {
        S3Server.forgetCredentials();
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", "wrong-secret");
        try {
            JsonNode e = JSON.readTree(TestCliContext.run(home, "deliver", bundle.toString(), "--to", "s3://lab-out/x",
                    "--endpoint", server.endpoint().toString(), "--json").out()).get("error");
            assertEquals("deliver.access_denied", e.get("code").asText());
            assertEquals("s3://lab-out/x", e.get("file").asText());
            assertFalse(e.toString().contains("wrong-secret"));
        } finally {
            S3Server.forgetCredentials();
        }
        server.useItsCredentials();
        TestCliContext.Result r = TestCliContext.run(home, "deliver", bundle.toString(), "--to", "s3://missing-bucket/x",
                "--endpoint", server.endpoint().toString(), "--json");
        assertEquals(2, r.exit());
        JsonNode e = JSON.readTree(r.out()).get("error");
        assertEquals("deliver.no_bucket", e.get("code").asText());
        assertEquals("s3://missing-bucket/x", e.get("file").asText());
    }
}
