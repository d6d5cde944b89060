package ui.board;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import pipeline.annotate.ClusterSuggestions;
import store.Catalog;
import store.FailureBoard;
import ui.BackgroundJobs;

/**
 * The failure-cluster board: every failure mark of the catalog grouped by cluster, the marks of the chosen group, and
 * suggested clusters the user accepts (a cluster is created with its marks) or rejects (nothing is written). Every
 * write goes through {@link FailureBoard}, audited, off the FX thread; the board reloads after each.
 */
public final class FailureBoardViewModel {
    /** A group on the board: a cluster, or the marks in none ({@code cluster} null), with its marks per failure mode. */
    public record Group(FailureBoard.ClusterRow cluster, int marks, java.util.Map<String, Integer> modes) {
        public String name() {
            return cluster == null ? "(unclustered)" : cluster.name();
        }
    }

    private final Supplier<Catalog> catalog;
    private final BackgroundJobs jobs;
    private final Executor background;
    private final Executor fx;
    private final String actor;
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final ObservableList<FailureBoard.Mark> marks = FXCollections.observableArrayList();
    private final ObservableList<ClusterSuggestions.Suggestion> suggestions = FXCollections.observableArrayList();
    private final ObjectProperty<Group> chosen = new SimpleObjectProperty<>();
    private final IntegerProperty k = new SimpleIntegerProperty(3);
    private List<FailureBoard.Mark> all = List.of();

