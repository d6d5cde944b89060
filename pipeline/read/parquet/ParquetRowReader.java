package pipeline.read.parquet;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import store.CurioException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Streams rows of one parquet file, optionally projected to some columns and restricted to a
 * {@link RowRange}. Row groups whose statistics exclude the range are skipped without decoding, so reading
 * one episode of a shared v3 data file does not decode the other episodes' row groups.
 */
public final class ParquetRowReader implements AutoCloseable {
    private final ParquetReader<Group> reader;
    private final String displayName;
    private final RowRange range;
    private final ParquetSchema schema;

    private ParquetRowReader(ParquetReader<Group> reader, String displayName, RowRange range, ParquetSchema schema) {
        this.reader = reader;
        this.displayName = displayName;
        this.range = range;
        this.schema = schema;
    }

    /** All columns, all rows. */
    public static ParquetRowReader open(Path file, String displayName) {
        return open(file, displayName, null, null);
    }

    /**
     * @param columns top-level columns to read; null reads all. Names absent from the file are ignored
     *                (check {@link ParquetSchema#has} first when a column is required).
     * @param range   null for all rows; else the filter column must be an integral or floating scalar
     */
    public static ParquetRowReader open(Path file, String displayName, Collection<String> columns, RowRange range) {
        return open(new LocalInputFile(file), ParquetFiles.footer(file, displayName), displayName, columns, range);
    }

    /** Rows read through a channel the caller owns (and closes after this reader). */
    public static ParquetRowReader open(FileChannel channel, String displayName, Collection<String> columns, RowRange range) {
        InputFile in = new ChannelInputFile(channel);
        return open(in, ParquetFiles.footer(in, displayName), displayName, columns, range);
    }

    private static ParquetRowReader open(InputFile file, ParquetFiles.Footer footer, String displayName,
                                         Collection<String> columns, RowRange range) {
        MessageType fileSchema = footer.messageType();
        ParquetSchema schema = footer.schema();
        try {
            MessageType projection = project(fileSchema, columns, range);
            ParquetReader.Builder<Group> b = new GroupBuilder(file, projection);
            if (range != null) b.withFilter(FilterCompat.get(predicate(fileSchema, range, displayName)));
            return new ParquetRowReader(b.build(), displayName, range, schema);
        } catch (CurioException e) {
            throw e;
        } catch (Exception e) {
            throw ParquetFiles.badFile(displayName, e);
        }
    }

    public ParquetSchema schema() {
        return schema;
    }

    /** The next row, or null at the end. */
    public ParquetRow next() {
        try {
            while (true) {
                Group g = reader.read();
                if (g == null) return null;
                ParquetRow row = new ParquetRow(g, displayName, "");
                if (range == null) return row;
                // The record filter is skipped on some reader paths (e.g. dictionary-only pages); enforce exactly.
                if (row.isNull(range.column())) continue;
                double v = row.getDouble(range.column());
                if (v >= range.fromInclusive() && v < range.toExclusive()) return row;
            }
        } catch (CurioException e) {
            throw e;
        } catch (Exception e) {
            throw ParquetFiles.badFile(displayName, e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw ParquetFiles.badFile(displayName, e);
        }
    }

    private static MessageType project(MessageType fileSchema, Collection<String> columns, RowRange range) {
        if (columns == null) return fileSchema;
        List<Type> keep = new ArrayList<>();
        for (Type t : fileSchema.getFields()) {
            boolean wanted = columns.contains(t.getName()) || (range != null && range.column().equals(t.getName()));
            if (wanted) keep.add(t);
        }
        return new MessageType(fileSchema.getName(), keep);
    }

    private static FilterPredicate predicate(MessageType fileSchema, RowRange range, String displayName) {
        String col = range.column();
        if (!fileSchema.containsField(col) || !fileSchema.getType(col).isPrimitive()) {
            throw new CurioException("parquet.wrong_type", displayName, col,
                    "range filter column '" + col + "': expected a numeric scalar column, found "
                            + (fileSchema.containsField(col) ? SchemaMapping.column(fileSchema.getType(col)).describe()
                            : "no such column"));
        }
        switch (fileSchema.getType(col).asPrimitiveType().getPrimitiveTypeName()) {
            case INT64:
                return FilterApi.and(FilterApi.gtEq(FilterApi.longColumn(col), range.fromInclusive()),
                        FilterApi.lt(FilterApi.longColumn(col), range.toExclusive()));
            case INT32:
                return FilterApi.and(FilterApi.gtEq(FilterApi.intColumn(col), (int) range.fromInclusive()),
                        FilterApi.lt(FilterApi.intColumn(col), (int) range.toExclusive()));
            case DOUBLE:
                return FilterApi.and(FilterApi.gtEq(FilterApi.doubleColumn(col), (double) range.fromInclusive()),
                        FilterApi.lt(FilterApi.doubleColumn(col), (double) range.toExclusive()));
            case FLOAT:
                return FilterApi.and(FilterApi.gtEq(FilterApi.floatColumn(col), (float) range.fromInclusive()),
                        FilterApi.lt(FilterApi.floatColumn(col), (float) range.toExclusive()));
            default:
                throw new CurioException("parquet.wrong_type", displayName, col,
                        "range filter column '" + col + "': expected INT32/INT64/FLOAT/DOUBLE, found "
                                + SchemaMapping.column(fileSchema.getType(col)).describe());
        }
    }

    /** The Builder's InputFile constructor is protected: parquet-java expects a subclass per object model. */
    private static final class GroupBuilder extends ParquetReader.Builder<Group> {
        private final MessageType projection;

        GroupBuilder(InputFile file, MessageType projection) {
            super(file);
            this.projection = projection;
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new ProjectingReadSupport(projection);
        }
    }

    private static final class ProjectingReadSupport extends ReadSupport<Group> {
        private final MessageType projection;

        ProjectingReadSupport(MessageType projection) {
            this.projection = projection;
        }

        @Override
        public ReadContext init(InitContext context) {
            return new ReadContext(projection);
        }

        @Override
        public RecordMaterializer<Group> prepareForRead(org.apache.hadoop.conf.Configuration conf,
                Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
            return new GroupRecordConverter(readContext.getRequestedSchema());
        }

        @Override
        public RecordMaterializer<Group> prepareForRead(org.apache.parquet.conf.ParquetConfiguration conf,
                Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
            return new GroupRecordConverter(readContext.getRequestedSchema());
        }
    }
}
