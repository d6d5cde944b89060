package packaging.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import pipeline.source.FrameBuffer;
import store.Cancellation;
import store.CurioException;

/**
 * The MP4 files of one LeRobot camera key. Episodes are appended to the current file; a new file
 * ({@code file-001}, ...) starts when an episode cannot join it: a copied (remuxed) episode whose codec
 * parameters differ, or a switch between copied and encoded episodes, or a size change. Every episode
 * records its file and its {@code [from, to)} seconds inside it.
 */
final class CameraVideo implements AutoCloseable {
    static final int CHUNKS_SIZE = 1000;

    /** Where one episode's frames went. {@code mode} is remux (packets copied) or encode. */
    record Span(int chunkIndex, int fileIndex, double fromS, double toS, long frames, String mode) { }

    private final Path workRoot;
    private final String videoKey;
    private final int fps;
    private final long maxFileBytes;
    private final List<String> files = new ArrayList<>();
    private PacketRemuxer remuxer;
    private FrameEncoder encoder;
    private KeyframeSampler sampler;
    private int fileNumber = -1;

    CameraVideo(Path workRoot, String videoKey, int fps, long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
        this.workRoot = workRoot;
        this.videoKey = videoKey;
        this.fps = fps;
    }

    static String relativePath(String videoKey, int fileNumber) {
        return String.format("videos/%s/chunk-%03d/file-%03d.mp4", videoKey, fileNumber / CHUNKS_SIZE, fileNumber % CHUNKS_SIZE);
    }

    /** Paths relative to the dataset root, in order. */
    List<String> files() {
        return List.copyOf(files);
    }

    /** A copied episode and the image statistics of its sampled keyframes (null when none could be decoded). */
    record Remuxed(Span span, FeatureStats stats) { }

    Remuxed remux(Path source, long expectedFrames, Cancellation cancel) {
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
            return new Remuxed(span(before, copied, "remux"), stats == null || stats.count() == 0 ? null : stats);
        }
    }

    /** Encodes {@code count} frames; {@code frameAt(k)} returns the k-th, already redacted. */
    Span encode(int count, int width, int height, IntFunction<FrameBuffer> frameAt, Cancellation cancel) {
        if (encoder == null || !encoder.fits(width, height) || full()) {
            roll();
            encoder = new FrameEncoder(newFile(), width, height, fps);
        }
        long before = encoder.framesWritten();
        for (int k = 0; k < count; k++) {
            if ((k & 15) == 0) cancel.check();
            FrameBuffer f = frameAt.apply(k);
            if (f.width() != width || f.height() != height) {
                throw new CurioException("export.frame_size", null, videoKey, "frame " + k + " is " + f.width() + "x" + f.height()
                        + ", the stream is " + width + "x" + height);
            }
            encoder.write(f);
        }
        return span(before, count, "encode");
    }

    private Span span(long before, long frames, String mode) {
        return new Span(fileNumber / CHUNKS_SIZE, fileNumber % CHUNKS_SIZE, before / (double) fps, (before + frames) / (double) fps,
                frames, mode);
    }

    /** The current file reached the size cap: the next episode starts a new file. */
    private boolean full() {
        Path current = workRoot.resolve(files.get(files.size() - 1));
        try {
            return Files.size(current) >= maxFileBytes;
        } catch (IOException e) {
            throw new CurioException("io.read_failed", current.toString(), null, e.getMessage(), e);
        }
    }

    private Path newFile() {
        fileNumber++;
        String rel = relativePath(videoKey, fileNumber);
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

    private void roll() {
        if (remuxer != null) {
            remuxer.close();
            remuxer = null;
        }
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }

    @Override
    public void close() {
        roll();
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }
}
