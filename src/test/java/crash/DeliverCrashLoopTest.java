package crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.bagit.BagChecksums;
import packaging.bundle.BundleWriter;
import packaging.deliver.DeliveryFixture;
import packaging.deliver.S3Server;
import packaging.verify.BundleVerifier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import store.Catalog;
import store.DeliveryRecords;

/**
 * A delivery killed with SIGKILL at a random moment, 50 times and more, alternately to a folder and to a bucket (a
 * real S3 server on 127.0.0.1), each run taking up what the last kill left: the catalog passes SQLite's integrity
 * check; a copy at the bundle's name in the folder verifies; a bucket that holds the signature holds every object of
 * the bundle at its size (nothing looks complete before it is); a delivery recorded as verified is whole where it
 * landed; and a final run completes.
 */
class DeliverCrashLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKilledDeliveryNeverLooksCompleteWhereItLandsBeforeItIs() throws Exception {
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            server.createBucket("crash");
            Path db = dir.resolve("catalog.db");
            Path bundle;
            try (Catalog c = Catalog.open(db)) {
                bundle = DeliveryFixture.bundle(dir, c, "mf_crash", 12 << 20).bundle();
            }
            Map<String, String> sha = BagChecksums.read(bundle);
            Map<String, Long> sizes = new HashMap<>();
            try (var walk = Files.walk(bundle)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) sizes.put(bundle.relativize(p).toString(), Files.size(p));
            }
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
            String endpoint = server.endpoint().toString();

            KillLoop loop = new KillLoop("deliver");
            int[] round = {0, 0};
            assertTrue(loop.measure(env, CrashChild.class.getName(), "deliver", db.toString(), bundle.toString(),
                    dir.resolve("usb-0").toString()).finished());
            round[0]++;
            int attempts = 0;
            while (!loop.enough() && attempts++ < 4 * KillLoop.KILLS) {
                boolean folder = attempts % 2 == 0;
                String to = folder ? dir.resolve("usb-" + round[0]).toString() : "s3://crash/round-" + round[1];
                Files.createDirectories(dir.resolve("usb-" + round[0]));
                KillLoop.Run r = folder
                        ? loop.killAtRandom(env, CrashChild.class.getName(), "deliver", db.toString(), bundle.toString(), to)
                        : loop.killAtRandom(env, CrashChild.class.getName(), "deliver", db.toString(), bundle.toString(), to, endpoint);
                KillLoop.assertIntact(db);
                check(db, bundle, server, sizes, sha, r);
                if (r.finished()) round[folder ? 0 : 1]++;
            }
            loop.print();
            assertTrue(loop.enough(), "killed " + loop.kills() + " times");

            for (String to : new String[]{dir.resolve("usb-" + round[0]).toString(), "s3://crash/round-" + round[1]}) {
                KillLoop.Run rerun = to.startsWith("s3://")
                        ? new KillLoop("deliver re-run").measure(env, CrashChild.class.getName(), "deliver", db.toString(), bundle.toString(), to, endpoint)
                        : new KillLoop("deliver re-run").measure(env, CrashChild.class.getName(), "deliver", db.toString(), bundle.toString(), to);
                assertTrue(rerun.finished(), "a re-run to " + to + " after the kills completes: " + rerun.lines());
                check(db, bundle, server, sizes, sha, rerun);
            }
        }
    }

    /** What every destination holds after a kill, checked against the catalog's delivery records. */
    private void check(Path db, Path bundle, S3Server server, Map<String, Long> sizes, Map<String, String> sha, KillLoop.Run r)
            throws Exception {
        String when = " after a kill at " + r.killAfterMs() + " ms: " + r.lines();
        String name = bundle.getFileName().toString();
        try (var usbs = Files.list(dir)) {
            for (Path usb : usbs.filter(p -> p.getFileName().toString().startsWith("usb-")).toList()) {
                Path landed = usb.resolve(name);
                if (Files.exists(landed)) assertTrue(BundleVerifier.verify(landed, null).ok(), landed + " is at its name, so it is whole" + when);
                Path partial = BundleWriter.partialOf(landed);
                if (Files.isDirectory(partial) && BundleVerifier.verify(partial, null).ok()) {
                    assertEquals(sizes.keySet().size(), count(partial), partial + " verifies, so it holds every file" + when);
                }
            }
        }
        Map<String, Map<String, Long>> buckets = new HashMap<>();
        try (S3Client s3 = server.client()) {
            for (S3Object o : s3.listObjectsV2Paginator(q -> q.bucket("crash")).contents()) {
                String key = o.key();
                int slash = key.indexOf("/" + name + "/");
                if (slash < 0) continue;
                buckets.computeIfAbsent(key.substring(0, slash), k -> new HashMap<>()).put(key.substring(slash + name.length() + 2), o.size());
            }
        }
        for (Map.Entry<String, Map<String, Long>> b : buckets.entrySet()) {
            if (!b.getValue().containsKey(BundleWriter.SIGNATURE_FILE)) continue;
            assertEquals(sizes, b.getValue(), "s3://crash/" + b.getKey() + " holds the signature, so it holds the whole bundle" + when);
        }
        try (Catalog c = Catalog.open(db)) {
            for (DeliveryRecords.Run run : c.deliveries().list(null)) {
                if (!run.status().equals("verified")) continue;
                if (run.kind().equals("folder")) {
                    assertTrue(BundleVerifier.verify(Path.of(run.destination()).resolve(name), null).ok(),
                            run.deliveryId() + " is recorded verified, so its folder holds the bundle" + when);
                } else {
                    String prefix = run.destination().substring("s3://crash/".length());
                    assertEquals(sizes, buckets.get(prefix), run.deliveryId() + " is recorded verified, so the bucket holds the bundle" + when);
                }
            }
        }
        assertTrue(sha.size() > 3, "the bag lists its files");
    }

    private static long count(Path folder) throws Exception {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
