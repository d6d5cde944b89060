package pipeline.read.parquet;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import store.CurioException;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Footer-only access to parquet files. */
public final class ParquetFiles {
    private ParquetFiles() { }

    /**
     * Reads schema, row count and key/value metadata from the footer only.
     *
     * @param displayName the path to report in errors (relative to a dataset root when known)
     */
    public static ParquetSchema inspect(Path file, String displayName) {
        return footer(file, displayName).schema();
    }

    /** The raw parquet schema next to its mapped view; the row reader needs both. */
    record Footer(MessageType messageType, ParquetSchema schema) { }

    static Footer footer(Path file, String displayName) {
        if (!Files.isRegularFile(file)) {
            throw new CurioException("parquet.bad_file", displayName, null, "parquet file not found: " + file);
        }
        return footer(new LocalInputFile(file), displayName);
    }

    /**
     * The footer read through an open channel: ingest passes one that hashes the file while parquet
     * seeks to its end, so the file is read once.
     */
    public static ParquetSchema inspect(FileChannel channel, String displayName) {
        return footer(new ChannelInputFile(channel), displayName).schema();
    }

    static Footer footer(InputFile file, String displayName) {
        // Plain options, not Hadoop's: the default ones build a Hadoop Configuration, which parses core-default.xml
        // out of its jar for every file (about 4 ms, most of a footer read). Built per reader because the
        // options carry a codec factory the reader releases when it closes.
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader r = ParquetFileReader.open(file, options)) {
            FileMetaData meta = r.getFooter().getFileMetaData();
            return new Footer(meta.getSchema(), new ParquetSchema(SchemaMapping.columns(meta.getSchema()),
                    r.getRecordCount(), r.getRowGroups().size(), meta.getKeyValueMetaData()));
        } catch (CurioException e) {
            throw e;
        } catch (Exception e) {
            throw badFile(displayName, e);
        }
    }

    public static ParquetSchema inspect(Path file) {
        return inspect(file, file.toString());
    }

    static CurioException badFile(String displayName, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CurioException("parquet.bad_file", displayName, null, "not a readable parquet file: " + why, e);
    }
}
