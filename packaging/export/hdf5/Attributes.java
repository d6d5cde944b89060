package packaging.export.hdf5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Attribute messages, version 3: name, datatype, dataspace and value. Values are h5py's usual types: int64, float64,
 * bool (h5py's enum), fixed-length UTF-8 strings (read back by h5py as bytes, which {@code json.loads} takes), and
 * one-dimensional arrays of strings or int64.
 */
final class Attributes {
    private Attributes() { }

    static byte[] message(String name, Object value) {
        Hdf5Writer.Type type;
        long[] dims;
        byte[] data;
        if (value instanceof Long l) {
            type = Hdf5Writer.Type.INT64;
            dims = new long[0];
            data = Hdf5Writer.buffer(8).putLong(l).array();
        } else if (value instanceof Integer i) {
            return message(name, (long) i);
        } else if (value instanceof Double d) {
            type = Hdf5Writer.Type.FLOAT64;
            dims = new long[0];
            data = Hdf5Writer.buffer(8).putDouble(d).array();
        } else if (value instanceof Boolean b) {
            type = Hdf5Writer.Type.BOOL;
            dims = new long[0];
            data = new byte[] {(byte) (b ? 1 : 0)};
        } else if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            type = Hdf5Writer.Type.string(bytes.length);
            dims = new long[0];
            data = java.util.Arrays.copyOf(bytes, type.size());
        } else if (value instanceof String[] strings) {
            int width = 1;
            for (String s : strings) width = Math.max(width, s.getBytes(StandardCharsets.UTF_8).length);
            type = Hdf5Writer.Type.string(width);
            dims = new long[] {strings.length};
            data = strings(strings, width);
        } else if (value instanceof long[] longs) {
            type = Hdf5Writer.Type.INT64;
            dims = new long[] {longs.length};
            ByteBuffer b = Hdf5Writer.buffer(8 * longs.length);
            for (long l : longs) b.putLong(l);
            data = b.array();
        } else {
            throw new IllegalArgumentException("no HDF5 attribute type for " + value);
        }
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] space = Hdf5Writer.dataspace(dims);
        ByteBuffer b = Hdf5Writer.buffer(9 + n.length + type.message().length + space.length + data.length);
        b.put((byte) 3).put((byte) 0).putShort((short) n.length).putShort((short) type.message().length)
                .putShort((short) space.length).put((byte) 1);
        return b.put(n).put(type.message()).put(space).put(data).array();
    }

    /** Strings as consecutive null-padded fields of {@code width} bytes. */
    static byte[] strings(String[] strings, int width) {
        byte[] out = new byte[strings.length * width];
        for (int i = 0; i < strings.length; i++) {
            byte[] s = strings[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(s, 0, out, i * width, s.length);
        }
        return out;
    }
}
