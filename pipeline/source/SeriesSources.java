package pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import pipeline.read.hdf5.Hdf5Episode;
import pipeline.read.hdf5.Hdf5EpisodeFile;
import pipeline.read.mcap.McapIndexedReader;
import pipeline.read.mcap.McapMessageIterator;
import pipeline.read.mcap.McapRecord;
import pipeline.read.mcap.MessageFilter;
import pipeline.read.parquet.ParquetRow;
import pipeline.read.parquet.ParquetRowReader;
import pipeline.read.parquet.RowRange;
import pipeline.read.rosbag2.BagMessage;
import pipeline.read.rosbag2.MessageCursor;
import pipeline.read.rosbag2.Rosbag2Bag;
import pipeline.read.ros.RosJointState;
import store.Cancellation;
import store.CurioException;

/** Loads the time series a plot shows, from each container a locator can name. */
public final class SeriesSources {
    private static final String[] JOINT_FIELDS = {"position", "velocity", "effort"};

    private SeriesSources() { }

    /** {@code sensor_msgs/JointState} on an MCAP topic: position, velocity and effort per joint. */
    public static SeriesData mcapJointStates(Path path, String file, String stream, String topic, long episodeStartNs,
                                             long clockOffsetNs, List<String> jointNames, int maxSamples, Cancellation cancel) {
        requireFile(path, file, topic);
        McapIndexedReader reader = McapIndexedReader.open(path).orElseThrow(() -> new CurioException(
                "source.unsupported", file, topic, "MCAP file has no summary/index"));
        try (reader) {
            McapRecord.Channel channel = reader.channels().values().stream().filter(c -> c.topic().equals(topic))
                    .findFirst().orElseThrow(() -> new CurioException("source.missing_topic", file, topic,
                            "no channel for topic " + topic));
            JointStateCollector collector = new JointStateCollector(stream, jointNames, maxSamples);
            McapMessageIterator it = reader.messages(MessageFilter.channels(Set.of(channel.id())));
            long n = 0;
            while (it.hasNext()) {
                if ((++n & 1023) == 0) cancel.check();
                var m = it.next();
                collector.add(m.logTime() - episodeStartNs + clockOffsetNs,
                        RosJointState.decode(m.message().data(), file, topic));
            }
            return collector.build();
        }
    }

    /**
     * The same from a rosbag2 folder (sqlite3 or mcap storage, split or not): only the topic's own messages are
     * read, merged over the storage files in timestamp order.
     */
    public static SeriesData rosbag2JointStates(Path folder, String file, String stream, String topic,
                                                long episodeStartNs, long clockOffsetNs, List<String> jointNames,
                                                int maxSamples, Cancellation cancel) {
        if (!Files.isDirectory(folder)) {
            throw new CurioException("source.missing_file", file, topic, "bag folder not found: " + folder);
        }
        JointStateCollector collector = new JointStateCollector(stream, jointNames, maxSamples);
        try (MessageCursor cursor = Rosbag2Bag.open(folder).messages(topic)) {
            long n = 0;
            while (cursor.hasNext()) {
                if ((++n & 1023) == 0) cancel.check();
                BagMessage m = cursor.next();
                collector.add(m.timestampNs() - episodeStartNs + clockOffsetNs, RosJointState.decode(m.data(), file, topic));
            }
        }
        return collector.build();
    }

