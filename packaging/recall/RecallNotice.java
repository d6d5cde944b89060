package packaging.recall;

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
import packaging.bundle.Durability;
import packaging.sign.ManifestSigner;
import packaging.sign.SigningKey;
import store.Clock;
import store.CurioException;
import store.DeliveryRecords;
import store.RecallRecords;

/**
 * The recall notice folder: {@code recall.json} (what is recalled, why, and every file or object receivers must
 * delete), {@code recall.md} (the same for people) and {@code recall.jws}, a compact EdDSA JWS whose payload is the
 * RFC 8785 canonical form of {@code recall.json}, signed like a bundle manifest.
 */
record RecallNotice(String recallId, long createdAtNs, String actor, String reason, List<String> episodes,
                    List<RecallRecords.BundleHolding> bundles, List<DeliveryRecords.Run> deliveries, List<Recalls.Target> targets,
                    boolean purgeRequested, List<Recalls.Purged> purged, String keyId) {
    static final String JSON_FILE = "recall.json";
    static final String MARKDOWN_FILE = "recall.md";
    static final String JWS_FILE = "recall.jws";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode json() {
        ObjectNode n = JSON.createObjectNode();
        n.put("notice_version", "curio-recall/1");
        n.put("recall_id", recallId);
        n.put("created_at", Clock.toInstant(createdAtNs).toString());
        n.put("issued_by", actor);
        n.put("reason", reason);
        n.put("key_id", keyId);
        episodes.forEach(n.putArray("episodes")::add);
        ArrayNode b = n.putArray("bundles");
        for (RecallRecords.BundleHolding h : bundles) {
            ObjectNode o = b.addObject().put("manifest_id", h.manifestId()).put("path", h.path());
            h.episodeIds().forEach(o.putArray("episodes")::add);
        }
        ArrayNode d = n.putArray("deliveries");
        for (DeliveryRecords.Run r : deliveries) {
            d.addObject().put("delivery_id", r.deliveryId()).put("manifest_id", r.manifestId()).put("destination", r.destination())
                    .put("kind", r.kind()).put("delivered_by", r.actor()).put("delivered_at", Clock.toInstant(r.startedAtNs()).toString());
        }
        ArrayNode del = n.putArray("delete");
        for (Recalls.Target t : targets) {
            ObjectNode o = del.addObject().put("manifest_id", t.manifestId()).put("delivery_id", t.deliveryId())
                    .put("destination", t.destination()).put("location", t.location()).put("sha256", t.sha256()).put("size_bytes", t.sizeBytes());
            t.holdsEpisodes().forEach(o.putArray("holds_episodes")::add);
        }
        ObjectNode p = n.putObject("purge").put("requested", purgeRequested);
        ArrayNode results = p.putArray("results");
        for (Recalls.Purged x : purged) {
            results.addObject().put("delivery_id", x.deliveryId()).put("location", x.location()).put("result", x.result()).put("message", x.message());
        }
        return n;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Recall ").append(recallId).append("\n\n");
        md.append("Issued ").append(Clock.toInstant(createdAtNs)).append(" by ").append(actor).append(", signed by `").append(keyId).append("`.\n\n");
        md.append("**Reason:** ").append(reason).append("\n\n");
        md.append("## Recalled episodes\n\n");
        episodes.forEach(e -> md.append("- `").append(e).append("`\n"));
        md.append("\n## Affected bundles\n\n");
        if (bundles.isEmpty()) md.append("None: these episodes were never exported.\n");
        for (RecallRecords.BundleHolding h : bundles) {
            md.append("- `").append(h.manifestId()).append("` (").append(h.path()).append("): ").append(String.join(", ", h.episodeIds())).append('\n');
        }
        md.append("\n## Deliveries\n\n");
        if (deliveries.isEmpty()) md.append("None.\n");
        for (DeliveryRecords.Run r : deliveries) {
            md.append("- `").append(r.deliveryId()).append("` of `").append(r.manifestId()).append("` to ").append(r.destination()).append('\n');
        }
        md.append("\n## Delete these files and objects\n\n");
        md.append("A bundle is signed as a whole and its manifest names every episode, so every file of an affected bundle goes; ")
                .append("*holds* names the recalled episodes whose data a file carries.\n\n");
        for (Recalls.Target t : targets) {
            md.append("- ").append(t.location()).append("  sha256 ").append(t.sha256())
                    .append(t.holdsEpisodes().isEmpty() ? "" : "  holds " + String.join(", ", t.holdsEpisodes())).append('\n');
        }
        if (purgeRequested) {
            md.append("\n## Purge\n\n");
            if (purged.isEmpty()) md.append("No bucket delivery to purge.\n");
            long deleted = purged.stream().filter(x -> x.result().equals("deleted")).count();
            if (!purged.isEmpty()) md.append(deleted).append(" of ").append(purged.size()).append(" delivered objects deleted from their buckets.\n\n");
            for (Recalls.Purged x : purged) {
                if (!x.result().equals("deleted")) md.append("- FAILED ").append(x.location()).append(": ").append(x.message()).append('\n');
            }
        }
        md.append("\nCheck this notice: `recall.jws` is a compact JWS (EdDSA) over the RFC 8785 canonical form of `recall.json`.\n");
        return md.toString();
    }

    /** Writes the three files into a fresh folder, all or nothing; returns the {@code recall.json} bytes. */
    byte[] write(Path dir, SigningKey key) {
        byte[] json;
        try {
            json = (JSON.writeValueAsString(json()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
        String jws = ManifestSigner.signJsonText(json, key);
        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".partial");
        try {
            Files.createDirectories(tmp);
            Files.write(tmp.resolve(JSON_FILE), json);
            Files.writeString(tmp.resolve(MARKDOWN_FILE), markdown(), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(JWS_FILE), jws + "\n", StandardCharsets.US_ASCII);
            for (String f : List.of(JSON_FILE, MARKDOWN_FILE, JWS_FILE)) Durability.file(tmp.resolve(f));
            Durability.directory(tmp);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            Durability.directory(dir.getParent());
        } catch (IOException e) {
            throw new CurioException("io.write_failed", dir.toString(), null, "cannot write the recall notice: " + e.getMessage(), e);
        }
        return json;
    }
}
