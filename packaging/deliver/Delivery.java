package packaging.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import packaging.Finding;
import packaging.StrictJson;
import packaging.bagit.BagChecksums;
import packaging.bundle.BundleWriter;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import pipeline.Digests;
import store.Cancellation;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.DeliveryRecords;
import store.ProgressSink;

/**
 * Delivers a bundle to a folder or a bucket and records what arrived. The delivery is recorded as under way before
 * the first byte goes out; an interrupted delivery of the same bundle to the same destination is resumed under the
 * same id. When the transfer is done, what landed is verified there, and the delivery record (seed 000's delivery
 * manifest: destination, every object with key, size, SHA-256, ETag and provider request id, status, times, who) is
 * stored in the catalog, written as {@code deliveries/<id>.json} beside the bundle and beside what was delivered
 * (a file in the folder, an object under the bucket prefix).
 */
public final class Delivery {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a bucket delivery is checked where it landed; a folder delivery always re-verifies the whole bundle. */
    public enum Verify {
        /** size and the server's SHA-256 checksum of every object, by HEAD */
        HEAD,
        /** every object downloaded and its SHA-256 recomputed */
        FULL;

        public static Verify parse(String s) {
            return switch (s == null ? "head" : s.toLowerCase(java.util.Locale.ROOT)) {
                case "head" -> HEAD;
                case "full" -> FULL;
                default -> throw new CurioException("deliver.bad_verify", null, "--verify", "--verify is head or full, not " + s);
            };
        }
    }

    public record Request(Path bundle, Destination to, Verify verify, String actor) { }

    /** One delivered object; {@code key} is the object key, or the path relative to the destination folder. */
    public record DeliveredObject(String key, String destination, long sizeBytes, String sha256, String etag, String requestId,
                                  String status, long deliveredAtNs) { }

    /**
     * @param delivered for a folder, the copy of the bundle; null for a bucket
     * @param resumed   an unfinished delivery of this bundle to this destination was taken up again
     */
    public record Result(String deliveryId, String manifestId, Destination destination, boolean ok, List<DeliveredObject> objects,
                         List<Finding> findings, Path record, Path delivered, boolean resumed) { }

    /** What a transport hands back: the objects as they arrived and what the check where they landed found. */
    record Transfer(List<DeliveredObject> objects, List<Finding> findings, Path delivered) { }

    static final String RECORDS_DIR = "deliveries";

    private Delivery() { }

    public static Result deliver(Catalog catalog, Request req, ProgressSink progress, Cancellation cancel) {
        return deliver(catalog, req, UploadOptions.DEFAULT, progress, cancel);
    }

