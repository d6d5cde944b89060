package ui.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import packaging.subset.Subsets;
import packaging.subset.WhereExpression;
import store.Catalog;
import store.CurioException;
import store.EpisodeField;
import store.EpisodeSnapshot;
import store.NearDuplicates;

/**
 * The dashboard of the catalog's where filter (everything when it is blank): episodes and hours per group and day,
 * the distributions of duration and the QC figures, and the near-duplicate pairs among those episodes, aggregated off
 * the FX thread over the episode index. Clicking a bar or bin narrows the same filter, so the catalog table and the
 * dashboard follow it together.
 */
public final class DashboardViewModel {
    static final int BINS = 12;
    /** How many values of a group the charts show; the rest are summed into the title. */
    static final int TOP = 12;

    private final Supplier<Catalog> catalog;
    private final Executor background;
    private final Executor fx;
    private final StringProperty scope;
    private final Consumer<String> refine;
    private final ReadOnlyObjectWrapper<EpisodeSnapshot.Dashboard> dashboard = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper("");
    private final ObservableList<NearDuplicates.Pair> pairs = FXCollections.observableArrayList();
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param scope  the where filter the dashboard aggregates (the catalog's)
     * @param refine narrows that filter by one condition
     */
    public DashboardViewModel(Supplier<Catalog> catalog, Executor background, Executor fx, StringProperty scope,
                              Consumer<String> refine) {
        this.catalog = catalog;
        this.background = background;
        this.fx = fx;
        this.scope = scope;
        this.refine = refine;
        scope.addListener((o, a, b) -> refresh());
    }

    public ReadOnlyObjectProperty<EpisodeSnapshot.Dashboard> dashboardProperty() {
        return dashboard.getReadOnlyProperty();
    }

    /** "N episodes, H h — where …" */
    public ReadOnlyStringProperty headingProperty() {
        return heading.getReadOnlyProperty();
    }

    /** Near-duplicate pairs with at least one episode in scope, most alike first. */
    public ObservableList<NearDuplicates.Pair> pairs() {
        return pairs;
    }

    public StringProperty scopeProperty() {
        return scope;
    }

    public void refresh() {
        long gen = generation.incrementAndGet();
        Catalog c = catalog.get();
        String where = scope.get() == null ? "" : scope.get();
        background.execute(() -> {
            try {
                EpisodeSnapshot s = c.index().snapshot();
                EpisodeSnapshot.Selection sel = s.select(WhereExpression.parse(where));
                EpisodeSnapshot.Dashboard d = s.dashboard(sel, BINS);
                Set<String> in = new java.util.HashSet<>(sel.episodeIds());
                List<NearDuplicates.Pair> near = c.nearDuplicates().pairs().stream()
                        .filter(p -> in.contains(p.a()) || in.contains(p.b()))
                        .sorted(java.util.Comparator.comparingDouble(NearDuplicates.Pair::score).reversed()).toList();
                fx.execute(() -> {
                    if (generation.get() != gen) return;
                    dashboard.set(d);
                    pairs.setAll(near);
                    heading.set(String.format(Locale.ROOT, "%d episodes, %.2f h%s", d.episodes(), d.hours(),
                            where.isBlank() ? " (the whole catalog)" : " where " + where));
                });
            } catch (CurioException e) {
                fx.execute(() -> {
                    if (generation.get() == gen) heading.set("The filter cannot be read: " + e.getMessage());
                });
            }
        });
    }

    /** A bar of a group (a task, a robot, a state…) or a day was clicked: keep only its episodes. */
    public void clickGroup(EpisodeField field, String value) {
        refine.accept(Subsets.whereOf(field, value));
    }

    public void clickDay(String day) {
        refine.accept("date=" + day);
    }

    /** Bin {@code bin} of a histogram was clicked: keep the episodes whose figure falls in it (the last bin is open above). */
    public void clickBin(EpisodeSnapshot.Histogram h, int bin) {
        String lo = format(h.edges()[bin]);
        String name = h.field().whereName;
        refine.accept(bin == h.counts().length - 1 ? name + ">=" + lo : "(" + name + ">=" + lo + " and " + name + "<"
                + format(h.edges()[bin + 1]) + ")");
    }

    static String format(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
