package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void demoThenEpisodesJsonListsEveryGeneratedEpisode() throws Exception {
        Path catalog = home.resolve("cat.db");
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "2", "--seed", "3",
                "--dir", home.resolve("demo").toString(), "--catalog", catalog.toString(), "--json");
        assertEquals(0, demo.exit(), demo.err());
        JsonNode demoDoc = JSON.readTree(demo.out());
        assertEquals(2, demoDoc.get("episodes").size());

        TestCliContext.Result list = TestCliContext.run(home, "--catalog", catalog.toString(), "episodes", "--json");
        assertEquals(0, list.exit(), list.err());
        JsonNode episodes = JSON.readTree(list.out()).get("episodes");
        assertEquals(2, episodes.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode e : episodes) {
            ids.add(e.get("episode_id").asText());
            for (String field : new String[]{"episode_id", "dataset", "format", "task", "duration_s", "streams",
                    "validation", "review"}) {
                assertTrue(e.has(field), "missing " + field + " in " + e);
            }
            assertEquals("curio-demo", e.get("dataset").asText());
            assertEquals("raw-episode", e.get("format").asText());
            double duration = e.get("duration_s").asDouble();
            assertTrue(duration >= 5 && duration <= 20, "duration " + duration);
            // 2-3 cameras plus joint states and actions
            int streams = e.get("streams").asInt();
            assertTrue(streams >= 4 && streams <= 5, "streams " + streams);
            assertEquals("unvalidated", e.get("validation").asText());
            assertEquals("unreviewed", e.get("review").asText());
            assertTrue(Files.isDirectory(home.resolve("demo/raw_episodes").resolve(e.get("episode_id").asText())));
        }
        Set<String> demoIds = new HashSet<>();
        demoDoc.get("episodes").forEach(n -> demoIds.add(n.asText()));
        assertEquals(demoIds, ids);
    }

    @Test
    void reviewRecordsDecisionsAndValidateScoresTheDemo() throws Exception {
        Path catalog = home.resolve("cat.db");
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "1", "--seed", "4",
                "--dir", home.resolve("demo").toString(), "--catalog", catalog.toString(), "--json");
        String id = JSON.readTree(demo.out()).get("episodes").get(0).asText();

        TestCliContext.Result validate = TestCliContext.run(home, "--catalog", catalog.toString(), "validate", "--all", "--json");
        assertEquals(0, validate.exit(), validate.out() + validate.err());
        JsonNode report = JSON.readTree(validate.out()).get("episodes").get(0);
        assertEquals(id, report.get("episode_id").asText());
        assertTrue(report.get("passed").asBoolean());
        assertTrue(report.get("findings").isArray());
        assertTrue(report.has("qc"));
        assertEquals(1, TestCliContext.run(home, "--catalog", catalog.toString(), "validate").exit(),
                "neither ids nor --all is a usage error");

        TestCliContext.Result review = TestCliContext.run(home, "--catalog", catalog.toString(), "review", id,
                "--decision", "reject", "--note", "gripper blocks the view", "--reviewer", "ana", "--json");
        assertEquals(0, review.exit(), review.err());
        assertEquals("reject", JSON.readTree(review.out()).get("reviewed").get(0).get("decision").asText());
        JsonNode listed = JSON.readTree(TestCliContext.run(home, "--catalog", catalog.toString(), "episodes", "--json").out());
        assertEquals("reject", listed.get("episodes").get(0).get("review").asText());
        assertEquals(2, TestCliContext.run(home, "--catalog", catalog.toString(), "review", "ep_nope", "--decision", "accept").exit());
        assertEquals(2, TestCliContext.run(home, "--catalog", catalog.toString(), "review", id, "--decision", "maybe").exit());
    }

    @Test
    void episodesOnAnEmptyCatalogSaysHowToStart() {
        TestCliContext.Result r = TestCliContext.run(home, "episodes");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("curio demo"), r.out());
        TestCliContext.Result json = TestCliContext.run(home, "episodes", "--json");
        assertEquals("{\n  \"episodes\" : [ ]\n}", json.out().strip());
    }

    @Test
    void unknownVerbOrOptionIsAUsageError() {
        assertEquals(1, TestCliContext.run(home, "frobnicate").exit());
        TestCliContext.Result r = TestCliContext.run(home, "demo", "--episodes", "many");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--episodes"), r.err());
    }

    @Test
    void aTooNewCatalogIsAnInputErrorWithACodeInJson() throws Exception {
        Path file = home.resolve("future.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = 999");
        }
        TestCliContext.Result r = TestCliContext.run(home, "--catalog", file.toString(), "episodes", "--json");
        assertEquals(2, r.exit());
        JsonNode error = JSON.readTree(r.out()).get("error");
        assertEquals("catalog.too_new", error.get("code").asText());
        assertEquals(file.toString(), error.get("file").asText());
    }

    @Test
    void versionHelpAndDesktopLaunch() {
        TestCliContext.Result v = TestCliContext.run(home, "--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("curio "), v.out());
        TestCliContext.Result h = TestCliContext.run(home, "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("Exit codes"), h.out());
        assertTrue(h.out().contains("episodes"), h.out());
        TestCliContext.Result desktop = TestCliContext.run(home);
        assertEquals(1, desktop.desktopLaunches());
    }

    @Test
    void badEpisodeCountIsAnInputErrorNamingTheField() throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "demo", "--episodes", "0", "--json");
        assertEquals(2, r.exit());
        JsonNode error = JSON.readTree(r.out()).get("error");
        assertEquals("demo.bad_option", error.get("code").asText());
        assertEquals("episodes", error.get("field").asText());
    }

    @Test
    void ingestJsonHasTheDocumentedShapeAndExitCodes() throws Exception {
        Path catalog = home.resolve("cat.db");
        Path demo = home.resolve("demo");
        assertEquals(0, TestCliContext.run(home, "demo", "--episodes", "1", "--dir", demo.toString(),
                "--catalog", home.resolve("other.db").toString()).exit());
        TestCliContext.Result r = TestCliContext.run(home, "--catalog", catalog.toString(), "ingest", demo.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(Set.of("ingested", "unchanged", "failed"), fieldNames(doc));
        JsonNode ep = doc.get("ingested").get(0);
        assertEquals(Set.of("episode_id", "dataset", "format", "streams"), fieldNames(ep));
        assertEquals("raw-episode", ep.get("format").asText());
        assertEquals(Set.of("name", "kind", "rate_hz", "frames"), fieldNames(ep.get("streams").get(0)));

        TestCliContext.Result again = TestCliContext.run(home, "--catalog", catalog.toString(), "ingest", demo.toString(), "--json");
        assertEquals(0, again.exit());
        assertEquals(1, JSON.readTree(again.out()).get("unchanged").size());

        Path broken = Files.createDirectories(home.resolve("broken/take"));
        Files.writeString(broken.resolve("episode.yaml"), "dataset_id: x\n");
        TestCliContext.Result bad = TestCliContext.run(home, "--catalog", catalog.toString(), "ingest", demo.toString(),
                broken.getParent().toString(), "--json");
        assertEquals(2, bad.exit());
        JsonNode failed = JSON.readTree(bad.out()).get("failed");
        assertEquals(1, failed.size());
        assertEquals(Set.of("path", "errors"), fieldNames(failed.get(0)));
        JsonNode error = failed.get(0).get("errors").get(0);
        assertEquals(Set.of("code", "file", "field", "message"), fieldNames(error));
        assertEquals("contract.missing_field", error.get("code").asText());
        assertEquals("operator_id", error.get("field").asText());
    }

    @Test
    void benchIngestPrintsTheComparison() throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "bench", "ingest", "--size-gb", "0.01", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(Set.of("bytes", "curio_s", "openssl_s", "ratio", "process_s", "process_ratio"), fieldNames(doc));
        assertTrue(doc.get("bytes").asLong() >= 10_000_000L, doc.toString());
        assertTrue(doc.get("ratio").asDouble() > 0);
        // The whole process starts a JVM, so it takes longer than the same ingest in this warm one.
        assertTrue(doc.get("process_s").asDouble() > doc.get("curio_s").asDouble(), doc.toString());
        double ratio = doc.get("process_s").asDouble() / doc.get("openssl_s").asDouble();
        // Both sides are printed rounded to the millisecond; the ratio is of the unrounded times.
        assertEquals(ratio, doc.get("process_ratio").asDouble(), ratio * 0.05, doc.toString());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
