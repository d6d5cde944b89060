package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import packaging.sign.PassphraseSource;

/**
 * The seed-001 dataset gates through the CLI on the demo data: `subset gates` prints each gate of the profile and exits 3
 * when one fails; `export` refuses such a subset naming the failing gates, and with --allow-failed-gates exports it and
 * records the results in curio-manifest.json and the data card; a split made by `subset create` becomes LeRobot's splits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubsetGatesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PassphraseSource PASS = PassphraseSource.of("gates passphrase".toCharArray());

    Path home;
    Path key;
    Path strict;
    List<String> ids = new ArrayList<>();

    @BeforeAll
    void demo(@TempDir Path dir) throws Exception {
        home = dir;
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "4", "--dir", home.resolve("demo").toString(), "--json");
        assertEquals(0, demo.exit(), demo.err());
        JSON.readTree(demo.out()).get("episodes").forEach(n -> ids.add(n.asText()));
        assertEquals(0, TestCliContext.run(home, "review", ids.get(0), ids.get(1), ids.get(2), ids.get(3), "--decision", "accept").exit());
        assertEquals(0, TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString()).exit());
        key = home.resolve("keys/curio-signing.key");
        strict = home.resolve("strict.yaml");
        Files.writeString(strict, """
                name: strict-lab
                gates:
                  min_episodes_required: 5
                  quality_score_min: 0
                  collision_free_rate_min: 0.5
                """);
    }

    @Test
    void gatesRefuseTheExportUnlessAllowedAndTheBundleRecordsThem() throws Exception {
        TestCliContext.Result created = TestCliContext.run(home, "subset", "create", "three", "--episodes", ids.get(0), ids.get(1), ids.get(2));
        assertEquals(0, created.exit(), created.err());

        TestCliContext.Result builtIn = TestCliContext.run(home, "subset", "gates", "three", "--json");
        assertEquals(0, builtIn.exit(), builtIn.out() + builtIn.err());
        JsonNode b = JSON.readTree(builtIn.out());
        assertTrue(b.get("pass").asBoolean());
        assertEquals("min_episodes_required", b.get("gates").get(0).get("name").asText(), "the built-in profile asks for 1 episode");

        TestCliContext.Result judged = TestCliContext.run(home, "subset", "gates", "three", "--profile", strict.toString(), "--json");
        assertEquals(3, judged.exit(), judged.out() + judged.err());
        JsonNode g = JSON.readTree(judged.out());
        assertFalse(g.get("pass").asBoolean());
        List<String> names = new ArrayList<>();
        g.get("gates").forEach(n -> names.add(n.get("name").asText()));
        assertEquals(List.of("min_episodes_required", "quality_score_min", "collision_free_rate_min"), names, "the profile's gates, in order");
        JsonNode episodes = g.get("gates").get(0);
        assertEquals(3.0, episodes.get("value").asDouble());
        assertEquals(5.0, episodes.get("threshold").asDouble());
        assertFalse(episodes.get("pass").asBoolean());
        assertTrue(g.get("gates").get(1).get("pass").asBoolean(), "any score reaches 0");
        assertEquals(1.0, g.get("gates").get(2).get("value").asDouble(), "no failure mark, so no collision");
        TestCliContext.Result text = TestCliContext.run(home, "subset", "gates", "three", "--profile", strict.toString());
        assertEquals(3, text.exit());
        assertTrue(text.out().contains("FAIL: min_episodes_required 3 < 5"), text.out());

        Path refusedOut = home.resolve("refused");
        TestCliContext.Result refused = TestCliContext.run(home, PASS, "export", "three", "--format", "manifest", "--out",
                refusedOut.toString(), "--key", key.toString(), "--profile", strict.toString(), "--json");
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        JsonNode err = JSON.readTree(refused.out()).get("error");
        assertEquals("export.gates_failed", err.get("code").asText());
        assertEquals("min_episodes_required", err.get("field").asText());
        assertTrue(err.get("message").asText().contains("min_episodes_required 3 < 5"), err.toString());
        assertFalse(Files.exists(refusedOut), "nothing is written");

        Path out = home.resolve("allowed");
        TestCliContext.Result allowed = TestCliContext.run(home, PASS, "export", "three", "--format", "manifest", "--out", out.toString(),
                "--key", key.toString(), "--profile", strict.toString(), "--allow-failed-gates", "--json");
        assertEquals(0, allowed.exit(), allowed.out() + allowed.err());
        JsonNode manifest = JSON.readTree(out.resolve("curio-manifest.json").toFile());
        JsonNode recorded = manifest.get("quality_gates");
        assertEquals("strict-lab", recorded.get("profile").asText());
        assertTrue(recorded.get("allow_failed_gates").asBoolean());
        assertFalse(recorded.get("pass").asBoolean());
        // The export validated the episodes first; the recorded values are those of the fresh results.
        TestCliContext.Result after = TestCliContext.run(home, "subset", "gates", "three", "--profile", strict.toString(), "--json");
        assertEquals(JSON.readTree(after.out()).get("gates"), recorded.get("gates"));
        JsonNode card = JSON.readTree(out.resolve("data_card.json").toFile());
        assertEquals(recorded, card.get("quality_gates"));
        String md = Files.readString(out.resolve("DATA_CARD.md"));
        assertTrue(md.contains("## Dataset gates (profile strict-lab)"), md);
        assertTrue(md.contains("- min_episodes_required: 3.0 (threshold 5.0) FAIL"), md);
        assertTrue(md.contains("--allow-failed-gates"), md);
        TestCliContext.Result verify = TestCliContext.run(home, "verify", out.toString(), "--json");
        assertEquals(0, verify.exit(), verify.out() + verify.err());
    }

    @Test
    void aValidationSplitBecomesLeRobotSplitsAndADifferenceKeepsIt() throws Exception {
        TestCliContext.Result created = TestCliContext.run(home, "subset", "create", "split", "--where", "dataset=curio-demo",
                "--validation-share", "0.5", "--seed", "9", "--json");
        assertEquals(0, created.exit(), created.out() + created.err());
        JsonNode s = JSON.readTree(created.out());
        int n = s.get("episode_count").asInt();
        int validation = s.path("validation_split").size();
        assertEquals(4, n);
        assertTrue(validation > 0 && validation < n, s.toString());

        TestCliContext.Result one = TestCliContext.run(home, "subset", "create", "one", "--episodes", ids.get(0));
        assertEquals(0, one.exit());
        TestCliContext.Result diff = TestCliContext.run(home, "subset", "difference", "rest", "split", "one", "--json");
        assertEquals(0, diff.exit(), diff.out() + diff.err());
        JsonNode d = JSON.readTree(diff.out());
        assertEquals(3, d.get("episode_count").asInt());
        assertEquals("in one", d.get("excluded").get(ids.get(0)).asText());
        List<String> kept = new ArrayList<>();
        s.path("validation_split").forEach(v -> { if (!v.asText().equals(ids.get(0))) kept.add(v.asText()); });
        List<String> diffValidation = new ArrayList<>();
        d.path("validation_split").forEach(v -> diffValidation.add(v.asText()));
        assertEquals(kept, diffValidation);

        Path out = home.resolve("split-bundle");
        TestCliContext.Result export = TestCliContext.run(home, PASS, "export", "split", "--format", "lerobot-v3", "--out", out.toString(),
                "--key", key.toString(), "--on-mismatch", "intersect", "--json");
        assertEquals(0, export.exit(), export.out() + export.err());
        JsonNode splits = JSON.readTree(out.resolve("data/meta/info.json").toFile()).get("splits");
        assertEquals("0:" + (n - validation), splits.get("train").asText(), splits.toString());
        assertEquals((n - validation) + ":" + n, splits.get("validation").asText());
        assertTrue(JSON.readTree(out.resolve("curio-manifest.json").toFile()).get("quality_gates").get("pass").asBoolean());
    }
}
