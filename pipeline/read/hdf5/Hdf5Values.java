package pipeline.read.hdf5;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import io.jhdf.storage.HdfBackingStorage;
import store.CurioException;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conversions from jHDF's Object-typed data to the plain values Curio passes around. */
final class Hdf5Values {
    private Hdf5Values() { }

    static String dtype(Dataset d) {
        DataType t = d.getDataType();
        if (t instanceof FloatingPoint) return "float" + t.getSize() * 8;
        if (t instanceof FixedPoint) return (((FixedPoint) t).isSigned() ? "int" : "uint") + t.getSize() * 8;
        if (t instanceof StringData || t instanceof VariableLength) return "string";
        return t.getClass().getSimpleName().toLowerCase();
    }

    static List<Long> shape(Dataset d) {
        List<Long> out = new ArrayList<>();
        for (long l : d.getDimensionsAsLong()) out.add(l);
        return out;
    }

    /**
     * Attributes as String/Number/Boolean; one-element arrays are unwrapped (h5py writes scalars either way)
     * and longer arrays become lists.
     */
    static Map<String, Object> attributes(Map<String, Attribute> attrs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Attribute> e : attrs.entrySet()) {
            if (e.getKey().equals("_jHDF")) continue;
            try {
                String refused = unreadable(e.getValue());
                out.put(e.getKey(), refused != null ? "<unreadable: " + refused + ">" : simplify(e.getValue().getData()));
            } catch (RuntimeException ex) {
                // An attribute of an exotic type must not make the whole file unreadable.
                out.put(e.getKey(), "<unreadable: " + ex.getClass().getSimpleName() + ">");
            }
        }
        return out;
    }

    /**
     * Why jHDF must not be asked for an attribute's value, or null. jHDF sizes the value's arrays from the declared
     * shape before it reads the data, and reads the global heap collection a variable-length value lies in at the
     * size that collection declares, so both are checked against what is there first.
     */
    private static String unreadable(Attribute a) {
        if (a.isEmpty()) return null;
        DataType type = a.getDataType();
        ByteBuffer data = a.getBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int size = type.getSize();
        if (size <= 0 || a.getSize() > data.remaining() / size) {
            return "it declares " + a.getSize() + " values of " + size + " bytes in " + data.remaining();
        }
        if (!(type instanceof VariableLength)) return null;
        HdfBackingStorage file = a.getNode().getHdfFile().getHdfBackingStorage();
        int offsets = file.getSizeOfOffsets();
        int lengths = file.getSizeOfLengths();
        long end = file.size() - file.getUserBlockSize();
        // Each value is a length, then the collection's address and the object's index in it (as jHDF reads them).
        int skip = size - offsets - 4;
        if (skip < 0 || offsets > 8 || lengths > 8) return null;
        Set<Long> seen = new HashSet<>();
        while (data.remaining() >= size) {
            data.position(data.position() + skip);
            long address = unsigned(data, offsets);
            int index = data.getInt();
            if (index == 0 || !seen.add(address) || address < 0 || address > end - 8 - lengths) continue;
            ByteBuffer header = file.readBufferFromAddress(address, 8 + lengths);
            if (header.getInt(0) != GLOBAL_HEAP || header.get(4) != 1) continue;
            header.position(8);
            long collection = unsigned(header, lengths);
            if (collection < 0 || collection > end - address) {
                return "its global heap collection at address " + address + " declares "
                        + Long.toUnsignedString(collection) + " bytes, past the end of the file";
            }
        }
        return null;
    }

    /** What a filter jHDF decodes can expand its input to at most: deflate's 1032-fold, the largest of them. */
    private static final long MAX_EXPANSION = 1032;

    /**
     * A slice of a dataset, refused when its shape asks for more than the file could hold. jHDF allocates the slice,
     * and a list of every chunk position it overlaps, from the declared shape before it reads anything. Contiguous
     * data is checked to lie in the file when the file is opened; a chunked dataset's chunks never written read as the
     * fill value, so its shape is bounded by nothing in the file, but rows an episode recorded are in stored chunks.
     * jHDF maps each chunk at its declared size and, where that runs past the end of the file, reads it into a buffer
     * of that size instead, so the chunks may not declare more than the file holds either.
     */
    static Object slice(Dataset d, long[] offset, int[] dims, String file) {
        if (d instanceof ChunkedDataset c) {
            long size = d.getHdfFile().size();
            long bytes = d.getDataType().getSize();
            for (int n : dims) bytes = timesCapped(bytes, n);
            long most = c.getFilters().isEmpty() ? size : size * MAX_EXPANSION;
            int[] chunk = c.getChunkDimensions();
            long positions = chunk.length == dims.length ? 1 : Long.MAX_VALUE;
            for (int i = 0; i < dims.length && positions != Long.MAX_VALUE; i++) {
                positions = chunk[i] <= 0 ? Long.MAX_VALUE
                        : timesCapped(positions, (offset[i] + dims[i] - 1) / chunk[i] - offset[i] / chunk[i] + 1);
            }
            if (bytes > most || positions > size) {
                throw new CurioException("hdf5.bad_file", file, d.getPath(), "reading " + Arrays.toString(dims)
                        + " values of " + d.getPath() + " from " + Arrays.toString(offset) + " takes "
                        + (bytes == Long.MAX_VALUE ? "more than 2^63" : Long.toString(bytes)) + " bytes from chunks of "
                        + Arrays.toString(chunk) + ", more than a file of " + size + " bytes can hold");
            }
            long stored = d.getStorageInBytes();
            if (stored > size) {
                throw new CurioException("hdf5.bad_file", file, d.getPath(), "the chunks of " + d.getPath()
                        + " declare " + stored + " bytes, more than the file's " + size);
            }
        }
        return d.getData(offset, dims);
    }

    private static long timesCapped(long a, long b) {
        if (a < 0 || b < 0) return Long.MAX_VALUE;
        long high = Math.multiplyHigh(a, b);
        return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    /** "GCOL", read as a little-endian int. */
    private static final int GLOBAL_HEAP = 'G' | 'C' << 8 | 'O' << 16 | 'L' << 24;

    private static long unsigned(ByteBuffer b, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b.get() & 0xffL) << (8 * i);
        return v;
    }

    static Object simplify(Object v) {
        if (v == null || !v.getClass().isArray()) return v;
        int n = Array.getLength(v);
        if (n == 1) return simplify(Array.get(v, 0));
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(simplify(Array.get(v, i)));
        return list;
    }

    /** h5py writes bools as an int8 enum; jHDF returns a Boolean, a number or the enum's name. */
    static Boolean asBoolean(Object v) {
        if (v instanceof Boolean) return (Boolean) v;
        if (v instanceof Number) return ((Number) v).intValue() != 0;
        if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase();
            if (s.equals("true") || s.equals("1")) return true;
            if (s.equals("false") || s.equals("0")) return false;
        }
        return null;
    }

    /** A data block (first dimension = rows, possibly 1-D) as rows of doubles, inner dimensions flattened. */
    static double[][] rows(Object data) {
        if (data instanceof double[][]) return (double[][]) data;
        int n = Array.getLength(data);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            Object row = Array.get(data, i);
            if (row instanceof float[]) {
                float[] f = (float[]) row;
                out[i] = new double[f.length];
                for (int k = 0; k < f.length; k++) out[i][k] = f[k];
            } else if (row instanceof double[]) {
                out[i] = (double[]) row;
            } else {
                List<Double> flat = new ArrayList<>();
                flatten(row, flat);
                out[i] = new double[flat.size()];
                for (int k = 0; k < out[i].length; k++) out[i][k] = flat.get(k);
            }
        }
        return out;
    }

    private static void flatten(Object v, List<Double> out) {
        if (v == null) return;
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) flatten(Array.get(v, i), out);
        } else if (v instanceof Number) {
            out.add(((Number) v).doubleValue());
        } else if (v instanceof Boolean) {
            out.add((Boolean) v ? 1.0 : 0.0);
        }
    }

    /** Flattens a uint8 block (jHDF gives int[] for unsigned bytes, byte[] for signed) into bytes. */
    static byte[] bytes(Object data, int expected) {
        byte[] out = new byte[expected];
        int[] pos = {0};
        copyBytes(data, out, pos);
        return pos[0] == expected ? out : java.util.Arrays.copyOf(out, pos[0]);
    }

    private static void copyBytes(Object v, byte[] out, int[] pos) {
        if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            int n = Math.min(b.length, out.length - pos[0]);
            System.arraycopy(b, 0, out, pos[0], n);
            pos[0] += n;
        } else if (v instanceof int[]) {
            int[] b = (int[]) v;
            for (int k = 0; k < b.length && pos[0] < out.length; k++) out[pos[0]++] = (byte) b[k];
        } else if (v instanceof short[]) {
            short[] b = (short[]) v;
            for (int k = 0; k < b.length && pos[0] < out.length; k++) out[pos[0]++] = (byte) b[k];
        } else if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) copyBytes(Array.get(v, i), out, pos);
        }
    }
}
