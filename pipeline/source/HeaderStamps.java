package pipeline.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import pipeline.read.mcap.McapIndexedReader;
import pipeline.read.mcap.McapMessageIterator;
import pipeline.read.mcap.McapMessageView;
import pipeline.read.mcap.McapRecord;
import pipeline.read.mcap.MessageFilter;
import pipeline.read.ros.CdrReader;
import pipeline.read.ros.RosTypes;
import pipeline.read.rosbag2.BagMessage;
import pipeline.read.rosbag2.MessageCursor;
import pipeline.read.rosbag2.Rosbag2Bag;
import store.Cancellation;
import store.CurioException;

/**
 * Both clocks of a ROS topic: each message's log time (when the recorder received it) and its
 * {@code header.stamp} (when the sensor captured it), in the order the messages are stored. Only the header's
 * first 8 bytes after the CDR encapsulation are decoded, whatever the message type.
 */
public final class HeaderStamps {
    /** ROS 2 messages whose first field is a {@code std_msgs/Header}. */
    private static final Set<String> STAMPED = Set.of("sensor_msgs/JointState", "sensor_msgs/Image",
            "sensor_msgs/CompressedImage", "sensor_msgs/CameraInfo", "sensor_msgs/Imu", "sensor_msgs/PointCloud2",
            "sensor_msgs/LaserScan", "sensor_msgs/NavSatFix", "sensor_msgs/Range", "sensor_msgs/MagneticField",
            "sensor_msgs/Temperature", "sensor_msgs/FluidPressure", "sensor_msgs/JoyFeedbackArray", "sensor_msgs/Joy",
            "geometry_msgs/PoseStamped", "geometry_msgs/TwistStamped", "geometry_msgs/WrenchStamped",
            "geometry_msgs/TransformStamped", "geometry_msgs/PointStamped", "geometry_msgs/AccelStamped",
            "nav_msgs/Odometry", "std_msgs/Header");

    /** @param logNs log times; @param headerNs header stamps (ns since their own epoch), same order */
    public record Stamps(long[] logNs, long[] headerNs) {
        public int size() {
            return logNs.length;
        }
    }

    private HeaderStamps() { }

    /** Whether messages of this type start with a header (known types, or an MCAP schema that says so). */
    public static boolean stamped(String messageType) {
        return messageType != null && STAMPED.contains(RosTypes.normalize(messageType));
    }

    public static boolean stamped(McapRecord.Schema schema) {
        if (schema == null) return false;
        if (stamped(schema.name())) return true;
        if (!"ros2msg".equals(schema.encoding())) return false;
        for (String line : new String(schema.data(), StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            return l.startsWith("std_msgs/Header ") || l.startsWith("Header ") || l.startsWith("std_msgs/msg/Header ");
        }
        return false;
    }

    /** The stamps of a stream's topic, or null when its container is not a bag or its messages carry no header. */
    public static Stamps read(Path datasetRoot, StreamLocator loc, String topic, Cancellation cancel) {
        if (StreamLocator.ROSBAG2.equals(loc.container())) {
            if (!stamped(loc.messageType())) return null;
            return rosbag2(datasetRoot.resolve(loc.file()), loc.file(), topic, cancel);
        }
        if (StreamLocator.MCAP.equals(loc.container())) return mcap(datasetRoot.resolve(loc.file()), loc.file(), topic, cancel);
        return null;
    }

    private static Stamps mcap(Path path, String file, String topic, Cancellation cancel) {
        if (!Files.isRegularFile(path)) throw new CurioException("source.missing_file", file, topic, "MCAP file not found");
        try (McapIndexedReader reader = McapIndexedReader.open(path).orElseThrow(() -> new CurioException(
                "source.unsupported", file, topic, "MCAP file has no summary/index; re-index it (mcap recover)"))) {
            McapRecord.Channel channel = reader.channels().values().stream().filter(c -> c.topic().equals(topic))
                    .findFirst().orElseThrow(() -> new CurioException("source.missing_topic", file, topic, "no channel for topic " + topic));
            if (!"cdr".equals(channel.messageEncoding()) || !stamped(reader.schemas().get(channel.schemaId()))) return null;
            Collector c = new Collector();
            McapMessageIterator it = reader.messages(MessageFilter.channels(Set.of(channel.id())));
            while (it.hasNext()) {
                McapMessageView m = it.next();
                if ((c.n & 1023) == 0) cancel.check();
                c.add(m.logTime(), stamp(m.message().data(), file, topic));
            }
            return c.result();
        }
    }

    private static Stamps rosbag2(Path folder, String file, String topic, Cancellation cancel) {
        if (!Files.isDirectory(folder)) throw new CurioException("source.missing_file", file, topic, "bag folder not found");
        Collector c = new Collector();
        try (MessageCursor cursor = Rosbag2Bag.open(folder).messages(topic)) {
            while (cursor.hasNext()) {
                BagMessage m = cursor.next();
                if ((c.n & 1023) == 0) cancel.check();
                if (!"cdr".equals(m.serializationFormat())) return null;
                c.add(m.timestampNs(), stamp(m.data(), file, topic));
            }
        }
        return c.result();
    }

    private static long stamp(byte[] cdr, String file, String topic) {
        CdrReader r = new CdrReader(cdr, file, topic + ".header.stamp");
        int sec = r.int32();
        long nanosec = r.uint32();
        return sec * 1_000_000_000L + nanosec;
    }

    private static final class Collector {
        long[] log = new long[256];
        long[] header = new long[256];
        int n;

        void add(long logNs, long headerNs) {
            if (n == log.length) {
                log = Arrays.copyOf(log, n * 2);
                header = Arrays.copyOf(header, n * 2);
            }
            log[n] = logNs;
            header[n++] = headerNs;
        }

        Stamps result() {
            return new Stamps(Arrays.copyOf(log, n), Arrays.copyOf(header, n));
        }
    }
}
