package pipeline.source;

import pipeline.read.ros.RosCompressedImage;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosTypes;
import store.CurioException;

/** The two ROS 2 image messages the player shows, whichever container (MCAP, rosbag2 sqlite3) holds them. */
final class RosImages {
    private RosImages() { }

    /**
     * Whether a topic of {@code type} carries {@code CompressedImage}s (else raw {@code Image}s); other types
     * and encodings other than CDR cannot be shown.
     */
    static boolean isCompressed(String type, String encoding, String file, String topic) {
        String t = type == null ? "" : RosTypes.normalize(type);
        boolean compressed;
        if (t.equals(RosCompressedImage.TYPE)) compressed = true;
        else if (t.equals(RosImage.TYPE)) compressed = false;
        else throw new CurioException("source.unsupported", file, topic, "not an image topic: " + t);
        if (!"cdr".equals(encoding)) {
            throw new CurioException("source.unsupported", file, topic,
                    "message encoding " + encoding + " (only ROS 2 CDR images are shown)");
        }
        return compressed;
    }

    /** Decodes one CDR message into {@code out}; a damaged message fails with a {@code cdr.*} or {@code source.*} code. */
    static void decode(byte[] cdr, boolean compressed, FrameBuffer out, String file, String topic) {
        if (compressed) {
            Pixels.compressed(RosCompressedImage.decode(cdr, file, topic).data(), out, file, topic);
        } else {
            RosImage img = RosImage.decode(cdr, file, topic);
            Pixels.raw(img.encoding(), (int) img.width(), (int) img.height(), (int) img.step(), img.isBigendian() != 0,
                    img.data(), out, file, topic);
        }
    }
}
