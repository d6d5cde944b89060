package app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Episodes built around media made by tools that are not Curio's: MP4s encoded by the FFmpeg command line (libx264)
 * from frame-coded PNGs, JPEG and 16-bit PNG blobs from the JDK's ImageIO, tables and step logs as plain text.
 */
final class MediaFixtures {
    private MediaFixtures() { }

    /** An H.264 MP4 of {@code frames} frame-coded pictures at {@code fps}, encoded by the FFmpeg command line. */
    static void mp4(Path out, int frames, int fps, int w, int h, Path work) throws IOException, InterruptedException {
        IndependentTools.requireFfmpeg();
        Files.createDirectories(work);
        Files.createDirectories(out.getParent());
        for (int f = 0; f < frames; f++) {
            Files.write(work.resolve(String.format("f_%04d.png", f)), Ros2Fixtures.encode(Ros2Fixtures.picture(f, w, h), "png"));
        }
        IndependentTools.run(List.of("/usr/bin/ffmpeg", "-v", "error", "-y", "-framerate", Integer.toString(fps), "-i",
                work.resolve("f_%04d.png").toString(), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", Integer.toString(fps),
                out.toString()), null);
    }

    /**
     * A folder of two cameras (front.mp4, wrist.mp4 at 30 fps), joint positions at 100 Hz in joint_states.csv and
     * commands at 30 Hz in actions.json, each with a time column in seconds.
     */
    static void mp4Folder(Path dir, int frames, Path work) throws IOException, InterruptedException {
        mp4(dir.resolve("front.mp4"), frames, 30, 320, 240, work.resolve("front"));
        mp4(dir.resolve("wrist.mp4"), frames, 30, 320, 240, work.resolve("wrist"));
        double seconds = frames / 30.0;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("joint_states.csv"), StandardCharsets.UTF_8)) {
            w.write("timestamp,j1,j2,j3,j4,j5,j6\n");
            for (int k = 0; k < seconds * 100; k++) {
                double t = k / 100.0;
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.4f", t));
                for (int j = 0; j < 6; j++) row.append(String.format(Locale.ROOT, ",%.6f", Ros2Fixtures.jointPosition(j, t)));
                w.write(row + "\n");
            }
        }
        ArrayNode rows = IndependentTools.JSON.createArrayNode();
        for (int k = 0; k < frames; k++) {
            ObjectNode r = rows.addObject().put("time", k / 30.0);
            for (int j = 0; j < 7; j++) r.put("a" + j, j * 0.1 + k * 0.001);
        }
        IndependentTools.JSON.writeValue(dir.resolve("actions.json").toFile(), rows);
    }

    /** A 16-bit grey PNG whose sample at (x, y) is {@link #depthMm}. */
    static byte[] depthPng(int frame, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] px = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = (short) depthMm(frame, x, y);
        return Ros2Fixtures.encode(img, "png");
    }

    static int depthMm(int frame, int x, int y) {
        return 400 + frame * 10 + x + 3 * y;
    }

    /**
     * A step-log episode (seed 004 layout) at 30 Hz: a frame-coded JPEG and a 16-bit PNG depth blob per step, two
     * 6-joint arms and a 7-value command.
     */
    static void stepLog(Path dir, String episodeId, long t0, int steps, int w, int h) throws IOException {
        Files.createDirectories(dir.resolve("steps"));
        Files.createDirectories(dir.resolve("blobs"));
        ObjectNode md = IndependentTools.JSON.createObjectNode();
        md.put("schema_version", "1.1").put("episode_id", episodeId).put("xr_mode", "trainer").put("control_role", "human_teleop")
                .put("environment_id", "lab-mock").put("robot_id", "so101-7f3a").put("robot_model", "so-arm101")
                .put("frame_convention", "base_link").put("start_time_unix_ms", t0 / 1_000_000).put("duration_ms", steps * 1000L / 30);
        md.putArray("tags").add("pick_place");
        IndependentTools.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("metadata.json").toFile(), md);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("steps/000000.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < steps; i++) {
                long ts = t0 + Math.round(i * 1e9 / 30);
                String rgb = String.format("blobs/rgb_%06d.jpg", i);
                String depth = String.format("blobs/depth_%06d.png", i);
                Files.write(dir.resolve(rgb), Ros2Fixtures.encode(Ros2Fixtures.picture(i, w, h), "jpeg"));
                Files.write(dir.resolve(depth), depthPng(i, w, h));
                ObjectNode s = IndependentTools.JSON.createObjectNode();
                s.put("timestamp_ns", ts);
                ObjectNode obs = s.putObject("observation");
                ObjectNode media = obs.putObject("media");
                media.putObject("rgb").put("uri", rgb).put("frame_id", "camera_link").put("timestamp_ns", ts).put("width", w)
                        .put("height", h).put("format", "jpeg");
                media.putObject("depth").put("uri", depth).put("frame_id", "camera_link").put("timestamp_ns", ts).put("width", w)
                        .put("height", h).put("format", "png16").put("units", "mm");
                ObjectNode state = obs.putObject("robot_state");
                for (String arm : new String[] {"left_arm", "right_arm"}) {
                    ObjectNode a = state.putObject(arm);
                    ArrayNode jp = a.putArray("joint_positions");
                    for (int j = 0; j < 6; j++) jp.add(Ros2Fixtures.jointPosition(j + (arm.startsWith("right") ? 6 : 0), i / 30.0));
                    // Seed 004: robot_state "MUST include per-arm joint_positions, joint_velocities, and end_effector_pose".
                    ArrayNode jv = a.putArray("joint_velocities");
                    for (int j = 0; j < 6; j++) jv.add(0.0);
                    ObjectNode pose = a.putObject("end_effector_pose");
                    pose.putArray("position").add(0.3).add(arm.startsWith("right") ? -0.2 : 0.2).add(0.2);
                    pose.putArray("orientation").add(0.0).add(0.0).add(0.0).add(1.0);
                    a.put("frame_id", "camera_link");
                }
                obs.put("language_instruction", "pick up the red block");
                ArrayNode cmd = s.putObject("action").put("source", "human_teleop_xr").putArray("command");
                for (int j = 0; j < 7; j++) cmd.add(j / 10.0 + i * 0.01);
                out.write(IndependentTools.JSON.writeValueAsString(s));
                out.write('\n');
            }
        }
    }
}
