package ui.catalog;

import java.util.function.Predicate;
import store.EpisodeSummary;

/** The validation/review filter beside the text filter; REVIEW_QUEUE is the soft-rejected episodes. */
public enum StateFilter implements Predicate<EpisodeSummary> {
    ALL("All episodes", e -> true),
    REVIEW_QUEUE("Review queue", e -> e.review().equals("needs-review")),
    PASSED("Validation passed", e -> e.validation().equals("passed")),
    SOFT("Soft findings", e -> e.validation().equals("soft")),
    HARD("Hard findings", e -> e.validation().equals("hard")),
    UNVALIDATED("Not validated", e -> e.validation().equals("unvalidated") || e.validation().equals("stale")),
    RECALLED("Recalled", e -> "recalled".equals(e.status()));

    private final String label;
    private final Predicate<EpisodeSummary> test;

    StateFilter(String label, Predicate<EpisodeSummary> test) {
        this.label = label;
        this.test = test;
    }

    @Override
    public boolean test(EpisodeSummary e) {
        return test.test(e);
    }

    @Override
    public String toString() {
        return label;
    }
}
