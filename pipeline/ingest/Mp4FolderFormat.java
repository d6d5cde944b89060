package pipeline.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pipeline.source.StreamLocator;
import store.EpisodeWrite;
import store.StreamEntry;
import store.StreamKind;

/** A plain folder of MP4 files, optionally with CSV/JSON/parquet time series beside them: one episode. */
final class Mp4FolderFormat {
    static final String FORMAT = "mp4-folder";

    private Mp4FolderFormat() { }

    static EpisodeUnit unit(FileTable files, Path dir, List<Path> videos, List<Path> siblings) {
        List<String> videoRels = videos.stream().map(files::rel).toList();
        List<String> tableRels = siblings.stream().filter(Mp4FolderFormat::isTable).map(files::rel).toList();
        List<String> all = new ArrayList<>(videoRels);
        all.addAll(tableRels);
        String key = videos.size() == 1 && siblings.size() == 1 ? videoRels.get(0) : files.rel(dir);
        return new EpisodeUnit(key, FORMAT, videos.size() == 1 && siblings.size() == 1 ? videos.get(0) : dir, all, ctx -> {
            StreamNames names = new StreamNames();
            List<StreamEntry> streams = new ArrayList<>();
            for (String v : videoRels) {
                streams.add(Streams.video(names.unique(stem(v)), StreamLocator.mp4(v),
                        Mp4Probe.probe(ctx.files(), v), 0, 0));
            }
            for (String t : tableRels) {
                TableScan.Result r = t.toLowerCase(Locale.ROOT).endsWith(".parquet")
                        ? ctx.files().parseChannel(t, ch -> TableScan.parquet(ch, t))
                        : ctx.files().parse(t, in -> TableScan.scan(in, t));
                String container = t.toLowerCase(Locale.ROOT).endsWith(".csv") ? StreamLocator.CSV
                        : t.toLowerCase(Locale.ROOT).endsWith(".json") ? StreamLocator.JSON_TABLE : StreamLocator.PARQUET;
                StreamLocator loc = Streams.locator(container, t, null, null, null, null, null, r.columns(), r.timeKey());
                streams.add(Streams.series(names.unique(stem(t)), StreamKind.TIMESERIES, null, loc, r.rateHz(),
                        r.startNs(), r.endNs(), r.rows(), r.columns(), container));
            }
            long end = streams.stream().filter(s -> s.endNs() != null).mapToLong(StreamEntry::endNs).max().orElse(0);
            Long frames = streams.stream().filter(s -> s.kind() == StreamKind.VIDEO).map(StreamEntry::frameCount).findFirst().orElse(null);
            return List.of(new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), ctx.qualifiedId(key.isEmpty() ? "." : key),
                    key, FORMAT, null, List.of(), null, null, null, end, frames, null, streams, ctx.entries(all))));
        });
    }

    static boolean isTable(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".json") || n.endsWith(".parquet");
    }

    private static String stem(String rel) {
        return Path.of(rel).getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }
}