    /**
     * A numeric vector column of a parquet file (LeRobot observation.state, action), rows {@code [rowFrom,
     * rowTo)} of the global {@code index} column; time from {@code timeKey} seconds or row / rate.
     */
    public static SeriesData parquetColumn(Path path, String file, String stream, String column, String timeKey,
                                           Long rowFrom, Long rowTo, double rateHz, long clockOffsetNs,
                                           List<String> names, int maxSamples, Cancellation cancel) {
        requireFile(path, file, column);
        RowRange range = rowFrom == null ? null : new RowRange("index", rowFrom, rowTo == null ? Long.MAX_VALUE : rowTo);
        List<String> cols = timeKey == null ? List.of(column) : List.of(column, timeKey);
        SeriesBuilder b = new SeriesBuilder(stream, maxSamples);
        try (ParquetRowReader r = ParquetRowReader.open(path, file, cols, range)) {
            long row = 0;
            for (ParquetRow p = r.next(); p != null; p = r.next(), row++) {
                if ((row & 1023) == 0) cancel.check();
                double[] v = p.getDoubleArray(column);
                if (b.channelCount() == 0) {
                    for (int i = 0; i < v.length; i++) b.channel(column, i < names.size() ? names.get(i) : column + "[" + i + "]");
                }
                double seconds = timeKey != null && !p.isNull(timeKey) ? p.getDouble(timeKey) : row / rate(rateHz);
                b.add(Math.round(seconds * 1e9) + clockOffsetNs, v);
            }
        }
        return b.build();
    }

    /** A numeric dataset of an HDF5 episode (qpos, action), one row per step at {@code rateHz}. */
    public static SeriesData hdf5Dataset(Path path, String file, String stream, String group, String dataset,
                                         double rateHz, long clockOffsetNs, List<String> names, int maxSamples, Cancellation cancel) {
        requireFile(path, file, dataset);
        SeriesBuilder b = new SeriesBuilder(stream, maxSamples);
        try (Hdf5EpisodeFile hdf = Hdf5EpisodeFile.open(path, file)) {
            Hdf5Episode ep = Hdf5Sources.episode(hdf, group, file);
            hdf.forEachRowSlice(ep, dataset, 4096, cancel, (first, rows) -> {
                for (int i = 0; i < rows.length; i++) {
                    if (b.channelCount() == 0) {
                        for (int c = 0; c < rows[i].length; c++) {
                            b.channel(dataset, c < names.size() ? names.get(c) : dataset + "[" + c + "]");
                        }
                    }
                    b.add(Math.round((first + i) / rate(rateHz) * 1e9) + clockOffsetNs, rows[i]);
                }
            });
        }
        return b.build();
    }

    private static double rate(double hz) {
        return hz > 0 ? hz : 30.0;
    }

    private static void requireFile(Path path, String file, String field) {
        if (!Files.isRegularFile(path)) {
            throw new CurioException("source.missing_file", file, field, "file not found: " + path);
        }
    }

    /** Channels come from the first message's names (or the catalog's when the message has none). */
    private static final class JointStateCollector {
        private final SeriesBuilder builder;
        private final List<String> catalogNames;
        private int joints = -1;
        private boolean[] present;

        JointStateCollector(String stream, List<String> catalogNames, int maxSamples) {
            this.builder = new SeriesBuilder(stream, maxSamples);
            this.catalogNames = catalogNames;
        }

        void add(long timeNs, RosJointState js) {
            if (joints < 0) {
                List<String> names = js.name().isEmpty() ? catalogNames : js.name();
                joints = Math.max(names.size(), js.position().length);
                double[][] arrays = {js.position(), js.velocity(), js.effort()};
                present = new boolean[3];
                for (int f = 0; f < 3; f++) {
                    present[f] = arrays[f].length > 0;
                    if (!present[f]) continue;
                    for (int j = 0; j < joints; j++) {
                        builder.channel(JOINT_FIELDS[f], j < names.size() ? names.get(j) : "joint_" + j);
                    }
                }
            }
            double[] row = new double[builder.channelCount()];
            double[][] arrays = {js.position(), js.velocity(), js.effort()};
            int k = 0;
            for (int f = 0; f < 3; f++) {
                if (!present[f]) continue;
                for (int j = 0; j < joints; j++) row[k++] = j < arrays[f].length ? arrays[f][j] : Double.NaN;
            }
            builder.add(timeNs, row);
        }

        SeriesData build() {
            return builder.build();
        }
    }
}
