package pipeline.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import pipeline.read.rlds.EpisodeSummary;
import pipeline.read.rlds.SplitScan;
import pipeline.read.rlds.TfdsDataset;
import pipeline.read.rlds.TfdsDatasetInfo;
import pipeline.read.rlds.TfdsFeatures;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.EpisodeWrite;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/**
 * RLDS datasets in TFDS on-disk form: one unit per split, because a split's shards are read in one pass
 * and every record in them is an episode.
 */
final class TfdsFormat {
    static final String FORMAT = "rlds-tfds";
    /** RLDS step flags and language fields: per-step bookkeeping, not signal streams. */
    private static final Set<String> NOT_STREAMS = Set.of("is_first", "is_last", "is_terminal", "language_instruction",
            "language_embedding");

    private TfdsFormat() { }

    static List<EpisodeUnit> units(FileTable files) {
        TfdsDataset ds = TfdsDataset.open(files.root());
        List<EpisodeUnit> out = new ArrayList<>();
        for (TfdsDatasetInfo.SplitInfo split : ds.info().splits()) {
            List<String> rels = new ArrayList<>(List.of(TfdsDatasetInfo.FILE, TfdsFeatures.FILE));
            for (Path p : ds.shardFiles(split.name())) rels.add(files.rel(p));
            out.add(new EpisodeUnit(split.name(), FORMAT, files.root().resolve(split.name()), rels,
                    ctx -> read(ctx, ds, split.name(), rels)));
        }
        return out;
    }

    private static List<EpisodeUnit.Outcome> read(IngestContext ctx, TfdsDataset ds, String split, List<String> rels) {
        List<EpisodeSummary> episodes = new ArrayList<>();
        SplitScan scan = ds.scan(split, episodes::add, ctx.cancel(), ProgressSink.NONE, ctx.files().opener());
        var entries = ctx.entries(rels);
        List<EpisodeUnit.Outcome> out = new ArrayList<>();
        for (EpisodeSummary e : episodes) {
            String shard = e.shardFile();
            List<StreamEntry> streams = new ArrayList<>();
            for (EpisodeSummary.ImageFeature img : e.images()) {
                String key = EpisodeSummary.STEPS_PREFIX + img.key();
                StreamLocator loc = Streams.locator(StreamLocator.TFRECORD, shard, key, null, null, null,
                        (int) e.recordIndex(), null, null);
                StreamKind kind = "png16".equals(img.encoding()) ? StreamKind.DEPTH : StreamKind.VIDEO;
                streams.add(new StreamEntry(img.key(), kind, key, shard, null, img.width() > 0 ? img.width() : null,
                        img.height() > 0 ? img.height() : null, img.encoding(), null, null, 0, (long) img.frames(), null, null,
                        loc.toExtraJson()));
            }
            for (EpisodeSummary.StepFeature f : e.stepFeatures()) {
                boolean image = e.images().stream().anyMatch(i -> i.key().equals(f.key()));
                if (image || NOT_STREAMS.contains(f.key()) || f.valuesPerStep() <= 0 || "bytes".equals(f.valueKind())) continue;
                String key = EpisodeSummary.STEPS_PREFIX + f.key();
                streams.add(Streams.series(f.key(), StreamKind.TIMESERIES, key, Streams.locator(StreamLocator.TFRECORD, shard,
                        key, null, null, null, (int) e.recordIndex(), null, null), null, null, null, (long) e.stepCount(),
                        null, f.valueKind()));
            }
            String local = String.format("%s#%06d", split, e.index());
            String task = e.languageInstruction();
            out.add(new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), ctx.qualifiedId(local), local, FORMAT, task,
                    task == null || task.isEmpty() ? List.of() : List.of(task), null, null, null, 0, (long) e.stepCount(),
                    Streams.JSON.valueToTree(e.episodeMetadata()).toString(), streams, entries)));
        }
        if (!scan.consistent()) {
            List<CurioException> mismatches = scan.mismatches();
            out.add(new EpisodeUnit.Failed(ctx.files().root().resolve(split).toString(), mismatches));
        }
        return out;
    }
}
