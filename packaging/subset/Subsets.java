package packaging.subset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import store.CandidateEpisode;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.EpisodeField;
import store.EpisodeSnapshot;
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

    /**
     * {@code perGroup} episodes of each value of {@code by} (task or robot), drawn with {@code seed}: the same seed
     * and the same eligible episodes give the same draw, whatever order the catalog lists them in.
     */
    public record Sampling(EpisodeField by, int perGroup, long seed) {
        public Sampling {
            if (by != EpisodeField.TASK && by != EpisodeField.ROBOT) {
                throw new CurioException("subset.bad_sampling", null, "sample_by", "balanced sampling is per task or per robot");
            }
            if (perGroup < 1) throw new CurioException("subset.bad_sampling", null, "per_group", "draw at least 1 episode per group");
        }
    }

    /** A share of the episodes of each task, drawn with {@code seed}, goes to the validation split; the rest train. */
    public record Split(double validationShare, long seed) {
        public Split {
            if (!(validationShare > 0 && validationShare < 1)) {
                throw new CurioException("subset.bad_split", null, "validation", "the validation share must be between 0 and 1");
            }
        }
    }

    /**
     * What the subset builder asks for: the episodes {@code where} matches (every episode when blank), under the
     * export rules, then optionally sampled and split.
     */
    public record Plan(String where, boolean requireAccepted, Sampling sampling, Split split) {
        public Plan(String where) {
            this(where, true, null, null);
        }
    }

    /**
     * What a plan gives before anything is written: how many episodes matched, the ones that would go in with their
     * hours, each one left out and why, the validation split, and each sampling group smaller than asked.
     */
    public record Outcome(int matched, List<String> included, double hours, Map<String, String> excluded,
                          Map<String, String> splits, Map<String, Integer> shortGroups) { }

    private final Catalog catalog;

    public Subsets(Catalog catalog) {
        this.catalog = catalog;
    }

    public List<CandidateEpisode> candidates() {
        return catalog.exportRecords().candidates();
    }

    /** Every episode matching {@code where}, minus those the rules exclude (reported, not an error). */
    public Created createWhere(String name, String where, boolean requireAccepted) {
        WhereExpression.require(where);
        return create(name, new Plan(where, requireAccepted, null, null));
    }

    /** The episodes a plan selects, without writing anything. */
    public Outcome outcome(Plan plan) {
        EpisodeSnapshot s = catalog.index().snapshot();
        return outcome(s, s.select(WhereExpression.parse(plan.where())), plan);
    }

    /** As above, over a selection already made (the builder's live filter). */
    public static Outcome outcome(EpisodeSnapshot s, EpisodeSnapshot.Selection matched, Plan plan) {
        List<Integer> eligible = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (int i = 0; i < matched.size(); i++) {
            int p = matched.positions()[i];
            String reason = s.candidate(p).exclusionReason(plan.requireAccepted());
            if (reason == null) eligible.add(p); else excluded.put(s.episodeId(p), reason);
        }
        Map<String, Integer> shortGroups = new TreeMap<>();
        if (plan.sampling() != null) eligible = sample(s, eligible, plan.sampling(), excluded, shortGroups);
        eligible.sort((a, b) -> s.episodeId(a).compareTo(s.episodeId(b)));
        List<String> ids = new ArrayList<>();
        long duration = 0;
        for (int p : eligible) {
            ids.add(s.episodeId(p));
            duration += s.durationNs(p);
        }
        Map<String, String> splits = plan.split() == null ? Map.of() : split(s, eligible, plan.split());
        return new Outcome(matched.size(), ids, duration / 3.6e12, excluded, splits, shortGroups);
    }

    private static List<Integer> sample(EpisodeSnapshot s, List<Integer> eligible, Sampling sampling, Map<String, String> excluded,
                                        Map<String, Integer> shortGroups) {
        Map<String, List<Integer>> groups = groups(s, eligible, sampling.by());
        List<Integer> kept = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Integer> members = shuffled(s, g.getValue(), sampling.seed(), g.getKey());
            if (members.size() < sampling.perGroup()) shortGroups.put(g.getKey(), members.size());
            for (int i = 0; i < members.size(); i++) {
                if (i < sampling.perGroup()) kept.add(members.get(i));
                else excluded.put(s.episodeId(members.get(i)), "not drawn: " + sampling.perGroup() + " per "
                        + sampling.by().whereName + " (seed " + sampling.seed() + ")");
            }
        }
        return kept;
    }

    /**
     * The share of the whole goes to validation, spread over the tasks by largest remainder: each task gives the whole
     * part of its share, and the episodes still owed come from the tasks with the largest fractions (ties drawn with
     * the seed), so tasks of one or two episodes do not all round up into validation.
     */
    private static Map<String, String> split(EpisodeSnapshot s, List<Integer> episodes, Split split) {
        Map<String, List<Integer>> groups = groups(s, episodes, EpisodeField.TASK);
        Map<String, Integer> take = new LinkedHashMap<>();
        int owed = (int) Math.round(episodes.size() * split.validationShare());
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            int whole = (int) Math.floor(g.getValue().size() * split.validationShare() + 1e-9);
            take.put(g.getKey(), whole);
            owed -= whole;
        }
        List<String> byFraction = new ArrayList<>(groups.keySet());
        Collections.shuffle(byFraction, new Random(split.seed()));
        byFraction.sort(Comparator.comparingDouble((String g) -> {
            double exact = groups.get(g).size() * split.validationShare();
            return exact - Math.floor(exact + 1e-9);
        }).reversed());
        for (int i = 0; i < owed && i < byFraction.size(); i++) take.merge(byFraction.get(i), 1, Integer::sum);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Integer> members = shuffled(s, g.getValue(), split.seed(), "split:" + g.getKey());
            for (int i = 0; i < Math.min(take.get(g.getKey()), members.size()); i++) {
                out.put(s.episodeId(members.get(i)), Subset.VALIDATION);
            }
        }
        return out;
    }

    private static Map<String, List<Integer>> groups(EpisodeSnapshot s, List<Integer> episodes, EpisodeField by) {
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int p : episodes) {
            String v = s.text(by, p);
            groups.computeIfAbsent(v == null ? "" : v, k -> new ArrayList<>()).add(p);
        }
        return groups;
    }

    /** The group's episodes by id, then shuffled by a generator seeded from the seed and the group. */
    private static List<Integer> shuffled(EpisodeSnapshot s, List<Integer> members, long seed, String group) {
        List<Integer> sorted = new ArrayList<>(members);
        sorted.sort((a, b) -> s.episodeId(a).compareTo(s.episodeId(b)));
        Collections.shuffle(sorted, new Random(seed * 31 + group.hashCode()));
        return sorted;
    }

    /** Stores a plan's outcome as a subset named {@code name}. */
    public Created create(String name, Plan plan) {
        Outcome o = outcome(plan);
        ObjectNode spec = JSON.createObjectNode();
        spec.put("where", plan.where() == null ? "" : plan.where());
        spec.put("require_accepted", plan.requireAccepted());
        if (plan.sampling() != null) {
            spec.putObject("sample").put("by", plan.sampling().by().whereName).put("per_group", plan.sampling().perGroup())
                    .put("seed", plan.sampling().seed());
        }
        if (plan.split() != null) spec.putObject("split").put("validation", plan.split().validationShare()).put("seed", plan.split().seed());
        String query = plan.where() == null || plan.where().isBlank() ? "all episodes" : plan.where();
        return new Created(insert(name, query, o.included(), spec.toString(), o.splits()), o.excluded());
    }

    /** The episodes of {@code a} that are not in {@code b}, as a new subset; each keeps its split in {@code a}. */
    public Created difference(String name, String a, String b) {
        Subset first = require(a);
        Set<String> second = new HashSet<>(require(b).episodeIds());
        List<String> ids = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        Map<String, String> splits = new LinkedHashMap<>();
        for (String id : first.episodeIds()) {
            if (second.contains(id)) {
                excluded.put(id, "in " + b);
            } else {
                ids.add(id);
                if (!first.split(id).equals(Subset.TRAIN)) splits.put(id, first.split(id));
            }
        }
        ObjectNode spec = JSON.createObjectNode().put("difference_of", a).put("minus", b);
        return new Created(insert(name, "subset:" + a + " minus subset:" + b, ids, spec.toString(), splits), excluded);
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
        return new Created(insert(name, "episodes:" + String.join(",", ids), ids, null, Map.of()), Map.of());
    }

    /**
     * The eligible episodes among {@code episodeIds} (the app's current filter or selection); the others are
     * left out with the reason, like {@link #createWhere}, instead of failing the whole create.
     */
    public Created createFromSelection(String name, List<String> episodeIds, boolean requireAccepted) {
        Preview p = preview(episodeIds, requireAccepted);
        return new Created(insert(name, "episodes:" + String.join(",", p.included()), p.included(), null, Map.of()), p.excluded());
    }

    /** What {@link #createFromSelection} would include and leave out, without writing anything. */
    public Preview preview(List<String> episodeIds, boolean requireAccepted) {
        EpisodeSnapshot s = catalog.index().snapshot();
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (String id : episodeIds) {
            int p = s.position(id);
            String reason = p < 0 ? "no longer in the catalog" : s.candidate(p).exclusionReason(requireAccepted);
            if (reason != null) excluded.put(id, reason); else if (seen.add(id)) ids.add(id);
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

    /** The dataset gates of a subset's episodes under the profile's thresholds. */
    public QualityGates.Result gates(String name, Map<String, Double> thresholds, String profile) {
        Subset subset = require(name);
        return QualityGates.evaluate(catalog.index().snapshot(), subset.episodeIds(), thresholds, profile);
    }

    private Subset insert(String name, String query, List<String> ids, String spec, Map<String, String> splits) {
        if (name == null || name.isBlank()) throw new CurioException("subset.bad_name", null, "name", "a subset needs a name");
        if (ids.isEmpty()) throw new CurioException("subset.empty", null, name, "no exportable episode matches; nothing to put in '" + name + "'");
        return catalog.exportRecords().addSubset(name.strip(), query, ids, Clock.nowNs(), auditJson(query, ids, splits), spec, splits);
    }

    private static String auditJson(String query, List<String> ids, Map<String, String> splits) {
        ObjectNode n = JSON.createObjectNode().put("query", query);
        ids.forEach(n.putArray("episodes")::add);
        if (!splits.isEmpty()) splits.keySet().stream().sorted().forEach(n.putArray(Subset.VALIDATION)::add);
        return n.toString();
    }

    /** A value of {@code by} as a condition, for turning a facet or a chart bar into a filter. */
    public static String whereOf(EpisodeField field, String value) {
        return field.whereName + "=" + WhereExpression.quote(value);
    }
}
