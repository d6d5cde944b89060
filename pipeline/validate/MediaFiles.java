package pipeline.validate;

import java.nio.file.Files;
import java.util.Set;
import pipeline.source.StreamLocator;
import store.StreamEntry;

/**
 * Media checks skip streams whose file is gone (the integrity check reports that once) and streams in
 * containers the source layer does not decode (audio, bag topics other than images and joint states): those are
 * not broken.
 */
final class MediaFiles {
    private MediaFiles() { }

    private static final Set<String> FRAMES = Set.of(StreamLocator.MP4, StreamLocator.MCAP, StreamLocator.ROSBAG2,
            StreamLocator.HDF5, StreamLocator.RLDS_STEPS, StreamLocator.TFRECORD, StreamLocator.PARQUET);
    private static final Set<String> TABLES = Set.of(StreamLocator.PARQUET, StreamLocator.HDF5, StreamLocator.RLDS_STEPS,
            StreamLocator.TFRECORD, StreamLocator.CSV, StreamLocator.JSON_TABLE);
    private static final Set<String> BAGS = Set.of(StreamLocator.MCAP, StreamLocator.ROSBAG2);

    static boolean readable(ValidationContext ctx, StreamEntry s) {
        StreamLocator loc = StreamLocator.of(s);
        if (loc.file() == null || !Files.exists(ctx.datasetRoot().resolve(loc.file()))) return false;
        return switch (s.kind()) {
            case VIDEO, DEPTH -> FRAMES.contains(loc.container());
            case TIMESERIES -> TABLES.contains(loc.container())
                    || BAGS.contains(loc.container()) && loc.messageType() != null && loc.messageType().endsWith("JointState");
            default -> false;
        };
    }
}
