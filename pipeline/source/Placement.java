package pipeline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import store.Cancellation;
import store.CurioException;

/**
 * Which clock places a ROS message on the episode timeline, in the player and in exports. With {@link TimeBase#HEADER}
 * (the default, as in Foxglove and LeRobot's bag converters) a topic whose messages carry a {@code header.stamp} is
 * placed at its capture time: the camera frame and the joint state a sensor took together line up even when the
 * recorder received them apart, or a recorder that stalled logged several at once. A topic's header stamps are used
 * only when they can be trusted: every message has one, they strictly increase, and the sensor's clock agrees with the
 * recorder's, the median distance between header stamp and log time being within {@code maxHeaderOffsetNs} (the
 * profile's {@code header_log_max_ms}, the bound beyond which validation reports {@code temporal.clock_offset}; a
 * median, so that a stall's few late messages do not disqualify a good clock). Otherwise, as with
 * {@link TimeBase#LOG}, the topic is placed at log time.
 */
public record Placement(TimeBase timeBase, long maxHeaderOffsetNs) {
    /** Header stamps within 100 ms of log time: the default profile's {@code header_log_max_ms}. */
    public static final Placement DEFAULT = new Placement(TimeBase.HEADER, 100_000_000L);

    public enum TimeBase {
        /** The sensor's capture time, {@code header.stamp}, where a message has one; log time otherwise. */
        HEADER,
        /** The recorder's receive time. */
        LOG;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final int CACHED_TOPICS = 32;
    private static final Map<String, HeaderStamps.Stamps> STAMPS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HeaderStamps.Stamps> eldest) {
            return size() > CACHED_TOPICS;
        }
    };

    /**
     * The episode-clock times of a bag topic's messages by their header stamps, in stored order, or null when this
     * placement puts the topic at log time (by choice, or because its stamps cannot be trusted).
     *
     * @param logPlaced the times the topic's reader placed by log time, to check the two line up message for message:
     *                  every {@code stride}-th message's
     */
    long[] headerPlaced(Path datasetRoot, StreamLocator loc, String topic, long episodeStartNs, long clockOffsetNs,
                        long[] logPlaced, int stride, Cancellation cancel) {
        if (timeBase != TimeBase.HEADER || loc.file() == null) return null;
        if (!StreamLocator.MCAP.equals(loc.container()) && !StreamLocator.ROSBAG2.equals(loc.container())) return null;
        HeaderStamps.Stamps st = stamps(datasetRoot, loc, topic, cancel);
        if (st == null || st.size() == 0 || (st.size() + stride - 1) / stride != logPlaced.length) return null;
        long[] offsets = new long[st.size()];
        for (int i = 0; i < st.size(); i++) offsets[i] = Math.abs(st.headerNs()[i] - st.logNs()[i]);
        java.util.Arrays.sort(offsets);
        if (offsets[offsets.length / 2] > maxHeaderOffsetNs) return null;
        long[] out = new long[logPlaced.length];
        for (int i = 0; i < st.size(); i++) {
            long header = st.headerNs()[i];
            if (i > 0 && header <= st.headerNs()[i - 1]) return null;
            if (i % stride != 0) continue;
            if (logPlaced[i / stride] != st.logNs()[i] - episodeStartNs + clockOffsetNs) return null;
            out[i / stride] = header - episodeStartNs + clockOffsetNs;
        }
        return out;
    }

    /** A frame source whose timeline follows this placement. */
    FrameSource frames(FrameSource source, Path datasetRoot, StreamLocator loc, String topic, long episodeStartNs,
                       long clockOffsetNs, double fallbackHz) {
        if (timeBase != TimeBase.HEADER || !HeaderPlacedFrames.applies(loc)) return source;
        // Placed as the source opens, on the opener's thread: a viewer opens sources off its UI thread, then asks for
        // their timelines on it.
        FrameTimeline logTimeline = source.timeline();
        long[] logTimes = new long[logTimeline.frameCount()];
        for (int i = 0; i < logTimes.length; i++) logTimes[i] = logTimeline.timeNs(i);
        long[] header;
        try {
            header = headerPlaced(datasetRoot, loc, topic, episodeStartNs, clockOffsetNs, logTimes, 1, Cancellation.NEVER);
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
        return header == null ? source : HeaderPlacedFrames.of(source, FrameTimeline.measured(header, fallbackHz));
    }

    /** A series whose times follow this placement. */
    SeriesData series(SeriesData logPlaced, Path datasetRoot, StreamLocator loc, String topic, long episodeStartNs,
                      long clockOffsetNs, Cancellation cancel) {
        long[] header = headerPlaced(datasetRoot, loc, topic, episodeStartNs, clockOffsetNs, logPlaced.timesNs(),
                logPlaced.stride(), cancel);
        return header == null ? logPlaced : new SeriesData(logPlaced.stream(), header, logPlaced.channels(), logPlaced.stride());
    }

    /** A topic's stamps, or null when its file cannot be read: the stream's own reader reports what is wrong with it. */
    private static HeaderStamps.Stamps stamps(Path datasetRoot, StreamLocator loc, String topic, Cancellation cancel) {
        try {
            return cachedStamps(datasetRoot, loc, topic, cancel);
        } catch (CurioException e) {
            return null;
        }
    }

    /**
     * A bag topic's header and log stamps, read once per version of its file: validation, the player, thumbnails and
     * exports all ask for the same topics. A file that cannot be read throws, and nothing is kept for it.
     */
    public static HeaderStamps.Stamps cachedStamps(Path datasetRoot, StreamLocator loc, String topic, Cancellation cancel) {
        Path path = datasetRoot.resolve(loc.file());
        String key = path.toAbsolutePath() + "\n" + topic + "\n" + version(path);
        synchronized (STAMPS) {
            HeaderStamps.Stamps kept = STAMPS.get(key);
            if (kept != null) return kept;
        }
        HeaderStamps.Stamps st = HeaderStamps.read(datasetRoot, loc, topic, cancel);
        if (st != null) {
            synchronized (STAMPS) {
                STAMPS.put(key, st);
            }
        }
        return st;
    }

    /** Size and modification time of a file, or of every file in a bag folder. */
    private static String version(Path path) {
        try {
            if (!Files.isDirectory(path)) return Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis();
            StringBuilder sb = new StringBuilder();
            try (Stream<Path> files = Files.list(path)) {
                files.sorted().forEach(f -> {
                    try {
                        sb.append(f.getFileName()).append(':').append(Files.size(f)).append('@')
                                .append(Files.getLastModifiedTime(f).toMillis()).append(';');
                    } catch (IOException e) {
                        sb.append(f.getFileName()).append(":?;");
                    }
                });
            }
            return sb.toString();
        } catch (IOException e) {
            return "?";
        }
    }
}
