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
 * have their own table in the README (CodesDocumentedTest).
 */
class ErrorCodesDocumentedTest {
    private static final Pattern CODE = Pattern.compile("(CurioException|new Finding)\\(\\s*\"([a-z0-9_]+\\.[a-z0-9_.]+)\"");
    private static final List<String> SOURCES = List.of("app", "ui", "store", "pipeline", "packaging", "player", "timeline");

    @Test
    void everyCodeInTheSourceIsDocumented() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (String root : SOURCES) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = CODE.matcher(Files.readString(f));
                    while (m.find()) {
                        if (m.group(1).equals("new Finding") && !f.startsWith("packaging")) continue;
                        codes.add(m.group(2));
                    }
                }
            }
        }
        assertTrue(codes.size() > 150, "the scan found the codes: " + codes.size());
        assertTrue(codes.contains("deliver.checksum_refused") && codes.contains("recall.recalled_episode"), codes.toString());
        String doc = Files.readString(Path.of("docs/errors.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String c : codes) if (!doc.contains("| `" + c + "` |")) undocumented.add(c);
        assertEquals(Set.of(), undocumented, "add these to docs/errors.md");
    }
}
