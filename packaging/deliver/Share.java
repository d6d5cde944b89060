package packaging.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.DeliveryRecords;

/**
 * Expiring links to a bucket delivery (seed 000: "object-store signed links"): a presigned GET for every object,
 * written to a file for the receiver, and the expiry recorded with the delivery. Presigning is local: the links are
 * signed with the credentials of the standard chain and nothing is sent to the server.
 */
public final class Share {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** SigV4 presigned URLs live at most seven days. */
    public static final Duration MAX_EXPIRY = Duration.ofDays(7);
    private static final Pattern DURATION = Pattern.compile("(\\d+)([dhm])");

    public record Link(String key, String url, long sizeBytes, String sha256) { }

    public record Result(String deliveryId, String destination, Instant expiresAt, Path linksFile, List<Link> links) { }

    private Share() { }

    /** {@code 7d}, {@code 36h}, {@code 90m}. */
    public static Duration parseExpiry(String s) {
        Matcher m = DURATION.matcher(s == null ? "" : s.trim());
        if (!m.matches()) throw new CurioException("share.bad_expiry", null, "--expires", "--expires is a number and d, h or m (e.g. 7d), not " + s);
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.isZero() || d.compareTo(MAX_EXPIRY) > 0) {
            throw new CurioException("share.bad_expiry", null, "--expires", "presigned links last from 1 minute to 7 days, not " + s);
        }
        return d;
    }

    /**
     * @param out the links file, or null for {@code deliveries/<id>.links.json} beside the bundle
     * @throws CurioException {@code delivery.not_found}, {@code share.not_a_bucket} (a folder delivery has no links),
     *         {@code share.not_verified} (only a verified delivery is shared)
     */
    public static Result share(Catalog catalog, String deliveryId, Duration expires, Path out, String actor) {
        DeliveryRecords.Run run = catalog.deliveries().find(deliveryId)
                .orElseThrow(() -> new CurioException("delivery.not_found", null, deliveryId, "no delivery " + deliveryId + " in the catalog"));
        if (!"s3".equals(run.kind())) {
            throw new CurioException("share.not_a_bucket", run.destination(), null, "links are for bucket deliveries; this one went to a folder");
        }
        if (!"verified".equals(run.status())) {
            throw new CurioException("share.not_verified", run.destination(), "status", "the delivery is " + run.status() + ", not verified");
        }
        Destination.Bucket b = (Destination.Bucket) Destination.parse(run.destination(), run.endpoint(), run.region(), run.profile());
        Instant expiresAt = Instant.now().plus(expires);
        List<Link> links = new ArrayList<>();
        try (S3Presigner presigner = S3Access.presigner(b)) {
            for (DeliveryRecords.DeliveredObject o : catalog.deliveries().objects(deliveryId)) {
                String url = presigner.presignGetObject(p -> p.signatureDuration(expires).getObjectRequest(g -> g.bucket(b.bucket()).key(o.key())))
                        .url().toString();
                links.add(new Link(o.key(), url, o.sizeBytes(), o.sha256()));
            }
        } catch (SdkException e) {
            throw S3Access.error(e, b, null);
        }
        Path file = out != null ? out : Path.of(run.bundlePath()).resolveSibling(Delivery.RECORDS_DIR).resolve(deliveryId + ".links.json");
        ObjectNode doc = JSON.createObjectNode().put("delivery_id", deliveryId).put("manifest_id", run.manifestId())
                .put("destination", run.destination()).put("expires_at", expiresAt.toString());
        ArrayNode arr = doc.putArray("links");
        for (Link l : links) arr.addObject().put("key", l.key()).put("url", l.url()).put("size_bytes", l.sizeBytes()).put("sha256", l.sha256());
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(doc) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, "cannot write the links: " + e.getMessage(), e);
        }
        long expiresNs = expiresAt.getEpochSecond() * 1_000_000_000L + expiresAt.getNano();
        catalog.deliveries().shared(deliveryId, expiresNs, file.toAbsolutePath().toString(), actor);
        return new Result(deliveryId, run.destination(), Clock.toInstant(expiresNs), file.toAbsolutePath(), links);
    }
}
