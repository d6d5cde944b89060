package packaging.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import packaging.Finding;
import pipeline.Digests;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import store.Cancellation;
import store.Clock;
import store.ProgressSink;

/**
 * Delivery to an S3-compatible bucket: each bundle file becomes the object {@code PREFIX/<bundle-name>/<path>}, uploaded
 * by {@link S3Upload} in delivery order (manifests and signature last), then checked where it landed: by HEAD, the
 * size and the server's SHA-256 checksum of every object; with {@link Delivery.Verify#FULL}, every object downloaded
 * and hashed again. The delivery record goes to {@code PREFIX/deliveries/<id>.json}, beside the bundle's prefix.
 */
final class S3Delivery {
    private S3Delivery() { }

    static void preflight(Destination.Bucket b) {
        try (S3Client s3 = S3Access.client(b, 1)) {
            S3Access.checkBucket(s3, b);
        }
    }

    static Delivery.Transfer transfer(java.nio.file.Path bundle, Destination.Bucket b, List<BundleFiles.File> files,
                                      Map<String, String> sha, Delivery.Verify verify, UploadOptions options,
                                      ProgressSink progress, Cancellation cancel) {
        long total = 0;
        for (BundleFiles.File f : files) total += f.size();
        String base = b.key(bundle.getFileName().toString());
        List<S3Upload.Uploaded> uploaded = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        try (S3AsyncClient s3 = S3Access.asyncClient(b, options.parallelParts());
             S3Upload up = new S3Upload(s3, b, options, total, progress, cancel)) {
            S3Access.checkBucket(s3, b);
            List<BundleFiles.File> payload = files.stream().filter(f -> !BundleFiles.describesPayload(f)).toList();
            uploaded.addAll(up.uploadAll(payload, f -> base + "/" + f.rel()));
            long payloadDone = Clock.nowNs();
            payload.forEach(f -> times.add(payloadDone));
            for (BundleFiles.File f : files.subList(payload.size(), files.size())) {
                uploaded.add(up.upload(f.path(), f.size(), base + "/" + f.rel()));
                times.add(Clock.nowNs());
            }
            List<Finding> findings = new ArrayList<>();
            List<Delivery.DeliveredObject> objects = new ArrayList<>();
            long checked = 0;
            for (int i = 0; i < files.size(); i++) {
                cancel.check();
                BundleFiles.File f = files.get(i);
                S3Upload.Uploaded u = uploaded.get(i);
                String expectedSha = sha.get(f.rel());
                List<Finding> mine = verify == Delivery.Verify.FULL ? full(s3, b, u, expectedSha) : head(up, u);
                findings.addAll(mine);
                objects.add(new Delivery.DeliveredObject(u.key(), "s3://" + b.bucket() + "/" + u.key(), u.size(), expectedSha,
                        u.etag(), u.requestId(), mine.isEmpty() ? "verified" : "failed", times.get(i)));
                checked += f.size();
                progress.update(checked, total, "verifying " + u.key());
            }
            return new Delivery.Transfer(objects, findings, null);
        }
    }

    /** Size and the checksum the server computed when it stored the object, against what Curio sent. */
    private static List<Finding> head(S3Upload up, S3Upload.Uploaded u) {
        HeadObjectResponse h;
        try {
            h = up.head(u.key());
        } catch (SdkException e) {
            return List.of(new Finding("deliver.object_missing", u.key(), "cannot read the object's metadata: " + e.getMessage()));
        }
        if (h == null) return List.of(new Finding("deliver.object_missing", u.key(), "the object is not in the bucket"));
        if (h.contentLength() != u.size()) {
            return List.of(new Finding("deliver.size_mismatch", u.key(), "the object has " + h.contentLength() + " bytes, the file " + u.size()));
        }
        if (h.checksumSHA256() == null) {
            return List.of(new Finding("deliver.no_checksum", u.key(), "the server reports no SHA-256 checksum for the object; use --verify full"));
        }
        String got = stripType(h.checksumSHA256());
        if (!got.equals(u.expectedChecksum())) {
            return List.of(new Finding("deliver.checksum_mismatch", u.key(), "the server's SHA-256 checksum is " + got + ", Curio sent "
                    + u.expectedChecksum()));
        }
        return List.of();
    }

    /** Downloads the object and compares its SHA-256 with the bundle's manifest. */
    private static List<Finding> full(S3AsyncClient s3, Destination.Bucket b, S3Upload.Uploaded u, String expectedHex) {
        MessageDigest sha = Digests.sha256();
        long n = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = S3Upload.join(s3.getObject(r -> r.bucket(b.bucket()).key(u.key()),
                AsyncResponseTransformer.toBlockingInputStream()))) {
            int r;
            while ((r = in.read(buf)) > 0) {
                sha.update(buf, 0, r);
                n += r;
            }
        } catch (SdkException e) {
            return List.of(new Finding("deliver.object_missing", u.key(), "cannot download the object: " + e.getMessage()));
        } catch (IOException e) {
            return List.of(new Finding("deliver.object_missing", u.key(), "the download broke off: " + e.getMessage()));
        }
        if (n != u.size()) return List.of(new Finding("deliver.size_mismatch", u.key(), "downloaded " + n + " bytes, the file has " + u.size()));
        String got = Delivery.hex(sha.digest());
        if (!got.equalsIgnoreCase(expectedHex)) {
            return List.of(new Finding("deliver.checksum_mismatch", u.key(), "the downloaded object's sha256 is " + got + ", the bundle says " + expectedHex));
        }
        return List.of();
    }

    /** Some servers append the checksum type (e.g. {@code -N} is kept; a trailing {@code " COMPOSITE"} is not). */
    private static String stripType(String checksum) {
        int space = checksum.indexOf(' ');
        return space < 0 ? checksum : checksum.substring(0, space);
    }

    static void putRecord(Destination.Bucket b, DeliveryRecord record, Cancellation cancel) {
        cancel.check();
        byte[] bytes = record.bytes();
        String key = b.key(Delivery.RECORDS_DIR + "/" + record.deliveryId() + ".json");
        try (S3Client s3 = S3Access.client(b, 1)) {
            s3.putObject(r -> r.bucket(b.bucket()).key(key).contentType("application/json").contentLength((long) bytes.length)
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(S3Upload.b64(Digests.sha256().digest(bytes))),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw S3Access.error(e, b, key);
        }
    }
}
