package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/validation.md's table of finding codes is what users script against and what says which seed line each code
 * enforces: every code must be in it, row for row as the registry has it, and nothing else.
 */
class CodesDocumentedTest {
    private static final Path DOC = Path.of("docs/validation.md");

    static String row(Codes.Code c) {
        return "| `" + c.code() + "` | " + (c.dimension() == null ? "any" : c.dimension().json()) + " | " + c.severity().json()
                + " | " + c.meaning() + " | " + c.rule() + " |";
    }

    @Test
    void everyCodeIsDocumentedWithTheSeedLineItEnforces() throws Exception {
        String doc = Files.readString(DOC);
        List<String> expected = new ArrayList<>();
        for (Codes.Code c : Codes.all()) {
            assertTrue(doc.contains(row(c)), "docs/validation.md lacks, or differs from the registry on, " + row(c));
            assertTrue(c.rule() != null && !c.rule().isBlank(), c.code() + " names no rule");
            expected.add(c.code());
        }
        List<String> documented = new ArrayList<>();
        for (String line : doc.lines().toList()) {
            if (line.matches("\\| `[a-z_]+\\.[a-z_0-9]+` \\| [a-z_]+ \\| (hard|soft|warn) \\|.*")) {
                documented.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        assertEquals(expected, documented, "the code table lists exactly the registry's codes, in its order");
    }

    @Test
    void theReadmePointsToTheTable() throws Exception {
        assertTrue(Files.readString(Path.of("README.md")).contains("(docs/validation.md)"));
    }
}
