package packaging.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import packaging.bagit.BagChecksums;
import packaging.bundle.BundleWriter;
import packaging.bundle.Landings;
import packaging.deliver.Destination;
import packaging.deliver.S3Access;
import packaging.sign.SigningKey;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import store.Cancellation;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.DeliveryRecords;
import store.ProgressSink;
import store.RecallRecords;

/**
 * Recalls episodes: traces each one through the catalog's lineage to every bundle exported with it and every delivery
 * of those bundles, records the recall (the episodes never enter a subset again; their history stays), optionally
 * deletes the delivered objects from the buckets it can reach, and writes the signed notice for receivers.
 *
 * <p>A bundle is signed as a whole and its manifest names each episode, so every file of an affected bundle is on the
 * notice's delete list; each entry also says which recalled episodes its data holds, where the manifest's lineage
 * tells.
 */
public final class Recalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param noticeDir the folder to write the notice into (created; must not exist), or null for
     *                  {@code recalls/<recall_id>} beside the catalog
     */
    public record Request(List<String> episodeIds, String reason, SigningKey key, Path noticeDir, boolean purge, String actor) { }

    /** A file of an affected bundle, at the bundle's own folder or at one of its deliveries. */
    public record Target(String manifestId, String deliveryId, String destination, String location, String sha256, long sizeBytes,
                         List<String> holdsEpisodes) { }

    /** What happened to a delivered object when the recall purged it: {@code deleted} or {@code failed}. */
    public record Purged(String deliveryId, String location, String result, String message) { }

    public record Result(String recallId, List<String> episodes, List<RecallRecords.BundleHolding> bundles,
                         List<DeliveryRecords.Run> deliveries, List<Target> targets, List<Purged> purged, Path notice) { }

    private Recalls() { }

    public static Result create(Catalog catalog, Request req, ProgressSink progress, Cancellation cancel) {
        List<String> episodes = List.copyOf(new LinkedHashSet<>(req.episodeIds()));
        if (episodes.isEmpty()) throw new CurioException("recall.no_episode", null, "--episodes", "name at least one episode to recall");
        if (req.reason() == null || req.reason().isBlank()) throw new CurioException("recall.no_reason", null, "--reason", "a recall needs a reason");
        for (String id : episodes) {
            if (catalog.episodes().find(id).isEmpty()) throw new CurioException("recall.no_episode", null, id, "no episode " + id + " in the catalog");
        }
        String recallId = "recall_" + UUID.randomUUID().toString().replace("-", "");
        Path dir = req.noticeDir() != null ? req.noticeDir()
                : catalog.file().toAbsolutePath().getParent().resolve("recalls").resolve(recallId);
        if (Files.exists(dir)) throw new CurioException("recall.exists", dir.toString(), null, "the notice folder already exists");
        long now = Clock.nowNs();

        Landings.settleLanded(catalog);
        List<RecallRecords.BundleHolding> bundles = catalog.recalls().bundlesHolding(episodes);
        List<DeliveryRecords.Run> deliveries = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (RecallRecords.BundleHolding b : bundles) {
            Map<String, List<String>> holds = holdings(Path.of(b.path()), episodes);
            targets.addAll(localFiles(b, holds));
            for (DeliveryRecords.Run run : catalog.deliveries().list(b.manifestId())) {
                deliveries.add(run);
                String bundleName = Path.of(b.path()).getFileName().toString();
                for (DeliveryRecords.DeliveredObject o : catalog.deliveries().objects(run.deliveryId())) {
                    targets.add(new Target(b.manifestId(), run.deliveryId(), run.destination(), o.destination(), o.sha256(), o.sizeBytes(),
                            holds.getOrDefault(relativeToBundle(o.key(), bundleName), List.of())));
                }
            }
        }
        // The episodes are marked first: whatever happens to the purge, they never go out again.
        catalog.recalls().add(recallId, episodes, req.reason(), req.actor(), now,
                JSON.createObjectNode().put("reason", req.reason()).set("episodes", JSON.valueToTree(episodes)).toString());
        List<Purged> purged = req.purge() ? purge(catalog, deliveries, req.actor(), progress, cancel) : List.of();
        RecallNotice notice = new RecallNotice(recallId, now, req.actor(), req.reason(), episodes, bundles, deliveries, targets,
                req.purge(), purged, req.key().keyId());
        byte[] json = notice.write(dir, req.key());
        catalog.recalls().notice(recallId, dir.toString(), new String(json, java.nio.charset.StandardCharsets.UTF_8));
        return new Result(recallId, episodes, bundles, deliveries, targets, purged, dir);
    }

    /** The bundle's own files, when its folder is still there. */
    private static List<Target> localFiles(RecallRecords.BundleHolding b, Map<String, List<String>> holds) {
        Path bundle = Path.of(b.path());
        if (!Files.isDirectory(bundle)) return List.of();
        List<Target> out = new ArrayList<>();
        try {
            Map<String, String> sha = BagChecksums.read(bundle);
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(sha).entrySet()) {
                Path f = bundle.resolve(e.getKey());
                out.add(new Target(b.manifestId(), null, bundle.toString(), f.toString(), e.getValue(),
                        Files.isRegularFile(f) ? Files.size(f) : -1, holds.getOrDefault(e.getKey(), List.of())));
            }
        } catch (IOException e) {
            throw new CurioException("io.read_failed", bundle.toString(), null, "cannot read the bundle's manifests: " + e.getMessage(), e);
        }
        return out;
    }

    /** Which recalled episodes each artifact holds, from the bundle manifest's lineage; empty when it cannot be read. */
    static Map<String, List<String>> holdings(Path bundle, List<String> episodes) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Path manifest = bundle.resolve(BundleWriter.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) return out;
        try {
            JsonNode m = JSON.readTree(manifest.toFile());
            for (JsonNode a : m.path("artifacts")) {
                Set<String> held = new LinkedHashSet<>();
                for (JsonNode s : a.path("source_segments")) {
                    String ep = s.path("episode_id").asText();
                    if (episodes.contains(ep)) held.add(ep);
                }
                if (!held.isEmpty()) out.put(a.path("path").asText(), List.copyOf(held));
            }
            List<String> named = new ArrayList<>();
            for (JsonNode r : m.path("review_decisions")) if (episodes.contains(r.path("episode_id").asText())) named.add(r.path("episode_id").asText());
            if (!named.isEmpty()) out.put(BundleWriter.MANIFEST_FILE, named);
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String relativeToBundle(String key, String bundleName) {
        int at = key.indexOf(bundleName + "/");
        return at < 0 ? key : key.substring(at + bundleName.length() + 1);
    }

    /** Deletes every object of the bucket deliveries; a folder delivery is left to its receiver. */
    private static List<Purged> purge(Catalog catalog, List<DeliveryRecords.Run> deliveries, String actor, ProgressSink progress,
                                      Cancellation cancel) {
        List<Purged> out = new ArrayList<>();
        for (DeliveryRecords.Run run : deliveries) {
            if (!"s3".equals(run.kind())) continue;
            Destination.Bucket b = (Destination.Bucket) Destination.parse(run.destination(), run.endpoint(), run.region(), run.profile());
            List<DeliveryRecords.DeliveredObject> objects = catalog.deliveries().objects(run.deliveryId());
            try (S3Client s3 = S3Access.client(b, 1)) {
                int n = 0;
                for (DeliveryRecords.DeliveredObject o : objects) {
                    cancel.check();
                    progress.update(++n, objects.size(), "deleting " + o.key());
                    try {
                        s3.deleteObject(r -> r.bucket(b.bucket()).key(o.key()));
                        catalog.deliveries().objectStatus(run.deliveryId(), o.key(), "purged", actor);
                        out.add(new Purged(run.deliveryId(), o.destination(), "deleted", null));
                    } catch (SdkException e) {
                        CurioException ce = S3Access.error(e, b, o.key());
                        out.add(new Purged(run.deliveryId(), o.destination(), "failed", ce.code() + ": " + ce.getMessage()));
                    }
                }
            }
        }
        return out;
    }
}
