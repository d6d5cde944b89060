package pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/** One crafted episode per finding code that triggers it, plus the untouched episode that triggers none. */
class ValidationCodesTest {
    @TempDir
    Path dir;

    interface Breakage {
        /** Changes the episode before it is registered (manifest, streams, format). */
        default void beforeRegister(CraftedEpisode e) throws Exception { }

        /** Changes files on disk after ingest recorded them. */
        default void afterRegister(CraftedEpisode e) throws Exception { }
    }

    private List<Finding> validate(Breakage b) throws Exception {
        CraftedEpisode e = new CraftedEpisode(dir);
        try (Catalog catalog = Catalog.open(dir.resolve("c.db"))) {
            b.beforeRegister(e);
            e.register(catalog);
            b.afterRegister(e);
            return new ValidationService(catalog, new Validator(), 1, "test")
                    .run(List.of(CraftedEpisode.ID), e.profile, true, ProgressSink.NONE, Cancellation.NEVER)
                    .get(0).findings();
        }
    }

    @Test
    void theUntouchedEpisodeHasNoFindingAtAll() throws Exception {
        List<Finding> f = validate(new Breakage() { });
        assertEquals(List.of(), f);
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("integrity.file_missing", "raw_episodes/ep_crafted/bag/episode.mcap", null,
                        after(e -> Files.delete(e.folder.resolve("bag/episode.mcap")))),
                Arguments.of("integrity.truncated", "raw_episodes/ep_crafted/video/cam_high.mp4", null,
                        after(e -> Files.write(e.folder.resolve("video/cam_high.mp4"), new byte[100]))),
                Arguments.of("integrity.unreadable", "raw_episodes/ep_crafted/video/cam_high.mp4", null,
                        before(CraftedEpisode::corruptCamera)),
                Arguments.of("integrity.sha256_mismatch", "raw_episodes/ep_crafted/video/cam_high.mp4", null,
                        after(e -> {
                            byte[] b = Files.readAllBytes(e.folder.resolve("video/cam_high.mp4"));
                            b[77] ^= 1;
                            Files.write(e.folder.resolve("video/cam_high.mp4"), b);
                        })),
                Arguments.of("integrity.sha256_mismatch", "raw_episodes/ep_crafted/bag/episode.mcap", "checksums",
                        before(e -> e.manifest.putObject("checksums").put("bag/episode.mcap", "00".repeat(32)))),
                Arguments.of("integrity.extra_file", "raw_episodes/ep_crafted/video/stray.tmp", null,
                        after(e -> Files.writeString(e.folder.resolve("video/stray.tmp"), "x"))),
                Arguments.of("schema.manifest_missing", "raw_episodes/ep_crafted/episode_manifest.json", null,
                        before(e -> {
                            e.withoutManifest = true;
                            e.profile("require_contract: {crafted: curio-raw-episode/1}\n");
                        })),
                Arguments.of("schema.contract_required", "raw_episodes/ep_crafted/episode_manifest.json", "$.contract",
                        before(e -> {
                            e.manifest.remove("contract");
                            e.profile("require_contract: {crafted: curio-raw-episode/1}\n");
                        })),
                Arguments.of("schema.contract_unknown", "raw_episodes/ep_crafted/episode_manifest.json", "$.contract",
                        before(e -> e.manifest.put("contract", "curio-raw-episode/9"))),
                Arguments.of("schema.episode_id_mismatch", "raw_episodes/ep_crafted/episode_manifest.json", "$.episode_id",
                        before(e -> e.manifest.put("episode_id", "ep_crafted"))),
                Arguments.of("schema.bad_value", "raw_episodes/ep_crafted/episode_manifest.json", "$.task.subtasks[0].end_ts",
                        before(e -> ((ObjectNode) e.manifest.get("task")).putArray("subtasks").addObject()
                                .put("start_ts", 0).put("end_ts", 1_200_000_000L).put("label", "reach"))),
                Arguments.of("schema.missing_field", "raw_episodes/ep_crafted/episode_manifest.json", "$.robot.serial",
                        before(e -> ((ObjectNode) e.manifest.get("robot")).remove("serial"))),
                Arguments.of("schema.missing_field", "raw_episodes/ep_crafted/episode_manifest.json", "$.calibration.cam_high",
                        before(e -> ((ObjectNode) e.manifest.get("calibration")).remove("cam_high"))),
                Arguments.of("schema.wrong_type", "raw_episodes/ep_crafted/episode_manifest.json", "$.streams.cam_high.fps",
                        before(e -> ((ObjectNode) e.manifest.get("streams").get("cam_high")).put("fps", "thirty"))),
                Arguments.of("schema.bad_value", "raw_episodes/ep_crafted/episode_manifest.json", "$.timebase",
                        before(e -> e.manifest.put("timebase", "sundial"))),
                Arguments.of("completeness.stream_missing", "raw_episodes/ep_crafted/episode_manifest.json", "$.streams.cam_wrist",
                        before(e -> {
                            ObjectNode s = ((ObjectNode) e.manifest.get("streams")).putObject("cam_wrist");
                            s.put("type", "rgb");
                            s.putArray("resolution").add(64).add(64);
                            s.put("fps", 30);
                            ObjectNode cal = ((ObjectNode) e.manifest.get("calibration")).putObject("cam_wrist");
                            cal.setAll((ObjectNode) e.manifest.get("calibration").get("cam_high").deepCopy());
                        })),
                Arguments.of("completeness.stream_empty", null, null,
                        before(e -> e.streams.set(1, CraftedEpisode.with(e.streams.get(1), 0L, 0, 0L)))),
                Arguments.of("completeness.stream_short", null, null,
                        before(e -> e.streams.set(1, CraftedEpisode.with(e.streams.get(1), 1_200_000_000L, 0, 101L)))),
                Arguments.of("completeness.count_mismatch", "raw_episodes/ep_crafted/episode_manifest.json", "$.streams.cam_high",
                        before(e -> ((ObjectNode) e.manifest.get("streams").get("cam_high")).put("frame_count", 50))),
                Arguments.of("temporal.clock_offset", null, null,
                        before(e -> e.streams.set(1, CraftedEpisode.with(e.streams.get(1), 0L, 250_000_000L, 101L)))),
                Arguments.of("temporal.non_monotonic", null, null,
                        before(e -> e.state.set(50, new CraftedMedia.Sample(e.state.get(49).tNs(), 0.1)))),
                Arguments.of("temporal.frame_gap", null, null, before(e -> e.state.subList(30, 45).clear())),
                Arguments.of("temporal.dropped_frames", null, null, before(e -> e.state.subList(30, 45).clear())),
                Arguments.of("action.non_finite", null, null,
                        before(e -> e.state.set(20, new CraftedMedia.Sample(e.state.get(20).tNs(), Double.NaN)))),
                Arguments.of("action.out_of_limits", null, null,
                        before(e -> e.state.set(20, new CraftedMedia.Sample(e.state.get(20).tNs(), 1.7)))),
                Arguments.of("action.latency", null, null, before(e -> {
                    e.command.clear();
                    for (int i = 0; i <= 100; i++) {
                        long t = i * 20_000_000L;
                        e.command.add(new CraftedMedia.Sample(t, CraftedEpisode.position(t + 400_000_000L)));
                    }
                })),
                Arguments.of("qc.blurry", null, null, before(e -> e.painter = (f, x, y) -> {
                    int v = 70 + (x + f) % 120 / 4;
                    return (v << 16) | (v << 8) | v;
                })),
                Arguments.of("qc.overexposed", null, null, before(e -> e.painter = (f, x, y) ->
                        x < 120 ? 0xffffff : CraftedMedia.GOOD.rgb(f, x, y))),
                Arguments.of("qc.underexposed", null, null, before(e -> e.painter = (f, x, y) ->
                        x < 120 && y > 10 ? 0x000000 : CraftedMedia.GOOD.rgb(f, x, y))),
                Arguments.of("qc.black_frames", null, null, before(e -> e.painter = (f, x, y) ->
                        f >= 20 && f < 40 ? 0x000000 : CraftedMedia.GOOD.rgb(f, x, y))),
                Arguments.of("qc.frozen_frames", null, null, before(e -> e.painter = (f, x, y) ->
                        CraftedMedia.GOOD.rgb(f < 30 ? f : 30, x, y))),
                Arguments.of("privacy.consent_missing", "raw_episodes/ep_crafted/episode_manifest.json", "$.consent",
                        before(e -> e.manifest.remove("consent"))),
                Arguments.of("privacy.raw_pii_restricted", "raw_episodes/ep_crafted/episode_manifest.json", "$.consent.pii_state",
                        before(e -> ((ObjectNode) e.manifest.get("consent")).put("pii_state", "raw").put("jurisdiction", "eu"))),
                Arguments.of("privacy.raw_pii", "raw_episodes/ep_crafted/episode_manifest.json", "$.consent.pii_state",
                        before(e -> ((ObjectNode) e.manifest.get("consent")).put("pii_state", "raw"))),
                Arguments.of("privacy.blur_tool_missing", "raw_episodes/ep_crafted/episode_manifest.json", "$.consent.blur_tool",
                        before(e -> ((ObjectNode) e.manifest.get("consent")).put("pii_state", "blurred"))),
                Arguments.of("privacy.consent_unknown", null, null, before(e -> e.format = "lerobot-v3")),
                Arguments.of("privacy.consent_unknown", "raw_episodes/ep_crafted/episode_manifest.json", null,
                        before(e -> e.manifest.remove("contract"))),
                Arguments.of("qc.unavailable", "raw_episodes/ep_crafted/video/cam_high.mp4", null,
                        before(CraftedEpisode::corruptCamera)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("breakages")
    void eachBreakageYieldsItsCodeNamingFileAndField(String code, String file, String field, Breakage b) throws Exception {
        List<Finding> findings = validate(b);
        Finding f = findings.stream().filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + findings));
        if (file != null) assertEquals(file, f.file(), f.toString());
        if (field != null) assertEquals(field, f.field(), f.toString());
        assertEquals(Codes.get(code).dimension(), f.dimension());
        assertEquals(Codes.get(code).severity(), f.severity());
        assertFalse(f.message().isBlank());
    }

