package app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import pipeline.source.GeneratedBags;
import javax.imageio.ImageIO;
import pipeline.demo.FrameCode;

/**
 * ROS 2 recordings written by libraries that are not Curio's: messages serialised by @foxglove/rosmsg2-serialization
 * from their .msg definitions, MCAP files by @mcap/core (ros2 profile), db3 files by SQLite with rosbag2's schema.
 * Every picture carries its frame number as the demo's frame code, so a decoded export frame tells which source frame
 * it is; JPEGs come from the JDK's ImageIO.
 */
final class Ros2Fixtures {
    static final String IMAGE = """
            std_msgs/Header header
            uint32 height
            uint32 width
            string encoding
            uint8 is_bigendian
            uint32 step
            uint8[] data
            """ + HEADER_DEPS();
    static final String COMPRESSED = """
            std_msgs/Header header
            string format
            uint8[] data
            """ + HEADER_DEPS();
    static final String JOINT_STATE = """
            std_msgs/Header header
            string[] name
            float64[] position
            float64[] velocity
            float64[] effort
            """ + HEADER_DEPS();
    static final String LOG = """
            builtin_interfaces/Time stamp
            uint8 level
            string name
            string msg
            string file
            string function
            uint32 line
            ================================================================================
            MSG: builtin_interfaces/Time
            int32 sec
            uint32 nanosec
            """;

    private static String HEADER_DEPS() {
        return """
                ================================================================================
                MSG: std_msgs/Header
                builtin_interfaces/Time stamp
                string frame_id
                ================================================================================
                MSG: builtin_interfaces/Time
                int32 sec
                uint32 nanosec
                """;
    }

    static final int W = 320;
    static final int H = 240;
    static final List<String> JOINTS = List.of("shoulder_pan", "shoulder_lift", "elbow", "wrist_1", "wrist_2", "wrist_3");

    /** What one recording holds; times are nanoseconds since the epoch, every stream starting at {@code t0}. */
    record Take(long t0, int cameraHz, int frames, int jointHz, int commandHz, boolean depth) {
        Take(long t0, int cameraHz, int frames, int jointHz, int commandHz) {
            this(t0, cameraHz, frames, jointHz, commandHz, false);
        }

        long periodNs() {
            return Math.round(1e9 / cameraHz);
        }

        long durationNs() {
            return frames * periodNs();
        }
    }

    private Ros2Fixtures() { }

