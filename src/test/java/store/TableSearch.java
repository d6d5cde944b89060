package store;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * How the catalog table matched its search field when it held every row in memory: each whitespace-separated term in
 * one of the row's visible columns. The reference the SQL listing is checked against.
 */
public final class TableSearch {
    private TableSearch() { }

    public static Predicate<EpisodeSummary> matching(String text) {
        String[] terms = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return e -> {
            String hay = String.join(" ", e.episodeId(), e.dataset(), e.format(), e.task() == null ? "" : e.task(),
                    e.validation(), e.review(), e.status()).toLowerCase(Locale.ROOT);
            for (String t : terms) if (!hay.contains(t)) return false;
            return true;
        };
    }
}
