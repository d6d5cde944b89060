import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scripts match on error codes, so docs/errors.md lists every one: each {@code CurioException("code", ...)} in the
 * source and each finding a packaging verifier reports ({@code new Finding("code", ...)}). Validation finding codes
 * have their own table in docs/validation.md (CodesDocumentedTest).
 */
class ErrorCodesDocumentedTest {
    private static final Pattern CODE = Pattern.compile("(CurioException|new Finding)\\(\\s*\"([a-z0-9_]+\\.[a-z0-9_.]+)\"");
    /** A code kept in a constant ({@code static final String TRUNCATED = "tfrecord.truncated"}) and thrown through it. */
    private static final Pattern CONSTANT = Pattern.compile("static final String ([A-Z][A-Z0-9_]*)\\s*=\\s*\"([a-z0-9_]+\\.[a-z0-9_.]+)\"");
    /** The first argument of a CurioException or Finding, e.g. {@code broken ? CORRUPT : READ_FAILED} or {@code StrictJson.DUPLICATE_KEY}. */
    private static final Pattern FIRST_ARGUMENT = Pattern.compile("(?:CurioException|new Finding)\\(\\s*([^,;()]+?)\\s*,");
    private static final Pattern CONSTANT_NAME = Pattern.compile("\\b([A-Z][A-Z0-9_]+)\\b");
    /** LeRobot dataset problems become coded errors (error severity) or notes at ingest; their codes are documented too. */
    private static final Pattern LEROBOT_PROBLEM = Pattern.compile("new LeRobotProblem\\([^;]*?\"(lerobot\\.[a-z0-9_.]+)\"");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z0-9_]+\\.[a-z0-9_.]+)\"");
    private static final List<String> SOURCES = List.of("app", "ui", "store", "pipeline", "packaging", "player", "timeline");

    @Test
    void everyCodeInTheSourceIsDocumented() throws IOException {
        Set<String> codes = new TreeSet<>();
        java.util.Map<String, Set<String>> constants = new java.util.HashMap<>();
        Set<String> thrownConstants = new TreeSet<>();
        for (String root : SOURCES) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher m = CODE.matcher(text);
                    while (m.find()) {
                        if (m.group(1).equals("new Finding") && !f.startsWith("packaging")) continue;
                        codes.add(m.group(2));
                    }
                    Matcher problem = LEROBOT_PROBLEM.matcher(text);
                    while (problem.find()) codes.add(problem.group(1));
                    Matcher c = CONSTANT.matcher(text);
                    while (c.find()) constants.computeIfAbsent(c.group(1), k -> new TreeSet<>()).add(c.group(2));
                    Matcher t = FIRST_ARGUMENT.matcher(text);
                    while (t.find()) {
                        Matcher name = CONSTANT_NAME.matcher(t.group(1));
                        while (name.find()) thrownConstants.add(name.group(1));
                        Matcher literal = LITERAL.matcher(t.group(1));
                        while (literal.find()) codes.add(literal.group(1));
                    }
                }
            }
        }
        for (String name : thrownConstants) codes.addAll(constants.getOrDefault(name, Set.of()));
        assertTrue(codes.size() > 150, "the scan found the codes: " + codes.size());
        assertTrue(codes.contains("deliver.checksum_refused") && codes.contains("recall.recalled_episode"), codes.toString());
        String doc = Files.readString(Path.of("docs/errors.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String c : codes) if (!doc.contains("| `" + c + "` |")) undocumented.add(c);
        assertEquals(Set.of(), undocumented, "add these to docs/errors.md");
    }
}