    /** A frame-coded picture; the background moves with the frame so consecutive frames differ. */
    static BufferedImage picture(int frame, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color((40 + frame * 3) % 256, 110, 170));
        g.fillRect(0, 0, w, h);
        g.setColor(java.awt.Color.ORANGE);
        g.fillOval((frame * 5) % (w - 40), h / 2, 40, 40);
        FrameCode.draw(g, frame, w, h);
        g.dispose();
        return img;
    }

    static byte[] rgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int o = (y * w + x) * 3;
                out[o] = (byte) (p >> 16);
                out[o + 1] = (byte) (p >> 8);
                out[o + 2] = (byte) p;
            }
        }
        return out;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) throw new IOException("no ImageIO writer for " + format);
        return out.toByteArray();
    }

    private static ObjectNode header(long t, String frame) {
        ObjectNode h = IndependentTools.JSON.createObjectNode();
        h.putObject("stamp").put("sec", (int) (t / 1_000_000_000L)).put("nanosec", (int) (t % 1_000_000_000L));
        h.put("frame_id", frame);
        return h;
    }

    /**
     * The messages of one take: an rgb8 camera and a JPEG camera at {@code cameraHz}, joint states at
     * {@code jointHz}, joint commands at {@code commandHz} and a few {@code /rosout} log lines (no numbers or
     * pictures). Written as a spec for src/test/node/ros2-messages.js, with each picture in a file of its own.
     */
    static ObjectNode spec(Take take, Path work) throws IOException {
        Files.createDirectories(work);
        ObjectNode spec = IndependentTools.JSON.createObjectNode();
        ArrayNode topics = spec.putArray("topics");
        topics.addObject().put("topic", "/camera/color/image_raw").put("type", "sensor_msgs/msg/Image").put("definition", IMAGE);
        topics.addObject().put("topic", "/camera/wrist/image/compressed").put("type", "sensor_msgs/msg/CompressedImage")
                .put("definition", COMPRESSED);
        topics.addObject().put("topic", "/joint_states").put("type", "sensor_msgs/msg/JointState").put("definition", JOINT_STATE);
        topics.addObject().put("topic", "/arm/joint_command").put("type", "sensor_msgs/msg/JointState").put("definition", JOINT_STATE);
        topics.addObject().put("topic", "/rosout").put("type", "rcl_interfaces/msg/Log").put("definition", LOG);
        if (take.depth()) {
            topics.addObject().put("topic", "/camera/depth/image_rect_raw").put("type", "sensor_msgs/msg/Image").put("definition", IMAGE);
        }
        Map<Long, List<ObjectNode>> byTime = new java.util.TreeMap<>();
        for (int f = 0; f < take.frames(); f++) {
            long t = take.t0() + f * take.periodNs();
            BufferedImage img = picture(f, W, H);
            Path raw = work.resolve(String.format("raw_%04d.bin", f));
            Files.write(raw, rgb(img));
            ObjectNode m = message("/camera/color/image_raw", t);
            ObjectNode msg = m.putObject("msg");
            msg.set("header", header(t, "camera_color_optical_frame"));
            msg.put("height", H).put("width", W).put("encoding", "rgb8").put("is_bigendian", 0).put("step", W * 3);
            msg.putObject("data").put("$file", raw.toString());
            byTime.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(m);
            long tj = t + 2_000_000L;
            Path jpg = work.resolve(String.format("wrist_%04d.jpg", f));
            Files.write(jpg, encode(img, "jpeg"));
            ObjectNode c = message("/camera/wrist/image/compressed", tj);
            ObjectNode cm = c.putObject("msg");
            cm.set("header", header(tj, "wrist_camera"));
            cm.put("format", "jpeg");
            cm.putObject("data").put("$file", jpg.toString());
            byTime.computeIfAbsent(tj, k -> new java.util.ArrayList<>()).add(c);
            if (take.depth()) {
                Path depth = work.resolve(String.format("depth_%04d.bin", f));
                byte[] le = new byte[W * H * 2];
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int mm = MediaFixtures.depthMm(f, x, y);
                        le[(y * W + x) * 2] = (byte) mm;
                        le[(y * W + x) * 2 + 1] = (byte) (mm >> 8);
                    }
                }
                Files.write(depth, le);
                ObjectNode d = message("/camera/depth/image_rect_raw", t);
                ObjectNode dm = d.putObject("msg");
                dm.set("header", header(t, "camera_depth_optical_frame"));
                dm.put("height", H).put("width", W).put("encoding", "16UC1").put("is_bigendian", 0).put("step", W * 2);
                dm.putObject("data").put("$file", depth.toString());
                byTime.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(d);
            }
        }
        long end = take.t0() + take.durationNs();
        for (long t = take.t0(); t < end; t += Math.round(1e9 / take.jointHz())) {
            double s = (t - take.t0()) / 1e9;
            ObjectNode m = message("/joint_states", t);
            ObjectNode msg = m.putObject("msg");
            msg.set("header", header(t, "base_link"));
            JOINTS.forEach(msg.putArray("name")::add);
            ArrayNode pos = msg.putArray("position");
            ArrayNode vel = msg.putArray("velocity");
            for (int j = 0; j < JOINTS.size(); j++) {
                pos.add(jointPosition(j, s));
                vel.add(Math.cos(s + j) * 0.5);
            }
            msg.putArray("effort");
            byTime.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(m);
        }
        for (long t = take.t0(); t < end; t += Math.round(1e9 / take.commandHz())) {
            double s = (t - take.t0()) / 1e9;
            ObjectNode m = message("/arm/joint_command", t);
            ObjectNode msg = m.putObject("msg");
            msg.set("header", header(t, "base_link"));
            JOINTS.forEach(msg.putArray("name")::add);
            ArrayNode pos = msg.putArray("position");
            for (int j = 0; j < JOINTS.size(); j++) pos.add(jointPosition(j, s + 0.05));
            msg.putArray("velocity");
            msg.putArray("effort");
            byTime.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(m);
        }
        for (int i = 0; i < 3; i++) {
            long t = take.t0() + i * 500_000_000L + 3;
            ObjectNode m = message("/rosout", t);
            ObjectNode msg = m.putObject("msg");
            msg.putObject("stamp").put("sec", (int) (t / 1_000_000_000L)).put("nanosec", (int) (t % 1_000_000_000L));
            msg.put("level", 20).put("name", "teleop").put("msg", "tick " + i).put("file", "teleop.cpp").put("function", "spin").put("line", 42);
            byTime.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(m);
        }
        ArrayNode messages = spec.putArray("messages");
        byTime.values().forEach(list -> list.forEach(messages::add));
        return spec;
    }

    static double jointPosition(int joint, double seconds) {
        return Math.sin(seconds * 0.8 + joint) * (joint + 1) * 0.1;
    }

    private static ObjectNode message(String topic, long t) {
        return IndependentTools.JSON.createObjectNode().put("topic", topic).put("time_ns", Long.toString(t));
    }

    /** An MCAP file of the take, written by @mcap/core. */
    static void mcap(Take take, Path file, Path work) throws IOException, InterruptedException {
        ObjectNode spec = spec(take, work);
        Files.createDirectories(file.getParent());
        spec.put("mcap", file.toAbsolutePath().toString());
        Path specFile = work.resolve("spec.json");
        IndependentTools.JSON.writeValue(specFile.toFile(), spec);
        IndependentTools.ros2Messages(specFile);
    }

    /**
     * A rosbag2 folder (metadata.yaml version 5) with one storage file: "sqlite3" (messages put in rosbag2's tables by
     * SQLite) or "mcap" (written by @mcap/core).
     */
    static void rosbag2(Take take, Path bag, String storage, Path work) throws IOException, InterruptedException, SQLException {
        Files.createDirectories(bag);
        ObjectNode spec = spec(take, work);
        String base = bag.getFileName().toString();
        String file = base + "_0." + (storage.equals("sqlite3") ? "db3" : "mcap");
        Path jsonl = work.resolve("messages.jsonl");
        if (storage.equals("mcap")) spec.put("mcap", bag.resolve(file).toAbsolutePath().toString());
        spec.put("jsonl", jsonl.toString());
        Path specFile = work.resolve("spec.json");
        IndependentTools.JSON.writeValue(specFile.toFile(), spec);
        IndependentTools.ros2Messages(specFile);
        List<GeneratedBags.Msg> msgs = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(jsonl)) {
            var n = IndependentTools.JSON.readTree(l);
            msgs.add(new GeneratedBags.Msg(n.get("topic").asText(), n.get("type").asText(), Long.parseLong(n.get("time_ns").asText()),
                    Base64.getDecoder().decode(n.get("cdr").asText())));
        }
        if (storage.equals("sqlite3")) GeneratedBags.writeDb3(bag.resolve(file), msgs);
        GeneratedBags.writeMetadata(bag, storage, List.of(file), msgs, take.t0(), take.durationNs());
    }
}
