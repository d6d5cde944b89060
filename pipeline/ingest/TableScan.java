package pipeline.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import store.CurioException;

/**
 * Streams a time-series table beside plain MP4s: CSV with a header row, or JSON as an array of row objects
 * with numeric (or boolean) values. Columns, row count and the time column's range are kept; a value of
 * another type is {@code table.bad_type} naming the column and row. Parquet tables are read from their
 * footer only.
 */
final class TableScan {
    private static final List<String> TIME_KEYS = List.of("timestamp", "time", "t", "timestamp_s", "time_s");
    static final String BAD_TYPE = "table.bad_type";

    record Result(List<String> columns, long rows, String timeKey, Long startNs, Long endNs, Double rateHz) { }

    private TableScan() { }

    static Result scan(InputStream in, String rel) throws IOException {
        String lower = rel.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) return csv(in, rel);
        return json(in, rel);
    }

    private static Result csv(InputStream in, String rel) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = r.readLine();
        if (header == null) throw new CurioException("table.empty", rel, null, "CSV file has no header row");
        List<String> cols = List.of(header.split(",", -1)).stream().map(String::strip).toList();
        int timeCol = timeIndex(cols);
        Range range = new Range();
        String line;
        long rows = 0;
        while ((line = r.readLine()) != null) {
            if (line.isBlank()) continue;
            rows++;
            if (timeCol < 0) continue;
            String[] cells = line.split(",", -1);
            String cell = timeCol < cells.length ? cells[timeCol].strip() : "";
            try {
                range.add(Double.parseDouble(cell));
            } catch (NumberFormatException e) {
                throw new CurioException(BAD_TYPE, rel, cols.get(timeCol), "row " + rows + ": time value is not a number: " + cell);
            }
        }
        return range.result(cols, rows, timeCol < 0 ? null : cols.get(timeCol));
    }

    private static Result json(InputStream in, String rel) throws IOException {
        try (JsonParser p = Manifests.JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new CurioException(BAD_TYPE, rel, "$", "expected a JSON array of row objects");
            }
            Map<String, Boolean> cols = new LinkedHashMap<>();
            Range range = new Range();
            String timeKey = null;
            long rows = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String col = p.currentName();
                    JsonToken v = p.nextToken();
                    cols.putIfAbsent(col, true);
                    boolean ok = v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT
                            || v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE || v == JsonToken.VALUE_NULL;
                    if (!ok) {
                        throw new CurioException(BAD_TYPE, rel, "$[" + rows + "]." + col, "expected a number, found " + v);
                    }
                    if (TIME_KEYS.contains(col.toLowerCase(Locale.ROOT)) && v != JsonToken.VALUE_NULL) {
                        if (timeKey == null && rows == 0) timeKey = col;
                        if (col.equals(timeKey)) range.add(p.getDoubleValue());
                    }
                }
                rows++;
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new CurioException(BAD_TYPE, rel, "$[" + rows + "]", "expected a row object");
            }
            return range.result(List.copyOf(cols.keySet()), rows, timeKey);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CurioException("table.bad_json", rel, null, "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parquet is read from its footer; the channel hashes the file on the way there. */
    static Result parquet(FileChannel ch, String rel) {
        var schema = pipeline.read.parquet.ParquetFiles.inspect(ch, rel);
        List<String> cols = schema.columns().stream().map(c -> c.name()).toList();
        int t = timeIndex(cols);
        return new Result(cols, schema.rowCount(), t < 0 ? null : cols.get(t), null, null, null);
    }

    private static int timeIndex(List<String> cols) {
        for (String k : TIME_KEYS) {
            for (int i = 0; i < cols.size(); i++) if (cols.get(i).equalsIgnoreCase(k)) return i;
        }
        return -1;
    }

    /** Seconds in the time column, turned into episode-clock ns and a mean rate. */
    private static final class Range {
        double first = Double.NaN;
        double last = Double.NaN;
        long n;

        void add(double v) {
            if (n++ == 0) first = v;
            last = v;
        }

        Result result(List<String> cols, long rows, String timeKey) {
            if (n == 0) return new Result(cols, rows, timeKey, null, null, null);
            Double rate = n > 1 && last > first ? (n - 1) / (last - first) : null;
            return new Result(cols, rows, timeKey, 0L, Math.round((last - first) * 1e9), rate);
        }
    }
}
