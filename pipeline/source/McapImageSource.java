package pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import pipeline.read.mcap.McapIndexedReader;
import pipeline.read.mcap.McapMessageIterator;
import pipeline.read.mcap.McapMessageView;
import pipeline.read.mcap.McapRecord;
import pipeline.read.mcap.MessageFilter;
import store.CurioException;

/**
 * Frames of an MCAP image topic ({@code sensor_msgs/Image} or {@code CompressedImage}, ROS 2 CDR). Opening
 * reads only the log times (one long per frame); a frame is fetched through the chunk index by its log
 * time, so memory holds at most the chunks overlapping that instant.
 */
public final class McapImageSource implements FrameSource, EncodedFrames {
    private final String name;
    private final String file;
    private final String topic;
    private final McapIndexedReader reader;
    private final int channelId;
    private final boolean compressed;
    private final long[] logTimes;
    private final FrameTimeline timeline;
    private int width;
    private int height;

    private McapImageSource(String name, String file, String topic, McapIndexedReader reader, int channelId,
                            boolean compressed, long[] logTimes, FrameTimeline timeline) {
        this.name = name;
        this.file = file;
        this.topic = topic;
        this.reader = reader;
        this.channelId = channelId;
        this.compressed = compressed;
        this.logTimes = logTimes;
        this.timeline = timeline;
    }

    /**
     * @param episodeStartNs log time of the episode start; own time = log time - this
     * @param rateHz         nominal rate for how long the last frame lasts, may be null
     */
    public static McapImageSource open(Path path, String file, String name, String topic, long episodeStartNs,
                                       long clockOffsetNs, Double rateHz) {
        if (!Files.isRegularFile(path)) {
            throw new CurioException("source.missing_file", file, topic, "MCAP file not found: " + path);
        }
        McapIndexedReader reader = McapIndexedReader.open(path).orElseThrow(() -> new CurioException(
                "source.unsupported", file, topic, "MCAP file has no summary/index; re-index it (mcap recover)"));
        try {
            McapRecord.Channel channel = reader.channels().values().stream().filter(c -> c.topic().equals(topic))
                    .findFirst().orElseThrow(() -> new CurioException("source.missing_topic", file, topic,
                            "no channel for topic " + topic));
            McapRecord.Schema schema = reader.schemas().get(channel.schemaId());
            boolean compressed = RosImages.isCompressed(schema == null ? "" : schema.name(), channel.messageEncoding(),
                    file, topic);
            long[] times = reader.indexedLogTimes(channel.id()).orElseGet(() -> scanLogTimes(reader, channel.id()));
            int n = times.length;
            long[] episodeNs = new long[n];
            for (int i = 0; i < n; i++) episodeNs[i] = times[i] - episodeStartNs + clockOffsetNs;
            return new McapImageSource(name, file, topic, reader, channel.id(), compressed, times,
                    FrameTimeline.measured(episodeNs, rateHz == null ? 0 : rateHz));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override public String name() { return name; }
    /** Log times by reading every message of the channel, for files without message indexes. */
    private static long[] scanLogTimes(McapIndexedReader reader, int channelId) {
        long[] times = new long[64];
        int n = 0;
        McapMessageIterator it = reader.messages(MessageFilter.channels(Set.of(channelId)));
        while (it.hasNext()) {
            if (n == times.length) times = java.util.Arrays.copyOf(times, n * 2);
            times[n++] = it.next().logTime();
        }
        times = java.util.Arrays.copyOf(times, n);
        java.util.Arrays.sort(times);
        return times;
    }

    @Override public FrameTimeline timeline() { return timeline; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public void decode(int n, FrameBuffer out) {
        RosImages.decode(message(n), compressed, out, file, topic);
        width = out.width();
        height = out.height();
        out.setIndex(n);
    }

    @Override
    public byte[] encoded(int n) {
        return RosImages.encoded(message(n), compressed, file, topic);
    }

    private byte[] message(int n) {
        timeline.requireFrame(n, file, topic);
        long t = logTimes[n];
        // Messages sharing a log time: skip the ones before n among them.
        int skip = 0;
        for (int i = n - 1; i >= 0 && logTimes[i] == t; i--) skip++;
        McapMessageIterator it = reader.messages(new MessageFilter(Set.of(channelId), t, t));
        McapMessageView m = null;
        int k = 0;
        while (it.hasNext()) {
            McapMessageView v = it.next();
            if (k++ == skip) {
                m = v;
                break;
            }
        }
        if (m == null) {
            throw new CurioException("source.decode_failed", file, topic, "message at log time " + t + " vanished");
        }
        return m.message().data();
    }

    @Override
    public void close() {
        reader.close();
    }
}
