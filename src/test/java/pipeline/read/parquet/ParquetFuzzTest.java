package pipeline.read.parquet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A parquet file: its footer read (from a path and through a channel, as ingest hashes it), then every row with
 * every column read as the type the footer declares.
 */
class ParquetFuzzTest {
    private static final Path FILE = FuzzHarness.scratch("parquet").resolve("fuzz.parquet");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void parquet(byte[] input) {
        FuzzHarness.write(FILE, input);
        FuzzHarness.check(input, () -> {
            try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.READ)) {
                ParquetFiles.inspect(ch, "fuzz.parquet");
            }
            ParquetSchema schema = ParquetFiles.inspect(FILE, "fuzz.parquet");
            try (ParquetRowReader r = ParquetRowReader.open(FILE, "fuzz.parquet")) {
                ParquetRow row;
                while ((row = r.next()) != null) {
                    for (ParquetColumn c : schema.columns()) readCell(row, c);
                }
            }
        });
    }

    private static void readCell(ParquetRow row, ParquetColumn c) {
        String name = c.name();
        if (row.isNull(name)) return;
        switch (c.kind()) {
            case INT32, INT64 -> row.getLong(name);
            case FLOAT, DOUBLE -> row.getDouble(name);
            case BOOLEAN -> row.getBoolean(name);
            case STRING -> row.getString(name);
            case BINARY -> row.getBytes(name);
            case STRUCT -> {
                ParquetRow s = row.getStruct(name);
                for (ParquetColumn f : c.fields()) readCell(s, f);
            }
            case LIST -> {
                if (c.elementKind().isIntegral()) row.getLongArray(name);
                else if (c.elementKind().isNumeric()) row.getDoubleArray(name);
                else if (c.elementKind() == ValueKind.STRING) row.getStringList(name);
            }
            default -> { }
        }
    }
}
