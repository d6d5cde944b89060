package pipeline.read.parquet;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.example.data.GroupWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import store.CurioException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Appends rows one at a time to a new parquet file. The file must not exist: outputs are always fresh
 * files, never rewrites of inputs.
 */
public final class ParquetRowWriter implements AutoCloseable {
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory factory;
    private final List<ColumnSpec> columns;
    private final String displayName;
    private long rows;

    private ParquetRowWriter(ParquetWriter<Group> writer, MessageType schema, List<ColumnSpec> columns,
                             String displayName) {
        this.writer = writer;
        this.factory = new SimpleGroupFactory(schema);
        this.columns = List.copyOf(columns);
        this.displayName = displayName;
    }

    /**
     * Row groups of this many bytes at most: parquet-mr holds a whole row group in memory until it is flushed, so its
     * default of 128 MB makes memory grow with the file up to that size; streaming writers pass less.
     */
    public static final long STREAMING_ROW_GROUP_BYTES = 8L << 20;

    public static ParquetRowWriter create(Path file, List<ColumnSpec> columns, Compression compression,
                                          Map<String, String> extraMetadata) {
        return create(file, columns, compression, extraMetadata, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    public static ParquetRowWriter create(Path file, List<ColumnSpec> columns, Compression compression,
                                          Map<String, String> extraMetadata, long rowGroupBytes) {
        MessageType schema = schema(columns);
        try {
            // A plain Hadoop Configuration (no FileSystem) is what lets the codec factory use SNAPPY/ZSTD.
            ParquetWriter<Group> w = new Builder(new LocalOutputFile(file), schema, extraMetadata == null ? Map.of() : extraMetadata)
                    .withCompressionCodec(compression.codec)
                    .withConf(new org.apache.hadoop.conf.Configuration(false))
                    .withRowGroupSize(rowGroupBytes)
                    .build();
            return new ParquetRowWriter(w, schema, columns, file.toString());
        } catch (IOException | RuntimeException e) {
            throw new CurioException("parquet.write_failed", file.toString(), null,
                    "cannot create parquet file: " + e.getMessage(), e);
        }
    }

    /**
     * parquet-java's example writer stamps every file with {@code writer.model.name: example}; this one writes only the
     * metadata its caller gives (a write support without a name adds none).
     */
    private static final class Builder extends ParquetWriter.Builder<Group, Builder> {
        private final MessageType schema;
        private final Map<String, String> metadata;

        Builder(org.apache.parquet.io.OutputFile file, MessageType schema, Map<String, String> metadata) {
            super(file);
            this.schema = schema;
            this.metadata = metadata;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Group> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new GroupSupport(schema, metadata);
        }

        @Override
        protected WriteSupport<Group> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new GroupSupport(schema, metadata);
        }
    }

    private static final class GroupSupport extends WriteSupport<Group> {
        private final MessageType schema;
        private final Map<String, String> metadata;
        private GroupWriter writer;

        GroupSupport(MessageType schema, Map<String, String> metadata) {
            this.schema = schema;
            this.metadata = metadata;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public WriteContext init(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer consumer) {
            writer = new GroupWriter(consumer, schema);
        }

        @Override
        public void write(Group record) {
            writer.write(record);
        }
    }

    /** Column name to value; a missing key or null writes null. Values are converted to the column type. */
    public void append(Map<String, ?> values) {
        Group g = factory.newGroup();
        for (ColumnSpec c : columns) {
            Object v = values.get(c.name());
            if (v != null) put(g, c, v);
        }
        try {
            writer.write(g);
            rows++;
        } catch (IOException e) {
            throw new CurioException("parquet.write_failed", displayName, null, "write failed: " + e.getMessage(), e);
        }
    }

    /** Bytes written so far plus those buffered for the current row group: the file's size if closed now, roughly. */
    public long dataSize() {
        return writer.getDataSize();
    }

    public long rowsWritten() {
        return rows;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new CurioException("parquet.write_failed", displayName, null, "close failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // parquet-java wraps a failure to flush its file on close (a full disk) in an unchecked exception of its own.
            if (!(e.getCause() instanceof IOException io)) throw e;
            throw new CurioException("parquet.write_failed", displayName, null, "close failed: " + io.getMessage(), e);
        }
    }

    static MessageType schema(List<ColumnSpec> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ColumnSpec c : columns) b.addField(type(c));
        return b.named("schema");
    }

    private static Type type(ColumnSpec c) {
        LogicalTypeAnnotation str = LogicalTypeAnnotation.stringType();
        switch (c.type()) {
            case INT32: return Types.optional(PrimitiveTypeName.INT32).named(c.name());
            case INT64: return Types.optional(PrimitiveTypeName.INT64).named(c.name());
            case FLOAT: return Types.optional(PrimitiveTypeName.FLOAT).named(c.name());
            case DOUBLE: return Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
            case BOOLEAN: return Types.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
            case STRING: return Types.optional(PrimitiveTypeName.BINARY).as(str).named(c.name());
            case BINARY: return Types.optional(PrimitiveTypeName.BINARY).named(c.name());
            case FLOAT_LIST: return Types.optionalList().optionalElement(PrimitiveTypeName.FLOAT).named(c.name());
            case DOUBLE_LIST: return Types.optionalList().optionalElement(PrimitiveTypeName.DOUBLE).named(c.name());
            case INT64_LIST: return Types.optionalList().optionalElement(PrimitiveTypeName.INT64).named(c.name());
            case STRING_LIST:
                return Types.optionalList().optionalElement(PrimitiveTypeName.BINARY).as(str).named(c.name());
            case IMAGE:
                return Types.optionalGroup()
                        .optional(PrimitiveTypeName.BINARY).named("bytes")
                        .optional(PrimitiveTypeName.BINARY).as(str).named("path")
                        .named(c.name());
            default: throw new IllegalArgumentException("unsupported column type " + c.type());
        }
    }

    private void put(Group g, ColumnSpec c, Object v) {
        String n = c.name();
        switch (c.type()) {
            case INT32: g.add(n, number(c, v).intValue()); break;
            case INT64: g.add(n, number(c, v).longValue()); break;
            case FLOAT: g.add(n, number(c, v).floatValue()); break;
            case DOUBLE: g.add(n, number(c, v).doubleValue()); break;
            case BOOLEAN: g.add(n, (boolean) cast(c, v, Boolean.class)); break;
            case STRING: g.add(n, cast(c, v, String.class)); break;
            case BINARY: g.add(n, Binary.fromConstantByteArray(cast(c, v, byte[].class))); break;
            case IMAGE:
                ImageCell img = cast(c, v, ImageCell.class);
                Group s = g.addGroup(n);
                if (img.bytes() != null) s.add("bytes", Binary.fromConstantByteArray(img.bytes()));
                if (img.path() != null) s.add("path", img.path());
                break;
            default: putList(g.addGroup(n), c, v);
        }
    }

    private void putList(Group list, ColumnSpec c, Object v) {
        if (v instanceof float[]) {
            for (float f : (float[]) v) addElement(list, c, f);
        } else if (v instanceof double[]) {
            for (double x : (double[]) v) addElement(list, c, x);
        } else if (v instanceof long[]) {
            for (long x : (long[]) v) addElement(list, c, x);
        } else if (v instanceof int[]) {
            for (int x : (int[]) v) addElement(list, c, x);
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) addElement(list, c, o);
        } else {
            throw badValue(c, v);
        }
    }

    private void addElement(Group list, ColumnSpec c, Object o) {
        Group e = list.addGroup("list");
        if (o == null) return;
        switch (c.type()) {
            case FLOAT_LIST: e.add("element", number(c, o).floatValue()); break;
            case DOUBLE_LIST: e.add("element", number(c, o).doubleValue()); break;
            case INT64_LIST: e.add("element", number(c, o).longValue()); break;
            case STRING_LIST: e.add("element", cast(c, o, String.class)); break;
            default: throw badValue(c, o);
        }
    }

    private Number number(ColumnSpec c, Object v) {
        return cast(c, v, Number.class);
    }

    private <T> T cast(ColumnSpec c, Object v, Class<T> type) {
        if (!type.isInstance(v)) throw badValue(c, v);
        return type.cast(v);
    }

    private CurioException badValue(ColumnSpec c, Object v) {
        return new CurioException("parquet.wrong_type", displayName, c.name(), "column '" + c.name()
                + "': expected a value for " + c.type() + ", found " + v.getClass().getSimpleName());
    }
}