    @Test
    void seedTwoEpisodeIdAndSubtaskTimesAsTheSeedWritesThem() throws Exception {
        // episode_id is optional; when given as the manifest's hash it is what seed 002 asks for
        assertEquals(List.of(), validate(before(e -> e.hashedId = true)));
        // subtask times are JSON numbers, integer or not: seconds from episode_start_utc
        assertEquals(List.of(), validate(before(e -> {
            ArrayNode st = ((ObjectNode) e.manifest.get("task")).putArray("subtasks");
            st.addObject().put("start_ts", 0).put("end_ts", 1.2).put("label", "reach");
            st.addObject().put("start_ts", 1.2).put("end_ts", 2).put("label", "grasp");
        })));
    }

    @Test
    void aLabsOwnManifestGetsTheGenericRulesOnly() throws Exception {
        List<Finding> f = validate(before(e -> {
            e.manifest.remove("contract");
            e.manifest.remove("consent");
            e.manifest.remove("robot");
            e.manifest.put("robot", "so100");
            e.manifest.put("checksums", "see SHA256SUMS");
        }));
        assertEquals(List.of("privacy.consent_unknown"), f.stream().map(Finding::code).toList(), f.toString());
    }

    @Test
    void aCheckThatThrowsReportsCheckFailedInItsDimensionWithTheCause() throws Exception {
        CraftedEpisode e = new CraftedEpisode(dir);
        try (Catalog catalog = Catalog.open(dir.resolve("c.db"))) {
            e.register(catalog);
            Check broken = new Check() {
                @Override
                public void run(ValidationContext ctx, Findings out) {
                    throw new IllegalStateException("index 7 out of bounds");
                }

                @Override
                public Dimension dimension() {
                    return Dimension.ACTION_VALIDITY;
                }
            };
            List<Finding> f = new ValidationService(catalog, new Validator(List.of(new SchemaCheck(), broken)), 1, "t")
                    .run(List.of(CraftedEpisode.ID), ValidationProfile.defaults(), true, ProgressSink.NONE, Cancellation.NEVER)
                    .get(0).findings();
            assertEquals(1, f.size(), f.toString());
            assertEquals("check.failed", f.get(0).code());
            assertEquals(Dimension.ACTION_VALIDITY, f.get(0).dimension());
            assertEquals(Severity.SOFT, f.get(0).severity());
            assertTrue(f.get(0).message().contains("IllegalStateException: index 7 out of bounds"), f.get(0).message());
            // stored and read back with its dimension
            List<Finding> cached = new ValidationService(catalog, new Validator(List.of(new SchemaCheck(), broken)), 1, "t")
                    .run(List.of(CraftedEpisode.ID), ValidationProfile.defaults(), false, ProgressSink.NONE, Cancellation.NEVER)
                    .get(0).findings();
            assertEquals(f, cached);
        }
    }

