package packaging.subset;

import store.CandidateEpisode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import store.CurioException;

/**
 * The {@code --where} language of {@code curio subset create}: comparisons joined by {@code and} / {@code or}
 * ({@code and} binds tighter; no parentheses), e.g.
 * {@code review=accept and validation!=hard and task~cube and duration>5 and dataset=curio-demo}.
 *
 * <ul>
 *   <li>fields: {@code id dataset format task robot operator review validation status} (text) and
 *       {@code duration} (seconds, number)</li>
 *   <li>operators: {@code = !=} (exact, case-insensitive), {@code ~ !~} (contains, case-insensitive),
 *       {@code > >= < <=} (numbers; duration only)</li>
 *   <li>values: a bare word (letters, digits, {@code - _ . : /}) or a double-quoted string</li>
 * </ul>
 * A bad expression fails with {@code subset.bad_where}, the offending token in {@code field}.
 */
public final class WhereExpression {
    private static final List<String> TEXT_FIELDS =
            List.of("id", "dataset", "format", "task", "robot", "operator", "review", "validation", "status");
    private static final List<String> OPERATORS = List.of("!=", "!~", ">=", "<=", "=", "~", ">", "<");

    private final String source;
    private final List<String> tokens;
    private int pos;

    private WhereExpression(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    public static Predicate<CandidateEpisode> parse(String expression) {
        if (expression == null || expression.isBlank()) throw bad("", "the expression is empty");
        WhereExpression p = new WhereExpression(expression);
        Predicate<CandidateEpisode> result = p.orExpr();
        if (p.pos < p.tokens.size()) throw bad(p.tokens.get(p.pos), "expected 'and' or 'or' before '" + p.tokens.get(p.pos) + "'");
        return result;
    }

    private Predicate<CandidateEpisode> orExpr() {
        Predicate<CandidateEpisode> left = andExpr();
        while (peekKeyword("or")) {
            pos++;
            left = left.or(andExpr());
        }
        return left;
    }

    private Predicate<CandidateEpisode> andExpr() {
        Predicate<CandidateEpisode> left = comparison();
        while (peekKeyword("and")) {
            pos++;
            left = left.and(comparison());
        }
        return left;
    }

    private Predicate<CandidateEpisode> comparison() {
        String field = next("a field name");
        String f = field.toLowerCase(Locale.ROOT);
        if (!f.equals("duration") && !TEXT_FIELDS.contains(f)) {
            throw bad(field, "unknown field '" + field + "'; known: duration, " + String.join(", ", TEXT_FIELDS));
        }
        String op = next("an operator after '" + field + "'");
        if (!OPERATORS.contains(op)) throw bad(op, "expected an operator (= != ~ !~ > >= < <=) after '" + field + "', found '" + op + "'");
        String raw = next("a value after '" + field + " " + op + "'");
        String value = unquote(raw);
        if (f.equals("duration")) return numeric(raw, op, value);
        if (op.startsWith(">") || op.startsWith("<")) throw bad(op, "'" + op + "' compares numbers; '" + field + "' is text");
        String v = value.toLowerCase(Locale.ROOT);
        return e -> {
            String actual = text(e, f);
            String a = actual == null ? "" : actual.toLowerCase(Locale.ROOT);
            return switch (op) {
                case "=" -> a.equals(v);
                case "!=" -> !a.equals(v);
                case "~" -> a.contains(v);
                default -> !a.contains(v);
            };
        };
    }

    private static Predicate<CandidateEpisode> numeric(String raw, String op, String value) {
        double limit;
        try {
            limit = Double.parseDouble(value);
        } catch (NumberFormatException ex) {
            throw bad(raw, "duration compares with a number of seconds, found '" + raw + "'");
        }
        return switch (op) {
            case "=" -> e -> e.durationS() == limit;
            case "!=" -> e -> e.durationS() != limit;
            case ">" -> e -> e.durationS() > limit;
            case ">=" -> e -> e.durationS() >= limit;
            case "<" -> e -> e.durationS() < limit;
            case "<=" -> e -> e.durationS() <= limit;
            default -> throw bad(op, "'" + op + "' matches text; duration is a number");
        };
    }

    private static String text(CandidateEpisode e, String field) {
        return switch (field) {
            case "id" -> e.episodeId();
            case "dataset" -> e.dataset();
            case "format" -> e.format();
            case "task" -> e.task();
            case "robot" -> e.robot();
            case "operator" -> e.operator();
            case "review" -> e.review();
            case "validation" -> e.validation();
            default -> e.status();
        };
    }

    private boolean peekKeyword(String word) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word);
    }

    private String next(String expected) {
        if (pos >= tokens.size()) throw bad(source.strip(), "the expression ends where " + expected + " was expected");
        return tokens.get(pos++);
    }

    private static String unquote(String token) {
        return token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"") ? token.substring(1, token.length() - 1) : token;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) throw bad(s.substring(i), "unterminated quoted value");
                out.add(s.substring(i, end + 1));
                i = end + 1;
            } else if ("=!~<>".indexOf(c) >= 0) {
                int end = i + 1;
                if (end < s.length() && "=~".indexOf(s.charAt(end)) >= 0 && c != '=' && c != '~') end++;
                out.add(s.substring(i, end));
                i = end;
            } else if (Character.isLetterOrDigit(c) || "-_.:/".indexOf(c) >= 0) {
                int end = i;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "-_.:/".indexOf(s.charAt(end)) >= 0)) end++;
                out.add(s.substring(i, end));
                i = end;
            } else {
                throw bad(String.valueOf(c), "unexpected character '" + c + "' at position " + (i + 1));
            }
        }
        return out;
    }

    private static CurioException bad(String token, String message) {
        return new CurioException("subset.bad_where", null, token, message);
    }
}
