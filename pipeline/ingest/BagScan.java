package pipeline.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;
import pipeline.read.ros.RosCompressedImage;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTypes;
import pipeline.read.rlds.ImageHeader;
import pipeline.read.rosbag2.BagMessage;
import pipeline.read.rosbag2.MessageCursor;
import pipeline.read.rosbag2.Rosbag2Bag;
import pipeline.read.rosbag2.TopicSummary;
import store.Cancellation;
import store.CurioException;
import store.FileEntry;

/** Per-topic facts of a rosbag2 folder (sqlite3 or mcap storage), in the shape of an MCAP scan. */
final class BagScan {
    record Result(Rosbag2Bag bag, List<McapScan.Channel> channels, List<String> files, long startNs) { }

    private BagScan() { }

    static Result scan(FileTable files, Path bagDir, Cancellation cancel) {
        Rosbag2Bag bag = Rosbag2Bag.open(bagDir);
        List<String> rels = new ArrayList<>();
        rels.add(files.rel(bagDir.resolve(Rosbag2Bag.METADATA_FILE)));
        for (Path p : bag.storageFiles()) rels.add(files.rel(files.inside(p)));
        List<McapScan.Channel> channels;
        if (bag.metadata().isMcap()) {
            Map<String, McapScan.Channel> merged = new LinkedHashMap<>();
            for (String rel : rels.subList(1, rels.size())) {
                McapScan.Result r = files.parse(rel, in -> McapScan.scan(in, rel, cancel));
                for (McapScan.Channel c : r.channels()) merged.merge(c.topic(), c, BagScan::merge);
            }
            channels = List.copyOf(merged.values());
        } else {
            channels = hashingAlongside(files, rels.subList(1, rels.size()), () -> sqlite(bag, cancel));
        }
        long start = bag.metadata().startingTimeNs();
        if (start <= 0) {
            start = channels.stream().filter(c -> c.count() > 0).mapToLong(McapScan.Channel::firstNs).min().orElse(0);
        }
        return new Result(bag, channels, rels, start);
    }

    /**
     * Runs {@code queries} while the db3 files are hashed on another ingest worker. SQLite opens a database
     * by path, so its reads cannot go through a hashing channel; hashing at the same time instead lets the
     * page cache serve whichever of the two reads a page second. With no idle worker the hash runs here
     * after the queries, as a sequential ingest does.
     */
    private static <T> T hashingAlongside(FileTable files, List<String> db3, Supplier<T> queries) {
        if (!ForkJoinTask.inForkJoinPool()) {
            T result = queries.get();
            db3.forEach(files::entry);
            return result;
        }
        List<ForkJoinTask<FileEntry>> hashes = new ArrayList<>();
        for (String rel : db3) hashes.add(ForkJoinTask.adapt(() -> files.entry(rel)).fork());
        T result;
        try {
            result = queries.get();
        } catch (RuntimeException e) {
            hashes.forEach(t -> t.cancel(false));
            throw e;
        }
        hashes.forEach(ForkJoinTask::join);
        return result;
    }

    private static List<McapScan.Channel> sqlite(Rosbag2Bag bag, Cancellation cancel) {
        Map<String, TopicSummary> summaries = bag.topicSummaries(cancel);
        Set<String> wanted = new HashSet<>();
        for (TopicSummary s : summaries.values()) {
            String type = RosTypes.normalize(s.topic().type());
            if (s.messageCount() > 0 && isDescribed(type) && "cdr".equals(s.topic().serializationFormat())) {
                wanted.add(s.topic().name());
            }
        }
        Map<String, BagMessage> firsts = new LinkedHashMap<>();
        if (!wanted.isEmpty()) {
            try (MessageCursor cursor = bag.messages()) {
                long n = 0;
                while (cursor.hasNext() && firsts.size() < wanted.size()) {
                    if ((++n & 255) == 0) cancel.check();
                    BagMessage m = cursor.next();
                    if (wanted.contains(m.topicName())) firsts.putIfAbsent(m.topicName(), m);
                }
            }
        }
        List<McapScan.Channel> out = new ArrayList<>();
        for (TopicSummary s : summaries.values()) {
            String type = RosTypes.normalize(s.topic().type());
            Integer w = null;
            Integer h = null;
            String pixels = null;
            List<String> joints = null;
            BagMessage m = firsts.get(s.topic().name());
            if (m != null) {
                try {
                    if (RosImage.TYPE.equals(type)) {
                        RosImage img = RosImage.decode(m.data(), s.topic().name(), s.topic().name());
                        w = (int) img.width();
                        h = (int) img.height();
                        pixels = img.encoding();
                    } else if (RosCompressedImage.TYPE.equals(type)) {
                        RosCompressedImage img = RosCompressedImage.decode(m.data(), s.topic().name(), s.topic().name());
                        pixels = img.format();
                        var header = ImageHeader.probe(img.data());
                        if (header.isPresent()) {
                            w = header.get().width();
                            h = header.get().height();
                        }
                    } else {
                        joints = RosJointState.decode(m.data(), s.topic().name(), s.topic().name()).name();
                    }
                } catch (CurioException e) {
                    pixels = null;
                }
            }
            out.add(new McapScan.Channel(s.topic().name(), type, s.topic().serializationFormat(), s.messageCount(),
                    s.firstTimestampNs(), s.lastTimestampNs(), w, h, pixels, joints));
        }
        return out;
    }

    private static boolean isDescribed(String type) {
        return RosImage.TYPE.equals(type) || RosCompressedImage.TYPE.equals(type) || RosJointState.TYPE.equals(type);
    }

    private static McapScan.Channel merge(McapScan.Channel a, McapScan.Channel b) {
        if (b.count() == 0) return a;
        if (a.count() == 0) return b;
        return new McapScan.Channel(a.topic(), a.messageType(), a.messageEncoding(), a.count() + b.count(),
                Math.min(a.firstNs(), b.firstNs()), Math.max(a.lastNs(), b.lastNs()),
                a.width() != null ? a.width() : b.width(), a.height() != null ? a.height() : b.height(),
                a.pixelEncoding() != null ? a.pixelEncoding() : b.pixelEncoding(),
                a.jointNames() != null ? a.jointNames() : b.jointNames());
    }
}
