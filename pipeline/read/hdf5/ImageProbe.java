package pipeline.read.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/** Describes image datasets and reads single frames by slicing, never the whole (T,H,W,C) array. */
final class ImageProbe {
    private ImageProbe() { }

    static ImageStream stream(Group episodeGroup, String name, Hdf5DatasetInfo d, String file) {
        long t = d.shape().get(0);
        if (d.rank() == 4) {
            return new ImageStream(name, d.name(), t, d.shape().get(1).intValue(), d.shape().get(2).intValue(),
                    d.shape().get(3).intValue(), false);
        }
        if (d.rank() == 2 && t > 0) {
            // Compressed rows carry no geometry in the dataset; the first frame's header tells it.
            try {
                byte[] first = encodedFrame(episodeGroup.getHdfFile().getDatasetByPath(d.path()), 0, file);
                int[] hw = headerSize(first);
                if (hw != null) return new ImageStream(name, d.name(), t, hw[0], hw[1], 3, true);
            } catch (RuntimeException e) {
                // Unreadable first frame: report the stream without geometry; frame reads will surface the error.
                return new ImageStream(name, d.name(), t, -1, -1, 3, true);
            }
        }
        return new ImageStream(name, d.name(), t, -1, -1, d.rank() == 2 ? 3 : -1, d.rank() == 2);
    }

    static ImageFrame raw(Dataset d, long index, String file) {
        int[] dims = d.getDimensions();
        int h = dims[1];
        int w = dims[2];
        int c = dims[3];
        Object block = Hdf5Values.slice(d, new long[] {index, 0, 0, 0}, new int[] {1, h, w, c}, file);
        return new ImageFrame(h, w, c, Hdf5Values.bytes(block, h * w * c), null);
    }

    static ImageFrame compressed(Dataset d, long index, String file) {
        byte[] enc = encodedFrame(d, index, file);
        int[] hw = headerSize(enc);
        return new ImageFrame(hw == null ? -1 : hw[0], hw == null ? -1 : hw[1], 3, null, enc);
    }

    /** One padded row, cut after the last JPEG end-of-image marker so decoders get exactly the image. */
    static byte[] encodedFrame(Dataset d, long index, String file) {
        int maxLen = d.getDimensions()[1];
        byte[] row = Hdf5Values.bytes(Hdf5Values.slice(d, new long[] {index, 0}, new int[] {1, maxLen}, file), maxLen);
        for (int i = row.length - 2; i >= 0; i--) {
            if ((row[i] & 0xff) == 0xFF && (row[i + 1] & 0xff) == 0xD9) return java.util.Arrays.copyOf(row, i + 2);
        }
        return row;
    }

    private static int[] headerSize(byte[] encoded) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                return new int[] {r.getHeight(0), r.getWidth(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            return null;
        }
    }
}
