package packaging.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import packaging.Finding;
import packaging.bundle.Durability;
import store.Clock;
import store.CurioException;

/**
 * The delivery manifest of seed 000: every object sent, with its destination, status, checksum, ETag, provider request
 * id and delivery time, plus who delivered it and when. The same JSON is kept beside the bundle and beside the delivery.
 */
record DeliveryRecord(String deliveryId, String manifestId, String bundleName, Destination destination, Delivery.Verify verify,
                      String status, long startedAtNs, long finishedAtNs, String actor, List<Delivery.DeliveredObject> objects,
                      List<Finding> findings) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode json() {
        ObjectNode m = JSON.createObjectNode();
        m.put("delivery_id", deliveryId);
        m.put("manifest_id", manifestId);
        m.put("bundle", bundleName);
        m.put("destination", destination.display());
        m.put("kind", destination.kind());
        if (destination instanceof Destination.Bucket b) {
            m.put("endpoint", b.endpoint() == null ? null : b.endpoint().toString());
            m.put("region", S3Access.region(b).id());
            m.put("profile", b.profile());
            m.put("verify", verify.name().toLowerCase(java.util.Locale.ROOT));
        } else {
            m.put("verify", "bundle");
        }
        m.put("status", status);
        m.put("started_at", Clock.toInstant(startedAtNs).toString());
        m.put("finished_at", Clock.toInstant(finishedAtNs).toString());
        m.put("delivered_by", actor);
        ArrayNode arr = m.putArray("objects");
        for (Delivery.DeliveredObject o : objects) {
            arr.addObject().put("key", o.key()).put("destination", o.destination()).put("size_bytes", o.sizeBytes())
                    .put("sha256", o.sha256()).put("etag", o.etag()).put("provider_request_id", o.requestId())
                    .put("status", o.status()).put("delivered_at", Clock.toInstant(o.deliveredAtNs()).toString());
        }
        ArrayNode f = m.putArray("findings");
        for (Finding x : findings) f.addObject().put("code", x.code()).put("file", x.file()).put("message", x.message());
        return m;
    }

    byte[] bytes() {
        try {
            return (JSON.writeValueAsString(json()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    /** Written under a temporary name, forced to storage, then renamed: a reader never sees half a record. */
    void writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(tmp, bytes());
            Durability.file(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Durability.directory(file.getParent());
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, "cannot write the delivery record: " + e.getMessage(), e);
        }
    }
}
