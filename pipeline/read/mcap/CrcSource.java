package pipeline.read.mcap;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * The reader's view of the input: counts the file offset and feeds a running CRC32 that the reader
 * switches on and off, because the data-section CRC excludes the Data End opcode while the summary
 * CRC includes the Footer's opcode and length.
 */
final class CrcSource extends BulkInputStream {
    private final InputStream in;
    private final CRC32 crc = new CRC32();
    private long position;
    private boolean crcOn = true;
    private byte[] scratch;

    CrcSource(InputStream in) { this.in = in; }

    long position() { return position; }
    long crcValue() { return crc.getValue(); }
    void resetCrc() { crc.reset(); }
    void crcOn(boolean on) { crcOn = on; }
    void updateCrc(byte[] b, int off, int len) { crc.update(b, off, len); }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            position += n;
            if (crcOn) crc.update(b, off, n);
        }
        return n;
    }

    /** Reads exactly {@code len} bytes; returns how many were read before the stream ended. */
    int readUpTo(byte[] b, int off, int len) throws IOException {
        return readNBytes(b, off, len);
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        int n = readNBytes(b, off, len);
        if (n != len) throw new ChunkCodec.PrematureEnd("stream ended " + (len - n) + " bytes short");
    }

    /**
     * Reads exactly {@code len} bytes into a buffer that grows as they arrive: a length field claiming a gigabyte
     * in a short file costs what the file holds, not the claim.
     */
    byte[] readGrowing(int len) throws IOException {
        byte[] buf = new byte[Math.min(len, GROWTH_STEP)];
        int filled = 0;
        while (true) {
            filled += readNBytes(buf, filled, buf.length - filled);
            if (filled < buf.length) throw new ChunkCodec.PrematureEnd("stream ended " + (len - filled) + " bytes short");
            if (filled == len) return buf;
            buf = java.util.Arrays.copyOf(buf, (int) Math.min(len, buf.length * 2L));
        }
    }

    /** The first allocation of {@link #readGrowing}; larger records double from here as their bytes arrive. */
    static final int GROWTH_STEP = 1 << 20;

    /** Skips by reading, never seeking: skipped bytes still count for the CRC and for a hashing input. */
    void skipFully(long len) throws IOException {
        if (len <= 0) return;
        if (scratch == null) scratch = new byte[65536];
        byte[] buf = scratch;
        while (len > 0) {
            int want = (int) Math.min(buf.length, len);
            readFully(buf, 0, want);
            len -= want;
        }
    }

    @Override
    public void close() throws IOException { in.close(); }
}
