package pipeline.read.mcap;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import store.CurioException;

/** Chunk compression as the spec's registry defines it: "" (none), "zstd", "lz4" (LZ4 frame format). */
final class ChunkCodec {
    private ChunkCodec() { }

    /** Thrown by {@link Bounded} when the file ends before the record does, so callers can say mcap.truncated. */
    static final class PrematureEnd extends EOFException {
        PrematureEnd(String message) { super(message); }
    }

    /** At most {@code limit} bytes of the underlying stream; running out early is a truncated file. */
    static final class Bounded extends BulkInputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new PrematureEnd("stream ended with " + left + " bytes of the record still missing");
            left -= n;
            return n;
        }

        /** Consumes what the decompressor did not need (e.g. padding after a zstd frame). */
        void drain() throws IOException {
            byte[] skip = new byte[8192];
            while (left > 0) read(skip, 0, (int) Math.min(skip.length, left));
        }
    }

    static boolean isSupported(String compression) {
        return compression.isEmpty() || compression.equals("zstd") || compression.equals("lz4");
    }

    /**
     * Decompresses a chunk's records read from {@code compressed} (exactly the chunk's records length) and
     * checks its uncompressed CRC (0 = not computed).
     */
    static byte[] decompress(McapRecord.Chunk chunk, InputStream compressed, long maxSize, String file, long offset)
            throws IOException {
        return decompress(chunk, compressed, maxSize, file, offset, null);
    }

    /**
     * As above, into {@code reuse} when it is large enough (else a new array): the records are the first
     * {@code uncompressedSize} bytes of the array returned. Reusing spares zeroing a fresh multi-megabyte
     * array per chunk, which costs as much as the CRC check.
     */
    static byte[] decompress(McapRecord.Chunk chunk, InputStream compressed, long maxSize, String file, long offset,
                             byte[] reuse) throws IOException {
        String where = "Chunk at offset " + offset;
        if (!isSupported(chunk.compression())) {
            throw new CurioException("mcap.unsupported_compression", file, "chunk.compression",
                    where + ": compression '" + chunk.compression() + "' is not one of \"\", zstd, lz4");
        }
        long size = chunk.uncompressedSize();
        if (size < 0 || size > maxSize) {
            throw new CurioException("mcap.bad_record", file, "chunk.uncompressed_size",
                    where + ": uncompressed_size " + Long.toUnsignedString(size) + " exceeds the limit of " + maxSize);
        }
        // records_length is a uint64: one above 2^63 reads as negative and would bound the records by nothing, so a
        // decompressor asking for more bytes got none and no end either, and asked again forever.
        if (chunk.recordsLength() < 0) {
            throw new CurioException("mcap.bad_record", file, "chunk.records_length",
                    where + ": records_length " + Long.toUnsignedString(chunk.recordsLength()) + " is beyond any file");
        }
        if (chunk.compression().isEmpty() && chunk.recordsLength() != size) {
            throw new CurioException("mcap.bad_record", file, "chunk.uncompressed_size", where
                    + ": uncompressed chunk has " + chunk.recordsLength() + " record bytes but uncompressed_size " + size);
        }
        Bounded bounded = new Bounded(compressed, chunk.recordsLength());
        // uncompressed_size is only a claim until the records decompress to it, so the buffer grows with what they
        // actually produce (a reused buffer already large enough is taken as it is).
        byte[] out = reuse != null && reuse.length >= size ? reuse : new byte[(int) Math.min(size, CrcSource.GROWTH_STEP)];
        int len = (int) size;
        try {
            InputStream in = switch (chunk.compression()) {
                case "zstd" -> new ZstdInputStream(bounded);
                case "lz4" -> new LZ4FrameInputStream(bounded);
                default -> bounded;
            };
            int filled = 0;
            while (true) {
                int n = in.readNBytes(out, filled, Math.min(out.length, len) - filled);
                filled += n;
                if (filled == len || filled < Math.min(out.length, len)) break;
                out = java.util.Arrays.copyOf(out, (int) Math.min(len, out.length * 2L));
            }
            if (filled != len || (!chunk.compression().isEmpty() && in.read() >= 0)) {
                throw new CurioException("mcap.bad_record", file, "chunk.uncompressed_size",
                        where + ": records decompress to a size other than uncompressed_size " + size);
            }
            bounded.drain();
        } catch (PrematureEnd e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CurioException ce) throw ce;
            throw new CurioException("mcap.bad_record", file, "chunk.records",
                    where + ": cannot decompress " + chunk.compression() + " records: " + e.getMessage(), e);
        }
        if (chunk.uncompressedCrc() != 0) {
            CRC32 crc = new CRC32();
            crc.update(out, 0, len);
            if (crc.getValue() != chunk.uncompressedCrc()) {
                throw new CurioException("mcap.crc_mismatch", file, "chunk.uncompressed_crc", where
                        + ": uncompressed_crc " + chunk.uncompressedCrc() + " but records hash to " + crc.getValue());
            }
        }
        return out;
    }

    static byte[] decompress(McapRecord.Chunk chunk, byte[] compressed, int off, long maxSize, String file,
                             long offset) {
        try {
            return decompress(chunk, new ByteArrayInputStream(compressed, off, compressed.length - off), maxSize,
                    file, offset);
        } catch (IOException e) {
            throw new CurioException("mcap.truncated", file, "chunk.records",
                    "Chunk at offset " + offset + ": records end before their declared length", e);
        }
    }

    static byte[] compress(String compression, byte[] data, int len) {
        switch (compression) {
            case "":
                return java.util.Arrays.copyOf(data, len);
            case "zstd":
            {
                byte[] dst = new byte[(int) Zstd.compressBound(len)];
                long n = Zstd.compressByteArray(dst, 0, dst.length, data, 0, len, 3);
                if (Zstd.isError(n)) throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
                return java.util.Arrays.copyOf(dst, (int) n);
            }
            case "lz4": {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(len / 2 + 64);
                try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes)) {
                    out.write(data, 0, len);
                } catch (IOException e) {
                    throw new IllegalStateException("in-memory lz4 compression failed", e);
                }
                return bytes.toByteArray();
            }
            default:
                throw new CurioException("mcap.unsupported_compression", null, "compression",
                        "cannot write chunks with compression '" + compression + "'");
        }
    }
}
