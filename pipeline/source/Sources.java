package pipeline.source;

import java.nio.file.Path;
import java.util.List;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;

/** Opens a catalog stream for viewing, dispatching on its {@link StreamLocator}. */
public final class Sources {
    private Sources() { }

    /** A video or depth stream's frames; throws {@link CurioException} when its file is missing or unreadable. */
    public static FrameSource open(Path datasetRoot, EpisodeDetail episode, StreamEntry stream) {
        return open(datasetRoot, episode, stream, 0);
    }

    /**
     * As {@link #open(Path, EpisodeDetail, StreamEntry)}, with at most {@code decoderThreads} threads decoding a
     * video file (0: FFmpeg's choice); a viewer of several streams already decodes them side by side.
     */
    public static FrameSource open(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, int decoderThreads) {
        return open(datasetRoot, episode, stream, decoderThreads, Placement.DEFAULT);
    }

    /** As {@link #open(Path, EpisodeDetail, StreamEntry, int)}, a bag topic's frames placed by {@code placement}. */
    public static FrameSource open(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, int decoderThreads,
                                   Placement placement) {
        StreamLocator loc = StreamLocator.of(stream);
        FrameSource source = openByLog(datasetRoot, episode, stream, loc, decoderThreads);
        long episodeStart = episode.startTimeNs() == null ? 0 : episode.startTimeNs();
        return placement.frames(source, datasetRoot, loc, topic(loc, stream), episodeStart, stream.clockOffsetNs(),
                stream.rateHz() == null ? 0 : stream.rateHz());
    }

    private static FrameSource openByLog(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, StreamLocator loc,
                                         int decoderThreads) {
        Path path = resolve(datasetRoot, loc, stream);
        long start = stream.startNs() == null ? 0 : stream.startNs();
        long episodeStart = episode.startTimeNs() == null ? 0 : episode.startTimeNs();
        double hz = stream.rateHz() == null ? 0 : stream.rateHz();
        return switch (loc.container()) {
            case StreamLocator.MP4 -> Mp4FrameSource.open(path, loc.file(), stream.name(), stream.rateHz(),
                    stream.frameCount(), loc.fromS(), loc.toS(), start, stream.clockOffsetNs(), decoderThreads);
            case StreamLocator.MCAP -> McapImageSource.open(path, loc.file(), stream.name(), topic(loc, stream),
                    episodeStart, stream.clockOffsetNs(), stream.rateHz());
            case StreamLocator.ROSBAG2 -> Rosbag2ImageSource.open(path, loc.file(), stream.name(), topic(loc, stream),
                    episodeStart, stream.clockOffsetNs(), stream.rateHz());
            case StreamLocator.HDF5 -> Hdf5FrameSource.open(path, loc.file(), stream.name(), loc.group(), loc.key(),
                    loc.rowFrom(), loc.rowTo(), hz, stream.clockOffsetNs());
            case StreamLocator.TFRECORD -> TfRecordSources.frames(path, loc.file(), stream.name(), loc.key(),
                    recordIndex(loc, stream), hz, stream.clockOffsetNs());
            case StreamLocator.RLDS_STEPS -> StepLogSources.frames(path, loc.file(), stream.name(), loc.key(), hz,
                    stream.clockOffsetNs());
            case StreamLocator.PARQUET -> ParquetImageSource.open(path, loc.file(), stream.name(), loc.key(), loc.rowFrom(),
                    loc.rowTo(), hz, stream.clockOffsetNs());
            default -> throw new CurioException("source.unsupported", loc.file(), stream.name(),
                    "the player cannot show video from a " + loc.container() + " container yet");
        };
    }

    /**
     * A video stream's frame times without decoding anything: from the catalog when it knows the rate and frame
     * count of an MP4 stream (what {@link #open} would compute), otherwise by opening the stream.
     */
    public static FrameTimeline timeline(Path datasetRoot, EpisodeDetail episode, StreamEntry stream) {
        return timeline(datasetRoot, episode, stream, Placement.DEFAULT);
    }

    /** As {@link #timeline(Path, EpisodeDetail, StreamEntry)}, a bag topic's frames placed by {@code placement}. */
    public static FrameTimeline timeline(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, Placement placement) {
        StreamLocator loc = StreamLocator.of(stream);
        if (StreamLocator.MP4.equals(loc.container())) {
            FrameTimeline t = Mp4FrameSource.timelineOf(stream.rateHz(), stream.frameCount(), loc.fromS(), loc.toS(),
                    stream.startNs() == null ? 0 : stream.startNs(), stream.clockOffsetNs());
            if (t != null) return t;
        }
        try (FrameSource src = open(datasetRoot, episode, stream, 0, placement)) {
            return src.timeline();
        }
    }