    public FailureBoardViewModel(Supplier<Catalog> catalog, BackgroundJobs jobs, Executor background, Executor fx, String actor) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.background = background;
        this.fx = fx;
        this.actor = actor;
        chosen.addListener((o, a, b) -> showChosen());
    }

    public ObservableList<Group> groups() {
        return groups;
    }

    /** The marks of the chosen group, by episode and time. */
    public ObservableList<FailureBoard.Mark> marks() {
        return marks;
    }

    public ObservableList<ClusterSuggestions.Suggestion> suggestions() {
        return suggestions;
    }

    public ObjectProperty<Group> chosenProperty() {
        return chosen;
    }

    /** k of k-means++ for the next suggestions. */
    public IntegerProperty kProperty() {
        return k;
    }

    /** Every mark and cluster, read again. */
    public void load() {
        Catalog c = catalog.get();
        background.execute(() -> {
            List<FailureBoard.Mark> ms = c.failureBoard().marks();
            List<FailureBoard.ClusterRow> cs = c.failureBoard().clusters();
            fx.execute(() -> show(ms, cs));
        });
    }

    private void show(List<FailureBoard.Mark> ms, List<FailureBoard.ClusterRow> cs) {
        all = ms;
        Long keep = chosen.get() == null || chosen.get().cluster() == null ? null : chosen.get().cluster().id();
        boolean keepUnclustered = chosen.get() != null && chosen.get().cluster() == null;
        List<Group> gs = new ArrayList<>();
        for (FailureBoard.ClusterRow r : cs) gs.add(new Group(r, r.marks(), modes(ms, r.id())));
        gs.add(new Group(null, (int) ms.stream().filter(m -> m.clusterId() == null).count(), modes(ms, null)));
        groups.setAll(gs);
        Group again = gs.stream().filter(g -> keepUnclustered ? g.cluster() == null
                : keep != null && g.cluster() != null && g.cluster().id() == keep).findFirst().orElse(gs.get(gs.size() - 1));
        if (again.equals(chosen.get())) showChosen(); else chosen.set(again);
    }

    private static java.util.Map<String, Integer> modes(List<FailureBoard.Mark> ms, Long clusterId) {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        for (FailureBoard.Mark m : ms) {
            if (java.util.Objects.equals(m.clusterId(), clusterId)) out.merge(m.failureMode() == null ? "unspecified" : m.failureMode(), 1, Integer::sum);
        }
        return out;
    }

    private void showChosen() {
        Group g = chosen.get();
        if (g == null) {
            marks.clear();
            return;
        }
        marks.setAll(all.stream().filter(m -> g.cluster() == null ? m.clusterId() == null
                : m.clusterId() != null && m.clusterId() == g.cluster().id()).toList());
    }

    /** Seconds of context played before and after each mark. */
    static final long CONTEXT_NS = 2_000_000_000L;

    /** The given marks (the chosen group's when none is given) as clips with {@link #CONTEXT_NS} either side, in board order. */
    public List<ui.player.PlayerWindows.Clip> clips(List<FailureBoard.Mark> picked) {
        List<FailureBoard.Mark> ms = picked.isEmpty() ? List.copyOf(marks) : picked;
        return ms.stream().map(m -> new ui.player.PlayerWindows.Clip(m.episodeId(), Math.max(0, m.startNs() - CONTEXT_NS),
                Math.min(m.episodeDurationNs(), m.endNs() + CONTEXT_NS))).toList();
    }

    /** Suggests clusters for every mark with k-means++ (seeded, so the same board suggests the same clusters). */
    public void suggest() {
        Catalog c = catalog.get();
        List<FailureBoard.Mark> ms = all;
        int clusters = Math.max(1, Math.min(k.get(), ms.size()));
        jobs.run("Suggesting failure clusters", BackgroundJobs.Kind.CLUSTER, (progress, cancel) -> ClusterSuggestions.suggest(c, ms,
                ClusterSuggestions.Method.kMeans(clusters, 1), progress, cancel), r -> {
            suggestions.setAll(r.suggestions());
            jobs.say(String.format(Locale.ROOT, "%d suggested clusters for %d marks%s", r.suggestions().size(), ms.size(),
                    r.unreadable().isEmpty() ? "" : "; motion unreadable in " + String.join(", ", r.unreadable())));
        });
    }

    /** Creates the suggested cluster (a free name) and puts its marks in it. */
    public void accept(ClusterSuggestions.Suggestion s) {
        Catalog c = catalog.get();
        List<String> taken = groups.stream().map(Group::name).toList();
        String name = s.name();
        for (int n = 2; taken.contains(name); n++) name = s.name() + " " + n;
        String free = name;
        suggestions.remove(s);
        write("Accepting " + free, () -> {
            FailureBoard.ClusterRow r = c.failureBoard().create(free, "suggested: " + s.failureModes() + " " + s.subtasks(), actor);
            c.failureBoard().assign(s.markIds(), r.id(), actor);
        });
    }

    public void reject(ClusterSuggestions.Suggestion s) {
        suggestions.remove(s);
    }

    /** What a drag of {@code marks} carries: their ids, which {@link #markIdsOf} reads back at the drop. */
    public static String dragPayload(List<FailureBoard.Mark> marks) {
        return String.join(",", marks.stream().map(m -> String.valueOf(m.id())).toList());
    }

    /** The mark ids a drag carries; empty when it carries something else (text dragged in from elsewhere). */
    public static List<Long> markIdsOf(String payload) {
        if (payload == null || !payload.matches("\\d+(,\\d+)*")) return List.of();
        return java.util.Arrays.stream(payload.split(",")).map(Long::valueOf).toList();
    }

    /** Puts marks into a cluster, or into none ({@code clusterId} null): a drop on the board. */
    public void assign(Collection<Long> markIds, Long clusterId) {
        Catalog c = catalog.get();
        write("Moving " + markIds.size() + " marks", () -> c.failureBoard().assign(markIds, clusterId, actor));
    }

    public void rename(long clusterId, String name) {
        Catalog c = catalog.get();
        write("Renaming the cluster", () -> c.failureBoard().rename(clusterId, name, actor));
    }

    /** Moves every mark of {@code from} into {@code into} and removes {@code from}. */
    public void merge(long from, long into) {
        Catalog c = catalog.get();
        write("Merging clusters", () -> c.failureBoard().merge(from, into, actor));
    }

    public void create(String name) {
        Catalog c = catalog.get();
        write("Creating cluster " + name, () -> c.failureBoard().create(name, null, actor));
    }

    private void write(String title, Runnable w) {
        jobs.run(title, BackgroundJobs.Kind.CLUSTER, (progress, cancel) -> {
            w.run();
            return null;
        }, done -> load(), () -> { });
    }
}
