package ui.catalog;

import java.util.List;
import store.Condition;
import store.EpisodeField;

/** The validation/review filter beside the text filter; REVIEW_QUEUE is the soft-rejected episodes. */
public enum StateFilter {
    ALL("All episodes", Condition.ALL),
    REVIEW_QUEUE("Review queue", is(EpisodeField.REVIEW, "needs-review")),
    PASSED("Validation passed", is(EpisodeField.VALIDATION, "passed")),
    SOFT("Soft findings", is(EpisodeField.VALIDATION, "soft")),
    HARD("Hard findings", is(EpisodeField.VALIDATION, "hard")),
    UNVALIDATED("Not validated", new Condition.Or(List.of(is(EpisodeField.VALIDATION, "unvalidated"),
            is(EpisodeField.VALIDATION, "stale")))),
    RECALLED("Recalled", is(EpisodeField.STATUS, "recalled"));

    private final String label;
    private final Condition condition;

    StateFilter(String label, Condition condition) {
        this.label = label;
        this.condition = condition;
    }

    private static Condition is(EpisodeField field, String value) {
        return new Condition.Compare(field, Condition.Op.EQ, value, Double.NaN);
    }

    /** The episodes the filter lets through, as the catalog's listing reads it. */
    public Condition condition() {
        return condition;
    }

    @Override
    public String toString() {
        return label;
    }
}
