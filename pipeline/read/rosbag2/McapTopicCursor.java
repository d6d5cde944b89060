package pipeline.read.rosbag2;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import pipeline.read.mcap.McapIndexedReader;
import pipeline.read.mcap.McapMessageIterator;
import pipeline.read.mcap.McapMessageView;
import pipeline.read.mcap.MessageFilter;
import store.CurioException;

/**
 * One topic's messages from one mcap storage file of a rosbag2 bag, in log-time order, read through the chunk
 * index so chunks holding only other topics (the cameras beside a joint-state topic) are never inflated.
 * rosbag2 stores the message's receive time as the MCAP log time, as sqlite3 storage stores it in
 * {@code timestamp}. Owns and closes the reader.
 */
final class McapTopicCursor implements MessageCursor {
    static final String UNINDEXED = "rosbag2.mcap_unindexed";

    private final McapIndexedReader reader;
    private final McapMessageIterator messages;
    private final TopicMetadata topic;

    private McapTopicCursor(McapIndexedReader reader, McapMessageIterator messages, TopicMetadata topic) {
        this.reader = reader;
        this.messages = messages;
        this.topic = topic;
    }

    /**
     * @param declared the topic as metadata.yaml lists it, or null to describe it from the file's channel
     * @return an empty cursor when the file has no channel for the topic (a split file that never saw it)
     */
    static MessageCursor open(Path file, String label, String topicName, TopicMetadata declared) {
        McapIndexedReader reader = McapIndexedReader.open(file).orElseThrow(() -> new CurioException(UNINDEXED, label,
                null, "mcap storage file has no summary/index; re-index it (mcap recover)"));
        try {
            Set<Integer> ids = reader.channels().values().stream().filter(c -> c.topic().equals(topicName))
                    .map(c -> c.id()).collect(Collectors.toSet());
            if (ids.isEmpty()) {
                reader.close();
                return MessageCursor.empty();
            }
            TopicMetadata topic = declared != null ? declared : describe(reader, ids.iterator().next(), topicName);
            return new McapTopicCursor(reader, reader.messages(MessageFilter.channels(ids)), topic);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static TopicMetadata describe(McapIndexedReader reader, int channelId, String topicName) {
        var channel = reader.channels().get(channelId);
        var schema = reader.schemas().get(channel.schemaId());
        return new TopicMetadata(topicName, schema == null ? "" : schema.name(), channel.messageEncoding(), null, "");
    }

    @Override
    public boolean hasNext() {
        return messages.hasNext();
    }

    @Override
    public BagMessage next() {
        if (!messages.hasNext()) throw new NoSuchElementException();
        McapMessageView m = messages.next();
        return new BagMessage(topic, m.logTime(), m.message().data());
    }

    @Override
    public void close() {
        reader.close();
    }
}
