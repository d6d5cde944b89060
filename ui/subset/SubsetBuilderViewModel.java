package ui.subset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import packaging.subset.CatalogBench;
import packaging.subset.QualityGates;
import packaging.subset.Subsets;
import packaging.subset.WhereExpression;
import pipeline.validate.ValidationProfile;
import store.Catalog;
import store.Condition;
import store.CurioException;
import store.EpisodeField;
import store.EpisodeSnapshot;
import ui.BackgroundJobs;

/**
 * The subset builder's state: a where expression, facet values ticked per field, duration and quality bounds and
 * "has failure"; from them, off the FX thread over the catalog's episode index, the facet counts, the live count and
 * hours of what would go in, and the profile's dataset gates for those episodes. Saving stores the composed
 * expression as a subset. Answers to an older state are dropped, so typing fast never shows stale counts.
 */
public final class SubsetBuilderViewModel {
    /** The facets the builder lists, in order. */
    public static final List<EpisodeField> FACETS = CatalogBench.FACETS;

    /** What the last refresh found: matches, what would go in, and how many of the matches stay out. */
    public record Counts(int matched, int included, double hours, int excluded) { }

    private final Supplier<Catalog> catalog;
    private final BackgroundJobs jobs;
    private final Executor background;
    private final Executor fx;
    private final ObjectProperty<ValidationProfile> profile;
    private final StringProperty where = new SimpleStringProperty("");
    private final StringProperty durationMin = new SimpleStringProperty("");
    private final StringProperty durationMax = new SimpleStringProperty("");
    private final StringProperty qualityMin = new SimpleStringProperty("");
    private final StringProperty sharpnessMin = new SimpleStringProperty("");
    private final StringProperty exposureMax = new SimpleStringProperty("");
    private final StringProperty droppedMax = new SimpleStringProperty("");
    private final StringProperty dateFrom = new SimpleStringProperty("");
    private final StringProperty dateTo = new SimpleStringProperty("");
    private final BooleanProperty hasFailure = new SimpleBooleanProperty(false);
    private final StringProperty perGroup = new SimpleStringProperty("");
    private final ObjectProperty<EpisodeField> sampleBy = new javafx.beans.property.SimpleObjectProperty<>(EpisodeField.TASK);
    private final StringProperty seed = new SimpleStringProperty("1");
    private final StringProperty validationShare = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper gatesPass = new ReadOnlyBooleanWrapper(true);
    private final javafx.beans.property.ObjectProperty<Counts> counts = new javafx.beans.property.SimpleObjectProperty<>();
    private final Map<EpisodeField, ObservableList<EpisodeSnapshot.FacetValue>> facetValues = new LinkedHashMap<>();
    private final Map<EpisodeField, ObservableSet<String>> chosen = new LinkedHashMap<>();
    private final ObservableList<QualityGates.Gate> gates = FXCollections.observableArrayList();
    private final ObservableList<store.Subset> saved = FXCollections.observableArrayList();
    private final AtomicLong generation = new AtomicLong();

