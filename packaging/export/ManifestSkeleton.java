package packaging.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import store.FileEntry;

/**
 * The fields of {@code curio-manifest.json} the exporter knows (seeds 000 and 002); {@link packaging.bundle.BundleWriter}
 * adds the artifacts' sizes and hashes, the bundle hash, the Merkle root and the signature metadata.
 */
final class ManifestSkeleton {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestSkeleton() { }

    static ObjectNode build(ExportPlan plan, ExportFormat format, Map<String, String> qa, TreeSet<String> consents,
                            TreeSet<String> licenses, Instant expires, List<Produced> produced) {
        ObjectNode m = JSON.createObjectNode();
        m.put("manifest_version", "curio-bundle/1");
        ObjectNode subset = m.putObject("subset");
        subset.put("name", plan.subset().name()).put("query", plan.subset().query());
        Set<String> datasets = new LinkedHashSet<>();
        plan.episodes().forEach(e -> datasets.add(e.summary().dataset()));
        m.put("source_dataset", datasets.iterator().next());
        datasets.forEach(m.putArray("source_datasets")::add);
        consents.forEach(m.putArray("consent_receipts")::add);
        licenses.forEach(m.putArray("license_scopes")::add);
        // A recall of this bundle is filed against its manifest id; the recalls it excludes are none by construction
        // (recalled episodes never enter a subset), which the verifier of a delivery can rely on.
        m.putObject("recall_linkage").put("recall_key", "manifest_id").putArray("excluded_recalls");
        ObjectNode bundle = m.putObject("bundle");
        bundle.put("format", format.id());
        bundle.put("format_version", format.version());
        if (format.profile() != null) bundle.put("profile", format.profile());
        bundle.put("episode_count", plan.episodes().size());
        bundle.put("segment_count", plan.segments().size());
        bundle.put("expires_at", expires.toString());
        Set<String> roles = new LinkedHashSet<>();
        roles.add("robotics_reviewed_subset_manifest");
        produced.forEach(p -> roles.add(p.role()));
        roles.add("robotics_data_card");
        roles.add("robotics_consent_receipt");
        roles.add("robotics_license_scope");
        roles.add("robotics_sensor_qa_report");
        roles.forEach(m.putArray("payloads")::add);
        ArrayNode reviews = m.putArray("review_decisions");
        for (var e : plan.episodes()) {
            var snap = plan.segments().stream().filter(s -> s.episode() == e).findFirst().orElseThrow().annotations();
            ObjectNode r = reviews.addObject().put("episode_id", e.summary().episodeId()).put("decision", e.summary().review());
            snap.review().ifPresent(rv -> r.put("reviewer", rv.reviewer()).put("note", rv.note())
                    .put("decided_at", store.Clock.toInstant(rv.decidedAtNs()).toString()));
        }
        ObjectNode qaState = m.putObject("qa_state");
        qa.forEach(qaState::put);
        return m;
    }

    /**
     * Each artifact's fields: role, lineage (the source segments and their files), consent and licence references,
     * storage class and retention. A format with a file per frame (step-log blobs) has thousands of artifacts from one
     * segment: their lineage is one shared tree per set of segments, so the manifest held until it is signed grows by
     * a few fields per file, not by every source file of the episode again.
     */
    static final class Artifacts {
        private final Map<String, JsonNode> consentOf;
        private final Instant expires;
        private final Map<String, ObjectNode> shared = new java.util.HashMap<>();

        Artifacts(Map<String, JsonNode> consentOf, Instant expires) {
            this.consentOf = consentOf;
            this.expires = expires;
        }

        ObjectNode fields(Produced p) {
            StringBuilder key = new StringBuilder();
            for (SegmentPlan s : p.segments()) key.append(s.index()).append(',');
            ObjectNode lineage = shared.computeIfAbsent(key.toString(), k -> lineage(p.segments()));
            ObjectNode a = JSON.createObjectNode();
            a.put("role", p.role());
            lineage.properties().forEach(e -> a.set(e.getKey(), e.getValue()));
            return a;
        }

        private ObjectNode lineage(List<SegmentPlan> segments) {
            ObjectNode a = JSON.createObjectNode();
            ArrayNode lineage = a.putArray("source_segments");
            TreeSet<String> consents = new TreeSet<>();
            TreeSet<String> licenses = new TreeSet<>();
            TreeSet<String> retention = new TreeSet<>();
            for (SegmentPlan s : segments) {
                ObjectNode l = lineage.addObject().put("episode_id", s.episodeId()).put("segment_index", s.index())
                        .put("t_start_ns", s.startNs()).put("t_end_ns", s.endNs());
                ArrayNode files = l.putArray("source_files");
                for (FileEntry f : s.episode().files()) files.addObject().put("path", f.relPath()).put("sha256", f.sha256());
                JsonNode c = consentOf.get(s.episodeId());
                if (c != null && c.hasNonNull("consent_receipt")) consents.add(c.get("consent_receipt").asText());
                if (c != null && c.hasNonNull("license_scope")) licenses.add(c.get("license_scope").asText());
                if (c != null && c.hasNonNull("retention_policy_ref")) retention.add(c.get("retention_policy_ref").asText());
            }
            consents.forEach(a.putArray("consent_refs")::add);
            licenses.forEach(a.putArray("license_refs")::add);
            a.put("storage_class", "standard");
            ObjectNode r = a.putObject("retention");
            retention.forEach(r.putArray("policies")::add);
            r.put("expires_at", expires.toString());
            return a;
        }
    }
}
