package pipeline.read.rlds;

import java.util.Optional;

/**
 * Width and height of an encoded image read from its header bytes (JPEG SOFn segment, PNG IHDR), so
 * a summary never pays for decoding pixels. A 16-bit grey PNG (a depth map) is {@code png16}.
 */
public record ImageHeader(String format, int width, int height) {

    public static Optional<ImageHeader> probe(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
            // IHDR bit depth 16, colour type 0: a 16-bit grey PNG, the lossless way depth maps are stored.
            boolean grey16 = b.length >= 26 && b[24] == 16 && b[25] == 0;
            return Optional.of(new ImageHeader(grey16 ? "png16" : "png", be32(b, 16), be32(b, 20)));
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) return jpeg(b);
        return Optional.empty();
    }

    private static Optional<ImageHeader> jpeg(byte[] b) {
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xff) != 0xFF) return Optional.empty();
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) { // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
                i += 2;
                continue;
            }
            int len = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (i + 8 >= b.length) return Optional.empty();
                int height = (b[i + 5] & 0xff) << 8 | (b[i + 6] & 0xff);
                int width = (b[i + 7] & 0xff) << 8 | (b[i + 8] & 0xff);
                return Optional.of(new ImageHeader("jpeg", width, height));
            }
            if (marker == 0xDA || marker == 0xD9) return Optional.empty(); // scan data before any frame header
            i += 2 + len;
        }
        return Optional.empty();
    }

    private static int be32(byte[] b, int o) {
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }
}