    /** A time-series stream for plotting: a very long one keeps every 2^k-th sample (see {@link SeriesBuilder}). */
    public static SeriesData openSeries(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, Cancellation cancel) {
        return openSeries(datasetRoot, episode, stream, SeriesBuilder.DEFAULT_MAX_SAMPLES, Placement.DEFAULT, cancel);
    }

    /** Every sample of a time-series stream, for exports: memory grows with the episode, not with a dataset. */
    public static SeriesData openSeriesWhole(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, Cancellation cancel) {
        return openSeriesWhole(datasetRoot, episode, stream, Placement.DEFAULT, cancel);
    }

    /** As {@link #openSeriesWhole(Path, EpisodeDetail, StreamEntry, Cancellation)}, a bag topic placed by {@code placement}. */
    public static SeriesData openSeriesWhole(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, Placement placement,
                                             Cancellation cancel) {
        return openSeries(datasetRoot, episode, stream, Integer.MAX_VALUE, placement, cancel);
    }

    private static SeriesData openSeries(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, int maxSamples,
                                         Placement placement, Cancellation cancel) {
        StreamLocator loc = StreamLocator.of(stream);
        SeriesData byLog = openSeriesByLog(datasetRoot, episode, stream, loc, maxSamples, cancel);
        long episodeStart = episode.startTimeNs() == null ? 0 : episode.startTimeNs();
        return placement.series(byLog, datasetRoot, loc, topic(loc, stream), episodeStart, stream.clockOffsetNs(), cancel);
    }

    private static SeriesData openSeriesByLog(Path datasetRoot, EpisodeDetail episode, StreamEntry stream, StreamLocator loc,
                                              int maxSamples, Cancellation cancel) {
        Path path = resolve(datasetRoot, loc, stream);
        long episodeStart = episode.startTimeNs() == null ? 0 : episode.startTimeNs();
        double hz = stream.rateHz() == null ? 0 : stream.rateHz();
        return switch (loc.container()) {
            case StreamLocator.MCAP -> SeriesSources.mcapJointStates(path, loc.file(), stream.name(), topic(loc, stream),
                    episodeStart, stream.clockOffsetNs(), stream.jointNames(), maxSamples, cancel);
            case StreamLocator.ROSBAG2 -> SeriesSources.rosbag2JointStates(path, loc.file(), stream.name(),
                    topic(loc, stream), episodeStart, stream.clockOffsetNs(), stream.jointNames(), maxSamples, cancel);
            case StreamLocator.PARQUET -> loc.key() == null ? TableSeries.read(path, loc.file(), stream.name(), loc.container(),
                    loc.columns() == null ? List.of() : loc.columns(), loc.timeKey(), hz, stream.clockOffsetNs(), cancel)
                    : SeriesSources.parquetColumn(path, loc.file(), stream.name(), loc.key(),
                    loc.timeKey(), loc.rowFrom(), loc.rowTo(), hz, stream.clockOffsetNs(), stream.jointNames(), maxSamples, cancel);
            case StreamLocator.HDF5 -> SeriesSources.hdf5Dataset(path, loc.file(), stream.name(), loc.group(), loc.key(),
                    hz, stream.clockOffsetNs(), stream.jointNames(), maxSamples, cancel);
            case StreamLocator.TFRECORD -> TfRecordSources.series(path, loc.file(), stream.name(), loc.key(),
                    recordIndex(loc, stream), hz, stream.clockOffsetNs(), cancel);
            case StreamLocator.RLDS_STEPS -> StepLogSources.series(path, loc.file(), stream.name(), loc.key(), hz,
                    stream.clockOffsetNs(), cancel);
            case StreamLocator.CSV, StreamLocator.JSON_TABLE -> TableSeries.read(path, loc.file(), stream.name(), loc.container(),
                    loc.columns() == null ? List.of() : loc.columns(), loc.timeKey(), hz, stream.clockOffsetNs(), cancel);
            default -> throw new CurioException("source.unsupported", loc.file(), stream.name(),
                    "the player cannot plot a " + loc.container() + " stream yet");
        };
    }

    private static int recordIndex(StreamLocator loc, StreamEntry stream) {
        if (loc.recordIndex() == null) {
            throw new CurioException("stream.no_source", loc.file(), stream.name(), "the stream does not name its TFRecord record");
        }
        return loc.recordIndex();
    }

    private static String topic(StreamLocator loc, StreamEntry stream) {
        return loc.key() != null ? loc.key() : stream.topic();
    }

    private static Path resolve(Path root, StreamLocator loc, StreamEntry stream) {
        if (loc.file() == null) {
            throw new CurioException("stream.no_source", null, stream.name(), "stream has no file");
        }
        return root.resolve(loc.file());
    }
}
