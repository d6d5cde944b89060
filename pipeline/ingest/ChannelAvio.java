package pipeline.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Lets libavformat read a file through a Java channel (at ingest, one that hashes the file while the
 * demuxer seeks to {@code moov}, wherever it sits) instead of opening the path itself. The two native
 * callbacks are shared by all instances, because each JavaCPP callback costs a native thunk; they find
 * their channel through the format context they are called for.
 */
final class ChannelAvio implements AutoCloseable {
    /** libavformat's own default I/O buffer size. */
    private static final int BUFFER = 1 << 15;
    private static final Map<Long, ChannelAvio> OPEN = new ConcurrentHashMap<>();
    private static final Read READ = new Read();
    private static final Seek SEEK = new Seek();

    private final FileChannel channel;
    private final AVFormatContext context;
    private final AVIOContext pb;
    private final long key;
    private long position;
    private Exception failure;

    /** A format context whose I/O goes through {@code channel}; pass it to {@code avformat_open_input}. */
    ChannelAvio(FileChannel channel) {
        this.channel = channel;
        this.context = avformat.avformat_alloc_context();
        if (context == null) throw new OutOfMemoryError("avformat_alloc_context");
        BytePointer buffer = new BytePointer(avutil.av_malloc(BUFFER));
        this.pb = avformat.avio_alloc_context(buffer, BUFFER, 0, context, READ, null, SEEK);
        context.pb(pb);
        this.key = context.address();
        OPEN.put(key, this);
    }

    AVFormatContext context() {
        return context;
    }

    /** The channel error that made a libavformat call fail, if that is why it failed. */
    Exception failure() {
        return failure;
    }

    /**
     * Releases the I/O context; the format context itself is freed by {@code avformat_close_input}, or
     * by {@code avformat_open_input} when that fails.
     */
    @Override
    public void close() {
        OPEN.remove(key);
        // libavformat may have replaced the buffer it was given; free the one the context holds now.
        if (pb.buffer() != null) avutil.av_free(pb.buffer());
        pb.buffer(null);
        avformat.avio_context_free(pb);
    }

    private int read(BytePointer buf, int size) {
        try {
            ByteBuffer dst = buf.capacity(size).asByteBuffer();
            int n = channel.read(dst, position);
            if (n <= 0) return avutil.AVERROR_EOF();
            position += n;
            return n;
        } catch (IOException | RuntimeException e) {
            failure = e;
            return avutil.AVERROR_EOF();
        }
    }

    private long seek(long offset, int whence) {
        try {
            int how = whence & ~avformat.AVSEEK_FORCE;
            if (how == avformat.AVSEEK_SIZE) return channel.size();
            long target = switch (how) {
                case 0 -> offset;
                case 1 -> position + offset;
                case 2 -> channel.size() + offset;
                default -> -1;
            };
            if (target < 0) return -1;
            position = target;
            return target;
        } catch (IOException e) {
            failure = e;
            return -1;
        }
    }

    private static final class Read extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            ChannelAvio io = OPEN.get(opaque.address());
            return io == null ? avutil.AVERROR_EOF() : io.read(buf, size);
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            ChannelAvio io = OPEN.get(opaque.address());
            return io == null ? -1 : io.seek(offset, whence);
        }
    }
}