    public SubsetBuilderViewModel(Supplier<Catalog> catalog, BackgroundJobs jobs, Executor background, Executor fx,
                                  ObjectProperty<ValidationProfile> profile) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.background = background;
        this.fx = fx;
        this.profile = profile;
        for (EpisodeField f : FACETS) {
            facetValues.put(f, FXCollections.observableArrayList());
            ObservableSet<String> set = FXCollections.observableSet(new LinkedHashSet<>());
            set.addListener((javafx.collections.SetChangeListener<String>) c -> refresh());
            chosen.put(f, set);
        }
        for (StringProperty p : List.of(where, durationMin, durationMax, qualityMin, sharpnessMin, exposureMax, droppedMax, dateFrom,
                dateTo, perGroup, seed, validationShare)) {
            p.addListener((o, a, b) -> refresh());
        }
        sampleBy.addListener((o, a, b) -> refresh());
        hasFailure.addListener((o, a, b) -> refresh());
        profile.addListener((o, a, b) -> refresh());
    }

    public StringProperty whereProperty() {
        return where;
    }

    public StringProperty durationMinProperty() {
        return durationMin;
    }

    public StringProperty durationMaxProperty() {
        return durationMax;
    }

    public StringProperty qualityMinProperty() {
        return qualityMin;
    }

    public StringProperty sharpnessMinProperty() {
        return sharpnessMin;
    }

    public StringProperty exposureMaxProperty() {
        return exposureMax;
    }

    public StringProperty droppedMaxProperty() {
        return droppedMax;
    }

    /** The first recording day kept, {@code YYYY-MM-DD}; blank for no bound. */
    public StringProperty dateFromProperty() {
        return dateFrom;
    }

    /** The last recording day kept, {@code YYYY-MM-DD}; blank for no bound. */
    public StringProperty dateToProperty() {
        return dateTo;
    }

    public BooleanProperty hasFailureProperty() {
        return hasFailure;
    }

    /** Balanced sampling: at most this many episodes per {@link #sampleByProperty()} value; blank for no sampling. */
    public StringProperty perGroupProperty() {
        return perGroup;
    }

    public ObjectProperty<EpisodeField> sampleByProperty() {
        return sampleBy;
    }

    /** The seed of the sampling and the split. */
    public StringProperty seedProperty() {
        return seed;
    }

    /** The share (0..1) of each task that goes to the validation split; blank for none. */
    public StringProperty validationShareProperty() {
        return validationShare;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Why the expression or a bound cannot be read; empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** "N episodes, H h would go in (of M matching; K left out)". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Counts> countsProperty() {
        return counts;
    }

    public ObservableList<EpisodeSnapshot.FacetValue> facetValues(EpisodeField f) {
        return facetValues.get(f);
    }

    /** The values ticked for a facet; ticking or unticking one refreshes everything. */
    public ObservableSet<String> chosen(EpisodeField f) {
        return chosen.get(f);
    }

    public ObservableList<QualityGates.Gate> gates() {
        return gates;
    }

    public ReadOnlyBooleanProperty gatesPassProperty() {
        return gatesPass.getReadOnlyProperty();
    }

    public ObjectProperty<ValidationProfile> profileProperty() {
        return profile;
    }

    /**
     * The whole selection as one where expression: the typed expression, each ticked facet as an {@code or} of its
     * values, then the bounds. It is what a saved subset records as its query.
     */
    public String composedWhere() {
        List<String> parts = new ArrayList<>();
        if (!where.get().isBlank()) parts.add("(" + where.get().strip() + ")");
        for (EpisodeField f : FACETS) {
            Set<String> values = chosen.get(f);
            if (values.isEmpty()) continue;
            List<String> any = values.stream().map(v -> Subsets.whereOf(f, v)).toList();
            parts.add(any.size() == 1 ? any.get(0) : "(" + String.join(" or ", any) + ")");
        }
        parts.addAll(bounds());
        return String.join(" and ", parts);
    }

    private List<String> bounds() {
        List<String> out = new ArrayList<>();
        bound(out, "duration>=", durationMin.get());
        bound(out, "duration<=", durationMax.get());
        bound(out, "quality>=", qualityMin.get());
        bound(out, "sharpness>=", sharpnessMin.get());
        bound(out, "exposure<=", exposureMax.get());
        bound(out, "dropped<=", droppedMax.get());
        day(out, "date>=", dateFrom.get());
        day(out, "date<=", dateTo.get());
        if (hasFailure.get()) out.add("failures>0");
        return out;
    }

    private static void day(List<String> out, String prefix, String text) {
        if (text == null || text.isBlank()) return;
        try {
            out.add(prefix + java.time.LocalDate.parse(text.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new CurioException("subset.bad_where", null, text, "'" + text.strip() + "' is not a day written YYYY-MM-DD");
        }
    }

    private static void bound(List<String> out, String prefix, String text) {
        if (text == null || text.isBlank()) return;
        try {
            out.add(prefix + Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            throw new CurioException("subset.bad_where", null, text, "'" + text.strip() + "' is not a number");
        }
    }

    /** The subset the builder would save: the composed expression, sampled and split as asked. */
    public Subsets.Plan plan() {
        String composed = composedWhere();
        long s = seed.get() == null || seed.get().isBlank() ? 1 : (long) number(seed.get());
        Subsets.Sampling sampling = perGroup.get() == null || perGroup.get().isBlank() ? null
                : new Subsets.Sampling(sampleBy.get(), (int) number(perGroup.get()), s);
        Subsets.Split split = validationShare.get() == null || validationShare.get().isBlank() ? null
                : new Subsets.Split(number(validationShare.get()), s);
        return new Subsets.Plan(composed, true, sampling, split);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new CurioException("subset.bad_sampling", null, text, "'" + text.strip() + "' is not a number");
        }
    }

    /** Recounts everything for the current state in the background; only the newest answer is shown. */
    public void refresh() {
        long gen = generation.incrementAndGet();
        Catalog c = catalog.get();
        String typed = where.get();
        Map<EpisodeField, Set<String>> ticked = new LinkedHashMap<>();
        chosen.forEach((f, s) -> ticked.put(f, Set.copyOf(s)));
        Map<String, Double> thresholds = profile.get().gates();
        String profileName = profile.get().name();
        Condition base;
        Subsets.Plan plan;
        try {
            List<String> parts = new ArrayList<>(bounds());
            if (!typed.isBlank()) parts.add(0, "(" + typed.strip() + ")");
            base = WhereExpression.parse(String.join(" and ", parts));
            plan = plan();
        } catch (CurioException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        background.execute(() -> {
            try {
                EpisodeSnapshot s = c.index().snapshot();
                Map<EpisodeField, Condition> selections = new LinkedHashMap<>();
                ticked.forEach((f, v) -> {
                    if (!v.isEmpty()) selections.put(f, new Condition.In(f, v));
                });
                Map<EpisodeField, List<EpisodeSnapshot.FacetValue>> facets = s.facets(base, selections, FACETS);
                EpisodeSnapshot.Selection matched = s.select(WhereExpression.parse(plan.where()));
                Subsets.Outcome o = Subsets.outcome(s, matched, plan);
                QualityGates.Result g = QualityGates.evaluate(s, o.included(), thresholds, profileName);
                fx.execute(() -> {
                    if (generation.get() != gen) return;
                    facets.forEach((f, values) -> facetValues.get(f).setAll(withChosen(values, ticked.get(f))));
                    counts.set(new Counts(o.matched(), o.included().size(), o.hours(), o.excluded().size()));
                    summary.set(String.format(Locale.ROOT, "%d episodes, %.2f h would go in%s (of %d matching; %d left out: "
                            + "not accepted, a hard finding or recalled%s)", o.included().size(), o.hours(),
                            o.splits().isEmpty() ? "" : ", " + o.splits().size() + " of them in the validation split",
                            o.matched(), o.excluded().size(), plan.sampling() == null ? "" : "; or not drawn"));
                    gates.setAll(g.gates());
                    gatesPass.set(g.pass());
                });
            } catch (CurioException e) {
                fx.execute(() -> {
                    if (generation.get() == gen) error.set(e.getMessage());
                });
            }
        });
    }

    /** A ticked value stays listed (with 0) when the other choices leave it no episode, so it can be unticked. */
    private static List<EpisodeSnapshot.FacetValue> withChosen(List<EpisodeSnapshot.FacetValue> values, Set<String> ticked) {
        List<EpisodeSnapshot.FacetValue> out = new ArrayList<>(values);
        for (String t : ticked) {
            if (values.stream().noneMatch(v -> v.value().equals(t))) out.add(new EpisodeSnapshot.FacetValue(t, 0, 0));
        }
        return out;
    }

    /** The subsets saved so far, newest last; {@link #loadSaved()} reads them. */
    public ObservableList<store.Subset> saved() {
        return saved;
    }

    public void loadSaved() {
        Catalog c = catalog.get();
        background.execute(() -> {
            List<store.Subset> all = new Subsets(c).list();
            fx.execute(() -> saved.setAll(all));
        });
    }

    /** A saved subset made from an expression puts it back in the where field to build on; others have none to give. */
    public void reopen(store.Subset s) {
        if (s.query().startsWith("episodes:") || s.query().startsWith("subset:")) {
            error.set("subset " + s.name() + " was made from a list of episodes, not an expression");
            return;
        }
        chosen.values().forEach(Set::clear);
        for (StringProperty p : List.of(durationMin, durationMax, qualityMin, sharpnessMin, exposureMax, droppedMax, dateFrom, dateTo,
                perGroup, validationShare)) {
            p.set("");
        }
        hasFailure.set(false);
        where.set(s.query().equals("all episodes") ? "" : s.query());
    }

    /** Saves the episodes of {@code a} that are not in {@code b} as subset {@code name}. */
    public void difference(String name, String a, String b, java.util.function.Consumer<Subsets.Created> onSaved) {
        Catalog c = catalog.get();
        jobs.run("Saving subset " + name, BackgroundJobs.Kind.SUBSET, (progress, cancel) -> new Subsets(c).difference(name, a, b), created -> {
            jobs.say(String.format(Locale.ROOT, "Subset %s: %d episodes of %s not in %s", created.subset().name(),
                    created.subset().episodeIds().size(), a, b));
            loadSaved();
            onSaved.accept(created);
        });
    }

    /** Stores the composed selection as subset {@link #nameProperty()}; the status bar says what went in. */
    public void save(java.util.function.Consumer<Subsets.Created> onSaved) {
        String n = name.get() == null ? "" : name.get().strip();
        Subsets.Plan plan;
        try {
            plan = plan();
        } catch (CurioException e) {
            error.set(e.getMessage());
            return;
        }
        Catalog c = catalog.get();
        jobs.run("Saving subset " + n, BackgroundJobs.Kind.SUBSET, (progress, cancel) -> new Subsets(c).create(n, plan), created -> {
            jobs.say(String.format(Locale.ROOT, "Subset %s: %d episodes, %d left out", created.subset().name(),
                    created.subset().episodeIds().size(), created.excluded().size()));
            loadSaved();
            onSaved.accept(created);
        });
    }
}
