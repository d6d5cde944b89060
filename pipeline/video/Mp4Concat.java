package pipeline.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import pipeline.Digests;
import store.Cancellation;
import store.CurioException;

/**
 * One MP4 made of whole videos laid end to end by copying their bytes: no demuxer, no muxer, no packet
 * buffers. Members are planned first (their sample tables, read by {@link Mp4SampleTable}); {@link #write}
 * then emits {@code ftyp}, the merged {@code moov} (first, so players start without seeking to the end) and
 * one {@code mdat} with every member's samples in order, hashing the bytes as they go out.
 *
 * <p>Timing follows the frame clock, as the FFmpeg remux it replaces does: member k starts at (frames before
 * it) / fps, each sample lasts 1/fps, and composition offsets are kept, so B-frame streams show the same
 * frames at the same times. The media timescale is FFmpeg's choice for a 1/(fps*512) time base (doubled up to
 * 10000 ticks per second). A member whose samples do not last exactly 1/fps, or whose offsets do not land on
 * that timescale exactly, is refused ({@value #FRAME_RATE}); one whose sample description differs does not
 * fit ({@link #accepts}) and belongs in another file.
 */
public final class Mp4Concat {
    public static final String FRAME_RATE = "mp4.frame_rate";
    /** Headers and tables beyond the per-sample ones never exceed this (boxes of fixed size, one entry each). */
    private static final int FIXED_MOOV = 1024;

    /** A planned member: its source, its table, its samples' runs in the source, and its first output frame. */
    record Member(Path source, Mp4SampleTable table, List<Mp4SampleTable.Run> runs, long firstFrame) { }

    private final int fps;
    private final int timescale;
    private final List<Member> members = new ArrayList<>();
    private long frames;
    private long mediaBytes;
    private long runs;
    private long syncSamples;

    public Mp4Concat(int fps) {
        if (fps <= 0) throw new IllegalArgumentException("fps " + fps);
        this.fps = fps;
        this.timescale = timescaleFor(fps);
    }

    /** The media timescale FFmpeg's MP4 muxer picks for a 1/(fps*512) time base: doubled until at least 10000. */
    static int timescaleFor(int fps) {
        long t = fps * 512L;
        while (t < 10000) t *= 2;
        if (t > Integer.MAX_VALUE) throw new IllegalArgumentException("fps " + fps);
        return (int) t;
    }

    /**
     * Refuses ({@value #FRAME_RATE}) a track that cannot be put on an {@code fps} frame clock exactly: a sample not lasting
     * exactly 1/fps (variable frame rate, another rate) or an offset that the output timescale cannot express.
     */
    public static void check(Mp4SampleTable t, int fps) {
        int ts = t.timescale();
        if (ts % fps != 0) {
            throw new CurioException(FRAME_RATE, t.file(), "mdhd", "timescale " + ts + " does not divide into " + fps + " fps frames");
        }
        int delta = ts / fps;
        for (int i = 0; i < t.sampleCount(); i++) {
            if (t.delta(i) != delta) {
                throw new CurioException(FRAME_RATE, t.file(), "stts", "sample " + i + " lasts " + t.delta(i) + " ticks of 1/" + ts
                        + " s, not 1/" + fps + " s");
            }
        }
        int out = timescaleFor(fps);
        rescale(t, t.editMediaTime(), out, "elst");
        if (t.hasCompositionOffsets()) {
            for (int i = 0; i < t.sampleCount(); i++) rescale(t, t.compositionOffset(i), out, "ctts");
        }
    }

    /** Whether {@code t} can join this file: the first member's sample description (bitrate aside) and frame size. */
    public boolean accepts(Mp4SampleTable t) {
        if (members.isEmpty()) return true;
        Mp4SampleTable first = members.get(0).table();
        return first.entry().sameAs(t.entry()) && first.widthFixed() == t.widthFixed() && first.heightFixed() == t.heightFixed();
    }

    /** Plans {@code t} (read from {@code source}) as the next member; it must pass {@link #check} and {@link #accepts}. */
    public void add(Path source, Mp4SampleTable t) {
        check(t, fps);
        if (!accepts(t)) throw new IllegalArgumentException(t.file() + " has another sample description than " + members.get(0).table().file());
        List<Mp4SampleTable.Run> r = t.runs();
        members.add(new Member(source, t, r, frames));
        frames += t.sampleCount();
        mediaBytes += t.mediaBytes();
        runs += r.size();
        syncSamples += t.syncSamples().length;
    }

