package packaging.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import store.CurioException;

/**
 * Depth maps travel as 16-bit grey PNG (LeRobot {@code dtype: image}): lossless, and read by every PNG reader.
 * A stored 16-bit grey PNG is kept byte for byte; any other single-channel image is widened to 16 bits, values
 * unchanged.
 */
public final class DepthPng {
    private DepthPng() { }

    public static byte[] sixteenBit(byte[] stored, String stream) {
        BufferedImage img = read(stored, stream);
        if (img.getType() == BufferedImage.TYPE_USHORT_GRAY) return stored;
        Raster r = img.getRaster();
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        short[] px = ((DataBufferUShort) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) px[y * img.getWidth() + x] = (short) r.getSample(x, y, 0);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", bytes);
        } catch (IOException e) {
            throw new CurioException("export.encode_failed", null, stream, "cannot write a depth PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Every 4th sample of every 4th row, in the map's own units (millimetres for 16-bit depth). */
    public static void addStats(byte[] png, FeatureStats stats, String stream) {
        Raster r = read(png, stream).getRaster();
        double[] v = new double[1];
        for (int y = 0; y < r.getHeight(); y += CameraVideos.PIXEL_STEP) {
            for (int x = 0; x < r.getWidth(); x += CameraVideos.PIXEL_STEP) {
                v[0] = r.getSample(x, y, 0);
                stats.add(v);
            }
        }
    }

    private static BufferedImage read(byte[] png, String stream) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null) throw new CurioException("export.depth_unsupported", null, stream, "a depth frame is not a readable image");
            return img;
        } catch (IOException e) {
            throw new CurioException("export.depth_unsupported", null, stream, "a depth frame is not a readable image: " + e.getMessage(), e);
        }
    }
}
