package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.export.ExportValidation;
import packaging.sign.PassphraseSource;
import packaging.subset.Subsets;
import store.Catalog;

/**
 * No bundle carries an episode of unknown quality: export validates the subset's episodes that were never validated
 * or changed since (only those), refuses them by name with --no-validate, and the data card states each one's result.
 */
class ExportValidationCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PassphraseSource PASS = PassphraseSource.of("export passphrase".toCharArray());

    @TempDir
    Path home;
    final List<String> ids = new ArrayList<>();
    Path key;

    @BeforeEach
    void acceptedButNeverValidated() throws Exception {
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "2", "--dir", home.resolve("demo").toString(), "--json");
        assertEquals(0, demo.exit(), demo.err());
        JSON.readTree(demo.out()).get("episodes").forEach(n -> ids.add(n.asText()));
        assertEquals(0, TestCliContext.run(home, "review", ids.get(0), ids.get(1), "--decision", "accept").exit());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "both", "--episodes", ids.get(0), ids.get(1)).exit());
        assertEquals(0, TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString()).exit());
        key = home.resolve("keys/curio-signing.key");
    }

    private TestCliContext.Result export(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("export", "both", "--format", "manifest", "--out", home.resolve(out).toString(),
                "--key", key.toString(), "--json"));
        args.addAll(List.of(more));
        return TestCliContext.run(home, PASS, args.toArray(String[]::new));
    }

    private List<String> unknownQuality() {
        try (Catalog c = Catalog.open(home.resolve("catalog.db"))) {
            return ExportValidation.unknownQuality(c, new Subsets(c).require("both"));
        }
    }

    @Test
    void noValidateRefusesNamingTheEpisodesBeforeAskingForAPassphrase() throws Exception {
        // No passphrase source at all: the refusal comes first.
        TestCliContext.Result r = TestCliContext.run(home, "export", "both", "--format", "manifest", "--out",
                home.resolve("b").toString(), "--key", key.toString(), "--no-validate", "--json");
        assertEquals(2, r.exit(), r.out() + r.err());
        JsonNode err = JSON.readTree(r.out()).get("error");
        assertEquals("export.unvalidated", err.get("code").asText());
        assertEquals(ids.get(0) + "," + ids.get(1), err.get("field").asText());
        assertTrue(err.get("message").asText().contains(ids.get(0)), err.toString());
        assertFalse(Files.exists(home.resolve("b")));
    }

    @Test
    void exportValidatesWhatIsUnknownAndTheDataCardStatesEachResult() throws Exception {
        assertEquals(ids, unknownQuality());
        TestCliContext.Result r = export("b1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(List.of(), unknownQuality());
        JsonNode card = JSON.readTree(home.resolve("b1/data_card.json").toFile());
        for (String id : ids) assertEquals("passed", card.get("episode_validation").get(id).asText(), card.toString());
        assertFalse(card.get("quality").has("unvalidated"), card.toString());
        String md = Files.readString(home.resolve("b1/DATA_CARD.md"));
        for (String id : ids) assertTrue(md.contains("- " + id + ": validation passed"), md);

        // Validated episodes stay validated: with --no-validate the next export goes through.
        assertEquals(0, export("b2", "--no-validate").exit());

        // A file touched (same bytes, new mtime) makes that one episode, and only it, of unknown quality again.
        Path notes = home.resolve("demo/raw_episodes").resolve(ids.get(1)).resolve("notes.md");
        Files.setLastModifiedTime(notes, FileTime.fromMillis(Files.getLastModifiedTime(notes).toMillis() + 5_000));
        assertEquals(List.of(ids.get(1)), unknownQuality());
        assertEquals("export.unvalidated", JSON.readTree(export("b3", "--no-validate").out()).get("error").get("code").asText());
        assertEquals(0, export("b4").exit());
        assertEquals(List.of(), unknownQuality());
    }

    @Test
    void aChangedFileIsValidatedAtExportAndItsHardFindingStopsTheBundle() throws Exception {
        assertEquals(0, TestCliContext.run(home, "validate", "--all").exit());
        Path notes = home.resolve("demo/raw_episodes").resolve(ids.get(0)).resolve("notes.md");
        Files.writeString(notes, Files.readString(notes) + "edited after validation\n");
        TestCliContext.Result r = export("b");
        assertEquals(2, r.exit(), r.out() + r.err());
        JsonNode err = JSON.readTree(r.out()).get("error");
        assertEquals("export.ineligible", err.get("code").asText());
        assertEquals(ids.get(0), err.get("field").asText());
        assertFalse(Files.exists(home.resolve("b")));
        JsonNode listed = JSON.readTree(TestCliContext.run(home, "episodes", "--json").out()).get("episodes");
        for (JsonNode e : listed) {
            assertEquals(e.get("episode_id").asText().equals(ids.get(0)) ? "hard" : "passed", e.get("validation").asText());
        }
    }
}
