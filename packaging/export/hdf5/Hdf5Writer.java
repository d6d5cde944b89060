package packaging.export.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import store.CurioException;

/**
 * Writes an HDF5 file as it goes: dataset values are appended to the file the moment they are given (a camera frame
 * at a time), and only the small object headers are kept until {@link #close}, which writes them and the superblock.
 * So an episode of any length is written with one frame in memory.
 *
 * <p>The subset of the format used is the one HDF5 1.10 writes with the latest file format: a version 2 superblock,
 * version 2 object headers with checksums, groups as link messages in their header ("compact" groups), datasets with a
 * version 2 dataspace, fixed-point, IEEE float, fixed-length string and enum (h5py's bool) datatypes, contiguous
 * storage, or chunked storage (layout version 4) whose chunks lie one after another in order (the implicit chunk
 * index), which is how a camera array chunked one frame per chunk is written frame by frame.
 */
final class Hdf5Writer implements AutoCloseable {
    static final long UNDEFINED = -1L;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final int SUPERBLOCK_SIZE = 48;

    /** A datatype: its HDF5 message bytes and the size of one element. */
    record Type(byte[] message, int size) {
        static final Type UINT8 = fixed(1, false);
        static final Type UINT16 = fixed(2, false);
        static final Type INT64 = fixed(8, true);
        static final Type FLOAT32 = floating(4);
        static final Type FLOAT64 = floating(8);
        /** h5py's bool: an int8 enum with FALSE = 0 and TRUE = 1. */
        static final Type BOOL = bool();

        static Type fixed(int size, boolean signed) {
            ByteBuffer b = buffer(12);
            b.put((byte) 0x10).put((byte) (signed ? 0x08 : 0)).put((byte) 0).put((byte) 0).putInt(size);
            b.putShort((short) 0).putShort((short) (size * 8));
            return new Type(b.array(), size);
        }

        static Type floating(int size) {
            ByteBuffer b = buffer(20);
            boolean single = size == 4;
            b.put((byte) 0x11).put((byte) 0x20).put((byte) (single ? 31 : 63)).put((byte) 0).putInt(size);
            b.putShort((short) 0).putShort((short) (size * 8));
            b.put((byte) (single ? 23 : 52)).put((byte) (single ? 8 : 11)).put((byte) 0).put((byte) (single ? 23 : 52));
            b.putInt(single ? 127 : 1023);
            return new Type(b.array(), size);
        }

        /** A fixed-length, null-padded UTF-8 string of {@code length} bytes (numpy's {@code S} type, as h5py writes it). */
        static Type string(int length) {
            ByteBuffer b = buffer(8);
            b.put((byte) 0x13).put((byte) (0x01 | 0x10)).put((byte) 0).put((byte) 0).putInt(Math.max(1, length));
            return new Type(b.array(), Math.max(1, length));
        }

        private static Type bool() {
            byte[] base = fixed(1, true).message();
            byte[] names = "FALSE\0TRUE\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = buffer(8 + base.length + names.length + 2);
            b.put((byte) 0x38).put((byte) 2).put((byte) 0).put((byte) 0).putInt(1);
            b.put(base).put(names).put((byte) 0).put((byte) 1);
            return new Type(b.array(), 1);
        }
    }

    /** A group or a dataset: the messages of its object header, written at close. */
    abstract static class Node {
        final List<byte[]> attributes = new ArrayList<>();
        long address = UNDEFINED;

        /** A scalar attribute: Long, Double, Boolean or String; or a String[] as a one-dimensional array. */
        void attribute(String name, Object value) {
            attributes.add(Attributes.message(name, value));
        }

        abstract List<byte[]> messages();
    }

    final class Group extends Node {
        private final List<String> names = new ArrayList<>();
        private final List<Node> children = new ArrayList<>();

        Group group(String name) {
            Group g = new Group();
            add(name, g);
            return g;
        }

        /** A dataset whose {@code values} are written now, contiguously. */
        Dataset contiguous(String name, Type type, long[] dims, byte[] values) {
            require(values.length == count(dims) * type.size(), name + ": " + values.length + " bytes for " + count(dims) + " elements");
            Dataset d = new Dataset(type, dims, null);
            add(name, d);
            if (values.length > 0) {
                d.dataAddress = append(values);
                d.dataBytes = values.length;
            }
            return d;
        }

        /**
         * A dataset chunked by its first dimension, {@code rowsPerChunk} rows a chunk, whose chunks the caller appends
         * in order with {@link Dataset#append}; no other dataset may be written meanwhile (the chunks must be adjacent).
         */
        Dataset chunked(String name, Type type, long[] dims, int rowsPerChunk) {
            long[] chunk = dims.clone();
            chunk[0] = rowsPerChunk;
            require(dims[0] % rowsPerChunk == 0, name + ": " + dims[0] + " rows do not fill whole chunks of " + rowsPerChunk);
            Dataset d = new Dataset(type, dims, chunk);
            add(name, d);
            d.dataAddress = end;
            streaming = d;
            return d;
        }

        private void add(String name, Node n) {
            require(!names.contains(name), "two members named " + name);
            names.add(name);
            children.add(n);
        }

