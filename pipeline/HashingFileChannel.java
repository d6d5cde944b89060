package pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A read-only file channel for parsers that need random access (parquet footers, HDF5 object headers,
 * MP4 atoms) which computes the file's SHA-256 in the same pass. The digest only ever advances in file
 * order up to a <em>frontier</em>: a read that ends beyond it first streams the gap through the digest in
 * large sequential blocks, copying into the caller whatever part of the block it asked for; a read behind
 * the frontier is served from the last block when it is still held, else from the file (those bytes are
 * hashed already). The block sequence ends with a full block at the end of the file, so footer reads
 * (parquet, an MP4 {@code moov} at the end) come from memory. {@link #finish}, or closing the channel,
 * drains the rest. So a footer-first parser costs one sequential pass of the file plus the few header
 * bytes it revisits, and memory is one block however large the file is.
 *
 * <p>Reads are synchronized: jHDF and parquet may share one channel between streams.
 */
public final class HashingFileChannel extends FileChannel {
    /** Large enough that the gap is hashed at disk speed, small enough to hold one per reading thread. */
    static final int BLOCK = 1 << 20;

    private final FileChannel file;
    private final MessageDigest md = Digests.sha256();
    private final ByteBuffer block;
    private final long size;
    /** File offset of {@code block}'s first byte; the block holds [blockStart, frontier). */
    private long blockStart;
    private long frontier;
    private long position;
    private long bytesFromFile;
    private String digestHex;
    private boolean abandoned;

    HashingFileChannel(FileChannel file, int blockSize) throws IOException {
        this.file = file;
        this.size = file.size();
        this.block = ByteBuffer.allocate(blockSize);
    }

    public static HashingFileChannel open(Path path) throws IOException {
        return open(path, BLOCK);
    }

    /** @param blockSize bytes hashed per sequential read; tests pass small ones so small files span many */
    public static HashingFileChannel open(Path path, int blockSize) throws IOException {
        return new HashingFileChannel(FileChannel.open(path, StandardOpenOption.READ), blockSize);
    }

    /** Bytes the digest has consumed so far, always a prefix of the file. */
    public synchronized long hashedBytes() {
        return frontier;
    }

    /** Bytes read from the underlying file, hashing and parser reads together (the disk-read cost). */
    public synchronized long bytesFromFile() {
        return bytesFromFile;
    }

    /**
     * Hashes whatever the parser left unread, up to the end of the file as it is now, and returns the
     * SHA-256 as lower-case hex. The channel serves no reads afterwards; calling it again (or after a
     * parser closed the channel, which drains it too) returns the same digest.
     */
    public synchronized String finish() throws IOException {
        if (digestHex == null) {
            while (advance()) {
                // each block is hashed by advance()
            }
            digestHex = HexFormat.of().formatHex(md.digest());
        }
        return digestHex;
    }

    /** Closes without hashing the rest: for a parse that failed, whose digest nobody will record. */
    public void abandon() throws IOException {
        synchronized (this) {
            abandoned = true;
        }
        close();
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
        if (at < 0) throw new IllegalArgumentException("negative position " + at);
        if (digestHex != null) throw new IllegalStateException("finish() was called");
        int want = dst.remaining();
        if (want == 0) return 0;
        if (at >= size) return -1;
        long end = Math.min(at + want, size);
        long p = at;
        if (p < blockStart) {
            // Behind the held block: hashed before, so read it plainly.
            p += fromFile(dst, p, Math.min(end, blockStart));
            if (p < Math.min(end, blockStart)) return p == at ? -1 : (int) (p - at);
        }
        if (p < end && p < frontier) p += fromBlock(dst, p, Math.min(end, frontier));
        while (p < end) {
            if (!advance()) break;
            p += fromBlock(dst, Math.max(p, blockStart), Math.min(end, frontier));
        }
        int n = (int) (p - at);
        return n == 0 ? -1 : n;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!dsts[i].hasRemaining()) continue;
            int n = read(dsts[i]);
            if (n < 0) return total == 0 ? -1 : total;
            total += n;
            if (dsts[i].hasRemaining()) break;
        }
        return total;
    }

    /** Hashes up to the end of the mapped region first, so the digest never skips the bytes a parser maps. */
    @Override
    public synchronized MappedByteBuffer map(MapMode mode, long at, long length) throws IOException {
        if (mode != MapMode.READ_ONLY) throw new NonWritableChannelException();
        while (frontier < Math.min(at + length, size) && advance()) {
            // hashing the gap
        }
        bytesFromFile += length;
        return file.map(mode, at, length);
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        if (newPosition < 0) throw new IllegalArgumentException("negative position " + newPosition);
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = read(buf, at + done);
            if (n <= 0) break;
            buf.flip();
            while (buf.hasRemaining()) target.write(buf);
            done += n;
        }
        return done;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // read-only: nothing to flush
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("raw input files are not locked");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("raw input files are not locked");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        // Parsers such as jHDF close the channel they are given; the digest must still cover the file.
        try {
            synchronized (this) {
                if (!abandoned) finish();
            }
        } finally {
            file.close();
        }
    }

    /** Reads and hashes the next block after the frontier; false at the end of the file. */
    private boolean advance() throws IOException {
        block.clear();
        long start = frontier;
        long left = size - start;
        // Footers sit in the last bytes: end the block sequence with a full block there so footer reads
        // (parquet, moov-at-end MP4) are served from memory rather than read again.
        if (left > block.capacity() && left < 2L * block.capacity()) block.limit((int) (left - block.capacity()));
        while (block.hasRemaining()) {
            int n = file.read(block, start + block.position());
            if (n < 0) break;
        }
        block.flip();
        int n = block.limit();
        if (n == 0) return false;
        md.update(block.array(), 0, n);
        bytesFromFile += n;
        blockStart = start;
        frontier = start + n;
        return true;
    }

    /** Copies file range [from, to) out of the held block into {@code dst}; returns the count. */
    private int fromBlock(ByteBuffer dst, long from, long to) {
        if (to <= from) return 0;
        int n = (int) (to - from);
        dst.put(block.array(), (int) (from - blockStart), n);
        return n;
    }

    /** Reads file range [from, to) into {@code dst} from the file; returns the count (short only at EOF). */
    private int fromFile(ByteBuffer dst, long from, long to) throws IOException {
        int want = (int) (to - from);
        int oldLimit = dst.limit();
        dst.limit(dst.position() + want);
        int got = 0;
        try {
            while (got < want) {
                int n = file.read(dst, from + got);
                if (n < 0) break;
                got += n;
            }
        } finally {
            dst.limit(oldLimit);
        }
        bytesFromFile += got;
        return got;
    }
}
