package ui.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.collections.ObservableListBase;
import store.EpisodeListing;
import store.EpisodeSummary;

/**
 * The catalog table's rows: as many as the listing counts, each read from SQL with its page the first time the table
 * asks for it. The pages read last are kept and older ones dropped, so what is held follows what is on screen, not the
 * size of the catalog. A row whose page is not read yet is {@link #LOADING} until the page arrives; then the table is
 * told those rows changed.
 *
 * <p>Arrivals are told as updates, not replacements: a TableView answers a replacement by dropping every selected row
 * but the focused one, which would undo a Ctrl-click selection whenever the user scrolled to rows not read yet.
 */
final class CatalogRows extends ObservableListBase<EpisodeSummary> {
    static final int PAGE = 200;
    /** Pages kept; about 1,600 rows, some screens either side of the one shown. */
    static final int KEPT_PAGES = 8;
    /** What a row shows before its page is read. */
    static final EpisodeSummary LOADING = new EpisodeSummary("", "", "", "", Double.NaN, 0, "", "", "");

    private final Executor background;
    private final Executor fx;
    // Guarded by this: get() is also called off the FX thread (tests, the TableView's accessibility).
    private long generation = -1;
    private EpisodeListing listing;
    private int size;
    private final Map<Integer, List<EpisodeSummary>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<EpisodeSummary>> eldest) {
            return size() > KEPT_PAGES;
        }
    };
    /** Pages asked for and not read yet, the latest last; only as many as could be kept. */
    private final LinkedHashSet<Integer> wanted = new LinkedHashSet<>();
    private final Set<Integer> reading = new java.util.HashSet<>();
    private boolean draining;

    CatalogRows(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    @Override
    public synchronized int size() {
        return size;
    }

    /** The row, or {@link #LOADING} while its page is read (asking for the page if nobody has). */
    @Override
    public EpisodeSummary get(int index) {
        EpisodeSummary row;
        synchronized (this) {
            if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index + " of " + size);
            List<EpisodeSummary> page = pages.get(index / PAGE);
            if (page != null) return index % PAGE < page.size() ? page.get(index % PAGE) : LOADING;
            row = LOADING;
        }
        request(index / PAGE);
        return row;
    }

    /** The row if its page is held, else null; asks for nothing. */
    synchronized EpisodeSummary cached(int index) {
        if (index < 0 || index >= size) return null;
        List<EpisodeSummary> page = pages.get(index / PAGE);
        return page != null && index % PAGE < page.size() ? page.get(index % PAGE) : null;
    }

    /** Rows held in memory. */
    synchronized int held() {
        int n = 0;
        for (List<EpisodeSummary> p : pages.values()) n += p.size();
        return n;
    }

    synchronized EpisodeListing listing() {
        return listing;
    }

    /**
     * Shows another listing (on the FX thread): {@code size} rows, the first page already read. Pages of the one before
     * that are still being read are dropped when they arrive.
     */
    void show(long generation, EpisodeListing listing, int size, List<EpisodeSummary> first) {
        int before;
        synchronized (this) {
            before = this.size;
            this.generation = generation;
            this.listing = listing;
            this.size = size;
            pages.clear();
            wanted.clear();
            reading.clear();
            if (!first.isEmpty()) pages.put(0, List.copyOf(first));
        }
        if (before == 0 && size == 0) return;
        beginChange();
        if (before > 0) nextRemove(0, Collections.nCopies(before, LOADING));
        if (size > 0) nextAdd(0, size);
        endChange();
    }

    private void request(int page) {
        synchronized (this) {
            if (listing == null || reading.contains(page)) return;
            wanted.remove(page);
            wanted.add(page);
            // Asked for more than can be kept (a select-all walks every row): the oldest asks are forgotten.
            while (wanted.size() > KEPT_PAGES) wanted.remove(wanted.iterator().next());
            if (draining) return;
            draining = true;
        }
        background.execute(this::drain);
    }

    /** Reads the wanted pages one after another, the latest asked for first: the rows on screen now. */
    private void drain() {
        while (true) {
            int page;
            long gen;
            EpisodeListing l;
            synchronized (this) {
                if (wanted.isEmpty()) {
                    draining = false;
                    return;
                }
                List<Integer> order = new ArrayList<>(wanted);
                page = order.get(order.size() - 1);
                wanted.remove(page);
                reading.add(page);
                gen = generation;
                l = listing;
            }
            List<EpisodeSummary> rows;
            try {
                rows = l.page(page * PAGE, PAGE);
            } catch (RuntimeException e) {
                synchronized (this) {
                    draining = false;
                    reading.remove(page);
                }
                throw e;
            }
            fx.execute(() -> arrived(gen, page, rows));
        }
    }

    private void arrived(long gen, int page, List<EpisodeSummary> rows) {
        int from = page * PAGE;
        int to;
        synchronized (this) {
            if (gen != generation) return;
            reading.remove(page);
            pages.put(page, List.copyOf(rows));
            to = Math.min(size, from + rows.size());
        }
        if (from >= to) return;
        beginChange();
        for (int i = from; i < to; i++) nextUpdate(i);
        endChange();
    }
}
