package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import pipeline.read.mcap.McapWriter;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTime;

/**
 * An ingest-contract-v0 episode whose {@code episode.yaml} is the input, beside the files seed 002's example names
 * ({@code rgb_head.mp4}, {@code depth_head.mp4}, {@code proprio.mcap}, {@code action.mcap}), read as ingest reads it.
 */
class EpisodeYamlFuzzTest {
    private static final Path ROOT = FuzzHarness.scratch("episode-yaml");
    private static final Path EPISODE = episode();

    private static Path episode() {
        Path dir = ROOT.resolve("take_1");
        try (InputStream mp4 = EpisodeYamlFuzzTest.class.getResourceAsStream("/fuzz/plain.mp4")) {
            byte[] video = mp4.readAllBytes();
            FuzzHarness.write(dir.resolve("rgb_head.mp4"), video);
            FuzzHarness.write(dir.resolve("depth_head.mp4"), video);
            for (String name : List.of("proprio.mcap", "action.mcap")) {
                try (OutputStream out = Files.newOutputStream(dir.resolve(name));
                     McapWriter w = new McapWriter(out, name, McapWriter.Options.ros2())) {
                    int schema = w.addSchema("sensor_msgs/msg/JointState", "ros2msg", FuzzHarness.utf8("std_msgs/Header header"));
                    int channel = w.addChannel(schema, "/joint_states", "cdr", Map.of());
                    for (int i = 0; i < 3; i++) {
                        w.addMessage(channel, i, 1_000_000_000L * i, 1_000_000_000L * i, new RosJointState(
                                new RosHeader(new RosTime(i, 0), "base"), List.of("shoulder", "elbow"),
                                new double[]{0.1 * i, -0.1 * i}, new double[0], new double[0]).encode());
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void episodeYaml(byte[] input) {
        FuzzHarness.write(EPISODE.resolve(ContractV0Format.FILE), input);
        FuzzHarness.check(input, () -> {
            FileTable files = new FileTable(ROOT);
            FuzzUnits.read(files, List.of(ContractV0Format.unit(files, EPISODE)));
        });
    }
}
