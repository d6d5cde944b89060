package packaging.subset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import store.CandidateEpisode;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.Subset;

/**
 * Creates and reads subsets in the catalog. The export rules live here so the CLI and the app apply the
 * same ones: by default only accepted episodes; never an episode with a hard validation finding or a recall,
 * whatever the caller asks.
 */
public final class Subsets {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a create did: the subset, and each matching episode left out with the reason. */
    public record Created(Subset subset, Map<String, String> excluded) { }

    private final Catalog catalog;

    public Subsets(Catalog catalog) {
        this.catalog = catalog;
    }

    public List<CandidateEpisode> candidates() {
        return catalog.exportRecords().candidates();
    }

    /** Every episode matching {@code where}, minus those the rules exclude (reported, not an error). */
    public Created createWhere(String name, String where, boolean requireAccepted) {
        Predicate<CandidateEpisode> match = WhereExpression.parse(where);
        List<String> ids = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (CandidateEpisode e : candidates()) {
            if (!match.test(e)) continue;
            String reason = e.exclusionReason(requireAccepted);
            if (reason == null) ids.add(e.episodeId()); else excluded.put(e.episodeId(), reason);
        }
        return new Created(insert(name, where, ids), excluded);
    }

    /** Exactly the named episodes; one that is unknown or excluded by the rules fails the whole create. */
    public Created createFromIds(String name, List<String> episodeIds, boolean requireAccepted) {
        Map<String, CandidateEpisode> byId = new LinkedHashMap<>();
        for (CandidateEpisode e : candidates()) byId.put(e.episodeId(), e);
        List<String> ids = new ArrayList<>();
        for (String id : episodeIds) {
            CandidateEpisode e = byId.get(id);
            if (e == null) throw new CurioException("subset.no_episode", null, id, "no episode " + id + " in the catalog");
            String reason = e.exclusionReason(requireAccepted);
            if (reason != null) throw new CurioException("subset.ineligible", null, id, "episode " + id + " cannot be exported: " + reason);
            if (!ids.contains(id)) ids.add(id);
        }
        return new Created(insert(name, "episodes:" + String.join(",", ids), ids), Map.of());
    }

    /**
     * The eligible episodes among {@code episodeIds} (the app's current filter or selection); the others are
     * left out with the reason, like {@link #createWhere}, instead of failing the whole create.
     */
    public Created createFromSelection(String name, List<String> episodeIds, boolean requireAccepted) {
        Preview p = preview(episodeIds, requireAccepted);
        return new Created(insert(name, "episodes:" + String.join(",", p.included()), p.included()), p.excluded());
    }

    /** What {@link #createFromSelection} would include and leave out, without writing anything. */
    public Preview preview(List<String> episodeIds, boolean requireAccepted) {
        Map<String, CandidateEpisode> byId = new LinkedHashMap<>();
        for (CandidateEpisode e : candidates()) byId.put(e.episodeId(), e);
        List<String> ids = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (String id : episodeIds) {
            CandidateEpisode e = byId.get(id);
            String reason = e == null ? "no longer in the catalog" : e.exclusionReason(requireAccepted);
            if (reason != null) excluded.put(id, reason); else if (!ids.contains(id)) ids.add(id);
        }
        return new Preview(List.copyOf(ids), excluded);
    }

    /** The episodes a selection would export, and each one left out with the reason. */
    public record Preview(List<String> included, Map<String, String> excluded) { }

    public List<Subset> list() {
        return catalog.exportRecords().subsets();
    }

    public Optional<Subset> find(String name) {
        return catalog.exportRecords().subset(name);
    }

    public Subset require(String name) {
        return find(name).orElseThrow(() -> new CurioException("subset.not_found", null, name, "no subset named '" + name + "'"));
    }

    private Subset insert(String name, String query, List<String> ids) {
        if (name == null || name.isBlank()) throw new CurioException("subset.bad_name", null, "name", "a subset needs a name");
        if (ids.isEmpty()) throw new CurioException("subset.empty", null, name, "no exportable episode matches; nothing to put in '" + name + "'");
        return catalog.exportRecords().addSubset(name, query, ids, Clock.nowNs(), auditJson(query, ids));
    }

    private static String auditJson(String query, List<String> ids) {
        ObjectNode n = JSON.createObjectNode().put("query", query);
        ids.forEach(n.putArray("episodes")::add);
        return n.toString();
    }
}
