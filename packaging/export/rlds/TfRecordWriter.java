package packaging.export.rlds;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import store.CurioException;

/**
 * Writes TFRecord files: per record {@code uint64 length | uint32 masked_crc32c(length) | data | uint32
 * masked_crc32c(data)}, little-endian, the CRC being CRC-32C masked as TensorFlow does
 * ({@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}). A record's length is given first and its bytes are streamed,
 * so a record is never held whole in memory.
 */
final class TfRecordWriter implements AutoCloseable {
    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final OutputStream out;
    private long bytes;
    private long payloadBytes;
    private long records;

    TfRecordWriter(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /**
     * Starts a record of {@code length} bytes; the returned stream takes exactly that many and, when closed, writes
     * the data checksum. The file's stream stays open.
     */
    OutputStream record(long length) {
        byte[] header = new byte[12];
        for (int i = 0; i < 8; i++) header[i] = (byte) (length >>> (8 * i));
        CRC32C c = new CRC32C();
        c.update(header, 0, 8);
        putInt(header, 8, mask((int) c.getValue()));
        try {
            out.write(header);
        } catch (IOException e) {
            throw failed(e);
        }
        CRC32C data = new CRC32C();
        long[] written = {0};
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                data.update(b);
                out.write(b);
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                data.update(b, off, len);
                out.write(b, off, len);
                written[0] += len;
            }

            @Override
            public void flush() {
                // The file's stream is flushed when the file is closed.
            }

            @Override
            public void close() throws IOException {
                if (written[0] != length) {
                    throw new IllegalStateException("a record of " + length + " bytes got " + written[0]);
                }
                byte[] footer = new byte[4];
                putInt(footer, 0, mask((int) data.getValue()));
                out.write(footer);
                bytes += 16 + length;
                payloadBytes += length;
                records++;
            }
        };
    }

    /** Bytes in the file so far, framing included. */
    long bytes() {
        return bytes;
    }

    /** Record bytes without the 16 framing bytes each, as {@code dataset_info.json}'s numBytes counts them. */
    long payloadBytes() {
        return payloadBytes;
    }

    long records() {
        return records;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private CurioException failed(IOException e) {
        return new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
