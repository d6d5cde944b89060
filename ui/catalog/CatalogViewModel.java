package ui.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import packaging.subset.WhereExpression;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Catalog;
import store.Condition;
import store.EpisodeDetail;
import store.EpisodeField;
import store.EpisodeListing;
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
    private final CatalogRows rows;
    private final javafx.beans.property.ReadOnlyIntegerWrapper listed = new javafx.beans.property.ReadOnlyIntegerWrapper(-1);
    private final javafx.beans.property.ReadOnlyIntegerWrapper totalEpisodes = new javafx.beans.property.ReadOnlyIntegerWrapper(0);
    private final javafx.beans.property.ReadOnlyIntegerWrapper rowToSelect = new javafx.beans.property.ReadOnlyIntegerWrapper(-1);
    private final java.util.concurrent.atomic.AtomicLong listGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong selectionGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ObjectProperty<EpisodeSummary> selected = new SimpleObjectProperty<>();
    private final ObservableList<String> selectedIds = FXCollections.observableArrayList();
    private final ObjectProperty<EpisodeDetail> detail = new SimpleObjectProperty<>();
    private final StringProperty catalogLabel = new SimpleStringProperty("");
    private final ObjectProperty<StateFilter> stateFilter = new SimpleObjectProperty<>(StateFilter.ALL);
    private final ObservableList<Validations.FindingRow> findings = FXCollections.observableArrayList();
    private final StringProperty whereFilter = new SimpleStringProperty("");
    private final StringProperty whereError = new SimpleStringProperty("");
    /** The last where expression that could be read; one being typed that cannot yet leaves the table as it was. */
    private Condition where = Condition.ALL;
    private EpisodeField sortColumn;
    private boolean sortAscending = true;
    /** The row the table has focused, -1 for none. */
    private int focused = -1;
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
        rows = new CatalogRows(background, fx);
        catalogLabel.set(catalog.file().toAbsolutePath().toString());
        filterText.addListener((obs, old, text) -> list(false));
        stateFilter.addListener((obs, old, f) -> list(false));
        whereFilter.addListener((obs, old, w) -> applyWhere());
        selected.addListener((obs, old, now) -> loadDetail(now));
        // The focused row's page arrived: it is the selected episode now.
        rows.addListener((ListChangeListener<EpisodeSummary>) c -> {
            if (focused >= 0 && selected.get() == null) {
                EpisodeSummary now = rows.cached(focused);
                if (now != null) selected.set(now);
            }
        });
    }

    /**
     * The table's rows under the filters and the sort: as many as pass, read a page at a time as the table shows them
     * ({@link #LOADING} until then), at most a few pages held.
     */
    public ObservableList<EpisodeSummary> rows() {
        return rows;
    }

    /** What a row shows while its page is read. */
    public static final EpisodeSummary LOADING = CatalogRows.LOADING;

    /** Rows held in memory, whatever the size of the catalog. */
    int rowsHeld() {
        return rows.held();
    }

    /** Rows that pass the filters after the last listing; -1 until the first listing is in the table. */
    public javafx.beans.property.ReadOnlyIntegerProperty listedProperty() {
        return listed.getReadOnlyProperty();
    }

    /**
     * The row the table should select after a listing: the episode selected before, where it is now, else the first
     * row; -1 in between and when there is no row.
     */
    public javafx.beans.property.ReadOnlyIntegerProperty rowToSelectProperty() {
        return rowToSelect.getReadOnlyProperty();
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
        try {
            where = WhereExpression.parse(whereFilter.get());
            whereError.set("");
            list(false);
        } catch (store.CurioException e) {
            whereError.set(e.getMessage());
        }
    }

    /**
     * Sorts the table by a column (null: the catalog's order, dataset then id), in SQL: the table hands its sort here
     * instead of sorting rows it does not hold.
     */
    public void sortBy(EpisodeField column, boolean ascending) {
        boolean up = column == null || ascending;
        if (column == sortColumn && up == sortAscending) return;
        sortColumn = column;
        sortAscending = up;
        list(false);
    }

    private Condition filter() {
        StateFilter state = stateFilter.get() == null ? StateFilter.ALL : stateFilter.get();
        return Condition.and(List.of(new Condition.Text(filterText.get()), state.condition(), where));
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
            reread();
            EpisodeSummary sel = selected.get();
            loadDetail(sel);
            jobs.say(String.format("Validated %d episodes: %d passed, %d soft (in the review queue), %d hard",
                    reports.size(), reports.size() - hard - soft, soft, hard));
        });
    }

    public ObjectProperty<EpisodeSummary> selectedProperty() {
        return selected;
    }

    /**
     * The episode ids of every selected row (the table allows multi-select); {@link #selectedProperty} is the focused
     * one. Rows whose pages are not held are looked up by position, so a Shift-click over thousands of rows or a
     * select-all reads ids, not rows.
     */
    public ObservableList<String> selectedIds() {
        return selectedIds;
    }

    /** The table focused a row (-1: none): its episode becomes the selected one, once its page is read. */
    public void focusRow(int index) {
        focused = index;
        EpisodeSummary now = index < 0 || index >= rows.size() ? null : rows.cached(index);
        selected.set(now);
        if (index >= 0 && now == null && index < rows.size()) rows.get(index);
    }

    /** The table's selected rows changed. */
    public void selectRows(List<Integer> indices) {
        long gen = selectionGeneration.incrementAndGet();
        long listing = listGeneration.get();
        String[] ids = new String[indices.size()];
        List<int[]> missing = new java.util.ArrayList<>();
        for (int k = 0; k < ids.length; k++) {
            EpisodeSummary s = rows.cached(indices.get(k));
            if (s != null) ids[k] = s.episodeId(); else missing.add(new int[] {indices.get(k), k});
        }
        if (missing.isEmpty()) {
            selectedIds.setAll(ids);
            return;
        }
        EpisodeListing l = rows.listing();
        background.execute(() -> {
            if (selectionGeneration.get() != gen) return;
            missing.sort(java.util.Comparator.comparingInt(m -> m[0]));
            for (int i = 0; i < missing.size(); ) {
                int j = i;
                while (j + 1 < missing.size() && missing.get(j + 1)[0] == missing.get(j)[0] + 1) j++;
                List<String> run = l.ids(missing.get(i)[0], j - i + 1);
                for (int k = 0; k < run.size(); k++) ids[missing.get(i + k)[1]] = run.get(k);
                i = j + 1;
            }
            List<String> all = java.util.Arrays.stream(ids).filter(java.util.Objects::nonNull).toList();
            fx.execute(() -> {
                if (selectionGeneration.get() == gen && listGeneration.get() == listing) selectedIds.setAll(all);
            });
        });
    }

    /** Episode ids of every row the filters pass, in the table's order; given to {@code onReady} on the FX thread. */
    public void filteredIds(java.util.function.Consumer<List<String>> onReady) {
        EpisodeListing l = rows.listing();
        if (l == null) {
            onReady.accept(List.of());
            return;
        }
        background.execute(() -> {
            List<String> ids = l.ids(0, -1);
            fx.execute(() -> onReady.accept(ids));
        });
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
        // The old catalog is closed next: its pages are not read any more, and its rows leave the table now.
        focused = -1;
        rows.show(listGeneration.incrementAndGet(), null, 0, List.of());
        selected.set(null);
        refresh();
    }

    /** Lists the catalog again, keeping the selected episode selected, and says how many episodes it holds. */
    public void refresh() {
        list(true);
    }

    /**
     * Lists the catalog again after a job that changed it (a recall) and told its own result in the status bar, which
     * then stays there.
     */
    public void reread() {
        list(false);
    }

    /**
     * Counts the rows under the filters and reads the first page in SQL, off the FX thread; the table then reads the
     * rest a page at a time. A listing asked for while an older one waits to run replaces it, so typing in the filter
     * field runs one query per pause, not per key.
     */
    private void list(boolean announce) {
        Catalog c = catalog;
        Condition filter = filter();
        EpisodeField sort = sortColumn;
        boolean up = sortAscending;
        String keep = selected.get() == null ? null : selected.get().episodeId();
        long generation = listGeneration.incrementAndGet();
        background.execute(() -> {
            if (listGeneration.get() != generation) return;
            EpisodeListing l = c.episodes().listing(filter, sort, up);
            int n = l.count();
            int total = l.all();
            List<EpisodeSummary> first = l.page(0, CatalogRows.PAGE);
            fx.execute(() -> {
                if (listGeneration.get() != generation) return;
                show(generation, l, n, total, first, keep);
                if (announce) jobs.say(total + " episodes in " + c.file().getFileName());
            });
        });
    }

    private void show(long generation, EpisodeListing l, int n, int total, List<EpisodeSummary> first, String keep) {
        rowToSelect.set(-1);
        // The rows the focus pointed at are gone; the table drops its selection with them.
        focused = -1;
        rows.show(generation, l, n, first);
        totalEpisodes.set(total);
        listed.set(n);
        int at = -1;
        for (int i = 0; i < first.size() && keep != null; i++) if (first.get(i).episodeId().equals(keep)) at = i;
        if (at >= 0 || keep == null || n == 0) {
            rowToSelect.set(at >= 0 ? at : n > 0 ? 0 : -1);
            return;
        }
        // The episode selected before is further down, or filtered out: find its row; meanwhile the table has rows.
        background.execute(() -> {
            int row = l.indexOf(keep);
            fx.execute(() -> {
                if (listGeneration.get() == generation && focused < 0) rowToSelect.set(row >= 0 ? row : 0);
            });
        });
    }

    /** Episodes in the catalog, whatever the filters. */
    public javafx.beans.property.ReadOnlyIntegerProperty totalEpisodesProperty() {
        return totalEpisodes.getReadOnlyProperty();
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
                    reread();
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

}
