package packaging.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import pipeline.read.rlds.ImageHeader;
import pipeline.source.FrameBuffer;
import store.CurioException;

/**
 * Camera frames as image files, for formats that store one picture per step (RLDS, step logs): JPEG at a quality high
 * enough that a frame's fine detail survives (95), or lossless PNG; a frame already stored as JPEG or PNG is kept as it
 * is, when nothing (a redaction) changed it.
 */
public final class ImageCodec {
    /** JPEG quality: Open-X datasets store their cameras as JPEG; 0.95 keeps edges and small text readable. */
    static final float JPEG_QUALITY = 0.95f;

    private ImageCodec() { }

    public static byte[] jpeg(FrameBuffer f) {
        ImageWriter w = writer("jpeg");
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(JPEG_QUALITY);
        return write(w, p, rgb(f));
    }

    public static byte[] png(FrameBuffer f) {
        return write(writer("png"), null, rgb(f));
    }

    /** {@code jpeg} or {@code png}. */
    public static byte[] encode(FrameBuffer f, String format) {
        return format.equals("png") ? png(f) : jpeg(f);
    }

    /** The format of stored image bytes ({@code jpeg}, {@code png}; 16-bit grey PNG is {@code png16}), if they are one. */
    public static Optional<String> formatOf(byte[] stored) {
        return ImageHeader.probe(stored).map(ImageHeader::format);
    }

    /** Packed RGB bytes (row-major, 3 per pixel), as HDF5 camera arrays hold them. */
    public static byte[] rgbBytes(FrameBuffer f, byte[] reuse) {
        int n = f.width() * f.height();
        byte[] out = reuse != null && reuse.length == n * 3 ? reuse : new byte[n * 3];
        int[] px = f.argb();
        for (int i = 0; i < n; i++) {
            int p = px[i];
            out[3 * i] = (byte) (p >> 16);
            out[3 * i + 1] = (byte) (p >> 8);
            out[3 * i + 2] = (byte) p;
        }
        return out;
    }

    private static BufferedImage rgb(FrameBuffer f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(f.argb(), 0, dst, 0, f.width() * f.height());
        return img;
    }

    private static ImageWriter writer(String format) {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
        if (!it.hasNext()) throw new IllegalStateException("the JDK has no " + format + " writer");
        return it.next();
    }

    private static byte[] write(ImageWriter w, ImageWriteParam p, BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new CurioException("export.encode_failed", null, null, "cannot encode a frame as an image: " + e.getMessage(), e);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }
}
