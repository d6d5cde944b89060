package pipeline.annotate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import fuzz.FuzzHarness;
import java.nio.charset.StandardCharsets;
import store.Catalog;

/**
 * An annotations document as {@code curio annotations import} takes it: parsed, checked against its JSON Schema and
 * the catalog's episode (ranges inside it, parents, streams), and imported when it passes.
 */
class AnnotationsFuzzTest {
    private static final Catalog CATALOG = Catalog.open(FuzzHarness.scratch("annotations").resolve("catalog-" + System.nanoTime() + ".db"));

    static {
        FuzzEpisode.register(CATALOG);
    }

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void annotations(byte[] input) {
        FuzzHarness.check(input, () -> {
            JsonNode doc = AnnotationJson.parse(new String(input, StandardCharsets.UTF_8), "fuzz.json");
            if (AnnotationJson.check(doc, CATALOG).isEmpty()) {
                AnnotationJson.importDocument(doc, CATALOG, "fuzz.json", "fuzzer");
                AnnotationJson.export(CATALOG, FuzzEpisode.ID);
            }
        });
    }
}