    /** @param options how a bucket delivery uploads (part size, parts at once, a listener); ignored for a folder */
    public static Result deliver(Catalog catalog, Request req, UploadOptions options, ProgressSink progress, Cancellation cancel) {
        Path bundle = req.bundle().toAbsolutePath().normalize();
        if (!Files.isRegularFile(bundle.resolve(BundleWriter.MANIFEST_FILE), LinkOption.NOFOLLOW_LINKS)) {
            throw new CurioException("deliver.not_a_bundle", req.bundle().toString(), null, "no " + BundleWriter.MANIFEST_FILE + " in the folder");
        }
        refuseUnsound(bundle);
        String manifestId = manifestId(bundle);
        String where = req.to().display();
        var unfinished = catalog.deliveries().unfinished(manifestId, where);
        String id = unfinished.map(DeliveryRecords.Run::deliveryId).orElseGet(() -> "dlv_" + UUID.randomUUID().toString().replace("-", ""));
        long started = unfinished.map(DeliveryRecords.Run::startedAtNs).orElseGet(Clock::nowNs);
        List<BundleFiles.File> files = BundleFiles.inDeliveryOrder(bundle);
        Map<String, String> sha = checksums(bundle, files);
        Destination.Bucket bucket = req.to() instanceof Destination.Bucket b ? b : null;
        if (unfinished.isEmpty()) {
            // Checked before the delivery is recorded, so a typo in the destination leaves nothing to resume.
            if (bucket != null) S3Delivery.preflight(bucket);
            else FolderDelivery.preflight(bundle, ((Destination.Folder) req.to()).dir(), files);
            catalog.deliveries().begin(new DeliveryRecords.Run(id, manifestId, bundle.toString(), req.to().kind(), where,
                    bucket == null || bucket.endpoint() == null ? null : bucket.endpoint().toString(),
                    bucket == null ? null : bucket.region(), bucket == null ? null : bucket.profile(), "in_progress",
                    req.actor(), started, null, null, null, null));
        }
        Transfer t = bucket != null
                ? S3Delivery.transfer(bundle, bucket, files, sha, req.verify(), options, progress, cancel)
                : FolderDelivery.transfer(bundle, ((Destination.Folder) req.to()).dir(), files, unfinished.isPresent(), progress, cancel);
        boolean ok = t.findings().isEmpty() && t.objects().stream().allMatch(o -> o.status().equals("verified"));
        long finished = Clock.nowNs();
        DeliveryRecord record = new DeliveryRecord(id, manifestId, bundle.getFileName().toString(), req.to(), req.verify(),
                ok ? "verified" : "failed", started, finished, req.actor(), t.objects(), t.findings());
        Path recordFile = bundle.resolveSibling(RECORDS_DIR).resolve(id + ".json");
        record.writeTo(recordFile);
        if (bucket != null) S3Delivery.putRecord(bucket, record, cancel);
        else record.writeTo(((Destination.Folder) req.to()).dir().toAbsolutePath().resolve(RECORDS_DIR).resolve(id + ".json"));
        List<DeliveryRecords.DeliveredObject> rows = new ArrayList<>();
        for (DeliveredObject o : t.objects()) {
            rows.add(new DeliveryRecords.DeliveredObject(o.key(), o.destination(), o.sizeBytes(), o.sha256(), o.etag(), o.requestId(),
                    o.status(), o.deliveredAtNs()));
        }
        catalog.deliveries().finish(id, record.status(), finished, recordFile.toString(), rows, req.actor(),
                JSON.createObjectNode().put("destination", where).put("status", record.status()).put("objects", rows.size()).toString());
        return new Result(id, manifestId, req.to(), ok, t.objects(), t.findings(), recordFile, t.delivered(), unfinished.isPresent());
    }

    /**
     * Refuses, before anything is recorded or sent, a bundle that does not hold together: links, paths leaving the
     * bundle, entries or JSON keys given twice, sizes that differ from what is declared, tag files too large to be
     * ones, a signature that does not hold. Only the payload's checksums are left to the check where it lands.
     */
    private static void refuseUnsound(Path bundle) {
        VerifyReport report = BundleVerifier.structure(bundle);
        if (report.ok()) return;
        StringBuilder why = new StringBuilder("the bundle does not hold together; nothing was delivered:");
        for (Finding f : report.findings()) {
            why.append("\n  ").append(f.code()).append(' ').append(f.file() == null ? "" : f.file()).append(": ").append(f.message());
        }
        Finding first = report.findings().get(0);
        throw new CurioException("deliver.bad_bundle", bundle.toString(), first.file(), why.toString());
    }

    /**
     * The SHA-256 of every file as the bag's manifests record it; a file they do not list (the tag manifest itself)
     * is hashed here. A large payload file is then not read a second time just to name its hash.
     */
    private static Map<String, String> checksums(Path bundle, List<BundleFiles.File> files) {
        Map<String, String> sha;
        try {
            sha = BagChecksums.read(bundle);
        } catch (IOException e) {
            throw new CurioException("deliver.not_a_bundle", bundle.toString(), null, "unreadable bag manifests: " + e.getMessage(), e);
        }
        for (BundleFiles.File f : files) sha.computeIfAbsent(f.rel(), k -> Digests.sha256Hex(f.path()));
        return sha;
    }

    static String manifestId(Path bundle) {
        try {
            JsonNode m = StrictJson.MAPPER.readTree(bundle.resolve(BundleWriter.MANIFEST_FILE).toFile());
            String id = m.path("manifest_id").asText("");
            if (id.isEmpty()) throw new CurioException("deliver.not_a_bundle", BundleWriter.MANIFEST_FILE, "manifest_id", "the manifest has no manifest_id");
            return id;
        } catch (IOException e) {
            throw new CurioException("deliver.not_a_bundle", BundleWriter.MANIFEST_FILE, null, "unreadable manifest: " + e.getMessage(), e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
