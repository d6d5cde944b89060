package pipeline.read.rlds;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import store.CurioException;

/**
 * Streams the records of a TFRecord file: {@code uint64 length | uint32 masked_crc32c(length) |
 * data | uint32 masked_crc32c(data)}, little-endian. Both checksums are verified; only one record is
 * held at a time.
 */
public final class TfRecordReader implements AutoCloseable {
    public static final String TRUNCATED = "tfrecord.truncated";
    public static final String CRC_MISMATCH = "tfrecord.crc_mismatch";
    public static final String TOO_LARGE = "tfrecord.too_large";
    /** One record is one episode; beyond this it cannot be a Java array and is surely corrupt. */
    private static final long MAX_RECORD = Integer.MAX_VALUE - 16L;
    private static final int MASK_DELTA = 0xa282ead8;

    private final InputStream in;
    private final String fileLabel;
    private final byte[] header = new byte[12];
    private final byte[] footer = new byte[4];
    private long index;
    private long payloadBytes;

    public TfRecordReader(InputStream in, String fileLabel) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.fileLabel = fileLabel;
    }

    public static TfRecordReader open(Path file, String fileLabel) {
        try {
            return new TfRecordReader(Files.newInputStream(file), fileLabel);
        } catch (NoSuchFileException e) {
            throw new CurioException("tfrecord.file_missing", fileLabel, null, "file not found", e);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", fileLabel, null, e.getMessage(), e);
        }
    }

    /** The next record's payload, or null at a clean end of file. */
    public byte[] next() {
        try {
            int got = in.readNBytes(header, 0, 12);
            if (got == 0) return null;
            if (got < 12) throw truncated("length header (" + got + " of 12 bytes)");
            long length = le64(header, 0);
            verify(header, 0, 8, le32(header, 8), "length_crc");
            if (length < 0 || length > MAX_RECORD) {
                throw new CurioException(TOO_LARGE, fileLabel, field(), "record length " + Long.toUnsignedString(length) + " is not plausible");
            }
            byte[] data = new byte[(int) length];
            int n = in.readNBytes(data, 0, data.length);
            if (n < data.length) throw truncated("data (" + n + " of " + length + " bytes)");
            if (in.readNBytes(footer, 0, 4) < 4) throw truncated("data checksum");
            verify(data, 0, data.length, le32(footer, 0), "data_crc");
            index++;
            payloadBytes += length;
            return data;
        } catch (EOFException e) {
            throw truncated("record");
        } catch (IOException e) {
            throw new CurioException("io.read_failed", fileLabel, field(), e.getMessage(), e);
        }
    }

    /**
     * Passes over the next record without reading its payload into memory or checking its data CRC (the length
     * CRC is checked, so a damaged length cannot send the reader astray); false at a clean end of file.
     */
    public boolean skip() {
        try {
            int got = in.readNBytes(header, 0, 12);
            if (got == 0) return false;
            if (got < 12) throw truncated("length header (" + got + " of 12 bytes)");
            long length = le64(header, 0);
            verify(header, 0, 8, le32(header, 8), "length_crc");
            if (length < 0 || length > MAX_RECORD) {
                throw new CurioException(TOO_LARGE, fileLabel, field(), "record length " + Long.toUnsignedString(length) + " is not plausible");
            }
            long left = length + 4;
            while (left > 0) {
                long n = in.skip(left);
                if (n <= 0) {
                    if (in.read() < 0) throw truncated("data");
                    n = 1;
                }
                left -= n;
            }
            index++;
            return true;
        } catch (IOException e) {
            throw new CurioException("io.read_failed", fileLabel, field(), e.getMessage(), e);
        }
    }

    /** Records returned so far; also the index of the next record. */
    public long recordIndex() { return index; }

    /** Sum of payload lengths returned so far (what TFDS counts as {@code numBytes}). */
    public long payloadBytes() { return payloadBytes; }

    public static int maskedCrc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only stream
        }
    }

    private void verify(byte[] b, int off, int len, int stored, String which) {
        int actual = maskedCrc32c(b, off, len);
        if (actual != stored) {
            throw new CurioException(CRC_MISMATCH, fileLabel, field() + "." + which,
                    String.format("record %d: %s stored %08x, computed %08x", index, which, stored, actual));
        }
    }

    private CurioException truncated(String what) {
        return new CurioException(TRUNCATED, fileLabel, field(), "record " + index + ": file ends inside the " + what);
    }

    private String field() {
        return "record[" + index + "]";
    }

    private static long le64(byte[] b, int o) {
        return (le32(b, o) & 0xffffffffL) | ((long) le32(b, o + 4) << 32);
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
