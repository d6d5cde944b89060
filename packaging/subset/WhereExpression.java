package packaging.subset;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import store.Condition;
import store.CurioException;
import store.EpisodeField;

/**
 * The {@code --where} language of {@code curio subset create} and the subset builder: comparisons joined by
 * {@code and}, {@code or} and {@code not}, with parentheses ({@code not} binds tightest, then {@code and}), e.g.
 * {@code review=accept and task~"red cube" and (robot=arm6-0411 or robot=arm6-0412) and duration>5}.
 *
 * <ul>
 *   <li>text fields: {@code id dataset format task robot operator review validation status}, and
 *       {@code failure_mode cluster subtask}, which an episode has any number of (one per failure mark or subtask):
 *       {@code =} and {@code ~} hold when any of them matches, {@code !=} and {@code !~} when none does;</li>
 *   <li>number fields: {@code duration} (seconds), {@code quality sharpness exposure dropped} (docs/subsets.md),
 *       {@code failures} (failure marks), {@code streams}; {@code date}, the recording's UTC day as
 *       {@code YYYY-MM-DD};</li>
 *   <li>operators: {@code = !=} (exact, ignoring case), {@code ~ !~} (contains, ignoring case),
 *       {@code > >= < <=} (numbers and dates);</li>
 *   <li>values: a bare word (letters, digits, {@code - _ . : /}) or quoted text, {@code "task 3"} or
 *       {@code 'task 3'}, in which a backslash escapes the quote or a backslash.</li>
 * </ul>
 * A bad expression fails with {@code subset.bad_where}, the offending token in {@code field}.
 */
public final class WhereExpression {
    private final String source;
    private final List<Token> tokens;
    private int pos;

    private record Token(String text, boolean quoted) { }

