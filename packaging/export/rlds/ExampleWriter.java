package packaging.export.rlds;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import store.CurioException;

/**
 * One {@code tf.train.Example} (one RLDS episode), built feature by feature and then written in protobuf wire format
 * without a protobuf runtime: {@code Example{features=1: Features{feature=1: map<string, Feature>}}}, {@code Feature}
 * being {@code bytes_list=1}, {@code float_list=2} or {@code int64_list=3}, numbers packed. Pictures are spooled to a
 * file as they come, so an episode's images are on disk, not in memory; only their lengths and the numbers are kept.
 * Sizes are computed before anything is written, so the record can be streamed behind its length.
 */
final class ExampleWriter implements AutoCloseable {
    private final Path spoolDir;
    private final Map<String, Column> columns = new LinkedHashMap<>();

    /** @param spoolDir where image columns keep their bytes until the example is written */
    ExampleWriter(Path spoolDir) {
        this.spoolDir = spoolDir;
    }

    /** A column of byte strings (images, text), one value per step. */
    Bytes bytes(String key) {
        return (Bytes) columns.computeIfAbsent(key, k -> new Bytes(spoolDir.resolve("spool-" + columns.size() + ".bin")));
    }

    Floats floats(String key) {
        return (Floats) columns.computeIfAbsent(key, k -> new Floats());
    }

    Int64s int64s(String key) {
        return (Int64s) columns.computeIfAbsent(key, k -> new Int64s());
    }

    /** The serialized size of the example. */
    long size() {
        long features = 0;
        for (Map.Entry<String, Column> e : columns.entrySet()) features += field(entrySize(e.getKey(), e.getValue()));
        return field(features);
    }

    /** Writes the example; exactly {@link #size()} bytes. */
    void writeTo(OutputStream out) throws IOException {
        long features = 0;
        for (Map.Entry<String, Column> e : columns.entrySet()) features += field(entrySize(e.getKey(), e.getValue()));
        out.write(0x0A);
        varint(out, features);
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            Column c = e.getValue();
            out.write(0x0A);
            varint(out, entrySize(e.getKey(), c));
            out.write(0x0A);
            varint(out, key.length);
            out.write(key);
            out.write(0x12);
            varint(out, field(c.listSize()));
            out.write(c.tag());
            varint(out, c.listSize());
            c.writeList(out);
        }
    }

    @Override
    public void close() {
        for (Column c : columns.values()) c.close();
    }

    /** Map entry {@code {key=1, value=2: Feature}}. */
    private static long entrySize(String key, Column c) {
        int k = key.getBytes(StandardCharsets.UTF_8).length;
        long feature = field(c.listSize());
        return field(k) + field(feature);
    }

    /** A length-delimited field of {@code length} payload bytes: tag, length varint, payload. */
    static long field(long length) {
        return 1 + varintSize(length) + length;
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static void varint(OutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private interface Column extends AutoCloseable {
        /** The Feature's oneof tag: bytes_list 0x0A, float_list 0x12, int64_list 0x1A. */
        int tag();

        /** The size of the list message (BytesList, FloatList, Int64List). */
        long listSize();

        void writeList(OutputStream out) throws IOException;

        @Override
        void close();
    }

    /** Byte strings appended to a spool file; their lengths kept in order. */
    static final class Bytes implements Column {
        private final Path spool;
        private DataOutputStream out;
        private int[] lengths = new int[64];
        private int count;
        private long payload;

        Bytes(Path spool) {
            this.spool = spool;
        }

        void add(byte[] value) {
            try {
                if (out == null) {
                    Files.createDirectories(spool.getParent());
                    out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16));
                }
                out.write(value);
            } catch (IOException e) {
                throw new CurioException("io.write_failed", spool.toString(), null, e.getMessage(), e);
            }
            if (count == lengths.length) lengths = Arrays.copyOf(lengths, count * 2);
            lengths[count++] = value.length;
            payload += value.length;
        }

        void add(String text) {
            add(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int tag() {
            return 0x0A;
        }

        @Override
        public long listSize() {
            long n = payload;
            for (int i = 0; i < count; i++) n += 1 + varintSize(lengths[i]);
            return n;
        }

        @Override
        public void writeList(OutputStream o) throws IOException {
            if (out != null) out.flush();
            if (count == 0) return;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16))) {
                byte[] buf = new byte[1 << 16];
                for (int i = 0; i < count; i++) {
                    o.write(0x0A);
                    varint(o, lengths[i]);
                    copy(in, o, lengths[i], buf);
                }
            }
        }

        private static void copy(InputStream in, OutputStream o, int n, byte[] buf) throws IOException {
            while (n > 0) {
                int r = in.read(buf, 0, Math.min(buf.length, n));
                if (r < 0) throw new IOException("the spooled images end early");
                o.write(buf, 0, r);
                n -= r;
            }
        }

        @Override
        public void close() {
            try {
                if (out != null) out.close();
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                throw new CurioException("io.write_failed", spool.toString(), null, e.getMessage(), e);
            }
        }
    }

    /** Float32 values, packed. */
    static final class Floats implements Column {
        private float[] values = new float[256];
        private int count;

        void add(double... v) {
            if (count + v.length > values.length) values = Arrays.copyOf(values, Math.max(values.length * 2, count + v.length));
            for (double x : v) values[count++] = (float) x;
        }

        @Override
        public int tag() {
            return 0x12;
        }

        @Override
        public long listSize() {
            return count == 0 ? 0 : field(4L * count);
        }

        @Override
        public void writeList(OutputStream out) throws IOException {
            if (count == 0) return;
            out.write(0x0A);
            varint(out, 4L * count);
            byte[] b = new byte[4 * Math.min(count, 4096)];
            for (int off = 0; off < count; off += 4096) {
                int n = Math.min(4096, count - off);
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(values[off + i]);
                    b[4 * i] = (byte) bits;
                    b[4 * i + 1] = (byte) (bits >>> 8);
                    b[4 * i + 2] = (byte) (bits >>> 16);
                    b[4 * i + 3] = (byte) (bits >>> 24);
                }
                out.write(b, 0, 4 * n);
            }
        }

        @Override
        public void close() {
            values = null;
        }
    }

    /** Int64 values (and bools, as 0/1), packed varints. */
    static final class Int64s implements Column {
        private long[] values = new long[256];
        private int count;

        void add(long... v) {
            if (count + v.length > values.length) values = Arrays.copyOf(values, Math.max(values.length * 2, count + v.length));
            for (long x : v) values[count++] = x;
        }

        @Override
        public int tag() {
            return 0x1A;
        }

        @Override
        public long listSize() {
            if (count == 0) return 0;
            long n = 0;
            for (int i = 0; i < count; i++) n += varintSize(values[i]);
            return field(n);
        }

        @Override
        public void writeList(OutputStream out) throws IOException {
            if (count == 0) return;
            long n = 0;
            for (int i = 0; i < count; i++) n += varintSize(values[i]);
            out.write(0x0A);
            varint(out, n);
            for (int i = 0; i < count; i++) varint(out, values[i]);
        }

        @Override
        public void close() {
            values = null;
        }
    }
}
