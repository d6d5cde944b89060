package ui.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Catalog;
import store.EpisodeDetail;
import store.EpisodeSummary;
import store.Validations;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import ui.BackgroundJobs;

/** The catalog table, its text filter, the selected episode's details and the demo/refresh commands. */
public final class CatalogViewModel {
    private final javafx.collections.ObservableList<ui.ingest.IngestFailuresPane.Row> ingestFailures =
            javafx.collections.FXCollections.observableArrayList();
    private final ObservableList<EpisodeSummary> episodes = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyIntegerWrapper listed = new javafx.beans.property.ReadOnlyIntegerWrapper(-1);
    private final javafx.beans.property.ReadOnlyIntegerWrapper totalEpisodes = new javafx.beans.property.ReadOnlyIntegerWrapper(0);
    private final javafx.beans.property.ReadOnlyBooleanWrapper complete = new javafx.beans.property.ReadOnlyBooleanWrapper(false);
    private final java.util.concurrent.atomic.AtomicLong listGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final FilteredList<EpisodeSummary> filtered = new FilteredList<>(episodes, e -> true);
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ObjectProperty<EpisodeSummary> selected = new SimpleObjectProperty<>();
    private final ObservableList<EpisodeSummary> selection = FXCollections.observableArrayList();
    private final ObjectProperty<EpisodeDetail> detail = new SimpleObjectProperty<>();
    private final StringProperty catalogLabel = new SimpleStringProperty("");
    private final ObjectProperty<StateFilter> stateFilter = new SimpleObjectProperty<>(StateFilter.ALL);
    private final ObservableList<Validations.FindingRow> findings = FXCollections.observableArrayList();
    private final StringProperty whereFilter = new SimpleStringProperty("");
    private final StringProperty whereError = new SimpleStringProperty("");
    private final java.util.concurrent.atomic.AtomicLong whereGeneration = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.util.Set<String> whereMatches;
    /**
     * Thumbnails decode on a thread of their own, so scrolling through a large catalog never queues behind (or ahead
     * of) the details, filters and jobs on the background pool.
     */
    private static final Executor THUMBNAILS = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "curio-thumbnails");
        t.setDaemon(true);
        return t;
    });
    /** Thumbnails shown lately, so scrolling back does not decode again; the oldest are dropped. */
    private final java.util.Map<String, javafx.scene.image.Image> thumbnails = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, javafx.scene.image.Image> eldest) {
            return size() > 600;
        }
    };
    private final BackgroundJobs jobs;
    private final Executor background;
    private final Executor fx;
    private final Path demoDir;
    private final String version;
    private volatile Catalog catalog;

    public CatalogViewModel(Catalog catalog, BackgroundJobs jobs, Executor background, Executor fx, Path demoDir,
                            String version) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.background = background;
        this.fx = fx;
        this.demoDir = demoDir;
        this.version = version;
        catalogLabel.set(catalog.file().toAbsolutePath().toString());
        filterText.addListener((obs, old, text) -> updatePredicate());
        stateFilter.addListener((obs, old, f) -> updatePredicate());
        whereFilter.addListener((obs, old, w) -> applyWhere());
        selected.addListener((obs, old, now) -> loadDetail(now));
    }

    public ObservableList<EpisodeSummary> filteredEpisodes() {
        return filtered;
    }

    /** How many episodes are in the table after the last listing; -1 until the first rows are in it. */
    public javafx.beans.property.ReadOnlyIntegerProperty listedProperty() {
        return listed.getReadOnlyProperty();
    }

    public ObservableList<EpisodeSummary> allEpisodes() {
        return FXCollections.unmodifiableObservableList(episodes);
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<StateFilter> stateFilterProperty() {
        return stateFilter;
    }

    /** The selected episode's last validation findings, worst first. */
    public ObservableList<Validations.FindingRow> findings() {
        return findings;
    }

    /**
     * A where expression (docs/subsets.md) the table is narrowed to, besides the text and state filters; the
     * dashboard's bars and bins add to it. Blank shows everything.
     */
    public StringProperty whereFilterProperty() {
        return whereFilter;
    }

    /** Why the where filter cannot be read; empty when it can. */
    public StringProperty whereErrorProperty() {
        return whereError;
    }

    /**
     * The episode's thumbnail, from the cache beside the catalog or decoded off the FX thread the first time; given to
     * {@code onReady} on the FX thread, null when the episode has no camera frame to show. Only rows on screen ask.
     */
    public void thumbnail(String episodeId, java.util.function.Consumer<javafx.scene.image.Image> onReady) {
        if (thumbnails.containsKey(episodeId)) {
            onReady.accept(thumbnails.get(episodeId));
            return;
        }
        Catalog c = catalog;
        THUMBNAILS.execute(() -> {
            javafx.scene.image.Image img;
            try {
                img = new pipeline.thumbs.Thumbnails(c).of(episodeId)
                        .map(p -> new javafx.scene.image.Image(p.toUri().toString())).orElse(null);
            } catch (RuntimeException e) {
                // A camera that cannot be decoded (moved, corrupt) shows no picture; validation reports why.
                img = null;
            }
            javafx.scene.image.Image done = img;
            fx.execute(() -> {
                thumbnails.put(episodeId, done);
                onReady.accept(done);
            });
        });
    }

    /** The failure-cluster board of this catalog. */
    public ui.board.FailureBoardViewModel failureBoard() {
        return new ui.board.FailureBoardViewModel(() -> catalog, jobs, background, fx, System.getProperty("user.name", "curio"));
    }

    /** A dashboard of this catalog's where filter, whose clicks narrow it. */
    public ui.dashboard.DashboardViewModel dashboard() {
        return new ui.dashboard.DashboardViewModel(() -> catalog, background, fx, whereFilter, this::refineWhere);
    }

    /** Narrows the where filter by one more condition (a dashboard bar or bin). */
    public void refineWhere(String condition) {
        String now = whereFilter.get() == null ? "" : whereFilter.get().strip();
        whereFilter.set(now.isEmpty() ? condition : "(" + now + ") and " + condition);
    }

    private void applyWhere() {
        String expr = whereFilter.get();
        long gen = whereGeneration.incrementAndGet();
        if (expr == null || expr.isBlank()) {
            whereMatches = null;
            whereError.set("");
            updatePredicate();
            return;
        }
        Catalog c = catalog;
        background.execute(() -> {
            try {
                store.EpisodeSnapshot s = c.index().snapshot();
                java.util.Set<String> ids = new java.util.HashSet<>(s.select(packaging.subset.WhereExpression.parse(expr)).episodeIds());
                fx.execute(() -> {
                    if (whereGeneration.get() != gen) return;
                    whereMatches = ids;
                    whereError.set("");
                    updatePredicate();
                });
            } catch (store.CurioException e) {
                fx.execute(() -> {
                    if (whereGeneration.get() == gen) whereError.set(e.getMessage());
                });
            }
        });
    }

    private void updatePredicate() {
        Predicate<EpisodeSummary> text = matcher(filterText.get());
        StateFilter state = stateFilter.get() == null ? StateFilter.ALL : stateFilter.get();
        java.util.Set<String> where = whereMatches;
        filtered.setPredicate(e -> text.test(e) && state.test(e) && (where == null || where.contains(e.episodeId())));
    }

    /**
     * Validates the given episodes (all when empty) off the FX thread with progress and cancel; unchanged
     * episodes are not re-run.
     */
    public void validate(List<String> episodeIds) {
        Catalog c = catalog;
        jobs.run("Validating", BackgroundJobs.Kind.VALIDATE, (progress, cancel) -> new ValidationService(c, new Validator(), 2,
                        System.getProperty("user.name", "curio"))
                .run(episodeIds, ValidationProfile.defaults(), false, progress, cancel), reports -> {
            long hard = reports.stream().filter(r -> r.state().equals("hard")).count();
            long soft = reports.stream().filter(r -> r.state().equals("soft")).count();
            refresh();
            EpisodeSummary sel = selected.get();
            loadDetail(sel);
            jobs.say(String.format("Validated %d episodes: %d passed, %d soft (in the review queue), %d hard",
                    reports.size(), reports.size() - hard - soft, soft, hard));
        });
    }

    public ObjectProperty<EpisodeSummary> selectedProperty() {
        return selected;
    }

    /** Every selected row (the table allows multi-select); {@link #selectedProperty} is the focused one. */
    public ObservableList<EpisodeSummary> selection() {
        return selection;
    }

    /** Episode ids of the rows the current text and state filters show. */
    public List<String> filteredIds() {
        return filtered.stream().map(EpisodeSummary::episodeId).toList();
    }

    public ReadOnlyObjectProperty<EpisodeDetail> detailProperty() {
        return detail;
    }

    public ReadOnlyStringProperty catalogLabelProperty() {
        return catalogLabel;
    }

    public BackgroundJobs jobs() {
        return jobs;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Swaps in another catalog (File > Open catalog); the caller closes the old one. */
    public void switchTo(Catalog next) {
        catalog = next;
        catalogLabel.set(next.file().toAbsolutePath().toString());
        selected.set(null);
        refresh();
    }

    /**
     * Lists the catalog. A large one shows its first {@link #FIRST_PAGE} rows straight from SQL (a few milliseconds)
     * while the rest are read, so a window on 100,000 episodes has rows in it at once.
     */
    public void refresh() {
        Catalog c = catalog;
        long generation = listGeneration.incrementAndGet();
        background.execute(() -> {
            int total = c.episodes().count();
            if (total > FIRST_PAGE) {
                List<EpisodeSummary> first = c.episodes().page(0, FIRST_PAGE);
                fx.execute(() -> {
                    if (listGeneration.get() == generation && !complete.get()) show(first, total, false, c);
                });
            }
            List<EpisodeSummary> rows = c.episodes().list();
            fx.execute(() -> {
                if (listGeneration.get() == generation) show(rows, rows.size(), true, c);
            });
        });
    }

    /** Rows listed before the whole catalog is read. */
    static final int FIRST_PAGE = 500;

    private void show(List<EpisodeSummary> rows, int total, boolean all, Catalog c) {
        EpisodeSummary keep = selected.get();
        complete.set(false);
        episodes.setAll(rows);
        totalEpisodes.set(total);
        updatePredicate();
        if (!whereFilter.get().isBlank()) applyWhere();
        if (keep != null) {
            rows.stream().filter(r -> r.episodeId().equals(keep.episodeId())).findFirst().ifPresent(selected::set);
        }
        listed.set(rows.size());
        complete.set(all);
        if (all) jobs.say(rows.size() + " episodes in " + c.file().getFileName());
    }

    /** Episodes in the catalog, known before all of them are listed. */
    public javafx.beans.property.ReadOnlyIntegerProperty totalEpisodesProperty() {
        return totalEpisodes.getReadOnlyProperty();
    }

    /** False while only the first rows of a large catalog are listed. */
    public javafx.beans.property.ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    /** First start: an empty catalog gets the demo, so a new user sees real episodes straight away. */
    public void generateDemoIfEmpty() {
        Catalog c = catalog;
        background.execute(() -> {
            int count = c.episodes().count();
            fx.execute(() -> {
                if (count == 0) generateDemo(6, 7); else refresh();
            });
        });
    }

    public void generateDemo(int count, long seed) {
        Catalog c = catalog;
        jobs.run("Generating demo episodes", BackgroundJobs.Kind.DEMO, (progress, cancel) -> {
            List<DemoGenerator.GeneratedEpisode> generated = new DemoGenerator(version)
                    .generate(new DemoGenerator.Options(demoDir, count, seed), progress, cancel);
            return DemoIngest.register(c, generated, store.ProgressSink.NONE, cancel);
        }, ids -> refresh());
    }

    /** Failures of the last ingest, one row per error; the UI shows and copies them. */
    public javafx.collections.ObservableList<ui.ingest.IngestFailuresPane.Row> ingestFailures() {
        return ingestFailures;
    }

    /** Ingests folders or files (File > Open folder, drag-and-drop) in the background, with progress and cancel. */
    public void ingest(List<java.nio.file.Path> paths) {
        Catalog c = catalog;
        jobs.run("Ingesting " + paths.size() + (paths.size() == 1 ? " path" : " paths"), BackgroundJobs.Kind.INGEST,
                (progress, cancel) -> new pipeline.ingest.Ingest(c).run(paths, progress, cancel), report -> {
                    ingestFailures.clear();
                    for (pipeline.ingest.IngestReport.Failure f : report.failed()) {
                        for (store.CurioException e : f.errors()) {
                            ingestFailures.add(new ui.ingest.IngestFailuresPane.Row(f.path(), e.code(), e.file(), e.field(),
                                    e.getMessage()));
                        }
                    }
                    jobs.say(report.ingested().size() + " ingested, " + report.unchanged().size() + " unchanged, "
                            + report.failed().size() + " failed");
                    refresh();
                });
    }

    private void loadDetail(EpisodeSummary summary) {
        if (summary == null) {
            detail.set(null);
            findings.clear();
            return;
        }
        Catalog c = catalog;
        background.execute(() -> {
            EpisodeDetail d = c.episodes().find(summary.episodeId()).orElse(null);
            List<Validations.FindingRow> rows = c.validations().findings(summary.episodeId());
            fx.execute(() -> {
                EpisodeSummary now = selected.get();
                if (now != null && now.episodeId().equals(summary.episodeId())) {
                    detail.set(d);
                    findings.setAll(rows);
                }
            });
        });
    }

    /** Every whitespace-separated term must appear in one of the row's visible columns. */
    static Predicate<EpisodeSummary> matcher(String text) {
        if (text == null || text.isBlank()) return e -> true;
        String[] terms = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return e -> {
            String hay = String.join(" ", e.episodeId(), e.dataset(), e.format(), e.task() == null ? "" : e.task(),
                    e.validation(), e.review(), e.status() == null ? "" : e.status()).toLowerCase(Locale.ROOT);
            for (String t : terms) if (!hay.contains(t)) return false;
            return true;
        };
    }
}
