package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.source.DemoFixture;
import store.EpisodeDetail;

/**
 * `curio bench seek FILE --json` prints the five documented keys, a missing file is an input error; `bench export` its
 * eight, and with --format the format's timing next to LeRobot's.
 */
class BenchCliTest {
    @Test
    void seekBenchPrintsOneJsonDocument(@TempDir Path home) throws Exception {
        EpisodeDetail e = DemoFixture.richest();
        Path clip = DemoFixture.datasetRoot(e).resolve(e.streams().get(0).fileRelPath());
        TestCliContext.Result r = TestCliContext.run(home, "bench", "seek", clip.toString(), "--seeks", "8", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(8, doc.get("seeks").asInt());
        assertTrue(doc.get("seek_ms_median").asDouble() > 0);
        assertTrue(doc.get("floor_ms_median").asDouble() > 0);
        assertEquals(doc.get("seek_ms_median").asDouble() / doc.get("floor_ms_median").asDouble(),
                doc.get("ratio").asDouble(), 0.01);
        assertEquals(8, doc.get("exact").asInt(), "every seek showed the picture FFmpeg decodes for that frame: " + doc);
        assertEquals(5, doc.size());
    }

    /** AV1 and H.264 with B-frames, written by the FFmpeg command line: every seek shows FFmpeg's own decode of the frame. */
    @Test
    void seekBenchOnVideosWrittenByTheFfmpegCommandLineLandsOnTheFloorsPicture(@TempDir Path home) throws Exception {
        IndependentTools.requireFfmpeg();
        String encoders = IndependentTools.run(java.util.List.of("ffmpeg", "-hide_banner", "-encoders"), null);
        java.util.List<java.util.List<String>> codecs = new java.util.ArrayList<>();
        codecs.add(java.util.List.of("-c:v", "libx264", "-bf", "3", "-g", "45"));
        codecs.add(encoders.contains("libsvtav1") ? java.util.List.of("-c:v", "libsvtav1", "-preset", "12", "-g", "45")
                : java.util.List.of("-c:v", "libaom-av1", "-cpu-used", "8", "-g", "45"));
        for (java.util.List<String> codec : codecs) {
            Path clip = home.resolve(codec.get(1) + ".mp4");
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc2=size=320x240:rate=30", "-t", "4", "-pix_fmt", "yuv420p"));
            cmd.addAll(codec);
            cmd.add(clip.toString());
            IndependentTools.run(cmd, null);
            TestCliContext.Result r = TestCliContext.run(home, "bench", "seek", clip.toString(), "--seeks", "12", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals(12, doc.get("exact").asInt(), codec + ": " + doc);
            assertTrue(doc.get("floor_ms_median").asDouble() > 0, doc.toString());
        }
    }

    @Test
    void missingFileIsAnInputError(@TempDir Path home) {
        TestCliContext.Result r = TestCliContext.run(home, "bench", "seek", home.resolve("nope.mp4").toString(), "--json");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("bench.missing_file") || r.err().contains("bench.missing_file"), r.out() + r.err());
    }

    @Test
    void benchExportPrintsItsFieldsFromARealRun(@TempDir Path home) throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "bench", "export", "--episodes", "1", "--size-gb", "0.02", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        java.util.List<String> keys = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("bytes", "export_s", "cp_s", "ratio", "cp_unsynced_s", "ratio_unsynced", "sha256_s", "floor_s",
                "floor_ratio", "ratio_to_floor", "peak_rss_mb_1x", "peak_rss_mb_4x"), keys);
        assertTrue(doc.get("bytes").asLong() > 100_000, "one demo episode's camera, bag and manifest");
        // The printed times are rounded to the millisecond, so a tiny cp time carries a large relative error.
        double e = doc.get("export_s").asDouble();
        double c = doc.get("cp_s").asDouble();
        double ratio = doc.get("ratio").asDouble();
        assertEquals(e / c, ratio, ratio * (0.0005 / c + 0.0005 / e) + 0.01);
        double unsynced = doc.get("cp_unsynced_s").asDouble();
        assertTrue(unsynced > 0 && unsynced <= c, "cp_s is the same cp plus a sync: " + unsynced + " vs " + c);
        double ratioUnsynced = doc.get("ratio_unsynced").asDouble();
        assertEquals(e / unsynced, ratioUnsynced, ratioUnsynced * (0.0005 / unsynced + 0.0005 / e) + 0.01);
        double sha = doc.get("sha256_s").asDouble();
        assertTrue(sha > 0, "the sources were hashed: " + sha);
        double floor = doc.get("floor_s").asDouble();
        assertEquals(Math.max(c, sha), floor, 1e-9, "the floor is the slower of cp + sync and hashing");
        double floorRatio = doc.get("floor_ratio").asDouble();
        assertEquals(floor / c, floorRatio, floorRatio * (0.0005 / c + 0.0005 / floor) + 0.01);
        double toFloor = doc.get("ratio_to_floor").asDouble();
        assertEquals(e / floor, toFloor, toFloor * (0.0005 / floor + 0.0005 / e) + 0.01);
        assertTrue(doc.get("peak_rss_mb_1x").asDouble() > 50, "VmHWM of a JVM is at least tens of MB");
        assertTrue(doc.get("peak_rss_mb_4x").asDouble() > 50);
    }

    @Test
    void benchExportOfAFormatPrintsItNextToLeRobotFromTheSameRun(@TempDir Path home) throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "bench", "export", "--format", "hdf5", "--profile", "robomimic",
                "--episodes", "1", "--size-gb", "0.02", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        java.util.List<String> keys = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("format", "bytes", "rows", "lerobot_s", "format_s", "ratio", "lerobot_out_bytes",
                "format_out_bytes", "peak_rss_mb_1x", "peak_rss_mb_4x"), keys);
        assertEquals("hdf5:robomimic", doc.get("format").asText());
        assertTrue(doc.get("rows").asLong() > 30, "a second of a demo take at 30 fps at least: " + doc.get("rows"));
        double l = doc.get("lerobot_s").asDouble();
        double f = doc.get("format_s").asDouble();
        assertTrue(l > 0 && f > 0, doc.toString());
        assertEquals(f / l, doc.get("ratio").asDouble(), doc.get("ratio").asDouble() * (0.0005 / l + 0.0005 / f) + 0.01);
        assertTrue(doc.get("format_out_bytes").asLong() > doc.get("rows").asLong() * 3, "raw camera frames are in the file");
        assertTrue(doc.get("peak_rss_mb_1x").asDouble() > 50 && doc.get("peak_rss_mb_4x").asDouble() > 50);
    }

    @Test
    void benchEncodeComparesTheExportWithTheFfmpegCommandLineOnTheSameFrames(@TempDir Path home) throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "bench", "encode", "--frames", "20", "--width", "160", "--height", "120",
                "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        java.util.List<String> keys = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("frames", "width", "height", "fps", "export_s", "ffmpeg_s", "speed", "peak_rss_mb_1x",
                "peak_rss_mb_4x"), keys);
        double e = doc.get("export_s").asDouble();
        double f = doc.get("ffmpeg_s").asDouble();
        assertTrue(e > 0 && f > 0, doc.toString());
        assertEquals(f / e, doc.get("speed").asDouble(), doc.get("speed").asDouble() * (0.0005 / f + 0.0005 / e) + 0.01);
        assertTrue(doc.get("peak_rss_mb_4x").asDouble() > 50);
    }

    @Test
    void benchDeliverPrintsItsFieldsFromARealRunAgainstALocalServer(@TempDir Path home) throws Exception {
        TestCliContext.Result r = TestCliContext.run(home, "bench", "deliver", "--size-gb", "0.03", "--runs", "1", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        java.util.List<String> keys = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("bytes", "curio_s", "sdk_s", "sdk_sha256_s", "curio_mb_s", "sdk_mb_s", "sdk_sha256_mb_s", "ratio",
                "ratio_sha256", "curio_cpu_s", "curio_server_cpu_s", "sdk_cpu_s", "sdk_server_cpu_s", "sdk_sha256_cpu_s",
                "sdk_sha256_server_cpu_s", "part_mb", "parallel_parts", "peak_rss_mb_1x", "peak_rss_mb_4x"), keys);
        for (String side : java.util.List.of("curio", "sdk", "sdk_sha256")) {
            assertTrue(doc.get(side + "_cpu_s").asDouble() > 0, side + " cost this process CPU: " + doc);
            assertTrue(doc.get(side + "_server_cpu_s").asDouble() > 0, "the server S3Proxy ran as worked for " + side + ": " + doc);
        }
        assertTrue(doc.get("bytes").asLong() >= 30_000_000L, "the payload plus the bag's tag files");
        double curio = doc.get("curio_s").asDouble();
        double sdk = doc.get("sdk_s").asDouble();
        assertTrue(curio > 0 && sdk > 0);
        assertEquals(sdk / curio, doc.get("ratio").asDouble(), 0.01 + doc.get("ratio").asDouble() * (0.0005 / sdk + 0.0005 / curio));
        assertEquals(doc.get("bytes").asLong() / 1e6 / curio, doc.get("curio_mb_s").asDouble(), doc.get("curio_mb_s").asDouble() * 0.01);
        assertTrue(doc.get("peak_rss_mb_1x").asDouble() > 50, "VmHWM of a JVM is at least tens of MB");
        assertTrue(doc.get("peak_rss_mb_4x").asDouble() > 50);
    }

    @Test
    void benchCatalogBuildsASyntheticCatalogAndTimesIt(@TempDir Path home) throws Exception {
        Path kept = home.resolve("bench.db");
        TestCliContext.Result r = TestCliContext.run(home, "bench", "catalog", "--episodes", "3000", "--keep", kept.toString(), "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(3000, doc.get("episodes").asInt());
        for (String key : java.util.List.of("open_ms", "filter_p95_ms", "table_filter_p95_ms", "facets_ms", "dashboard_ms")) {
            assertTrue(doc.get(key).asDouble() > 0, key + " in " + doc);
        }
        assertTrue(doc.get("filter_p95_ms").asDouble() >= doc.get("filter_median_ms").asDouble(), doc.toString());
        assertTrue(doc.get("table_filter_p95_ms").asDouble() >= doc.get("table_filter_median_ms").asDouble(), doc.toString());
        try (store.Catalog c = store.Catalog.open(kept)) {
            var s = c.index().snapshot();
            assertEquals(3000, s.rows());
            assertTrue(s.distinct(store.EpisodeField.TASK).size() > 10, "a spread of tasks");
            assertTrue(s.select(packaging.subset.WhereExpression.parse("failures>0")).size() > 300, "failure marks on some");
            assertTrue(s.select(packaging.subset.WhereExpression.parse("validation=hard")).size() > 100, "hard findings on some");
        }
        TestCliContext.Result again = TestCliContext.run(home, "bench", "catalog", "--keep", kept.toString(), "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(3000, new ObjectMapper().readTree(again.out()).get("episodes").asInt(), "a kept catalog is measured as it is");
    }
}
