package pipeline.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import store.CurioException;

/**
 * Raw ROS image encodings and compressed images to packed ARGB. Depth (16UC1 millimetres, 32FC1 metres)
 * becomes a colour map over a fixed 0.2-5 m range, so the same distance has the same colour in every
 * frame instead of flickering with per-frame normalisation.
 */
public final class Pixels {
    static final double DEPTH_NEAR_M = 0.2;
    static final double DEPTH_FAR_M = 5.0;

    private Pixels() { }

    /** Rec. 601 luminance (0..255) of a packed 0xAARRGGBB or 0xRRGGBB pixel. */
    public static int luma(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return (299 * r + 587 * g + 114 * b) / 1000;
    }

    public static boolean isDepth(String encoding) {
        String e = encoding.toLowerCase(Locale.ROOT);
        return e.equals("16uc1") || e.equals("mono16") || e.equals("32fc1");
    }

    /** Converts {@code data} ({@code step} bytes per row) into {@code out}. */
    public static void raw(String encoding, int w, int h, int step, boolean bigEndian, byte[] data, FrameBuffer out,
                           String file, String field) {
        int[] dst = out.ensure(w, h);
        String e = encoding.toLowerCase(Locale.ROOT);
        int bpp = switch (e) {
            case "rgb8", "bgr8" -> 3;
            case "rgba8", "bgra8" -> 4;
            case "mono8", "8uc1" -> 1;
            case "16uc1", "mono16" -> 2;
            case "32fc1" -> 4;
            default -> throw new CurioException("source.unsupported", file, field, "image encoding " + encoding);
        };
        int rowBytes = step > 0 ? step : w * bpp;
        if ((long) rowBytes * (h - 1) + (long) w * bpp > data.length) {
            throw new CurioException("source.decode_failed", file, field,
                    "image data has " + data.length + " bytes, " + w + "x" + h + " " + encoding + " needs more");
        }
        // One loop per encoding: a switch inside the per-pixel loop cost more than the conversion itself.
        switch (e) {
            case "rgb8", "rgba8" -> {
                for (int y = 0; y < h; y++) {
                    int p = y * rowBytes;
                    int d = y * w;
                    for (int x = 0; x < w; x++, p += bpp) {
                        dst[d + x] = 0xFF000000 | (data[p] & 0xff) << 16 | (data[p + 1] & 0xff) << 8 | data[p + 2] & 0xff;
                    }
                }
            }
            case "bgr8", "bgra8" -> {
                for (int y = 0; y < h; y++) {
                    int p = y * rowBytes;
                    int d = y * w;
                    for (int x = 0; x < w; x++, p += bpp) {
                        dst[d + x] = 0xFF000000 | (data[p + 2] & 0xff) << 16 | (data[p + 1] & 0xff) << 8 | data[p] & 0xff;
                    }
                }
            }
            case "mono8", "8uc1" -> {
                for (int y = 0; y < h; y++) {
                    int p = y * rowBytes;
                    int d = y * w;
                    for (int x = 0; x < w; x++, p++) {
                        int v = data[p] & 0xff;
                        dst[d + x] = 0xFF000000 | v << 16 | v << 8 | v;
                    }
                }
            }
            case "32fc1" -> {
                for (int y = 0; y < h; y++) {
                    int row = y * rowBytes;
                    for (int x = 0; x < w; x++) {
                        int p = row + x * 4;
                        dst[y * w + x] = depthColour(Float.intBitsToFloat(bigEndian
                                ? (data[p] & 0xff) << 24 | (data[p + 1] & 0xff) << 16 | (data[p + 2] & 0xff) << 8 | data[p + 3] & 0xff
                                : (data[p + 3] & 0xff) << 24 | (data[p + 2] & 0xff) << 16 | (data[p + 1] & 0xff) << 8 | data[p] & 0xff));
                    }
                }
            }
            default -> {
                for (int y = 0; y < h; y++) {
                    int row = y * rowBytes;
                    for (int x = 0; x < w; x++) {
                        int p = row + x * 2;
                        dst[y * w + x] = depthColour((bigEndian ? (data[p] & 0xff) << 8 | data[p + 1] & 0xff
                                : (data[p + 1] & 0xff) << 8 | data[p] & 0xff) / 1000.0);
                    }
                }
            }
        }
    }

    /** Interleaved channels-last bytes (HDF5 camera arrays): 1 = grey, 3 = RGB, 4 = RGBA. */
    public static void interleaved(int w, int h, int channels, byte[] data, FrameBuffer out) {
        String enc = switch (channels) {
            case 1 -> "mono8";
            case 4 -> "rgba8";
            default -> "rgb8";
        };
        raw(enc, w, h, w * channels, false, data, out, null, null);
    }

    /** JPEG, PNG or anything ImageIO reads. */
    public static void compressed(byte[] encoded, FrameBuffer out, String file, String field) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new CurioException("source.decode_failed", file, field, "cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) throw new CurioException("source.decode_failed", file, field, "not a readable image");
        int w = img.getWidth();
        int h = img.getHeight();
        int[] dst = out.ensure(w, h);
        img.getRGB(0, 0, w, h, dst, 0, w);
        for (int i = 0; i < w * h; i++) dst[i] |= 0xFF000000;
    }

    /** A turbo-like ramp: near is red, far is blue; no reading (0 or NaN) is black. */
    static int depthColour(double metres) {
        if (!(metres > 0) || Double.isInfinite(metres)) return 0xFF000000;
        double t = Math.min(1, Math.max(0, (metres - DEPTH_NEAR_M) / (DEPTH_FAR_M - DEPTH_NEAR_M)));
        double r = clamp(1.5 - Math.abs(4 * t - 1));
        double g = clamp(1.5 - Math.abs(4 * t - 2));
        double b = clamp(1.5 - Math.abs(4 * t - 3));
        return 0xFF000000 | (int) (r * 255) << 16 | (int) (g * 255) << 8 | (int) (b * 255);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
