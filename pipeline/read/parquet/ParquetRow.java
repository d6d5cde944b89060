package pipeline.read.parquet;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import store.CurioException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed view of one row (or one struct value). Getters accept every physical type that converts without
 * loss of meaning and otherwise throw {@code parquet.wrong_type} naming the column and expected vs found.
 */
public final class ParquetRow {
    private final Group group;
    private final String file;
    private final String prefix;

    ParquetRow(Group group, String file, String prefix) {
        this.group = group;
        this.file = file;
        this.prefix = prefix;
    }

    /** True when the column is part of this row's (projected) schema. */
    public boolean has(String column) {
        return group.getType().containsField(column);
    }

    /** True when the column is absent from the projection or holds null in this row. */
    public boolean isNull(String column) {
        return !has(column) || group.getFieldRepetitionCount(column) == 0;
    }

    public long getLong(String column) {
        Object v = scalar(column, "INT32/INT64 (or an integral FLOAT/DOUBLE)");
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            // Some writers (pandas without dtypes) store integer columns as doubles; accept them when exact.
            if (d == Math.rint(d) && !Double.isInfinite(d)) return (long) d;
            throw wrongType(column, "an integral value", "fractional " + d);
        }
        throw wrongType(column, "INT32/INT64", kindOf(column));
    }

    public double getDouble(String column) {
        Object v = scalar(column, "a numeric scalar");
        if (v instanceof Number) return ((Number) v).doubleValue();
        throw wrongType(column, "INT32/INT64/FLOAT/DOUBLE", kindOf(column));
    }

    public boolean getBoolean(String column) {
        Object v = scalar(column, "BOOLEAN");
        if (v instanceof Boolean) return (Boolean) v;
        throw wrongType(column, "BOOLEAN", kindOf(column));
    }

    public String getString(String column) {
        Object v = scalar(column, "STRING");
        if (v instanceof String) return (String) v;
        if (v instanceof byte[]) return new String((byte[]) v, StandardCharsets.UTF_8);
        throw wrongType(column, "STRING", kindOf(column));
    }

    public byte[] getBytes(String column) {
        Object v = scalar(column, "BINARY");
        if (v instanceof byte[]) return (byte[]) v;
        if (v instanceof String) return ((String) v).getBytes(StandardCharsets.UTF_8);
        throw wrongType(column, "BINARY", kindOf(column));
    }

    /** True when the column is a struct (a group without a list or map annotation). */
    public boolean isStruct(String column) {
        Type t = type(column);
        return !t.isPrimitive() && t.getLogicalTypeAnnotation() == null;
    }

    /** A struct column (e.g. the HF Image struct {@code {bytes, path}}) as a nested row. */
    public ParquetRow getStruct(String column) {
        Type t = type(column);
        if (t.isPrimitive() || t.getLogicalTypeAnnotation() != null) {
            throw wrongType(column, "STRUCT", kindOf(column));
        }
        requirePresent(column);
        return new ParquetRow(group.getGroup(column, 0), file, qualified(column) + ".");
    }

    /**
     * A numeric list (any nesting depth, flattened in row-major order) or a numeric scalar as a one-element
     * array. Null list elements become NaN.
     */
    public double[] getDoubleArray(String column) {
        List<Object> leaves = leaves(column);
        double[] out = new double[leaves.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = leaves.get(i);
            if (v == null) out[i] = Double.NaN;
            else if (v instanceof Number) out[i] = ((Number) v).doubleValue();
            else if (v instanceof Boolean) out[i] = ((Boolean) v) ? 1 : 0;
            else throw wrongType(column, "numeric list", kindOf(column));
        }
        return out;
    }

    public float[] getFloatArray(String column) {
        double[] d = getDoubleArray(column);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    public long[] getLongArray(String column) {
        List<Object> leaves = leaves(column);
        long[] out = new long[leaves.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = leaves.get(i);
            if (v instanceof Integer || v instanceof Long) out[i] = ((Number) v).longValue();
            else throw wrongType(column, "list of INT32/INT64", kindOf(column));
        }
        return out;
    }

    public List<String> getStringList(String column) {
        List<Object> leaves = leaves(column);
        List<String> out = new ArrayList<>(leaves.size());
        for (Object v : leaves) {
            if (v instanceof String || v == null) out.add((String) v);
            else throw wrongType(column, "list of STRING", kindOf(column));
        }
        return out;
    }

    private List<Object> leaves(String column) {
        Type t = type(column);
        List<Object> out = new ArrayList<>();
        if (group.getFieldRepetitionCount(column) == 0) return out;
        int field = group.getType().getFieldIndex(column);
        if (t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)) {
            out.add(primitive(group, field, 0, t.asPrimitiveType()));
        } else if (t.isPrimitive()) {
            for (int i = 0; i < group.getFieldRepetitionCount(field); i++) {
                out.add(primitive(group, field, i, t.asPrimitiveType()));
            }
        } else if (t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            collectList(group.getGroup(field, 0), t.asGroupType(), column, out);
        } else {
            throw wrongType(column, "a list or scalar", kindOf(column));
        }
        return out;
    }

    private void collectList(Group list, GroupType listType, String column, List<Object> out) {
        Type repeated = listType.getType(0);
        int n = list.getFieldRepetitionCount(0);
        Type element = SchemaMapping.listElement(listType);
        for (int i = 0; i < n; i++) {
            if (repeated.isPrimitive()) {
                out.add(primitive(list, 0, i, repeated.asPrimitiveType()));
                continue;
            }
            Group wrapper = list.getGroup(0, i);
            if (element == repeated) {
                throw wrongType(column, "a list of scalars", kindOf(column));
            }
            if (wrapper.getFieldRepetitionCount(0) == 0) {
                out.add(null);
            } else if (element.isPrimitive()) {
                out.add(primitive(wrapper, 0, 0, element.asPrimitiveType()));
            } else if (element.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                collectList(wrapper.getGroup(0, 0), element.asGroupType(), column, out);
            } else {
                throw wrongType(column, "a list of scalars", kindOf(column));
            }
        }
    }

    private Object scalar(String column, String expected) {
        Type t = type(column);
        if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
            throw wrongType(column, expected, kindOf(column));
        }
        requirePresent(column);
        return primitive(group, group.getType().getFieldIndex(column), 0, t.asPrimitiveType());
    }

    private static Object primitive(Group g, int field, int index, PrimitiveType p) {
        switch (p.getPrimitiveTypeName()) {
            case INT32: return g.getInteger(field, index);
            case INT64: return g.getLong(field, index);
            case FLOAT: return g.getFloat(field, index);
            case DOUBLE: return g.getDouble(field, index);
            case BOOLEAN: return g.getBoolean(field, index);
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                byte[] bytes = g.getBinary(field, index).getBytes();
                boolean text = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
                return text ? new String(bytes, StandardCharsets.UTF_8) : bytes;
            default: return g.getValueToString(field, index);
        }
    }

    private Type type(String column) {
        if (!has(column)) {
            throw new CurioException("parquet.missing_column", file, qualified(column),
                    "column '" + qualified(column) + "' is not in the file (or not projected)");
        }
        return group.getType().getType(column);
    }

    private void requirePresent(String column) {
        if (group.getFieldRepetitionCount(column) == 0) {
            throw new CurioException("parquet.null_value", file, qualified(column),
                    "column '" + qualified(column) + "' is null in this row");
        }
    }

    private String kindOf(String column) {
        return SchemaMapping.column(group.getType().getType(column)).describe();
    }

    private CurioException wrongType(String column, String expected, String found) {
        return new CurioException("parquet.wrong_type", file, qualified(column),
                "column '" + qualified(column) + "': expected " + expected + ", found " + found);
    }

    private String qualified(String column) {
        return prefix + column;
    }
}
