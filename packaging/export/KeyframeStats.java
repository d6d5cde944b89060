package packaging.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import pipeline.video.Mp4SampleTable;
import store.CurioException;

/**
 * Image statistics of byte-copied episodes, from the keyframes {@link KeyframeSampler} picks, read straight from each
 * source's samples. One per camera, used by one thread, episodes in order: the FFmpeg decoder is opened once per
 * sample entry. Kept apart from the copy itself so an export can decode these keyframes while its files are written
 * and flushed, rather than before.
 */
final class KeyframeStats implements AutoCloseable {
    private KeyframeSampler sampler;
    /** The sample entry {@link #sampler} was chosen for. */
    private byte[] samplerEntry;

    /** The statistics of {@code t}'s sampled keyframes; null when none could be decoded. */
    FeatureStats of(Path source, Mp4SampleTable t) {
        KeyframeSampler s = samplerFor(source, t.entryKey());
        if (s == null) return null;
        s.begin(t.sampleCount());
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            for (long k : KeyframeSampler.keyframesToShow(t.sampleCount(), t.syncSamples())) {
                ByteBuffer sample = ByteBuffer.allocate(t.sampleSize((int) k));
                while (sample.hasRemaining()) {
                    if (in.read(sample, t.sampleOffset((int) k) + sample.position()) < 0) {
                        throw new CurioException("io.read_failed", source.toString(), null, "the file ends inside sample " + k);
                    }
                }
                s.keyframe(sample.array(), k);
            }
        } catch (IOException e) {
            throw new CurioException("io.read_failed", source.toString(), null, "cannot read: " + e.getMessage(), e);
        }
        FeatureStats stats = s.finish();
        return stats == null || stats.count() == 0 ? null : stats;
    }

    /**
     * The sampler for this sample entry. Opening the source with FFmpeg for its codec parameters costs a header
     * parse, so it happens only when the entry differs from the one the sampler was chosen for: once per camera.
     */
    private KeyframeSampler samplerFor(Path source, byte[] entryKey) {
        if (samplerEntry != null && Arrays.equals(samplerEntry, entryKey)) return sampler;
        try (PacketRemuxer.Input in = PacketRemuxer.open(source)) {
            PacketRemuxer.Signature sig = in.signature();
            if (sampler != null && !sampler.decodes(sig)) {
                sampler.close();
                sampler = null;
            }
            if (sampler == null) sampler = KeyframeSampler.open(in.codecpar());
        }
        samplerEntry = entryKey;
        return sampler;
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }
}
