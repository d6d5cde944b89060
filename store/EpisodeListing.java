package store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's episodes under a filter and in an order, read from SQL a page at a time: what the catalog table
 * shows, without holding every row. The filter is a {@link Condition} (the search field's text, the state filter
 * and a where expression, answered as {@link EpisodeSnapshot#select} answers them); the order is one column, up or
 * down, ties broken by the episode id in the same direction so an index serves both directions. With no column the
 * order is the catalog's default: dataset, then id.
 *
 * <p>A listing reads the catalog as it is at each call, but the text fields' values a filter matches are read when the
 * listing is made: a value written later (a new task) is matched by the next listing.
 */
public final class EpisodeListing {
    /** Columns the table sorts by, and how each is computed for a row. */
    private static String sortKey(EpisodeField f) {
        return switch (f) {
            case ID -> "e.episode_id";
            case DATASET -> "d.name";
            case TASK -> "e.task";
            case DURATION -> "e.duration_ns";
            case STREAMS -> ConditionSql.numberExpr(EpisodeField.STREAMS);
            case VALIDATION -> "e.validation_state";
            case REVIEW -> "e.review_state";
            case STATUS -> STATUS;
            default -> throw new IllegalArgumentException("the catalog table does not sort by " + f.whereName);
        };
    }

    /**
     * The index that holds the rows in the order, walked for a page whatever the filter: without statistics the
     * planner takes a filter on an indexed column (review=accept) for a narrow one and sorts every row it passes to
     * find the first 200, where the walk stops after them. A walk costs at most one pass of the index.
     */
    private static String walk(EpisodeField f) {
        if (f == null) return "episodes_listing";
        return switch (f) {
            case ID -> "sqlite_autoindex_episodes_1";
            case DATASET -> "episodes_listing";
            case TASK -> "episodes_task";
            case DURATION -> "episodes_duration";
            case VALIDATION -> "episodes_validation";
            case REVIEW -> "episodes_review";
            default -> null;
        };
    }

    /** The status a row shows. */
    static final String STATUS = "(CASE WHEN " + ConditionSql.RECALLED + " THEN 'recalled' ELSE e.status END)";
    static final String SUMMARY_COLUMNS = """
            e.episode_id, d.name, e.format, e.task, e.duration_ns, (SELECT count(*) FROM streams s WHERE s.episode_id = e.id),
            e.validation_state, e.review_state, """ + STATUS;

    private final Catalog catalog;
    private final ConditionSql.Sql filter;
    /** The filter for a walk of the order's index: marks and counts tested row by row. */
    private final ConditionSql.Sql walkFilter;
    /** Sort keys, most significant first; the last is the episode id. */
    private final List<String> keys;
    private final boolean ascending;
    private final String from;
    /** {@link #from} with the order's index named, for the queries that stop after a page. */
    private final String walkFrom;
    private final String orderBy;
    /** What the last {@link #count} found: rows that pass and rows in the catalog; -1 before. */
    private volatile int passing = -1;
    private volatile int all = -1;

    private EpisodeListing(Catalog catalog, ConditionSql.Sql[] filter, List<String> keys, boolean ascending, String index) {
        this.catalog = catalog;
        this.filter = filter[0];
        this.walkFilter = filter[1];
        this.keys = keys;
        this.ascending = ascending;
        boolean dataset = keys.stream().anyMatch(k -> k.startsWith("d."));
        from = " FROM episodes e" + (dataset ? " JOIN datasets d ON d.id = e.dataset_id" : "");
        // The datasets come first, by name, so the walk goes through each dataset's rows in the index in turn.
        walkFrom = index == null ? from : dataset ? " FROM datasets d CROSS JOIN episodes e INDEXED BY " + index + " ON e.dataset_id = d.id"
                : " FROM episodes e INDEXED BY " + index;
        String dir = ascending ? "" : " DESC";
        orderBy = " ORDER BY " + String.join(", ", keys.stream().map(k -> k + dir).toList());
    }

    /**
     * @param sort the column, or null for the default order; a column the table does not show is refused
     */
    static EpisodeListing compile(Catalog catalog, Condition filter, EpisodeField sort, boolean ascending) {
        List<String> keys = sort == null ? List.of("d.name", "e.episode_id")
                : sort == EpisodeField.ID ? List.of("e.episode_id") : List.of(sortKey(sort), "e.episode_id");
        ConditionSql.Sql[] sql = catalog.read(c -> new ConditionSql(c).setsAndProbes(filter));
        return new EpisodeListing(catalog, sql, keys, sort == null || ascending, walk(sort));
    }

    /** Episodes that pass the filter. */
    public int count() {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), (SELECT count(*) FROM episodes) FROM episodes e WHERE "
                    + filter.text())) {
                filter.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    passing = rs.getInt(1);
                    all = rs.getInt(2);
                    return passing;
                }
            }
        });
    }

    /** Episodes in the catalog, as the last {@link #count} found them (one query with the passing rows); -1 before. */
    public int all() {
        return all;
    }

    /** Where a page's rows are found, and the filter that suits that way of finding them. */
    private record Source(String from, ConditionSql.Sql filter) { }

    /**
     * A page is found by walking the order's index, testing rows until the page is full: one by one near the start,
     * against sets read once further down, where the walk passes more rows than a set holds. When the filter passes
     * few rows (under one in twenty), the walk would pass over nearly the whole catalog to fill a page; the planner
     * then picks, finds those rows by the filter's own index or a scan, and sorts them. So it does when the order has
     * no index.
     */
    private Source pageSource(int offset) {
        int n = passing;
        boolean sparse = n >= 0 && (long) n * 20 < all;
        if (sparse || walkFrom.equals(from)) return new Source(from, filter);
        return new Source(walkFrom, offset < DEEP ? walkFilter : filter);
    }

    /** Rows into the order from which a page is walked with sets instead of row-by-row tests. */
    private static final int DEEP = 1000;

    /**
     * Rows {@code offset} to {@code offset + limit} in order. The positions are found on row ids alone, which an index
     * on the sort column holds, and only the rows returned are read whole: a page deep in the catalog then costs a
     * walk of the index, not of the table.
     */
    public List<EpisodeSummary> page(int offset, int limit) {
        Source src = pageSource(offset);
        String sql = "SELECT " + SUMMARY_COLUMNS + " FROM (SELECT e.id AS id" + src.from() + " WHERE " + src.filter().text() + orderBy
                + " LIMIT ? OFFSET ?) p CROSS JOIN episodes e ON e.id = p.id JOIN datasets d ON d.id = e.dataset_id" + orderBy;
        return catalog.read(c -> {
            List<EpisodeSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = src.filter().bind(ps, 1);
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(Episodes.summary(rs));
                }
            }
            return out;
        });
    }

    /** The episode ids of rows {@code offset} to {@code offset + limit} in order; a negative limit reads to the end. */
    public List<String> ids(int offset, int limit) {
        Source src = pageSource(limit < 0 || limit > DEEP ? DEEP : offset);
        return catalog.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.episode_id" + src.from() + " WHERE " + src.filter().text() + orderBy
                    + " LIMIT ? OFFSET ?")) {
                int i = src.filter().bind(ps, 1);
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** The row the episode is in, or -1 when the filter leaves it out: counts the rows that come before it. */
    public int indexOf(String episodeId) {
        return catalog.read(c -> {
            Object[] at = keysOf(c, episodeId);
            if (at == null) return -1;
            List<ConditionSql.Sql> before = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                List<ConditionSql.Sql> same = new ArrayList<>();
                for (int j = 0; j < k; j++) same.add(ConditionSql.Sql.of(keys.get(j) + " IS ?", at[j]));
                same.add(precedes(keys.get(k), at[k]));
                before.add(ConditionSql.and(same));
            }
            ConditionSql.Sql where = ConditionSql.and(List.of(filter, ConditionSql.or(before)));
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + from + " WHERE " + where.text())) {
                where.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** The sort keys of the episode, or null when it is not under the filter. */
    private Object[] keysOf(Connection c, String episodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", keys) + from + " WHERE e.episode_id = ? AND "
                + filter.text())) {
            ps.setString(1, episodeId);
            filter.bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Object[] out = new Object[keys.size()];
                for (int i = 0; i < out.length; i++) out[i] = rs.getObject(i + 1);
                return out;
            }
        }
    }

    /**
     * Rows whose key comes before {@code value} in this order. SQLite puts NULL first going up and last going down,
     * as the table's own comparator does.
     */
    private ConditionSql.Sql precedes(String key, Object value) {
        if (ascending) {
            return value == null ? ConditionSql.Sql.FALSE : ConditionSql.Sql.of("(" + key + " IS NULL OR " + key + " < ?)", value);
        }
        return value == null ? ConditionSql.Sql.of("(" + key + " IS NOT NULL)") : ConditionSql.Sql.of("coalesce(" + key + " > ?, 0)", value);
    }

    /** How SQLite finds a page's rows, one line per step of its plan. */
    List<String> plan() {
        Source src = pageSource(0);
        return catalog.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN SELECT e.id" + src.from() + " WHERE " + src.filter().text()
                    + orderBy + " LIMIT 200")) {
                src.filter().bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(4));
                }
            }
            return out;
        });
    }
}
