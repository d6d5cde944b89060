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

    /**
     * One message as an image file: a CompressedImage's stored JPEG or PNG as it is; a raw depth image (16UC1 or
     * mono16 millimetres, 32FC1 metres) as a 16-bit grey PNG of millimetres, which keeps every 16-bit value.
     */
    static byte[] encoded(byte[] cdr, boolean compressed, String file, String topic) {
        if (compressed) return RosCompressedImage.decode(cdr, file, topic).data();
        RosImage img = RosImage.decode(cdr, file, topic);
        int w = (int) img.width();
        int h = (int) img.height();
        int step = (int) img.step();
        boolean big = img.isBigendian() != 0;
        byte[] d = img.data();
        String e = img.encoding().toLowerCase(java.util.Locale.ROOT);
        byte[] le = new byte[w * h * 2];
        switch (e) {
            case "16uc1", "mono16" -> {
                requireBytes(d, step, w, h, 2, file, topic);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * step + x * 2;
                        int o = (y * w + x) * 2;
                        le[o] = big ? d[p + 1] : d[p];
                        le[o + 1] = big ? d[p] : d[p + 1];
                    }
                }
            }
            case "32fc1" -> {
                requireBytes(d, step, w, h, 4, file, topic);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * step + x * 4;
                        float m = Float.intBitsToFloat(big
                                ? (d[p] & 0xff) << 24 | (d[p + 1] & 0xff) << 16 | (d[p + 2] & 0xff) << 8 | d[p + 3] & 0xff
                                : (d[p + 3] & 0xff) << 24 | (d[p + 2] & 0xff) << 16 | (d[p + 1] & 0xff) << 8 | d[p] & 0xff);
                        int mm = m > 0 && Float.isFinite(m) ? (int) Math.min(65535, Math.round(m * 1000.0)) : 0;
                        le[(y * w + x) * 2] = (byte) mm;
                        le[(y * w + x) * 2 + 1] = (byte) (mm >> 8);
                    }
                }
            }
            default -> throw new CurioException("source.unsupported", file, topic, "a " + img.encoding()
                    + " image is not a depth map to keep as 16-bit PNG");
        }
        return StepLogSources.png16(le, w, h, file, topic);
    }

    private static void requireBytes(byte[] d, int step, int w, int h, int bpp, String file, String topic) {
        if (step < w * bpp || (long) step * (h - 1) + (long) w * bpp > d.length) {
            throw new CurioException("source.decode_failed", file, topic, "image data has " + d.length + " bytes, " + w + "x" + h
                    + " with step " + step + " needs more");
        }
    }
}
