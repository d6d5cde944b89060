package pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pipeline.read.rosbag2.Db3Reader;
import pipeline.read.rosbag2.Rosbag2Bag;
import store.CurioException;

/**
 * Frames of a rosbag2 image topic ({@code sensor_msgs/Image} or {@code CompressedImage}, CDR). sqlite3
 * storage is indexed by timestamp and row id per .db3 file; mcap storage goes through the MCAP path. A
 * split bag (several storage files in metadata.yaml) is one timeline over all files that carry the topic.
 */
public final class Rosbag2ImageSource {
    private Rosbag2ImageSource() { }

    /**
     * @param folder         the bag folder (holding metadata.yaml)
     * @param file           that folder relative to the dataset root, for errors
     * @param episodeStartNs message timestamp of the episode start; own time = timestamp - this
     * @param rateHz         nominal rate for how long the last frame lasts, may be null
     */
    public static FrameSource open(Path folder, String file, String name, String topic, long episodeStartNs,
                                   long clockOffsetNs, Double rateHz) {
        if (!Files.isDirectory(folder)) {
            throw new CurioException("source.missing_file", file, topic, "bag folder not found: " + folder);
        }
        Rosbag2Bag bag = Rosbag2Bag.open(folder);
        List<FrameSource> parts = new ArrayList<>();
        try {
            for (int i = 0; i < bag.storageFiles().size(); i++) {
                Path storage = bag.storageFiles().get(i);
                String label = file + "/" + bag.folder().relativize(storage);
                FrameSource part = bag.metadata().isMcap()
                        ? mcapPart(storage, label, name, topic, episodeStartNs, clockOffsetNs, rateHz)
                        : db3Part(bag, i, label, name, topic, episodeStartNs, clockOffsetNs, rateHz);
                if (part != null) parts.add(part);
            }
        } catch (RuntimeException e) {
            parts.forEach(FrameSource::close);
            throw e;
        }
        if (parts.isEmpty()) {
            throw new CurioException("source.missing_topic", file, topic, "no storage file of the bag has topic " + topic);
        }
        return parts.size() == 1 ? parts.get(0) : new SplitFrameSource(name, parts, rateHz == null ? 0 : rateHz);
    }

    private static FrameSource db3Part(Rosbag2Bag bag, int index, String label, String name, String topic,
                                       long episodeStartNs, long clockOffsetNs, Double rateHz) {
        Db3Reader reader = bag.openDb3(index, label);
        if (!Db3ImageSource.hasTopic(reader, topic)) {
            reader.close();
            return null;
        }
        return Db3ImageSource.open(reader, label, name, topic, episodeStartNs, clockOffsetNs, rateHz);
    }

    private static FrameSource mcapPart(Path storage, String label, String name, String topic, long episodeStartNs,
                                        long clockOffsetNs, Double rateHz) {
        try {
            return McapImageSource.open(storage, label, name, topic, episodeStartNs, clockOffsetNs, rateHz);
        } catch (CurioException e) {
            // A split file that never saw the topic has no channel for it; the other files carry its frames.
            if ("source.missing_topic".equals(e.code())) return null;
            throw e;
        }
    }
}
