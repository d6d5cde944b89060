package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.EpisodeIds;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

/**
 * The seeds' own examples, transcribed as fixtures in {@code src/test/seeds/}, with the findings each must and must
 * not get: seed 002's episode.yaml template, a seed-003 raw episode whose manifest is the lab's own, seed 004's
 * metadata and step examples, and seed 001's episodes.jsonl fields on a LeRobot v2.1 dataset. (Seed 000's manifest
 * describes a delivered bundle, not an episode: it is what {@code curio verify} checks.) Media come from the ffmpeg
 * CLI and the corpus; bags from {@link IndependentBags}.
 */
class SeedExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SEEDS = Path.of("src/test/seeds");
    private static final long T0 = 1_772_442_000_000_000_000L;

    @TempDir
    Path dir;

    private static void ffmpeg(String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "the ffmpeg CLI is not installed");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "ffmpeg " + cmd + ": " + log);
    }

    private List<EpisodeReport> ingestAndValidate(Path data, String profileYaml) throws Exception {
        ValidationProfile profile = TestProfiles.of(dir, profileYaml);
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            IngestReport r = new Ingest(c, new Ingest.Options("lab", Ingest.DEFAULT_THREADS))
                    .run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
            assertTrue(r.failed().isEmpty(), r.toJson().toString());
            List<String> ids = r.ingested().stream().map(e -> e.episodeId()).toList();
            return new ValidationService(c, new Validator(), 2, "t").run(ids, profile, true, ProgressSink.NONE, Cancellation.NEVER);
        }
    }

    private static List<String> codes(EpisodeReport r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    private static List<Finding> hard(EpisodeReport r) {
        return r.findings().stream().filter(f -> f.severity() == Severity.HARD).toList();
    }

    // --- seed 002 -------------------------------------------------------------------------------------------------

    /** The template's episode folder: episode.yaml (edited by {@code edit}), two 1280x720 cameras, two joint bags. */
    private Path seed002(UnaryOperator<String> edit) throws Exception {
        Path ep = Files.createDirectories(dir.resolve("contract_v0/ep_a"));
        Files.writeString(ep.resolve("episode.yaml"), edit.apply(Files.readString(SEEDS.resolve("002-episode.yaml"))));
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "2", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                "-g", "30", ep.resolve("rgb_head.mp4").toString());
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "2", "-vf", "format=gray,format=yuv420p",
                "-c:v", "libx264", "-g", "30", ep.resolve("depth_head.mp4").toString());
        long start = java.time.Instant.parse("2026-03-02T09:00:00Z").toEpochMilli() * 1_000_000L;
        CraftedMedia.jointStates(ep.resolve("proprio.mcap"), "/joint_states", List.of("shoulder", "elbow"), start, 5_000_000L, 401, 0);
        CraftedMedia.jointStates(ep.resolve("action.mcap"), "/joint_command", List.of("shoulder", "elbow"), start, 33_333_333L, 61,
                40_000_000L);
        return dir.resolve("contract_v0");
    }

    @Test
    void seed002TemplateWithoutEpisodeIdValidatesWithNoHardFinding() throws Exception {
        EpisodeReport r = ingestAndValidate(seed002(y -> y), null).get(0);
        assertEquals(List.of(), hard(r), r.findings().toString());
        // the two findings the template used to get: an episode_id it need not carry, subtask times in seconds
        assertTrue(r.findings().stream().noneMatch(f -> f.code().startsWith("schema.")), r.findings().toString());
        // every declared stream found its data; both cameras scored
        assertFalse(codes(r).contains("completeness.stream_missing"), r.findings().toString());
        assertEquals(4, r.qc().path("rgb_head").path("samples").asInt(), r.qc().toString());
        assertEquals(4, r.qc().path("depth_head").path("samples").asInt(), r.qc().toString());
        assertEquals("passed", r.state(), r.findings().toString());
    }

    @Test
    void seed002EpisodeIdMustBeTheManifestsHash() throws Exception {
        EpisodeReport wrong = ingestAndValidate(seed002(y -> "episode_id: ep_0123456789abcdef0123\n" + y), null).get(0);
        Finding f = wrong.findings().stream().filter(x -> x.code().equals("schema.episode_id_mismatch")).findFirst()
                .orElseThrow(() -> new AssertionError(wrong.findings()));
        assertEquals(Severity.HARD, f.severity());
        assertEquals("ep_a/episode.yaml", f.file());
        assertEquals("$.episode_id", f.field());
        // the id Curio gave the episode is the one the message names; written into the file, it is accepted
        String id = wrong.episodeId();
        assertTrue(f.message().contains("hashes to " + id), f.message());
        dir = Files.createDirectories(dir.resolve("again"));
        EpisodeReport right = ingestAndValidate(seed002(y -> "episode_id: " + id + "\n" + y), null).get(0);
        assertEquals(id, right.episodeId(), "episode_id is left out of the hash, so writing it keeps the id");
        assertFalse(codes(right).contains("schema.episode_id_mismatch"), right.findings().toString());
    }

    @Test
    void seed002MissingRequiredFieldIsAHardRejectAtIngest() throws Exception {
        Path data = seed002(y -> y.replace("  embodiment_ref: sha256:", "  embodiment: sha256:"));
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
            assertEquals(1, r.failed().size(), r.toJson().toString());
            CurioException e = r.failed().get(0).errors().get(0);
            assertEquals("contract.missing_field", e.code());
            assertEquals("robot.embodiment_ref", e.field());
        }
    }

    // --- seed 003 -------------------------------------------------------------------------------------------------

    /** raw_episodes/take_0042/{bag/, episode_manifest.json, notes.md}, the manifest edited by {@code edit}. */
    private Path seed003(UnaryOperator<ObjectNode> edit) throws Exception {
        Path ep = Files.createDirectories(dir.resolve("lab/raw_episodes/take_0042"));
        IndependentBags.sqlite3(ep, "bag");
        ObjectNode m = (ObjectNode) JSON.readTree(SEEDS.resolve("003-lab-manifest.json").toFile());
        Files.writeString(ep.resolve("episode_manifest.json"), JSON.writeValueAsString(edit.apply(m)));
        Files.writeString(ep.resolve("notes.md"), "Take 42. Cup slipped once, regrasped.\n");
        return dir.resolve("lab");
    }

    @Test
    void seed003RawEpisodeWithTheLabsOwnManifestGetsTheGenericRulesOnly() throws Exception {
        EpisodeReport r = ingestAndValidate(seed003(m -> m), null).get(0);
        assertEquals("take_0042", r.episodeId());
        assertEquals(List.of(), hard(r), r.findings().toString());
        assertTrue(r.findings().stream().noneMatch(f -> f.code().startsWith("schema.") || f.code().equals("privacy.consent_missing")),
                r.findings().toString());
        Finding consent = r.findings().stream().filter(f -> f.code().equals("privacy.consent_unknown")).findFirst()
                .orElseThrow(() -> new AssertionError(r.findings()));
        assertEquals(Severity.WARN, consent.severity());
        // the generic rules ran: both cameras scored, sensor time checked
        assertEquals(4, r.qc().path("/cam/compressed").path("samples").asInt(), r.qc().toString());
    }

    @Test
    void aLabThatWantsItStrictRequiresCuriosContractInItsProfile() throws Exception {
        EpisodeReport r = ingestAndValidate(seed003(m -> m), "require_contract: {lab: curio-raw-episode/1}\n").get(0);
        Finding required = r.findings().stream().filter(f -> f.code().equals("schema.contract_required")).findFirst()
                .orElseThrow(() -> new AssertionError(r.findings()));
        assertEquals("raw_episodes/take_0042/episode_manifest.json", required.file());
        assertTrue(required.message().contains("declares no contract"), required.message());
        // and it is judged by that contract: its fields are not the contract's
        assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("schema.missing_field") && "$.dataset_id".equals(f.field())),
                r.findings().toString());
        assertTrue(codes(r).contains("privacy.consent_missing") || codes(r).contains("schema.wrong_type"), r.findings().toString());
    }

    @Test
    void aManifestThatDeclaresTheContractIsReadByIt() throws Exception {
        Path data = seed003(m -> m.put("contract", "curio-raw-episode/1"));
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            IngestReport r = new Ingest(c).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
            CurioException e = r.failed().get(0).errors().get(0);
            assertEquals("manifest.bad_type", e.code(), e.getMessage());
            assertEquals("streams", e.field(), "a declared manifest's streams must be the contract's streams block");
        }
    }

    // --- seed 004 -------------------------------------------------------------------------------------------------

    /** One step-log episode from seed 004's metadata and step examples: 30 steps at 30 Hz, JPEG and 16-bit PNG blobs. */
    private Path seed004(UnaryOperator<ObjectNode> metadata, StepEdit steps) throws Exception {
        Path ep = Files.createDirectories(dir.resolve("rlds/ep_1772442000000"));
        Files.createDirectories(ep.resolve("steps"));
        Path blobs = Files.createDirectories(ep.resolve("blobs"));
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=30", "-frames:v", "30", "-start_number", "0", "-q:v", "3",
                blobs.resolve("rgb_%06d.jpg").toString());
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=30", "-frames:v", "30", "-start_number", "0", "-pix_fmt", "gray16be",
                blobs.resolve("depth_%06d.png").toString());
        ObjectNode md = (ObjectNode) JSON.readTree(SEEDS.resolve("004-metadata.json").toFile());
        Files.writeString(ep.resolve("metadata.json"), JSON.writeValueAsString(metadata.apply(md)));
        String template = Files.readString(SEEDS.resolve("004-step.json"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            long t = T0 + Math.round(i * 1e9 / 30);
            ObjectNode step = (ObjectNode) JSON.readTree(template.replace("${t}", Long.toString(t))
                    .replace("${ms}", Long.toString(t / 1_000_000)).replace("${frame}", String.format("%06d", i))
                    .replace("${q}", Double.toString(0.3 + 0.01 * i)));
            steps.edit(i, step);
            lines.append(JSON.writeValueAsString(step)).append('\n');
        }
        Files.writeString(ep.resolve("steps/000000.jsonl"), lines);
        return dir.resolve("rlds");
    }

    interface StepEdit {
        void edit(int i, ObjectNode step);
    }

    @Test
    void seed004ExamplesValidateWithTheFindingsTheSeedsDefaultsCall() throws Exception {
        EpisodeReport r = ingestAndValidate(seed004(m -> m, (i, s) -> { }), null).get(0);
        assertEquals(List.of(), hard(r), r.findings().toString());
        // seed 004's PII defaults (faces present, not cleared, pending review) are a reminder to redact, no more
        assertEquals(List.of("privacy.raw_pii"), codes(r), r.findings().toString());
        assertEquals(2, r.qc().path("observation.media.rgb").path("samples").asInt(), r.qc().toString());
    }

    @Test
    void seed004RejectsAStepWhoseRobotStateFrameIdDiffersFromItsVideo() throws Exception {
        EpisodeReport r = ingestAndValidate(seed004(m -> m, (i, s) -> {
            if (i == 12) ((ObjectNode) s.get("observation").get("robot_state").get("right_arm")).put("frame_id", "000013");
        }), null).get(0);
        List<Finding> f = r.findings().stream().filter(x -> x.code().equals("temporal.frame_id_mismatch")).toList();
        assertEquals(1, f.size(), r.findings().toString());
        assertEquals(Severity.HARD, f.get(0).severity());
        assertEquals("ep_1772442000000/steps/000000.jsonl", f.get(0).file());
        assertEquals("$.steps[12].observation.robot_state.right_arm.frame_id", f.get(0).field());
        assertEquals("step 12: observation.robot_state.right_arm.frame_id is \"000013\", "
                + "observation.media.rgb.frame_id is \"000012\"", f.get(0).message());
        assertEquals("hard", r.state());
    }

    @Test
    void seed004PublicListingAndVersionDeclarations() throws Exception {
        EpisodeReport pub = ingestAndValidate(seed004(m -> {
            ((ObjectNode) m.get("share")).put("public", true);
            return m;
        }, (i, s) -> { }), null).get(0);
        assertTrue(codes(pub).contains("privacy.public_listing_blocked"), pub.findings().toString());

        // "When absent, consumers MUST treat as 1.0": the same rules apply
        dir = Files.createDirectories(dir.resolve("v10"));
        EpisodeReport v10 = ingestAndValidate(seed004(m -> {
            m.remove("schema_version");
            return m;
        }, (i, s) -> {
            if (i == 3) ((ObjectNode) s.get("observation").get("media").get("depth")).put("frame_id", "000099");
        }), null).get(0);
        assertTrue(codes(v10).contains("temporal.frame_id_mismatch"), v10.findings().toString());

        // a version Curio does not know: said so, and only the generic rules apply
        dir = Files.createDirectories(dir.resolve("v20"));
        EpisodeReport v20 = ingestAndValidate(seed004(m -> m.put("schema_version", "2.0"), (i, s) -> {
            if (i == 3) ((ObjectNode) s.get("observation").get("media").get("depth")).put("frame_id", "000099");
        }), null).get(0);
        assertTrue(codes(v20).contains("schema.contract_unknown"), v20.findings().toString());
        assertTrue(codes(v20).contains("privacy.consent_unknown"), v20.findings().toString());
        assertFalse(codes(v20).contains("temporal.frame_id_mismatch"), v20.findings().toString());
    }

    // --- seed 001 -------------------------------------------------------------------------------------------------

    @Test
    void seed001EpisodeIndexFieldsOnALeRobotDataset() throws Exception {
        Path source = Path.of(System.getProperty("curio.corpus", "../shared/corpus"))
                .resolve("lerobot/lerobot-studio_fixtures/datasets/lerobotv2");
        assumeTrue(Files.isDirectory(source), "corpus not found at " + source);
        Path ds = dir.resolve("genie/episodes");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = ds.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        // seed 001: episodes.jsonl lines with episode_id, episode_index, num_frames, duration_seconds, quality_score,
        // validation_passed, file - the lab's own verdicts, kept beside LeRobot's length and tasks
        Files.writeString(ds.resolve("meta/episodes.jsonl"), """
                {"episode_id": "ep_000", "episode_index": 0, "num_frames": 3, "duration_seconds": 0.3, "quality_score": 0.91, \
                "validation_passed": true, "file": "episode_000000.parquet", "length": 3, "tasks": ["pick cube"]}
                {"episode_id": "ep_001", "episode_index": 1, "num_frames": 3, "duration_seconds": 0.3, "quality_score": 0.42, \
                "validation_passed": false, "file": "episode_000001.parquet", "length": 3, "tasks": ["pick cube"]}
                """);
        List<EpisodeReport> reports = ingestAndValidate(ds, null);
        assertEquals(2, reports.size());
        for (EpisodeReport r : reports) {
            assertEquals(List.of(), hard(r), r.findings().toString());
            assertTrue(codes(r).contains("privacy.consent_unknown"), "LeRobot carries no consent: " + r.findings());
            assertTrue(r.findings().stream().noneMatch(f -> f.code().startsWith("schema.")), r.findings().toString());
        }
    }
}
