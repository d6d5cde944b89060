package pipeline.video;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import pipeline.video.Mp4Boxes.Box;
import store.CurioException;

/**
 * The single visual sample entry of a video track's {@code stsd} (avc1 + avcC, hvc1 + hvcC, av01 + av1C, ...),
 * split around its {@code btrt} child. The bitrate box describes one file's bytes, so two recordings of the same
 * camera differ there and nowhere else; the rest, the {@link #key}, is what a decoder is initialised from and
 * must be equal byte for byte for two files to share one sample description.
 */
final class SampleEntry {
    /** Sample entry header (8), reserved (6), data reference index (2), visual fields (70): the children follow. */
    private static final int VISUAL_FIELDS = 86;

    private final String format;
    private final byte[] beforeBitrate;
    private final byte[] afterBitrate;
    private final long[] bitrate;

    private SampleEntry(String format, byte[] beforeBitrate, byte[] afterBitrate, long[] bitrate) {
        this.format = format;
        this.beforeBitrate = beforeBitrate;
        this.afterBitrate = afterBitrate;
        this.bitrate = bitrate;
    }

    static SampleEntry parse(ByteBuffer b, Box stsd, String name) {
        Mp4Boxes.need(stsd, 8, name);
        long count = Mp4Boxes.u32(b, stsd.from() + 4);
        if (count != 1) {
            throw new CurioException(Mp4SampleTable.SAMPLE_DESCRIPTION, name, "stsd", count + " sample descriptions; one is needed");
        }
        List<Box> entries = Mp4Boxes.children(b, stsd.from() + 8, stsd.to(), name);
        if (entries.size() != 1) throw Mp4Boxes.malformed(name, "stsd", "the sample description box holds " + entries.size() + " boxes");
        Box e = entries.get(0);
        if (e.type().equals("encv") || e.type().equals("resv")) {
            throw new CurioException(Mp4SampleTable.SAMPLE_DESCRIPTION, name, "stsd", "'" + e.type() + "' samples are encrypted or restricted");
        }
        if (e.from() != e.start() + 8 || e.size() < VISUAL_FIELDS) {
            throw Mp4Boxes.malformed(name, "stsd", "'" + e.type() + "' is not a visual sample entry");
        }
        Box btrt = Mp4Boxes.child(Mp4Boxes.children(b, e.start() + VISUAL_FIELDS, e.to(), name), "btrt");
        int cut = btrt == null ? e.to() : btrt.start();
        int resume = btrt == null ? e.to() : btrt.to();
        long[] rates = null;
        if (btrt != null) {
            Mp4Boxes.need(btrt, 12, name);
            rates = new long[] {Mp4Boxes.u32(b, btrt.from()), Mp4Boxes.u32(b, btrt.from() + 4), Mp4Boxes.u32(b, btrt.from() + 8)};
        }
        return new SampleEntry(e.type(), bytes(b, e.start(), cut), bytes(b, resume, e.to()), rates);
    }

    private static byte[] bytes(ByteBuffer b, int from, int to) {
        byte[] out = new byte[to - from];
        b.get(from, out);
        return out;
    }

    String format() {
        return format;
    }

    /** The entry without its {@code btrt} box (its size field still the original's: it is a key, not a box). */
    byte[] key() {
        byte[] k = Arrays.copyOf(beforeBitrate, beforeBitrate.length + afterBitrate.length);
        System.arraycopy(afterBitrate, 0, k, beforeBitrate.length, afterBitrate.length);
        // Zero the size so entries that differ only in their bitrate box's presence still compare by content.
        k[0] = 0;
        k[1] = 0;
        k[2] = 0;
        k[3] = 0;
        return k;
    }

    boolean sameAs(SampleEntry o) {
        return Arrays.equals(key(), o.key());
    }

    /** {@code btrt}'s bufferSizeDB, maxBitrate, avgBitrate, or null when the entry has none. */
    long[] bitrate() {
        return bitrate == null ? null : bitrate.clone();
    }

    /** Writes the entry with a {@code btrt} of these values in the original place, or none when {@code rates} is null. */
    void write(Mp4BoxWriter w, long[] rates) {
        int start = w.position();
        w.bytes(beforeBitrate);
        if (rates != null) {
            w.begin("btrt");
            w.u32(rates[0]);
            w.u32(rates[1]);
            w.u32(rates[2]);
            w.end();
        }
        w.bytes(afterBitrate);
        w.patchU32(start, w.position() - start);
    }
}
