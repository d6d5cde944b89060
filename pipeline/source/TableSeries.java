package pipeline.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pipeline.read.parquet.ParquetRow;
import pipeline.read.parquet.ParquetRowReader;
import store.Cancellation;
import store.CurioException;

/**
 * A table of samples beside MP4s (CSV with a header row, a JSON array of row objects, a parquet file): every column
 * but the time column is one channel of the stream. Times are the time column's seconds relative to its first
 * row, as ingest recorded the stream, or {@code row / rateHz} without one.
 */
public final class TableSeries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableSeries() { }

    public static SeriesData read(Path path, String file, String stream, String container, List<String> columns,
                                  String timeKey, double rateHz, long clockOffsetNs, Cancellation cancel) {
        if (!Files.isRegularFile(path)) throw new CurioException("source.missing_file", file, null, "table not found: " + path);
        List<String> channels = new ArrayList<>();
        for (String c : columns) if (!c.equals(timeKey)) channels.add(c);
        SeriesBuilder b = new SeriesBuilder(stream, Integer.MAX_VALUE);
        try {
            if (container.equals(StreamLocator.PARQUET)) {
                parquet(path, file, stream, columns, channels, timeKey, b, rateHz, clockOffsetNs, cancel);
            } else {
                channels.forEach(c -> b.channel(stream, c));
                Rows rows = new Rows(b, channels.size(), timeKey, rateHz, clockOffsetNs);
                if (container.equals(StreamLocator.CSV)) csv(path, file, channels, timeKey, rows, cancel);
                else json(path, file, channels, timeKey, rows, cancel);
            }
        } catch (IOException e) {
            throw new CurioException("io.read_failed", file, null, e.getMessage(), e);
        }
        return b.build();
    }

    /** Turns each row's time and values into a sample. */
    private static final class Rows {
        private final SeriesBuilder builder;
        private final double[] row;
        private final boolean timed;
        private final double hz;
        private final long offsetNs;
        private double firstTime = Double.NaN;
        private long index;

        Rows(SeriesBuilder builder, int channels, String timeKey, double rateHz, long offsetNs) {
            this.builder = builder;
            this.row = new double[channels];
            this.timed = timeKey != null;
            this.hz = rateHz > 0 ? rateHz : TfRecordSources.FALLBACK_HZ;
            this.offsetNs = offsetNs;
        }

        double[] values() {
            java.util.Arrays.fill(row, Double.NaN);
            return row;
        }

        void add(double timeS) {
            long t;
            if (timed && !Double.isNaN(timeS)) {
                if (Double.isNaN(firstTime)) firstTime = timeS;
                t = Math.round((timeS - firstTime) * 1e9);
            } else {
                t = Math.round(index * 1e9 / hz);
            }
            index++;
            builder.add(t + offsetNs, row);
        }
    }

    private static void csv(Path path, String file, List<String> channels, String timeKey, Rows rows, Cancellation cancel)
            throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) return;
            String[] names = header.split(",", -1);
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < names.length; i++) at.put(names[i].strip(), i);
            int timeCol = timeKey == null ? -1 : at.getOrDefault(timeKey, -1);
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                if ((++n & 1023) == 0) cancel.check();
                String[] cells = line.split(",", -1);
                double[] v = rows.values();
                for (int c = 0; c < channels.size(); c++) {
                    Integer i = at.get(channels.get(c));
                    v[c] = i == null || i >= cells.length ? Double.NaN : number(cells[i].strip(), file, channels.get(c), n);
                }
                rows.add(timeCol < 0 || timeCol >= cells.length ? Double.NaN : number(cells[timeCol].strip(), file, timeKey, n));
            }
        }
    }

    private static double number(String cell, String file, String column, long row) {
        if (cell.isEmpty()) return Double.NaN;
        if (cell.equalsIgnoreCase("true")) return 1;
        if (cell.equalsIgnoreCase("false")) return 0;
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new CurioException("table.bad_type", file, column, "row " + row + ": not a number: " + cell);
        }
    }

    private static void json(Path path, String file, List<String> channels, String timeKey, Rows rows, Cancellation cancel)
            throws IOException {
        Map<String, Integer> at = new HashMap<>();
        for (int c = 0; c < channels.size(); c++) at.put(channels.get(c), c);
        try (InputStream in = Files.newInputStream(path); JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new CurioException("table.bad_type", file, "$", "expected a JSON array of row objects");
            long n = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                if ((++n & 1023) == 0) cancel.check();
                double[] v = rows.values();
                double time = Double.NaN;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String col = p.currentName();
                    JsonToken t = p.nextToken();
                    double x = switch (t) {
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_TRUE -> 1;
                        case VALUE_FALSE -> 0;
                        case VALUE_NULL -> Double.NaN;
                        default -> throw new CurioException("table.bad_type", file, "$[" + (n - 1) + "]." + col, "expected a number, found " + t);
                    };
                    if (col.equals(timeKey)) time = x;
                    Integer c = at.get(col);
                    if (c != null) v[c] = x;
                }
                rows.add(time);
            }
        }
    }

    /** A list column (a vector per row) gives one channel per element, named {@code column[i]}. */
    private static void parquet(Path path, String file, String stream, List<String> columns, List<String> channels,
                                String timeKey, SeriesBuilder b, double rateHz, long offsetNs, Cancellation cancel) {
        try (ParquetRowReader r = ParquetRowReader.open(path, file, columns, null)) {
            Rows rows = null;
            int[] widths = new int[channels.size()];
            long n = 0;
            for (ParquetRow p = r.next(); p != null; p = r.next()) {
                if ((++n & 1023) == 0) cancel.check();
                if (rows == null) {
                    int total = 0;
                    for (int c = 0; c < channels.size(); c++) {
                        String col = channels.get(c);
                        widths[c] = p.has(col) && !p.isNull(col) ? p.getDoubleArray(col).length : 1;
                        for (int k = 0; k < widths[c]; k++) b.channel(stream, widths[c] == 1 ? col : col + "[" + k + "]");
                        total += widths[c];
                    }
                    rows = new Rows(b, total, timeKey, rateHz, offsetNs);
                }
                double[] v = rows.values();
                int at = 0;
                for (int c = 0; c < channels.size(); c++) {
                    String col = channels.get(c);
                    if (p.has(col) && !p.isNull(col)) {
                        double[] x = p.getDoubleArray(col);
                        System.arraycopy(x, 0, v, at, Math.min(x.length, widths[c]));
                    }
                    at += widths[c];
                }
                rows.add(timeKey != null && p.has(timeKey) && !p.isNull(timeKey) ? p.getDouble(timeKey) : Double.NaN);
            }
        }
    }
}
