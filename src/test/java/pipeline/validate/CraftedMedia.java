package pipeline.validate;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import pipeline.read.mcap.McapWriter;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTime;
import pipeline.video.Ffmpeg;
import pipeline.video.H264;

/** Tiny real media for crafted episodes: an H.264 clip painted frame by frame, and a JointState bag. */
final class CraftedMedia {
    static final int W = 160;
    static final int H = 120;

    private CraftedMedia() { }

    interface Painter {
        /** Returns the 0xRRGGBB colour of pixel (x, y) in frame f. */
        int rgb(int f, int x, int y);
    }

    /** A moving mid-grey checkerboard: sharp, well exposed, never frozen. */
    static final Painter GOOD = (f, x, y) -> (((x + 2 * f) / 8 + y / 8) % 2 == 0) ? 0x4a5a6a : 0xb0a090;

    static void video(Path file, int frames, Painter painter) throws Exception {
        Ffmpeg.init();
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder r = H264.recorder(file, W, H, 30, 30, 800_000);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.start();
            for (int f = 0; f < frames; f++) {
                for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, painter.rgb(f, x, y));
                r.record(conv.convert(img));
            }
            r.stop();
        }
    }

    /** One JointState message of joint j1: time (ns since episode start) and position. */
    record Sample(long tNs, double position) { }

    static void bag(Path file, long episodeStartNs, List<Sample> state, List<Sample> command) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
             McapWriter w = new McapWriter(out, file.toString(), McapWriter.Options.ros2())) {
            int schema = jointStateSchema(w);
            int s = w.addChannel(schema, "/joint_states", "cdr", Map.of());
            int c = w.addChannel(schema, "/joint_command", "cdr", Map.of());
            int seq = 0;
            for (Sample x : state) write(w, s, seq++, episodeStartNs + x.tNs(), x.position());
            for (Sample x : command) write(w, c, seq++, episodeStartNs + x.tNs(), x.position());
            w.finish();
        }
    }

    /**
     * One {@code sensor_msgs/JointState} topic in its own MCAP file: {@code n} messages {@code periodNs} apart from
     * {@code startNs}, joint j at {@code position(t + leadNs) + j}, header.stamp equal to the log time.
     */
    static void jointStates(Path file, String topic, List<String> joints, long startNs, long periodNs, int n, long leadNs)
            throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
             McapWriter w = new McapWriter(out, file.toString(), McapWriter.Options.ros2())) {
            int ch = w.addChannel(jointStateSchema(w), topic, "cdr", Map.of());
            for (int i = 0; i < n; i++) {
                long t = startNs + i * periodNs;
                double[] q = new double[joints.size()];
                for (int j = 0; j < q.length; j++) q[j] = CraftedEpisode.position(i * periodNs + leadNs) + j;
                w.addMessage(ch, i, t, t, new RosJointState(new RosHeader(RosTime.ofNanos(t), "base"), joints, q,
                        new double[0], new double[0]).encode());
            }
            w.finish();
        }
    }

    private static int jointStateSchema(McapWriter w) {
        return w.addSchema("sensor_msgs/msg/JointState", "ros2msg",
                "std_msgs/Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort\n"
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static void write(McapWriter w, int channel, int seq, long t, double position) {
        byte[] data = new RosJointState(new RosHeader(RosTime.ofNanos(t), "base"), List.of("j1"), new double[]{position},
                new double[0], new double[0]).encode();
        w.addMessage(channel, seq, t, t, data);
    }
}
