package pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import pipeline.read.parquet.ParquetRow;
import pipeline.read.parquet.ParquetRowReader;
import pipeline.read.parquet.RowRange;
import store.CurioException;

/**
 * An image feature stored in a parquet column (LeRobot {@code dtype: image}: the Hugging Face Image struct
 * {@code {bytes, path}}, or plain binary as some writers store it): frames are read in row order through one cursor, reopened only when an earlier frame is
 * asked for, so an export (which reads forward) reads each row once.
 */
final class ParquetImageSource {
    private ParquetImageSource() { }

    static FrameSource open(Path path, String file, String stream, String column, Long rowFrom, Long rowTo, double rateHz,
                            long clockOffsetNs) {
        if (!Files.isRegularFile(path)) throw new CurioException("source.missing_file", file, column, "file not found: " + path);
        long from = rowFrom == null ? 0 : rowFrom;
        long to = rowTo == null ? Long.MAX_VALUE : rowTo;
        int frames = 0;
        try (ParquetRowReader r = reader(path, file, column, from, to)) {
            while (r.next() != null) frames++;
        }
        FrameTimeline t = FrameTimeline.constantRate(frames, rateHz > 0 ? rateHz : TfRecordSources.FALLBACK_HZ, clockOffsetNs);
        Cursor cursor = new Cursor(path, file, column, from, to);
        return new EncodedImageSource(stream, file, column, t, cursor::bytes) {
            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    private static ParquetRowReader reader(Path path, String file, String column, long from, long to) {
        if (from == 0 && to == Long.MAX_VALUE) return ParquetRowReader.open(path, file, List.of(column), null);
        return ParquetRowReader.open(path, file, List.of(column, "index"), new RowRange("index", from, to));
    }

    /** Reads rows forward; a backward request starts over. */
    private static final class Cursor {
        private final Path path;
        private final String file;
        private final String column;
        private final long from;
        private final long to;
        private ParquetRowReader reader;
        private int next;

        Cursor(Path path, String file, String column, long from, long to) {
            this.path = path;
            this.file = file;
            this.column = column;
            this.from = from;
            this.to = to;
        }

        byte[] bytes(int n) {
            if (reader == null || n < next) {
                close();
                reader = reader(path, file, column, from, to);
                next = 0;
            }
            ParquetRow row = null;
            while (next <= n) {
                row = reader.next();
                if (row == null) throw new CurioException("source.out_of_range", file, column, "no row for frame " + n);
                next++;
            }
            if (!row.isStruct(column)) return row.getBytes(column);
            ParquetRow cell = row.getStruct(column);
            if (!cell.has("bytes") || cell.isNull("bytes")) {
                throw new CurioException("source.unsupported", file, column, "frame " + n + " is stored by path only, not as bytes");
            }
            return cell.getBytes("bytes");
        }

        void close() {
            if (reader != null) reader.close();
            reader = null;
        }
    }
}
