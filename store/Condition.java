package store;

import java.util.List;
import java.util.Set;

/**
 * A filter over the catalog's episodes, as the {@code --where} language, the facets and the app's search field
 * build it; {@link EpisodeIndex} evaluates it. Text comparisons ignore case; a text field with no value compares as
 * the empty string; a number that is not known (an episode never validated has no quality score) satisfies only
 * {@code !=}.
 */
public sealed interface Condition {
    Condition ALL = new And(List.of());

    enum Op {
        EQ("="), NE("!="), CONTAINS("~"), NOT_CONTAINS("!~"), GT(">"), GE(">="), LT("<"), LE("<=");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public static Op of(String symbol) {
            for (Op o : values()) if (o.symbol.equals(symbol)) return o;
            return null;
        }

        public boolean numeric() {
            return this == GT || this == GE || this == LT || this == LE;
        }

        /** {@code x op v} for a number; a text operator is refused. */
        public boolean holds(double x, double v) {
            return switch (this) {
                case EQ -> x == v;
                case NE -> x != v;
                case GT -> x > v;
                case GE -> x >= v;
                case LT -> x < v;
                case LE -> x <= v;
                default -> throw new IllegalArgumentException(this + " on a number");
            };
        }
    }

    /** {@code field op value}; {@code number} is the parsed value for number and date fields (epoch day for dates). */
    record Compare(EpisodeField field, Op op, String text, double number) implements Condition { }

    /** One of {@code values} (exact, ignoring case); for a field with several values per episode, any of them. */
    record In(EpisodeField field, Set<String> values) implements Condition {
        public In {
            values = Set.copyOf(values);
        }
    }

    /** {@code min <= value <= max} (or {@code < max} when not {@code maxInclusive}); a null bound is open. */
    record Range(EpisodeField field, Double min, Double max, boolean maxInclusive) implements Condition { }

    /** Every whitespace-separated term appears in the id, dataset, format, task, validation, review or status. */
    record Text(String query) implements Condition { }

    record And(List<Condition> all) implements Condition {
        public And {
            all = List.copyOf(all);
        }
    }

    record Or(List<Condition> any) implements Condition {
        public Or {
            any = List.copyOf(any);
        }
    }

    record Not(Condition inner) implements Condition { }

    static Condition and(List<Condition> parts) {
        List<Condition> kept = parts.stream().filter(p -> p != null && !p.equals(ALL)).toList();
        return kept.size() == 1 ? kept.get(0) : new And(kept);
    }
}
