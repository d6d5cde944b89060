package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.sign.PassphraseSource;
import pipeline.validate.IndependentBags;

/**
 * A rosbag2 bag written by an independent generator (src/test/python/ros2_camera_bag.py) whose JPEG camera is logged
 * 60 ms after capture and whose joint states are logged 2 ms after: exported under the default profile, each row's
 * joint state is the one taken with its frame (header stamps); under a profile with {@code time_base: log}, the one
 * the recorder had received by then. The conversion summary says which. Rows are read back with DuckDB.
 */
class TimeBaseExportTest {
    private static final PassphraseSource PASS = PassphraseSource.of("time base".toCharArray());

    @TempDir
    Path home;

    @Test
    void theProfilesTimeBasePlacesBagMessagesInTheExport() throws Exception {
        Path bag = IndependentBags.inStorage(home, "sqlite3", "--lag-ms", "60");
        TestCliContext.Result ingest = TestCliContext.run(home, "ingest", bag.toString(), "--json");
        assertEquals(0, ingest.exit(), ingest.err());
        String id = IndependentTools.JSON.readTree(ingest.out()).at("/ingested/0/episode_id").asText();
        assertEquals(0, TestCliContext.run(home, "review", id, "--decision", "accept").exit());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "bag", "--episodes", id).exit());
        assertEquals(0, TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString()).exit());
        Path logProfile = Files.writeString(home.resolve("log-time.yaml"), "time_base: log\n");

        double[] byHeader = shoulder(export("by-header"), "header");
        double[] byLog = shoulder(export("by-log", "--profile", logProfile.toString()), "log");
        assertEquals(byHeader.length, byLog.length);
        // Rows follow the camera: by header stamp, row k is the picture taken at k/30 s, and the joint state taken
        // then is 0.5 sin(k/30) (the generator's shoulder), up to linear interpolation between 50 Hz samples.
        double headerError = 0;
        double logError = 0;
        for (int k = 0; k < byHeader.length; k++) {
            double taken = 0.5 * Math.sin(k / 30.0);
            headerError = Math.max(headerError, Math.abs(byHeader[k] - taken));
            logError += Math.abs(byLog[k] - taken) / byLog.length;
        }
        assertTrue(headerError < 1e-4, "by header stamp every row's joint state is the one taken with its frame: " + headerError);
        assertTrue(logError > 5e-4, "by log time the joint states are those received by the frame's arrival: " + logError);
    }

    private Path export(String name, String... extra) throws Exception {
        Path out = home.resolve(name);
        List<String> args = new ArrayList<>(List.of("export", "bag", "--format", "lerobot-v3", "--out", out.toString(), "--key",
                home.resolve("keys/curio-signing.key").toString(), "--json"));
        args.addAll(List.of(extra));
        TestCliContext.Result r = TestCliContext.run(home, PASS, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        return out;
    }

    /** observation.state's shoulder channel, row by row; checks the conversion summary names the time base. */
    private static double[] shoulder(Path bundle, String timeBase) throws Exception {
        Path meta = bundle.resolve("data/meta");
        JsonNode names = IndependentTools.JSON.readTree(meta.resolve("info.json").toFile()).at("/features/observation.state/names");
        int shoulder = -1;
        for (int i = 0; i < names.size(); i++) if (names.get(i).asText().contains("shoulder")) shoulder = i;
        assertTrue(shoulder >= 0, "no shoulder joint in " + names);
        try (var dirs = Files.list(meta.resolve("curio_conversion"))) {
            Path d = dirs.findFirst().orElseThrow();
            JsonNode s = IndependentTools.JSON.readTree(d.resolve("conversion_summary.json").toFile());
            assertEquals(timeBase, s.at("/settings/time_base").asText(), s.get("settings").toString());
        }
        JsonNode rows = IndependentTools.duck("SELECT frame_index, \"observation.state\"[" + (shoulder + 1) + "] AS v FROM read_parquet('"
                + bundle.resolve("data/data/chunk-000/file-000.parquet") + "') ORDER BY frame_index");
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            assertEquals(i, rows.get(i).get("frame_index").asInt());
            out[i] = rows.get(i).get("v").asDouble();
        }
        return out;
    }
}
