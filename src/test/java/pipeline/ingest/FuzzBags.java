package pipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import fuzz.FuzzHarness;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTime;
import pipeline.read.rosbag2.Db3Reader;
import pipeline.read.rosbag2.MessageCursor;
import pipeline.read.rosbag2.Rosbag2Bag;
import pipeline.source.GeneratedBags;
import store.Cancellation;

/** The bag folders the rosbag2 fuzz targets write their input into, and what they do with them. */
final class FuzzBags {
    private FuzzBags() { }

    /**
     * A scratch bag folder with two real sqlite3 files and two real mcap files (joint states on one topic), whose
     * metadata.yaml names the sqlite3 pair.
     */
    static Path folder(String name) {
        Path dir = FuzzHarness.scratch(name).resolve("bag");
        try {
            Files.createDirectories(dir);
            List<GeneratedBags.Msg> msgs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] cdr = new RosJointState(new RosHeader(new RosTime(i, 0), "base"), List.of("j0", "j1"),
                        new double[]{i, -i}, new double[0], new double[0]).encode();
                msgs.add(new GeneratedBags.Msg("/joint_states", "sensor_msgs/msg/JointState", 1_000_000_000L * (i + 1), cdr));
            }
            for (String f : List.of("bag_0.db3", "bag_1.db3", "mcap_0.mcap", "mcap_1.mcap")) Files.deleteIfExists(dir.resolve(f));
            GeneratedBags.writeDb3(dir.resolve("bag_0.db3"), msgs.subList(0, 2));
            GeneratedBags.writeDb3(dir.resolve("bag_1.db3"), msgs.subList(2, 4));
            Path mcap = FuzzHarness.scratch(name).resolve("mcap");
            GeneratedBags.write(mcap, "mcap", msgs, 2_500_000_000L, 1_000_000_000L, 3_000_000_000L);
            Files.copy(mcap.resolve("mcap_0.mcap"), dir.resolve("mcap_0.mcap"));
            Files.copy(mcap.resolve("mcap_1.mcap"), dir.resolve("mcap_1.mcap"));
            GeneratedBags.writeMetadata(dir, "sqlite3", List.of("bag_0.db3", "bag_1.db3"), msgs, 1_000_000_000L, 3_000_000_000L);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ingest's scan of the bag, then every message of every file, and each db3's embedded metadata. */
    static void readAll(Path bag) {
        BagScan.scan(new FileTable(bag), bag, Cancellation.NEVER);
        Rosbag2Bag opened = Rosbag2Bag.open(bag);
        if (opened.metadata().isSqlite()) {
            try (MessageCursor c = opened.messages()) {
                while (c.hasNext()) c.next().data();
            }
            for (int i = 0; i < opened.storageFiles().size(); i++) {
                try (Db3Reader r = opened.openDb3(i)) {
                    r.embeddedMetadata();
                    r.messageDefinitions();
                    r.schemaVersion();
                }
            }
        }
        for (var t : opened.metadata().topics()) {
            try (MessageCursor c = opened.messages(t.topic().name())) {
                while (c.hasNext()) c.next().data();
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
