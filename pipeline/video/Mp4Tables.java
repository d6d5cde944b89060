package pipeline.video;

import java.nio.ByteBuffer;
import java.util.List;
import pipeline.video.Mp4Boxes.Box;
import store.CurioException;

/**
 * The run-length and chunk tables of an MP4 sample table ({@code stts}, {@code ctts}, {@code stss},
 * {@code stsc} with {@code stco}/{@code co64}) expanded to one value per sample, checked against the sample
 * count so an inconsistent table is reported rather than read past.
 */
final class Mp4Tables {
    private Mp4Tables() { }

    /**
     * A {@code stts} or {@code ctts} table, one value per sample. {@code signed}: a version-1 {@code ctts} holds
     * signed offsets; version 0 is unsigned, which an int holds for any offset below 2^31 ticks.
     */
    static int[] expand(ByteBuffer b, Box box, int samples, boolean signed, String name) {
        Mp4Boxes.need(box, 8, name);
        int version = b.get(box.from());
        long count = Mp4Boxes.u32(b, box.from() + 4);
        if (count > (box.to() - box.from() - 8) / 8) throw Mp4Boxes.malformed(name, box.type(), count + " entries do not fit the box");
        int[] out = new int[samples];
        int k = 0;
        for (int e = 0; e < count; e++) {
            int at = box.from() + 8 + 8 * e;
            long n = Mp4Boxes.u32(b, at);
            long v = signed && version == 1 ? b.getInt(at + 4) : Mp4Boxes.u32(b, at + 4);
            if (v > Integer.MAX_VALUE) throw Mp4Boxes.malformed(name, box.type(), "value " + v + " too large");
            if (k + n > samples) throw Mp4Boxes.malformed(name, box.type(), "covers more than the " + samples + " samples");
            for (long i = 0; i < n; i++) out[k++] = (int) v;
        }
        if (k != samples) throw Mp4Boxes.malformed(name, box.type(), "covers " + k + " of " + samples + " samples");
        return out;
    }

    /** 0-based sync sample indices, which must ascend inside the track. */
    static int[] syncSamples(ByteBuffer b, Box stss, int samples, String name) {
        Mp4Boxes.need(stss, 8, name);
        long count = Mp4Boxes.u32(b, stss.from() + 4);
        if (count > (stss.to() - stss.from() - 8) / 4) throw Mp4Boxes.malformed(name, "stss", count + " entries do not fit the box");
        int[] out = new int[(int) count];
        long last = 0;
        for (int i = 0; i < count; i++) {
            long s = Mp4Boxes.u32(b, stss.from() + 8 + 4 * i);
            if (s <= last || s > samples) throw Mp4Boxes.malformed(name, "stss", "sync sample " + s + " out of order or range");
            out[i] = (int) (s - 1);
            last = s;
        }
        return out;
    }

    /**
     * Each sample's byte offset from the chunk offsets and the sample-to-chunk map. Every chunk must use sample
     * description 1 (a track switching descriptions is refused) and every sample must lie inside the file.
     */
    static long[] sampleOffsets(ByteBuffer b, List<Box> tables, int[] sizes, long fileSize, String name) {
        long[] chunkOffsets = chunkOffsets(b, tables, name);
        Box stsc = Mp4Boxes.child(tables, "stsc");
        if (stsc == null) throw Mp4Boxes.malformed(name, "stsc", "the sample table has no 'stsc'");
        Mp4Boxes.need(stsc, 8, name);
        long entries = Mp4Boxes.u32(b, stsc.from() + 4);
        if (entries > (stsc.to() - stsc.from() - 8) / 12) throw Mp4Boxes.malformed(name, "stsc", entries + " entries do not fit the box");
        long[] offsets = new long[sizes.length];
        int sample = 0;
        for (int e = 0; e < entries; e++) {
            int at = stsc.from() + 8 + 12 * e;
            long firstChunk = Mp4Boxes.u32(b, at);
            long perChunk = Mp4Boxes.u32(b, at + 4);
            long description = Mp4Boxes.u32(b, at + 8);
            if (description != 1) {
                throw new CurioException(Mp4SampleTable.SAMPLE_DESCRIPTION, name, "stsc", "chunks use sample description " + description);
            }
            long nextFirst = e + 1 < entries ? Mp4Boxes.u32(b, at + 12) : chunkOffsets.length + 1L;
            if (firstChunk < 1 || nextFirst <= firstChunk || nextFirst > chunkOffsets.length + 1L) {
                throw Mp4Boxes.malformed(name, "stsc", "chunk runs out of order or past the " + chunkOffsets.length + " chunks");
            }
            for (long c = firstChunk; c < nextFirst; c++) {
                long off = chunkOffsets[(int) (c - 1)];
                for (long s = 0; s < perChunk; s++) {
                    if (sample >= sizes.length) throw Mp4Boxes.malformed(name, "stsc", "chunks hold more than the " + sizes.length + " samples");
                    if (off < 0 || off + sizes[sample] > fileSize) {
                        throw Mp4Boxes.malformed(name, "stco", "sample " + sample + " lies outside the file");
                    }
                    offsets[sample] = off;
                    off += sizes[sample];
                    sample++;
                }
            }
        }
        if (sample != sizes.length) throw Mp4Boxes.malformed(name, "stsc", "chunks hold " + sample + " of " + sizes.length + " samples");
        return offsets;
    }

    private static long[] chunkOffsets(ByteBuffer b, List<Box> tables, String name) {
        Box stco = Mp4Boxes.child(tables, "stco");
        Box co64 = Mp4Boxes.child(tables, "co64");
        Box box = stco != null ? stco : co64;
        if (box == null) throw Mp4Boxes.malformed(name, "stco", "the sample table has no chunk offsets");
        int width = stco != null ? 4 : 8;
        Mp4Boxes.need(box, 8, name);
        long count = Mp4Boxes.u32(b, box.from() + 4);
        if (count > (box.to() - box.from() - 8) / width) throw Mp4Boxes.malformed(name, box.type(), count + " entries do not fit the box");
        long[] out = new long[(int) count];
        for (int i = 0; i < count; i++) {
            int at = box.from() + 8 + width * i;
            out[i] = width == 4 ? Mp4Boxes.u32(b, at) : b.getLong(at);
        }
        return out;
    }
}
