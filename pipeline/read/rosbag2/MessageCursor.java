package pipeline.read.rosbag2;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Messages in timestamp order, one at a time; close it to release the SQLite statement or MCAP file. */
public interface MessageCursor extends Iterator<BagMessage>, AutoCloseable {
    @Override
    void close();

    /** No messages: a storage file of a split bag that never saw the topic asked for. */
    static MessageCursor empty() {
        return new MessageCursor() {
            @Override public boolean hasNext() { return false; }
            @Override public BagMessage next() { throw new NoSuchElementException(); }
            @Override public void close() { }
        };
    }
}
