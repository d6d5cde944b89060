package pipeline.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pipeline.read.rlds.StepLogMetadata;
import pipeline.read.rlds.StepLogReader;
import pipeline.read.rlds.StepLogSummary;
import pipeline.source.StreamLocator;
import store.CurioException;
import store.EpisodeWrite;
import store.ProgressSink;
import store.StreamEntry;
import store.StreamKind;

/** RLDS step-log episodes (seed 004): metadata.json + steps/*.jsonl + blobs/, one folder per episode. */
final class StepLogFormat {
    static final String FORMAT = "rlds-steps";

    private StepLogFormat() { }

    static EpisodeUnit unit(FileTable files, Path dir) {
        List<String> all = files.walk(dir);
        String rel = files.rel(dir);
        return new EpisodeUnit(rel, FORMAT, dir, all, ctx -> {
            StepLogSummary s;
            try {
                s = StepLogReader.open(dir).scan(ctx.cancel(), ProgressSink.NONE, ctx.files().opener());
            } catch (CurioException e) {
                throw Relocate.under(rel, e);
            }
            StepLogMetadata md = s.metadata();
            StepLogSummary.TimestampStats ts = s.timestamps();
            long zero = ts.firstNs() == null ? 0 : ts.firstNs();
            long duration = md.durationMs() != null ? md.durationMs() * 1_000_000L : ts.durationNs();
            // Stamped steps give the rate between the first and last stamp; a declared duration covers every step's period.
            Double rate = ts.firstNs() != null && ts.lastNs() != null && ts.lastNs() > ts.firstNs() && ts.stamped() > 1
                    ? (ts.stamped() - 1) / ((ts.lastNs() - ts.firstNs()) / 1e9)
                    : duration > 0 && s.stepCount() > 0 ? s.stepCount() / (duration / 1e9) : null;
            List<StreamEntry> streams = new ArrayList<>();
            for (Map.Entry<String, StepLogSummary.MediaStream> e : s.media().entrySet()) {
                StepLogSummary.MediaStream m = e.getValue();
                String key = e.getKey();
                StreamKind kind = key.contains("depth") ? StreamKind.DEPTH : key.contains("audio") ? StreamKind.AUDIO : StreamKind.VIDEO;
                StreamLocator loc = Streams.locator(StreamLocator.RLDS_STEPS, rel, key, null, null, null, null, null, null);
                Long start = m.firstTimestampNs() == null ? null : m.firstTimestampNs() - zero;
                Long end = m.lastTimestampNs() == null ? null : m.lastTimestampNs() - zero;
                streams.add(new StreamEntry(key, kind, key, rel, rate, m.width() > 0 ? m.width() : null,
                        m.height() > 0 ? m.height() : null, String.join(",", m.formats()), start, end, 0, m.frames(),
                        null, null, loc.toExtraJson()));
            }
            for (StepLogSummary.Arm arm : s.arms().values()) {
                String key = "observation.robot_state." + arm.name() + ".joint_positions";
                streams.add(Streams.series(key, StreamKind.TIMESERIES, key, Streams.locator(StreamLocator.RLDS_STEPS, rel, key,
                        null, null, null, null, null, null), rate, 0L, duration, arm.steps(), null, "float"));
            }
            if (s.action() != null && s.action().stepsWithCommand() > 0) {
                String key = "action.command";
                streams.add(Streams.series(key, StreamKind.TIMESERIES, key, Streams.locator(StreamLocator.RLDS_STEPS, rel, key,
                        null, null, null, null, null, null), rate, 0L, duration, s.action().stepsWithCommand(), null, "float"));
            }
            String id = md.episodeId() != null ? md.episodeId() : ctx.qualifiedId(rel);
            String task = s.languageInstruction();
            return List.of(new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), id, rel, FORMAT, task,
                    task == null ? List.of() : List.of(task), md.robotId() != null ? md.robotId() : md.robotModel(), null,
                    md.startTimeUnixMs() == null ? null : md.startTimeUnixMs() * 1_000_000L, duration, s.stepCount(),
                    md.raw() == null ? null : md.raw().toString(), streams, ctx.entries(all))));
        });
    }
}