    @Test
    void nearMissesDoNotTrigger() throws Exception {
        // raw PII in the US is a warning only, never the EU/UK hard reject
        List<Finding> us = validate(before(e -> ((ObjectNode) e.manifest.get("consent")).put("pii_state", "raw")));
        assertTrue(us.stream().noneMatch(f -> f.code().equals("privacy.raw_pii_restricted")));
        // blurred with a recorded tool and version is fine
        List<Finding> blurred = validate(before(e -> ((ObjectNode) e.manifest.get("consent"))
                .put("pii_state", "blurred").put("blur_tool", "egoblur_gen2").put("blur_tool_version", "2.0.1")));
        assertEquals(List.of(), blurred);
        // a count within the tolerance of one frame is not a mismatch
        assertEquals(List.of(), validate(before(e -> ((ObjectNode) e.manifest.get("streams").get("cam_high"))
                .put("frame_count", 61))));
        // a clock offset inside +/-100 ms, and a controller lag of 40 ms, are fine
        assertEquals(List.of(), validate(before(e -> e.streams.set(1, CraftedEpisode.with(e.streams.get(1), 0L, 90_000_000L, 101L)))));
    }

    interface Step {
        void apply(CraftedEpisode e) throws Exception;
    }

    static Breakage before(Step s) {
        return new Breakage() {
            @Override
            public void beforeRegister(CraftedEpisode e) throws Exception {
                s.apply(e);
            }
        };
    }

    static Breakage after(Step s) {
        return new Breakage() {
            @Override
            public void afterRegister(CraftedEpisode e) throws Exception {
                s.apply(e);
            }
        };
    }
}
