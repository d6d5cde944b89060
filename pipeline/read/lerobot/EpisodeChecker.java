package pipeline.read.lerobot;

import pipeline.read.ChannelOpener;
import pipeline.read.Once;
import pipeline.read.lerobot.LeRobotProblem.Severity;
import pipeline.read.parquet.ParquetColumn;
import pipeline.read.parquet.ParquetFiles;
import pipeline.read.parquet.ParquetRowReader;
import pipeline.read.parquet.ParquetSchema;
import pipeline.read.parquet.RowRange;
import store.CurioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds per-episode defects: missing data/video files, wrongly typed columns, missing rows. */
final class EpisodeChecker {
    private final Path root;
    private final LeRobotInfo info;
    private final ChannelOpener files;
    /**
     * v3 episodes share data files; their footers are read once, even when ingest workers check two
     * episodes of one file at the same time (reading it also hashes it, so a duplicate would cost a pass).
     */
    private final Map<String, Once<Object>> schemaCache = new ConcurrentHashMap<>();

    EpisodeChecker(Path root, LeRobotInfo info, ChannelOpener files) {
        this.root = root;
        this.info = info;
        this.files = files;
    }

    List<LeRobotProblem> check(LeRobotEpisode ep) {
        List<LeRobotProblem> out = new ArrayList<>();
        checkData(ep, out);
        for (VideoRef v : ep.videos().values()) checkVideo(ep, v, out);
        return out;
    }

    private void checkData(LeRobotEpisode ep, List<LeRobotProblem> out) {
        long e = ep.index();
        String rel = ep.dataPath();
        if (!Files.isRegularFile(root.resolve(rel))) {
            out.add(new LeRobotProblem(e, Severity.ERROR, "lerobot.data_missing", rel, null,
                    "episode " + e + ": data file " + rel + " is missing"));
            return;
        }
        Object cached = schemaCache.computeIfAbsent(rel, k -> new Once<>()).get(() -> {
            try {
                return files.read(root.resolve(rel), rel, ch -> ParquetFiles.inspect(ch, rel));
            } catch (CurioException ex) {
                return ex;
            }
        });
        if (cached instanceof CurioException) {
            CurioException ex = (CurioException) cached;
            out.add(new LeRobotProblem(e, Severity.ERROR, ex.code(), rel, ex.field(), ex.getMessage()));
            return;
        }
        ParquetSchema schema = (ParquetSchema) cached;
        for (LeRobotFeature f : info.features().values()) {
            if (f.isVideo()) continue;
            ParquetColumn c = schema.column(f.key()).orElse(null);
            if (c == null) {
                out.add(new LeRobotProblem(e, Severity.WARNING, "lerobot.missing_column", rel, f.key(),
                        "info.json declares '" + f.key() + "' but the data file has no such column"));
                continue;
            }
            String why = FeatureTypeCheck.mismatch(f, c);
            if (why != null) out.add(new LeRobotProblem(e, Severity.ERROR, "lerobot.wrong_type", rel, f.key(), why));
        }
        checkRows(ep, schema, out);
    }

    private void checkRows(LeRobotEpisode ep, ParquetSchema schema, List<LeRobotProblem> out) {
        long e = ep.index();
        long found;
        if (!info.version().isV3()) {
            found = schema.rowCount();
        } else {
            if (ep.toIndex() - ep.fromIndex() != ep.length()) {
                out.add(new LeRobotProblem(e, Severity.WARNING, "lerobot.length_mismatch", V3Metadata.EPISODES_DIR,
                        "length", "episode " + e + ": length " + ep.length() + " but dataset_to_index - dataset_from_index = "
                        + (ep.toIndex() - ep.fromIndex())));
            }
            if (!schema.has("index") || ep.fromIndex() < 0) return;
            found = files.read(root.resolve(ep.dataPath()), ep.dataPath(), ch -> {
                long rows = 0;
                try (ParquetRowReader r = ParquetRowReader.open(ch, ep.dataPath(), List.of("index"),
                        new RowRange("index", ep.fromIndex(), ep.toIndex()))) {
                    while (r.next() != null) rows++;
                }
                return rows;
            });
        }
        if (found < ep.length()) {
            out.add(new LeRobotProblem(e, Severity.ERROR, "lerobot.rows_missing", ep.dataPath(), null,
                    "episode " + e + ": metadata says " + ep.length() + " frames, data file has " + found));
        } else if (found > ep.length()) {
            out.add(new LeRobotProblem(e, Severity.WARNING, "lerobot.length_mismatch", ep.dataPath(), null,
                    "episode " + e + ": metadata says " + ep.length() + " frames, data file has " + found));
        }
    }

    private static void checkVideo(LeRobotEpisode ep, VideoRef v, List<LeRobotProblem> out) {
        long e = ep.index();
        if (v.expectedPath() == null) {
            out.add(new LeRobotProblem(e, Severity.ERROR, "lerobot.video_missing", null, v.videoKey(),
                    "episode " + e + ": episodes metadata does not locate video '" + v.videoKey() + "'"));
        } else if (!v.exists()) {
            out.add(new LeRobotProblem(e, Severity.ERROR, "lerobot.video_missing", v.expectedPath(), v.videoKey(),
                    "episode " + e + ": video file " + v.expectedPath() + " is missing"));
        } else if (!v.atTemplatePath()) {
            out.add(new LeRobotProblem(e, Severity.WARNING, "lerobot.video_path_mismatch", v.resolvedPath(), v.videoKey(),
                    "episode " + e + ": video found at " + v.resolvedPath() + " but info.json video_path gives "
                    + v.expectedPath()));
        }
    }
}
