package pipeline.validate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pipeline.read.mcap.McapWriter;

/**
 * rosbag2 bags written by {@code src/test/python/ros2_camera_bag.py} (Debian's python3 with sqlite3 and numpy, the
 * ffmpeg CLI, CDR encoded by hand): cameras as raw and JPEG image topics and an arm's joint states. Tests that need
 * them skip, saying why, where those tools are missing.
 */
public final class IndependentBags {
    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "src/test/python/ros2_camera_bag.py";

    private IndependentBags() { }

    /** A sqlite3-storage bag folder {@code dir/name}, made with the script's {@code flags}. */
    public static Path sqlite3(Path dir, String name, String... flags) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed");
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(PYTHON, Path.of(SCRIPT).toAbsolutePath().toString(), out.toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assumeTrue(!(rc != 0 && (log.contains("No module named 'numpy'") || log.contains("No such file or directory: 'ffmpeg'"))),
                "the bag generator needs numpy and ffmpeg: " + log);
        if (rc != 0) throw new AssertionError("ros2_camera_bag.py failed: " + log);
        return out;
    }

    /** A bag {@code dir/data/cam_bag} in {@code storage} ("sqlite3" or "mcap"), made with the script's {@code flags}. */
    public static Path inStorage(Path dir, String storage, String... flags) throws Exception {
        Path bag = sqlite3(dir.resolve("made"), "cam_bag", flags);
        Path data = Files.createDirectories(dir.resolve("data"));
        return storage.equals("mcap") ? mcapStorage(bag, data.resolve("cam_bag")) : Files.move(bag, data.resolve("cam_bag"));
    }

    /**
     * The same messages, byte for byte, in a bag with mcap storage: the script's CDR payloads and log times, moved
     * from its .db3 (read with sqlite-jdbc) into an MCAP file with the ros2 profile.
     */
    public static Path mcapStorage(Path sqliteBag, Path out) throws Exception {
        Files.createDirectories(out);
        String base = out.getFileName().toString();
        String mcapName = base + "_0.mcap";
        Path db3 = sqliteBag.resolve(sqliteBag.getFileName() + "_0.db3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db3);
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(out.resolve(mcapName)));
             McapWriter w = new McapWriter(os, mcapName, McapWriter.Options.ros2());
             Statement st = c.createStatement()) {
            Map<Integer, Integer> channels = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT id, name, type FROM topics ORDER BY id")) {
                while (rs.next()) {
                    int schema = w.addSchema(rs.getString(3), "ros2msg",
                            "std_msgs/Header header\n".getBytes(StandardCharsets.UTF_8));
                    channels.put(rs.getInt(1), w.addChannel(schema, rs.getString(2), "cdr", Map.of()));
                }
            }
            int seq = 0;
            try (ResultSet rs = st.executeQuery("SELECT topic_id, timestamp, data FROM messages ORDER BY timestamp, id")) {
                while (rs.next()) w.addMessage(channels.get(rs.getInt(1)), seq++, rs.getLong(2), rs.getLong(2), rs.getBytes(3));
            }
            w.finish();
        }
        String yaml = Files.readString(sqliteBag.resolve("metadata.yaml"))
                .replace("storage_identifier: sqlite3", "storage_identifier: mcap")
                .replace(sqliteBag.getFileName() + "_0.db3", mcapName);
        Files.writeString(out.resolve("metadata.yaml"), yaml);
        return out;
    }
}
