package packaging.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import packaging.bundle.BackgroundFlush;
import pipeline.video.Mp4Concat;
import pipeline.video.Mp4SampleTable;
import pipeline.video.Yuv420;
import store.Cancellation;
import store.CurioException;

/**
 * The MP4 files of one camera. Episodes are appended to the current file; a new file ({@code file-001}, ...) starts
 * when an episode cannot join it: a copied (remuxed) episode whose codec parameters differ, or a switch between copied
 * and encoded episodes, or a size change, or the file reached its {@link Layout}'s cap (with one episode per file, any
 * episode). Every episode records its file and its {@code [from, to)} seconds inside it.
 *
 * <p>A copied episode whose MP4 {@link Mp4SampleTable} accepts is planned into an {@link Mp4Concat}: its bytes
 * are copied (and hashed) later, by {@link #write} for each of {@link #planned}, so an export can spread the
 * copies of all cameras over its writer threads. One the reader refuses goes through FFmpeg's remuxer
 * ({@link PacketRemuxer}) at once, in a file of its own kind.
 */
public final class CameraVideo implements AutoCloseable {
    public static final int CHUNKS_SIZE = 1000;
    /**
     * Bytes per read and write of a byte-level copy. 1 MB stays in a core's L2 cache between the read, the hash and
     * the write (4 MB measured twice as slow here) and costs few system calls.
     */
    static final int COPY_BUFFER = 1 << 20;
    /** One direct buffer per writer thread: the kernel reads into it and writes from it without a heap copy. */
    private static final ThreadLocal<ByteBuffer> COPY_BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(COPY_BUFFER));

    /**
     * Where one episode's frames went: its file (relative to the work root, and as LeRobot's chunk and file index) and
     * its seconds in it. {@code mode} is remux (packets copied) or encode.
     */
    public record Span(String file, int chunkIndex, int fileIndex, double fromS, double toS, long frames, String mode) { }

    /**
     * How a camera's files are named and when the next one starts.
     *
     * @param path         the file of each file number, relative to the work root
     * @param maxFileBytes the next episode starts a new file once the current one holds this many bytes
     * @param perEpisode   every episode gets a file of its own
     */
    public record Layout(IntFunction<String> path, long maxFileBytes, boolean perEpisode) {
        /** LeRobot v3's {@code videos/<key>/chunk-NNN/file-NNN.mp4}, many episodes per file up to the cap. */
        public static Layout lerobot(String videoKey, long maxFileBytes) {
            return new Layout(n -> relativePath(videoKey, n), maxFileBytes, false);
        }
    }

    private final Path workRoot;
    private final String videoKey;
    private final int fps;
    private final Layout layout;
    private final boolean copyBytes;
    private final List<String> files = new ArrayList<>();
    private final List<Planned> planned = new ArrayList<>();
    private PacketRemuxer remuxer;
    private FrameEncoder encoder;
    private Mp4Concat concat;
    private KeyframeSampler sampler;
    private int fileNumber = -1;
    private int episodesInFile;

    CameraVideo(Path workRoot, String videoKey, int fps, long maxFileBytes) {
        this(workRoot, videoKey, fps, Layout.lerobot(videoKey, maxFileBytes), true);
    }

    public CameraVideo(Path workRoot, String videoKey, int fps, Layout layout) {
        this(workRoot, videoKey, fps, layout, true);
    }

    CameraVideo(Path workRoot, String videoKey, int fps, long maxFileBytes, boolean copyBytes) {
        this(workRoot, videoKey, fps, Layout.lerobot(videoKey, maxFileBytes), copyBytes);
    }

    /** @param copyBytes false sends every copied episode through FFmpeg (tests compare the two ways) */
    CameraVideo(Path workRoot, String videoKey, int fps, Layout layout, boolean copyBytes) {
        this.layout = layout;
        this.workRoot = workRoot;
        this.videoKey = videoKey;
        this.fps = fps;
        this.copyBytes = copyBytes;
    }

    public static String relativePath(String videoKey, int fileNumber) {
        return String.format("videos/%s/chunk-%03d/file-%03d.mp4", videoKey, fileNumber / CHUNKS_SIZE, fileNumber % CHUNKS_SIZE);
    }

    /** Paths relative to the dataset root, in order; only after {@link #finish}, when every file is known. */
    public List<String> files() {
        requireFinished();
        return List.copyOf(files);
    }

    /**
     * A file to be written by byte-level copy: its path relative to the dataset root, its sources in order, and
     * what planning found (frames, planned bytes). It keeps no sample tables: an export may plan millions of frames
     * before writing, and reading a table again costs a fraction of a millisecond per source.
     */
    public record Planned(String file, List<Path> sources, int fps, long frames, long bytes) { }

    /** The files {@link #files} names that are not written yet: each is written by {@link #write}. */
    public List<Planned> planned() {
        requireFinished();
        return List.copyOf(planned);
    }

    /** Writes one planned file under {@code workRoot}; returns its SHA-256, taken as its bytes went out. */
    /**
     * Writes a planned file and returns its SHA-256. Every 64 MB, and at the end, the file is handed to
     * {@code flush} so the disk writes while the copy goes on rather than all at once before the bundle is named;
     * {@code framesDone} hears how many of the file's frames are out so far (by bytes), for progress.
     */
    static String write(Path workRoot, Planned p, Cancellation cancel, BackgroundFlush flush, LongConsumer framesDone) {
        Mp4Concat c = new Mp4Concat(p.fps());
        for (Path source : p.sources()) {
            cancel.check();
            Mp4SampleTable t = Mp4SampleTable.read(source, source.toString());
            if (!c.accepts(t)) throw changed(source);
            c.add(source, t);
        }
        if (c.frames() != p.frames()) throw changed(p.sources().get(0));
        Path out = workRoot.resolve(p.file());
        long[] flushedAt = {0};
        String sha = c.write(out, COPY_BUFFERS.get(), cancel, written -> {
            if (written - flushedAt[0] >= FLUSH_EVERY) {
                flushedAt[0] = written;
                flush.request(out);
                framesDone.accept(Math.min(p.frames(), Math.round((double) p.frames() * written / Math.max(1, p.bytes()))));
            }
        });
        flush.request(out);
        framesDone.accept(p.frames());
        return sha;
    }

    /** Bytes a copy writes between requests to flush its file: a few per file, each a good share of a disk's queue. */
    static final long FLUSH_EVERY = 64L << 20;

    /** Raw inputs are never modified, so a table that differs from the planned one means something else wrote to it. */
    private static CurioException changed(Path source) {
        return new CurioException("export.source_changed", source.toString(), null, "the video changed while the export ran");
    }

    private void requireFinished() {
        if (concat != null) throw new IllegalStateException("the camera has a file still being planned: call finish()");
    }

    /**
     * A copied episode and the image statistics of its sampled keyframes (null when none could be decoded);
     * {@code deferred}: its bytes go out with its file's {@link Planned} write, not yet. A byte-level copy leaves its
     * statistics to be taken from {@code statsFrom} (see {@link KeyframeStats}); FFmpeg's remux takes them as it goes.
     */
    record Remuxed(Span span, FeatureStats stats, boolean deferred, Mp4SampleTable statsFrom) { }

    /**
     * Copies a whole episode's video: planned for a byte-level copy when its MP4 allows one, else remuxed by
     * FFmpeg now. Either way the frames are retimed onto the frame clock after the file's earlier episodes.
     */
    Remuxed remux(Path source, long expectedFrames, Cancellation cancel) {
        Mp4SampleTable table = copyBytes ? concatenable(source) : null;
        return table != null ? plan(source, table, expectedFrames) : ffmpegRemux(source, expectedFrames, cancel);
    }

    /** The source's sample table when a byte-level copy can reproduce it exactly, else null (FFmpeg's turn). */
    private Mp4SampleTable concatenable(Path source) {
        try {
            Mp4SampleTable t = Mp4SampleTable.read(source, source.toString());
            Mp4Concat.check(t, fps);
            return t;
        } catch (CurioException e) {
            if (Mp4SampleTable.refused(e)) return null;
            throw e;
        }
    }

    private Remuxed plan(Path source, Mp4SampleTable t, long expectedFrames) {
        if (t.sampleCount() != expectedFrames) {
            throw new CurioException("export.frame_count", source.toString(), videoKey,
                    "the video has " + t.sampleCount() + " frames but the catalog says " + expectedFrames);
        }
        if (concat == null || !concat.accepts(t) || full()) {
            roll();
            newFile();
            concat = new Mp4Concat(fps);
        }
        long before = concat.frames();
        concat.add(source, t);
        return new Remuxed(span(before, t.sampleCount(), "remux"), null, true, t);
    }

    private Remuxed ffmpegRemux(Path source, long expectedFrames, Cancellation cancel) {
        try (PacketRemuxer.Input in = PacketRemuxer.open(source)) {
            PacketRemuxer.Signature sig = in.signature();
            if (remuxer == null || !remuxer.accepts(sig) || full()) {
                roll();
                remuxer = new PacketRemuxer(newFile(), fps);
            }
            if (sampler != null && !sampler.decodes(sig)) {
                sampler.close();
                sampler = null;
            }
            if (sampler == null) sampler = KeyframeSampler.open(in.codecpar());
            if (sampler != null) sampler.begin((int) Math.min(expectedFrames, Integer.MAX_VALUE));
            long before = remuxer.framesWritten();
            long copied = remuxer.append(in, sampler, cancel);
            if (copied != expectedFrames) {
                throw new CurioException("export.frame_count", source.toString(), videoKey,
                        "copied " + copied + " frames but the catalog says " + expectedFrames);
            }
            FeatureStats stats = sampler == null ? null : sampler.finish();
            return new Remuxed(span(before, copied, "remux"), stats == null || stats.count() == 0 ? null : stats, false, null);
        }
    }

    /** Encodes {@code count} frames; {@code frameAt(k)} returns the k-th, already redacted. */
    Span encode(int count, int width, int height, IntFunction<Yuv420> frameAt, Cancellation cancel) {
        if (encoder == null || !encoder.fits(width, height) || full()) {
            roll();
            encoder = new FrameEncoder(newFile(), width, height, fps);
        }
        long before = encoder.framesWritten();
        for (int k = 0; k < count; k++) {
            if ((k & 15) == 0) cancel.check();
            Yuv420 f = frameAt.apply(k);
            if (f.width() != width || f.height() != height) {
                throw new CurioException("export.frame_size", null, videoKey, "frame " + k + " is " + f.width() + "x" + f.height()
                        + ", the stream is " + width + "x" + height);
            }
            encoder.write(f);
        }
        return span(before, count, "encode");
    }

    private Span span(long before, long frames, String mode) {
        episodesInFile++;
        return new Span(files.get(files.size() - 1), fileNumber / CHUNKS_SIZE, fileNumber % CHUNKS_SIZE, before / (double) fps,
                (before + frames) / (double) fps, frames, mode);
    }

    /** The current file reached the size cap (a planned one: its planned size): the next episode starts a new file. */
    private boolean full() {
        if (layout.perEpisode() && episodesInFile > 0) return true;
        if (concat != null) return concat.plannedBytes() >= layout.maxFileBytes();
        Path current = workRoot.resolve(files.get(files.size() - 1));
        try {
            return Files.size(current) >= layout.maxFileBytes();
        } catch (IOException e) {
            throw new CurioException("io.read_failed", current.toString(), null, e.getMessage(), e);
        }
    }

    private Path newFile() {
        fileNumber++;
        episodesInFile = 0;
        String rel = layout.path().apply(fileNumber);
        files.add(rel);
        Path p = workRoot.resolve(rel);
        try {
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", p.toString(), null, e.getMessage(), e);
        }
        return p;
    }

    /** Completes the current file: a planned one joins {@link #planned}, FFmpeg's are closed. */
    private void roll() {
        if (concat != null) {
            planned.add(new Planned(files.get(files.size() - 1), concat.sources(), fps, concat.frames(), concat.plannedBytes()));
            concat = null;
        }
        if (remuxer != null) {
            remuxer.close();
            remuxer = null;
        }
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }

    /** Completes the last file: FFmpeg's files are written, and {@link #planned} lists every file still to copy. */
    void finish() {
        roll();
    }

    /** Closes FFmpeg's files; a file still being planned when {@link #finish} was not called is dropped. */
    @Override
    public void close() {
        concat = null;
        roll();
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }
}