    private WhereExpression(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    /** The condition an expression denotes; an empty or blank expression is every episode. */
    public static Condition parse(String expression) {
        if (expression == null || expression.isBlank()) return Condition.ALL;
        WhereExpression p = new WhereExpression(expression);
        Condition result = p.orExpr();
        if (p.pos < p.tokens.size()) {
            String t = p.tokens.get(p.pos).text();
            throw bad(t, "expected 'and' or 'or' before '" + t + "'");
        }
        return result;
    }

    /** As {@link #parse}, but an empty expression is an error (the CLI's {@code --where} must say something). */
    public static Condition require(String expression) {
        if (expression == null || expression.isBlank()) throw bad("", "the expression is empty");
        return parse(expression);
    }

    /** A value written so this language reads it back: bare when it can be, else double-quoted. */
    public static String quote(String value) {
        if (!value.isEmpty() && value.chars().allMatch(WhereExpression::wordChar) && !isKeyword(value)) return value;
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Condition orExpr() {
        List<Condition> any = new ArrayList<>(List.of(andExpr()));
        while (peekKeyword("or")) {
            pos++;
            any.add(andExpr());
        }
        return any.size() == 1 ? any.get(0) : new Condition.Or(any);
    }

    private Condition andExpr() {
        List<Condition> all = new ArrayList<>(List.of(unary()));
        while (peekKeyword("and")) {
            pos++;
            all.add(unary());
        }
        return all.size() == 1 ? all.get(0) : new Condition.And(all);
    }

    private Condition unary() {
        if (peekKeyword("not")) {
            pos++;
            return new Condition.Not(unary());
        }
        if (peek("(")) {
            pos++;
            Condition inner = orExpr();
            Token close = next("')'");
            if (close.quoted() || !close.text().equals(")")) throw bad(close.text(), "expected ')' but found '" + close.text() + "'");
            return inner;
        }
        return comparison();
    }

    private Condition comparison() {
        Token fieldToken = next("a field name");
        String name = fieldToken.text();
        EpisodeField field = fieldToken.quoted() ? null : EpisodeField.byWhereName(name);
        if (field == null) {
            throw bad(name, "unknown field '" + name + "'; known: " + String.join(", ",
                    Arrays.stream(EpisodeField.values()).map(f -> f.whereName).toList()));
        }
        Token opToken = next("an operator after '" + name + "'");
        Condition.Op op = opToken.quoted() ? null : Condition.Op.of(opToken.text());
        if (op == null) {
            throw bad(opToken.text(), "expected an operator (= != ~ !~ > >= < <=) after '" + name + "', found '" + opToken.text() + "'");
        }
        Token value = next("a value after '" + name + " " + op.symbol + "'");
        if (!value.quoted() && isPunctuation(value.text())) {
            throw bad(value.text(), "expected a value after '" + name + " " + op.symbol + "', found '" + value.text() + "'");
        }
        switch (field.kind) {
            case NUMBER -> {
                if (op == Condition.Op.CONTAINS || op == Condition.Op.NOT_CONTAINS) {
                    throw bad(op.symbol, "'" + op.symbol + "' matches text; " + name + " is a number");
                }
                try {
                    return new Condition.Compare(field, op, value.text(), Double.parseDouble(value.text()));
                } catch (NumberFormatException e) {
                    throw bad(value.text(), name + " compares with a number, found '" + value.text() + "'");
                }
            }
            case DATE -> {
                if (op == Condition.Op.CONTAINS || op == Condition.Op.NOT_CONTAINS) {
                    throw bad(op.symbol, "'" + op.symbol + "' matches text; date is a day (YYYY-MM-DD)");
                }
                try {
                    return new Condition.Compare(field, op, value.text(), LocalDate.parse(value.text()).toEpochDay());
                } catch (DateTimeParseException e) {
                    throw bad(value.text(), "date compares with a day written YYYY-MM-DD, found '" + value.text() + "'");
                }
            }
            default -> {
                if (op.numeric()) throw bad(op.symbol, "'" + op.symbol + "' compares numbers; '" + name + "' is text");
                return new Condition.Compare(field, op, value.text(), Double.NaN);
            }
        }
    }

    private boolean peekKeyword(String word) {
        return pos < tokens.size() && !tokens.get(pos).quoted() && tokens.get(pos).text().equalsIgnoreCase(word);
    }

    private boolean peek(String text) {
        return pos < tokens.size() && !tokens.get(pos).quoted() && tokens.get(pos).text().equals(text);
    }

    private Token next(String expected) {
        if (pos >= tokens.size()) throw bad(source.strip(), "the expression ends where " + expected + " was expected");
        return tokens.get(pos++);
    }

    private static boolean isPunctuation(String t) {
        return t.equals("(") || t.equals(")") || Condition.Op.of(t) != null;
    }

    private static boolean isKeyword(String t) {
        return t.equalsIgnoreCase("and") || t.equalsIgnoreCase("or") || t.equalsIgnoreCase("not");
    }

    private static boolean wordChar(int c) {
        return Character.isLetterOrDigit(c) || "-_.:/".indexOf(c) >= 0;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < s.length()) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length()) {
                        value.append(s.charAt(j + 1));
                        j += 2;
                    } else if (d == c) {
                        closed = true;
                        j++;
                        break;
                    } else {
                        value.append(d);
                        j++;
                    }
                }
                if (!closed) throw bad(s.substring(i), "unterminated quoted value");
                out.add(new Token(value.toString(), true));
                i = j;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), false));
                i++;
            } else if ("=!~<>".indexOf(c) >= 0) {
                int end = i + 1;
                if (end < s.length() && "=~".indexOf(s.charAt(end)) >= 0 && c != '=' && c != '~') end++;
                out.add(new Token(s.substring(i, end), false));
                i = end;
            } else if (wordChar(c)) {
                int end = i;
                while (end < s.length() && wordChar(s.charAt(end))) end++;
                out.add(new Token(s.substring(i, end), false));
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
