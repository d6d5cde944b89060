package pipeline.read.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A parquet {@link InputFile} over an open channel (at ingest, one that hashes as parquet seeks). Each
 * stream keeps its own position and reads with positional reads, because parquet-hadoop opens several
 * streams on one file (footer, then row groups); closing a stream leaves the channel to its owner.
 */
final class ChannelInputFile implements InputFile {
    private final FileChannel channel;

    ChannelInputFile(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public long getLength() throws IOException {
        return channel.size();
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream(channel);
    }

    private static final class Stream extends SeekableInputStream {
        private final FileChannel channel;
        private long pos;

        Stream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            return read(one) < 0 ? -1 : one.get(0) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            readFully(ByteBuffer.wrap(b));
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            readFully(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!dst.hasRemaining()) return 0;
            int n = channel.read(dst, pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public void readFully(ByteBuffer dst) throws IOException {
            while (dst.hasRemaining()) {
                if (read(dst) < 0) throw new EOFException("parquet file ended " + dst.remaining() + " bytes early");
            }
        }

        @Override
        public void close() {
            // the channel belongs to whoever opened it
        }
    }
}
