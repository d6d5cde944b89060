package pipeline.source;

import pipeline.read.rosbag2.Db3Reader;
import pipeline.read.rosbag2.TopicMetadata;
import store.CurioException;

/**
 * Frames of an image topic in one rosbag2 sqlite3 storage file. Opening reads only timestamps and row ids
 * (16 bytes per frame, no payloads); a frame's message is fetched by its row id when it is decoded, so
 * memory does not grow with the size of the bag.
 */
final class Db3ImageSource implements FrameSource, EncodedFrames {
    private final String name;
    private final String file;
    private final String topic;
    private final Db3Reader reader;
    private final boolean compressed;
    private final long[] rowIds;
    private final FrameTimeline timeline;
    private int width;
    private int height;

    private Db3ImageSource(String name, String file, String topic, Db3Reader reader, boolean compressed, long[] rowIds,
                           FrameTimeline timeline) {
        this.name = name;
        this.file = file;
        this.topic = topic;
        this.reader = reader;
        this.compressed = compressed;
        this.rowIds = rowIds;
        this.timeline = timeline;
    }

    /** Whether this storage file declares {@code topic} (split bags need not list every topic in every file). */
    static boolean hasTopic(Db3Reader reader, String topic) {
        return reader.topics().stream().anyMatch(t -> t.name().equals(topic));
    }

    /**
     * Takes ownership of {@code reader} (closed with the source, also when opening fails).
     *
     * @param file           the storage file relative to the dataset root, for errors
     * @param episodeStartNs message timestamp of the episode start; own time = timestamp - this
     */
    static Db3ImageSource open(Db3Reader reader, String file, String name, String topic, long episodeStartNs,
                               long clockOffsetNs, Double rateHz) {
        try {
            TopicMetadata meta = reader.topics().stream().filter(t -> t.name().equals(topic)).findFirst()
                    .orElseThrow(() -> new CurioException("source.missing_topic", file, topic, "no topic " + topic));
            boolean compressed = RosImages.isCompressed(meta.type(), meta.serializationFormat(), file, topic);
            long[][] rows = {new long[64], new long[64]};
            int[] n = {0};
            reader.forEachRow(topic, (ts, id) -> {
                if (n[0] == rows[0].length) {
                    rows[0] = java.util.Arrays.copyOf(rows[0], n[0] * 2);
                    rows[1] = java.util.Arrays.copyOf(rows[1], n[0] * 2);
                }
                rows[0][n[0]] = ts - episodeStartNs + clockOffsetNs;
                rows[1][n[0]++] = id;
            });
            long[] times = java.util.Arrays.copyOf(rows[0], n[0]);
            long[] ids = java.util.Arrays.copyOf(rows[1], n[0]);
            return new Db3ImageSource(name, file, topic, reader, compressed, ids,
                    FrameTimeline.measured(times, rateHz == null ? 0 : rateHz));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override public String name() { return name; }
    @Override public FrameTimeline timeline() { return timeline; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public byte[] encoded(int n) {
        timeline.requireFrame(n, file, topic);
        return RosImages.encoded(reader.messageData(rowIds[n]), compressed, file, topic);
    }

    @Override
    public void decode(int n, FrameBuffer out) {
        timeline.requireFrame(n, file, topic);
        RosImages.decode(reader.messageData(rowIds[n]), compressed, out, file, topic);
        width = out.width();
        height = out.height();
        out.setIndex(n);
    }

    @Override
    public void close() {
        reader.close();
    }
}