    /** The members' source files, in order. */
    public List<Path> sources() {
        return members.stream().map(Member::source).toList();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Frames planned so far: where the next member will start on the frame clock. */
    public long frames() {
        return frames;
    }

    /**
     * The size the file will have, to within the few hundred bytes the tables' run-length coding saves: the
     * media bytes plus headers plus the per-sample and per-chunk tables at their largest.
     */
    public long plannedBytes() {
        if (members.isEmpty()) return 0;
        Mp4SampleTable first = members.get(0).table();
        long tables = 8 * frames + 4 * syncSamples + 20 * runs + first.entry().key().length + 20;
        return first.ftyp().length + FIXED_MOOV + tables + 16 + mediaBytes;
    }

    /**
     * Writes the file and returns its SHA-256 (lower-case hex), computed from the bytes as they are written.
     * Sources are read in their samples' file order through {@code buffer} (a direct buffer: the kernel fills it
     * and writes from it without a copy through the Java heap); memory is that buffer plus the {@code moov}.
     * {@code written} hears the bytes out so far after each buffer (the caller flushes and reports progress by it).
     */
    public String write(Path out, ByteBuffer buffer, Cancellation cancel, LongConsumer written) {
        if (members.isEmpty()) throw new IllegalStateException("nothing to write");
        byte[] ftyp = members.get(0).table().ftyp();
        int mdatHeader = mediaBytes + 8 > 0xFFFFFFFFL ? 16 : 8;
        long headerBytes = ftyp.length + ConcatMoov.build(this, 0, false).length + mdatHeader;
        boolean co64 = headerBytes + mediaBytes > 0xFFFFFFFFL;
        byte[] moov = ConcatMoov.build(this, 0, co64);
        long firstChunk = ftyp.length + moov.length + mdatHeader;
        moov = ConcatMoov.build(this, firstChunk, co64);
        MessageDigest md = Digests.sha256();
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(ftyp.length + moov.length + mdatHeader).put(ftyp).put(moov);
            if (mdatHeader == 16) {
                head.putInt(1).put(new byte[] {'m', 'd', 'a', 't'}).putLong(16 + mediaBytes);
            } else {
                head.putInt((int) (8 + mediaBytes)).put(new byte[] {'m', 'd', 'a', 't'});
            }
            head.flip();
            md.update(head.duplicate());
            writeFully(o, head);
            long[] total = {head.limit()};
            written.accept(total[0]);
            for (Member m : members) copy(m, o, md, buffer, cancel, n -> written.accept(total[0] += n));
        } catch (IOException e) {
            throw new CurioException("io.write_failed", out.toString(), null, "cannot write: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Copies {@code m}'s sample runs; an IOException thrown from here is a failed write of the output. */
    private static void copy(Member m, FileChannel o, MessageDigest md, ByteBuffer buf, Cancellation cancel, LongConsumer wrote)
            throws IOException {
        FileChannel in = openSource(m);
        try (in) {
            for (Mp4SampleTable.Run r : m.runs()) {
                long done = 0;
                while (done < r.length()) {
                    cancel.check();
                    buf.clear().limit((int) Math.min(buf.capacity(), r.length() - done));
                    readFully(in, buf, r.offset() + done, m);
                    buf.flip();
                    md.update(buf);
                    buf.rewind();
                    int n = buf.remaining();
                    done += n;
                    writeFully(o, buf);
                    wrote.accept(n);
                }
            }
        }
    }

    private static FileChannel openSource(Member m) {
        try {
            return FileChannel.open(m.source(), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", m.table().file(), null, "cannot open: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buf, long at, Member m) {
        try {
            while (buf.hasRemaining()) {
                if (in.read(buf, at + buf.position()) < 0) {
                    throw new CurioException("io.read_failed", m.table().file(), null, "the file ends before its samples do");
                }
            }
        } catch (IOException e) {
            throw new CurioException("io.read_failed", m.table().file(), null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel o, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) o.write(b);
    }

    /** {@code v} ticks of the track's timescale in output ticks; refused unless exact. */
    long rescale(Mp4SampleTable t, long v, String field) {
        return rescale(t, v, timescale, field);
    }

    private static long rescale(Mp4SampleTable t, long v, int outTimescale, String field) {
        long scaled = v * outTimescale;
        if (scaled % t.timescale() != 0) {
            throw new CurioException(FRAME_RATE, t.file(), field, v + " ticks of 1/" + t.timescale() + " s is not a whole number of 1/"
                    + outTimescale + " s ticks");
        }
        return scaled / t.timescale();
    }

    int fps() {
        return fps;
    }

    int timescale() {
        return timescale;
    }

    List<Member> members() {
        return members;
    }

    long mediaBytes() {
        return mediaBytes;
    }
}
