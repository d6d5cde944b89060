package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import packaging.sign.PassphraseSource;
import store.Annotations;
import store.Catalog;

/**
 * The whole export path through the CLI on the demo data: subsets, a LeRobot v3 bundle with a trimmed episode,
 * a redacted episode and a whole one, and a manifest-only bundle; each checked by independent readers (DuckDB from
 * npm for the parquet, ffprobe for the MP4 frame counts, the Library of Congress BagIt verifier, curio verify).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PassphraseSource PASS = PassphraseSource.of("export passphrase".toCharArray());

    Path home;
    List<String> ids = new ArrayList<>();
    Path key;

    @BeforeAll
    void demoWithDecisions(@TempDir Path dir) throws Exception {
        home = dir;
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "4", "--dir", home.resolve("demo").toString(), "--json");
        assertEquals(0, demo.exit(), demo.err());
        JSON.readTree(demo.out()).get("episodes").forEach(n -> ids.add(n.asText()));
        TestCliContext.Result review = TestCliContext.run(home, "review", ids.get(0), ids.get(1), ids.get(2), "--decision", "accept");
        assertEquals(0, review.exit(), review.err());
        try (Catalog catalog = Catalog.open(home.resolve("catalog.db"))) {
            Annotations a = catalog.annotations();
            a.addRange(ids.get(0), new Annotations.Range(0, Annotations.TRIM, 1_000_000_000L, 3_000_000_000L, null, null, null, null, null), "t");
            a.addRange(ids.get(0), new Annotations.Range(0, Annotations.SUBTASK, 0, 2_000_000_000L, "reach", null, null, null, null), "t");
            long track = a.addTrack(ids.get(2), "cam_high", "solid", 4, "t");
            a.putKeyframe(ids.get(2), track, new Annotations.Keyframe(0, 0.1, 0.1, 0.2, 0.3), "t");
            a.putKeyframe(ids.get(2), track, new Annotations.Keyframe(4_000_000_000L, 0.5, 0.1, 0.2, 0.3), "t");
        }
        TestCliContext.Result keys = TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString());
        assertEquals(0, keys.exit(), keys.err());
        key = home.resolve("keys/curio-signing.key");
    }

    @Test
    void exportChecksSubsetAndKeyFileBeforeAskingForAPassphrase() throws Exception {
        // No passphrase source: a check that needed one would fail with keys.no_passphrase instead.
        TestCliContext.Result noSubset = TestCliContext.run(home, "export", "no-such-subset", "--format", "manifest",
                "--out", home.resolve("x").toString(), "--key", key.toString(), "--json");
        assertEquals(2, noSubset.exit());
        assertEquals("subset.not_found", JSON.readTree(noSubset.out()).get("error").get("code").asText());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "for-key-check", "--episodes", ids.get(1)).exit());
        TestCliContext.Result noKey = TestCliContext.run(home, "export", "for-key-check", "--format", "manifest",
                "--out", home.resolve("y").toString(), "--key", home.resolve("missing.key").toString(), "--json");
        JsonNode err = JSON.readTree(noKey.out()).get("error");
        assertEquals("keys.not_found", err.get("code").asText());
        assertEquals("--key", err.get("field").asText());
    }

    @Test
    void profileIsTheFormatsLayoutOrAValidationProfileFile() throws Exception {
        Path notAMapping = home.resolve("list-profile.yaml");
        Files.writeString(notAMapping, "- not a mapping\n");
        String[] common = {"--out", home.resolve("p").toString(), "--key", home.resolve("missing.key").toString(), "--json"};
        // The file goes to validation, which reads it before anything else: its error proves where it went.
        for (List<String> args : List.of(List.of("--format", "lerobot-v3", "--profile", notAMapping.toString()),
                List.of("--format", "hdf5", "--profile", "robomimic", "--profile", notAMapping.toString()))) {
            List<String> all = new ArrayList<>(List.of("export", "any-subset"));
            all.addAll(args);
            all.addAll(List.of(common));
            TestCliContext.Result r = TestCliContext.run(home, all.toArray(String[]::new));
            JsonNode err = JSON.readTree(r.out()).get("error");
            assertEquals("profile.bad_type", err.get("code").asText(), r.out());
            assertEquals(notAMapping.toString(), err.get("file").asText());
        }
        TestCliContext.Result noLayout = TestCliContext.run(home, "export", "any-subset", "--format", "lerobot-v3", "--profile",
                "aloha", "--plan", "--json");
        JsonNode err = JSON.readTree(noLayout.out()).get("error");
        assertEquals("cli.bad_option", err.get("code").asText());
        assertEquals("--profile", err.get("field").asText());
        assertTrue(err.get("message").asText().contains("neither a layout"), err.toString());
        TestCliContext.Result twoLayouts = TestCliContext.run(home, "export", "any-subset", "--format", "hdf5", "--profile",
                "aloha", "--profile", "robomimic", "--plan", "--json");
        assertEquals("cli.bad_option", JSON.readTree(twoLayouts.out()).get("error").get("code").asText());
    }

    @Test
    void subsetsKeepOnlyAcceptedAndExplainBadExpressions() throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "subset", "create", "all-demo", "--where", "dataset=curio-demo and duration>1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(3, doc.get("episode_count").asInt());
        assertTrue(doc.get("excluded").get(ids.get(3)).asText().contains("not accepted"));

        TestCliContext.Result bad = TestCliContext.run(home, "subset", "create", "bad", "--where", "review=accept and lenght>3", "--json");
        assertEquals(2, bad.exit());
        JsonNode err = JSON.readTree(bad.out()).get("error");
        assertEquals("subset.bad_where", err.get("code").asText());
        assertEquals("lenght", err.get("field").asText());

        TestCliContext.Result notAccepted = TestCliContext.run(home, "subset", "create", "x", "--episodes", ids.get(3), "--json");
        assertEquals("subset.ineligible", JSON.readTree(notAccepted.out()).get("error").get("code").asText());

        TestCliContext.Result show = TestCliContext.run(home, "subset", "show", "all-demo", "--json");
        assertEquals(3, JSON.readTree(show.out()).get("episodes").size());
        TestCliContext.Result list = TestCliContext.run(home, "subset", "list", "--json");
        assertTrue(list.out().contains("all-demo"));
    }

    @Test
    void lerobotBundleIsReadByIndependentReaders() throws Exception {
        TestCliContext.Result s = TestCliContext.run(home, "subset", "create", "lr", "--episodes", ids.get(0), ids.get(1), ids.get(2));
        assertEquals(0, s.exit(), s.err());
        Path out = home.resolve("out/lerobot");
        TestCliContext.Result r = TestCliContext.run(home, PASS, "export", "lr", "--format", "lerobot-v3", "--out", out.toString(),
                "--key", key.toString(), "--json");
        assertEquals(0, r.exit(), r.err() + r.out());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("lerobot-v3", doc.get("format").asText());
        assertEquals(3, doc.get("episode_count").asInt());
        assertFalse(Files.exists(home.resolve("out/.lerobot.work")), "the work folder is removed after a commit");

        TestCliContext.Result verify = TestCliContext.run(home, "verify", out.toString(), "--pubkey", home.resolve("keys/curio-signing.pub").toString(), "--json");
        assertEquals(0, verify.exit(), verify.out());

        Path data = out.resolve("data");
        JsonNode info = JSON.readTree(data.resolve("meta/info.json").toFile());
        assertEquals("v3.0", info.get("codebase_version").asText());
        assertEquals(30, info.get("fps").asInt());
        assertEquals(3, info.get("total_episodes").asInt());
        assertEquals("float32", info.at("/features/observation.state/dtype").asText());
        assertEquals("video", info.at("/features/observation.images.cam_high/dtype").asText());

        // episode 0 is trimmed to [1 s, 3 s): 60 frames at 30 fps
        JsonNode episodes = duck("SELECT episode_index, length, dataset_from_index, dataset_to_index, "
                + "\"videos/observation.images.cam_high/from_timestamp\" AS f, \"videos/observation.images.cam_high/to_timestamp\" AS t, "
                + "\"videos/observation.images.cam_high/file_index\" AS fi, \"curio/episode_id\" AS id "
                + "FROM read_parquet('" + data.resolve("meta/episodes/chunk-000/file-000.parquet") + "') ORDER BY episode_index");
        long total = 0;
        int trimmedIndex = -1;
        for (JsonNode e : episodes) {
            if (e.get("id").asText().equals(ids.get(0))) {
                assertEquals(60, e.get("length").asInt());
                trimmedIndex = e.get("episode_index").asInt();
            }
            assertEquals(e.get("length").asLong(), e.get("dataset_to_index").asLong() - e.get("dataset_from_index").asLong());
            assertEquals(total, e.get("dataset_from_index").asLong());
            total += e.get("length").asLong();
        }
        assertEquals(info.get("total_frames").asLong(), total);

        JsonNode schema = duck("DESCRIBE SELECT * FROM read_parquet('" + data.resolve("data/chunk-000/file-000.parquet") + "')");
        String types = schema.toString();
        assertTrue(types.contains("{\"column_name\":\"observation.state\",\"column_type\":\"FLOAT[]\""), types);
        assertTrue(types.contains("{\"column_name\":\"timestamp\",\"column_type\":\"FLOAT\""), types);
        for (String c : List.of("frame_index", "episode_index", "index", "task_index")) {
            assertTrue(types.contains("{\"column_name\":\"" + c + "\",\"column_type\":\"BIGINT\""), c + " in " + types);
        }
        JsonNode rows = duck("SELECT count(*)::INTEGER AS n, max(frame_index)::INTEGER AS m FROM read_parquet('"
                + data.resolve("data/chunk-000/file-000.parquet") + "') WHERE episode_index = " + trimmedIndex);
        assertEquals(60, rows.get(0).get("n").asInt());
        assertEquals(59, rows.get(0).get("m").asInt());
        JsonNode tasks = duck("SELECT task_index, task FROM read_parquet('" + data.resolve("meta/tasks.parquet") + "')");
        assertTrue(tasks.size() >= 1);

        // ffprobe: every MP4 has exactly the frames the episodes table places in it
        for (String cam : List.of("cam_high")) {
            long expected = 0;
            for (JsonNode e : episodes) expected += e.get("length").asLong();
            long frames = 0;
            try (var files = Files.walk(data.resolve("videos/observation.images." + cam))) {
                for (Path mp4 : files.filter(p -> p.toString().endsWith(".mp4")).toList()) frames += ffprobeFrames(mp4);
            }
            assertEquals(expected, frames, cam);
        }

        Bag bag = new BagReader().read(out);
        try (BagVerifier v = new BagVerifier()) {
            v.isValid(bag, false);
        }
        JsonNode manifest = JSON.readTree(out.resolve("curio-manifest.json").toFile());
        for (String f : List.of("manifest_id", "created_at", "source_dataset", "consent_receipts", "license_scopes", "recall_linkage",
                "payloads", "artifacts", "review_decisions", "qa_state", "processing_steps", "merkle_root", "signature")) {
            assertTrue(manifest.has(f), f);
        }
        for (String f : List.of("format", "sha256", "episode_count", "size_bytes", "expires_at")) assertTrue(manifest.get("bundle").has(f), f);
        JsonNode artifact = manifest.get("artifacts").get(0);
        assertTrue(artifact.get("source_segments").get(0).has("source_files"));
        assertTrue(Files.readString(out.resolve("DATA_CARD.md")).contains("Alignment"));
        JsonNode card = JSON.readTree(out.resolve("data_card.json").toFile());
        assertTrue(card.at("/redactions/redacted_frames").asInt() > 0, card.toString());
        assertTrue(card.at("/lerobot/videos_copied_without_reencoding").asInt() >= 1, card.toString());
    }

    @Test
    void manifestBundleReferencesRawFiles() throws Exception {
        TestCliContext.Result s = TestCliContext.run(home, "subset", "create", "mf", "--where", "review=accept");
        assertEquals(0, s.exit(), s.err());
        Path out = home.resolve("out/manifest");
        TestCliContext.Result r = TestCliContext.run(home, PASS, "export", "mf", "--format", "manifest", "--out", out.toString(),
                "--key", key.toString(), "--json");
        assertEquals(0, r.exit(), r.err() + r.out());
        List<String> lines = Files.readAllLines(out.resolve("data/segments.jsonl"));
        assertEquals(3, lines.size(), "episode 0 has one trim, the two others are whole");
        JsonNode first = JSON.readTree(lines.get(0));
        JsonNode trimmed = null;
        for (String l : lines) if (JSON.readTree(l).get("episode_id").asText().equals(ids.get(0))) trimmed = JSON.readTree(l);
        assertEquals(1_000_000_000L, trimmed.get("t_start_ns").asLong());
        assertEquals(3_000_000_000L, trimmed.get("t_end_ns").asLong());
        JsonNode file = first.get("files").get(0);
        assertEquals(64, file.get("sha256").asText().length());
        assertTrue(Files.isRegularFile(Path.of(first.get("dataset_root").asText()).resolve(file.get("path").asText())));
        assertFalse(Files.exists(out.resolve("data/raw_episodes")), "manifest-only copies no media");
        TestCliContext.Result verify = TestCliContext.run(home, "verify", out.toString(), "--json");
        assertEquals(0, verify.exit(), verify.out());

        Path usb = home.resolve("usb");
        Files.createDirectories(usb);
        TestCliContext.Result d = TestCliContext.run(home, "deliver", out.toString(), "--to", usb.toString(), "--json");
        assertEquals(0, d.exit(), d.err() + d.out());
        JsonNode printed = JSON.readTree(d.out());
        assertTrue(printed.get("verified").asBoolean(), d.out());
        assertEquals(usb.toAbsolutePath().normalize().toString(), printed.get("destination").asText());
        String id = printed.get("delivery_id").asText();
        JsonNode dm = JSON.readTree(usb.resolve("deliveries").resolve(id + ".json").toFile());
        assertEquals(dm, JSON.readTree(out.resolveSibling("deliveries").resolve(id + ".json").toFile()),
                "the record beside the bundle and beside the delivery are the same");
        assertTrue(dm.get("objects").size() >= 8);
        assertEquals(dm.get("objects").size(), printed.get("objects").size());
        for (int i = 0; i < dm.get("objects").size(); i++) {
            JsonNode o = dm.get("objects").get(i);
            assertEquals("verified", o.get("status").asText());
            assertEquals(o.get("sha256").asText(), pipeline.Digests.sha256Hex(usb.resolve("manifest").resolve(o.get("key").asText())));
            assertEquals(o.get("key").asText(), printed.get("objects").get(i).get("key").asText());
            assertEquals(o.get("size_bytes").asLong(), printed.get("objects").get(i).get("size").asLong());
        }
        assertEquals("signature.jws", dm.get("objects").get(dm.get("objects").size() - 1).get("key").asText(), "the signature goes last");
        try (Catalog catalog = Catalog.open(home.resolve("catalog.db"))) {
            int rows = catalog.read(c -> {
                try (var ps = c.prepareStatement("SELECT count(*) FROM deliveries WHERE status = 'verified'"); var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            });
            assertEquals(dm.get("objects").size(), rows);
            assertEquals("verified", catalog.deliveries().find(id).orElseThrow().status());
        }
        TestCliContext.Result again = TestCliContext.run(home, "deliver", out.toString(), "--to", usb.toString(), "--json");
        assertEquals("deliver.exists", JSON.readTree(again.out()).get("error").get("code").asText());
    }

    @Test
    void tinyCapsRollDataAndVideoFilesAndTheEpisodesTablePointsAtThem() throws Exception {
        TestCliContext.Result s = TestCliContext.run(home, "subset", "create", "roll", "--episodes", ids.get(1), ids.get(2), ids.get(0));
        assertEquals(0, s.exit(), s.err());
        Path out = home.resolve("out/rolled");
        TestCliContext.Result r = TestCliContext.run(home, PASS, "export", "roll", "--format", "lerobot-v3", "--out", out.toString(),
                "--key", key.toString(), "--data-file-mb", "0.001", "--video-file-mb", "0.01", "--json");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertEquals(0, TestCliContext.run(home, "verify", out.toString(), "--json").exit());
        Path data = out.resolve("data");
        JsonNode info = JSON.readTree(data.resolve("meta/info.json").toFile());
        // the caps are kept in whole bytes: within a byte (1e-6 MB) of what was asked
        assertEquals(0.001, info.get("data_files_size_in_mb").asDouble(), 1e-6);
        assertEquals(0.01, info.get("video_files_size_in_mb").asDouble(), 1e-6);
        // Each episode is larger than the caps, so every one starts a file of its own.
        for (int f = 0; f < 3; f++) {
            assertTrue(Files.isRegularFile(data.resolve(String.format("data/chunk-000/file-%03d.parquet", f))), "data file " + f);
            assertTrue(Files.isRegularFile(data.resolve(String.format("videos/observation.images.cam_high/chunk-000/file-%03d.mp4", f))),
                    "video file " + f);
        }
        assertFalse(Files.exists(data.resolve("data/chunk-000/file-003.parquet")));

        // The episodes table rolls with the data cap too: every row names the file it is in.
        assertTrue(Files.isRegularFile(data.resolve("meta/episodes/chunk-000/file-001.parquet")), "the episodes table rolled");
        JsonNode episodes = duck("SELECT episode_index, length, \"data/file_index\" AS df, \"data/chunk_index\" AS dc, "
                + "\"videos/observation.images.cam_high/file_index\" AS vf, \"videos/observation.images.cam_high/from_timestamp\" AS f, "
                + "\"videos/observation.images.cam_high/to_timestamp\" AS t, \"meta/episodes/file_index\" AS mf, "
                + "\"meta/episodes/chunk_index\" AS mc, filename FROM read_parquet('"
                + data.resolve("meta/episodes") + "/*/*.parquet', filename = true) ORDER BY episode_index");
        assertEquals(3, episodes.size());
        for (JsonNode e : episodes) {
            int index = e.get("episode_index").asInt();
            assertTrue(e.get("filename").asText().endsWith(String.format("chunk-%03d/file-%03d.parquet", e.get("mc").asInt(),
                    e.get("mf").asInt())), "episode " + index + " names its own episodes file: " + e);
            assertEquals(index, e.get("df").asInt(), "episode " + index + " has a data file of its own");
            assertEquals(0, e.get("dc").asInt());
            Path parquet = data.resolve(String.format("data/chunk-000/file-%03d.parquet", e.get("df").asInt()));
            JsonNode rows = duck("SELECT count(*)::INTEGER AS n, min(episode_index)::INTEGER AS lo, max(episode_index)::INTEGER AS hi "
                    + "FROM read_parquet('" + parquet + "')");
            assertEquals(e.get("length").asInt(), rows.get(0).get("n").asInt(), "the file holds exactly this episode's rows");
            assertEquals(index, rows.get(0).get("lo").asInt());
            assertEquals(index, rows.get(0).get("hi").asInt());
            Path mp4 = data.resolve(String.format("videos/observation.images.cam_high/chunk-000/file-%03d.mp4", e.get("vf").asInt()));
            assertEquals(index, e.get("vf").asInt());
            assertEquals(0.0, e.get("f").asDouble(), 1e-9, "each episode starts its own video file");
            assertEquals(e.get("length").asDouble() / 30, e.get("t").asDouble(), 1e-6);
            long frames = ffprobeFrames(mp4);
            assertEquals(e.get("length").asLong(), frames, mp4.toString());
        }
    }

    private JsonNode duck(String sql) throws IOException, InterruptedException {
        return IndependentTools.duck(sql);
    }

    private static long ffprobeFrames(Path mp4) throws IOException, InterruptedException {
        IndependentTools.requireFfmpeg();
        Process p = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mp4.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return Long.parseLong(text);
    }
}