        @Override
        List<byte[]> messages() {
            List<byte[]> out = new ArrayList<>();
            // Link info (no dense storage) and group info: the messages that make this header a compact group.
            out.add(message(0x02, buffer(18).put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED).array()));
            out.add(message(0x0A, new byte[] {0, 0}));
            for (int i = 0; i < names.size(); i++) out.add(message(0x06, link(names.get(i), children.get(i).address)));
            for (byte[] a : attributes) out.add(message(0x0C, a));
            return out;
        }
    }

    final class Dataset extends Node {
        private final Type type;
        private final long[] dims;
        private final long[] chunk;
        private long dataAddress = UNDEFINED;
        private long dataBytes;

        private Dataset(Type type, long[] dims, long[] chunk) {
            this.type = type;
            this.dims = dims.clone();
            this.chunk = chunk;
        }

        /** Appends the next chunk of a chunked dataset (exactly one chunk's bytes). */
        void append(byte[] values) {
            require(streaming == this, "chunks of one dataset must be adjacent in the file");
            require(values.length == count(chunk) * type.size(), "a chunk of " + count(chunk) * type.size() + " bytes, not " + values.length);
            require(dataBytes + values.length <= count(dims) * type.size(), "more chunks than the dataset holds");
            append0(values);
            dataBytes += values.length;
        }

        @Override
        List<byte[]> messages() {
            require(chunk == null || dataBytes == count(dims) * type.size(), "a chunked dataset got " + dataBytes + " of "
                    + count(dims) * type.size() + " bytes");
            List<byte[]> out = new ArrayList<>();
            out.add(message(0x01, dataspace(dims)));
            out.add(message(0x03, type.message()));
            // Fill value, version 3: space allocated early (the values are all written), fill written if set (none set).
            out.add(message(0x05, new byte[] {3, (byte) (0x01 | 0x02 << 2)}));
            out.add(message(0x08, chunk == null ? contiguousLayout() : chunkedLayout()));
            for (byte[] a : attributes) out.add(message(0x0C, a));
            return out;
        }

        private byte[] contiguousLayout() {
            return buffer(18).put((byte) 3).put((byte) 1).putLong(dataBytes == 0 ? UNDEFINED : dataAddress).putLong(dataBytes).array();
        }

        /** Layout version 4, chunked, implicit index: chunk k is at the address plus k chunk sizes. */
        private byte[] chunkedLayout() {
            int rank = chunk.length + 1;
            ByteBuffer b = buffer(5 + 4 * rank + 1 + 8);
            b.put((byte) 4).put((byte) 2).put((byte) 0).put((byte) rank).put((byte) 4);
            for (long c : chunk) b.putInt((int) c);
            b.putInt(type.size());
            b.put((byte) 2);
            b.putLong(dataAddress);
            return b.array();
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Group root = new Group();
    private long end = SUPERBLOCK_SIZE;
    private Dataset streaming;

    Hdf5Writer(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    Group root() {
        return root;
    }

    private long append(byte[] bytes) {
        streaming = null;
        return append0(bytes);
    }

    private long append0(byte[] bytes) {
        long at = end;
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) channel.write(b, end + b.position());
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
        end += bytes.length;
        return at;
    }

    /** Writes every object header (children before the groups that link them) and then the superblock. */
    @Override
    public void close() {
        try {
            writeHeaders(root);
            ByteBuffer sb = buffer(SUPERBLOCK_SIZE);
            sb.put(SIGNATURE).put((byte) 2).put((byte) 8).put((byte) 8).put((byte) 0);
            sb.putLong(0).putLong(UNDEFINED).putLong(end).putLong(root.address);
            sb.putInt(Lookup3.hash(sb.array(), 0, SUPERBLOCK_SIZE - 4));
            sb.flip();
            while (sb.hasRemaining()) channel.write(sb, sb.position());
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    /** Closes the file without making it a valid HDF5 file (a failed export's leftovers are deleted with the work folder). */
    void abandon() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    private void writeHeaders(Node n) {
        if (n instanceof Group g) for (Node c : g.children) writeHeaders(c);
        n.address = append(objectHeader(n.messages()));
    }

    /** Version 2 object header: OHDR, version, flags (4-byte chunk size), chunk size, messages, lookup3 checksum. */
    private static byte[] objectHeader(List<byte[]> messages) {
        int body = 0;
        for (byte[] m : messages) body += m.length;
        ByteBuffer b = buffer(4 + 1 + 1 + 4 + body + 4);
        b.put((byte) 'O').put((byte) 'H').put((byte) 'D').put((byte) 'R').put((byte) 2).put((byte) 0x02).putInt(body);
        for (byte[] m : messages) b.put(m);
        b.putInt(Lookup3.hash(b.array(), 0, b.position()));
        return b.array();
    }

    /** A header message: type, size of its data, flags (0), data. */
    private static byte[] message(int type, byte[] data) {
        if (data.length > 0xFFFF) {
            throw new CurioException("export.hdf5_limit", null, null, "an HDF5 header message (an attribute) of " + data.length
                    + " bytes is more than the 65535 a version 2 object header holds");
        }
        return buffer(4 + data.length).put((byte) type).putShort((short) data.length).put((byte) 0).put(data).array();
    }

    /** A hard link, version 1: flags (length field of 1 or 2 bytes), name length, name, object address. */
    private static byte[] link(String name, long address) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        boolean wide = n.length > 255;
        ByteBuffer b = buffer(2 + 1 + (wide ? 2 : 1) + n.length + 8);
        b.put((byte) 1).put((byte) ((wide ? 1 : 0) | 0x10)).put((byte) 1);
        if (wide) b.putShort((short) n.length); else b.put((byte) n.length);
        return b.put(n).putLong(address).array();
    }

    /** Dataspace version 2: simple with these dimensions (maximum = current), or scalar when there are none. */
    static byte[] dataspace(long[] dims) {
        ByteBuffer b = buffer(4 + 8 * dims.length);
        b.put((byte) 2).put((byte) dims.length).put((byte) 0).put((byte) (dims.length == 0 ? 0 : 1));
        for (long d : dims) b.putLong(d);
        return b.array();
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void require(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }
}
