package pipeline.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pipeline.video.Mp4Boxes.Box;
import store.CurioException;

/**
 * The one video track of an MP4 file as its {@code moov} describes it, read without touching {@code mdat}:
 * timescale, the sample description, every sample's decode duration, composition offset, sync flag, byte
 * offset and size, and the edit list's start. It accepts exactly the layouts a byte-level concatenation can
 * reproduce frame for frame and refuses the rest with a {@code mp4.*} code (see {@link #refused}), so callers
 * fall back to FFmpeg: fragmented files, several or no video tracks, more than one sample description, edit
 * lists other than the single "start at media time M" edit FFmpeg's muxer writes (M being the B-frame delay).
 */
public final class Mp4SampleTable {
    public static final String MALFORMED = "mp4.malformed";
    public static final String FRAGMENTED = "mp4.fragmented";
    public static final String VIDEO_TRACKS = "mp4.video_tracks";
    public static final String EDIT_LIST = "mp4.edit_list";
    public static final String SAMPLE_DESCRIPTION = "mp4.sample_description";
    /** The whole {@code moov} is held in memory; larger than this is not a camera recording. */
    private static final long MAX_MOOV = 256L << 20;
    /** 12 days at 30 fps: a track claiming more is refused (and so goes to FFmpeg) rather than sized into memory. */
    private static final long MAX_SAMPLES = 1L << 25;
    private static final long MAX_FTYP = 4096;
    private static final int[] IDENTITY = {0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};

    /** Samples lying back to back in the file: {@code length} bytes from {@code offset}. */
    public record Run(long offset, long length, int samples) { }

    private final String file;
    private final byte[] ftyp;
    private final int timescale;
    private final long editMediaTime;
    private final int widthFixed;
    private final int heightFixed;
    private final SampleEntry entry;
    private final int[] deltas;
    private final int[] compositionOffsets;
    private final int[] syncSamples;
    private final long[] offsets;
    private final int[] sizes;

    private Mp4SampleTable(String file, byte[] ftyp, int timescale, long editMediaTime, int widthFixed, int heightFixed,
                           SampleEntry entry, int[] deltas, int[] compositionOffsets, int[] syncSamples, long[] offsets, int[] sizes) {
        this.file = file;
        this.ftyp = ftyp;
        this.timescale = timescale;
        this.editMediaTime = editMediaTime;
        this.widthFixed = widthFixed;
        this.heightFixed = heightFixed;
        this.entry = entry;
        this.deltas = deltas;
        this.compositionOffsets = compositionOffsets;
        this.syncSamples = syncSamples;
        this.offsets = offsets;
        this.sizes = sizes;
    }

    /** Whether {@code e} is a refusal of this reader (or of {@link Mp4Concat}): the file needs FFmpeg, it is not broken. */
    public static boolean refused(CurioException e) {
        return e.code() != null && e.code().startsWith("mp4.");
    }

    /**
     * Reads the video track of {@code path}; {@code name} is what errors call the file (relative to the dataset
     * root where known). The file is opened read-only and only its box headers, {@code ftyp} and {@code moov} are read.
     */
    public static Mp4SampleTable read(Path path, String name) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(ch, name);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", name, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Mp4SampleTable read(FileChannel ch, String name) throws IOException {
        long size = ch.size();
        byte[] ftyp = null;
        ByteBuffer moov = null;
        ByteBuffer head = ByteBuffer.allocate(16);
        long p = 0;
        while (p + 8 <= size) {
            head.clear();
            readFully(ch, head, p, name);
            long boxSize = head.getInt(0) & 0xFFFFFFFFL;
            String type = Mp4Boxes.fourcc(head, 4);
            int header = 8;
            if (boxSize == 1) {
                boxSize = head.getLong(8);
                header = 16;
            } else if (boxSize == 0) {
                boxSize = size - p;
            }
            if (boxSize < header || p + boxSize > size) {
                throw Mp4Boxes.malformed(name, type, "top-level box of " + boxSize + " bytes at " + p + " runs past the end");
            }
            switch (type) {
                case "moof", "mfra", "sidx" -> throw new CurioException(FRAGMENTED, name, type, "fragmented MP4");
                case "ftyp" -> {
                    if (boxSize > MAX_FTYP) throw Mp4Boxes.malformed(name, type, "'ftyp' of " + boxSize + " bytes");
                    ftyp = new byte[(int) boxSize];
                    readFully(ch, ByteBuffer.wrap(ftyp), p, name);
                }
                case "moov" -> {
                    if (moov != null) throw Mp4Boxes.malformed(name, type, "two 'moov' boxes");
                    if (boxSize > MAX_MOOV) throw Mp4Boxes.malformed(name, type, "'moov' of " + boxSize + " bytes");
                    moov = ByteBuffer.allocate((int) boxSize);
                    readFully(ch, moov, p, name);
                }
                default -> { }
            }
            p += boxSize;
        }
        if (ftyp == null || moov == null) {
            throw Mp4Boxes.malformed(name, ftyp == null ? "ftyp" : "moov", "not an MP4 file: no '" + (ftyp == null ? "ftyp" : "moov") + "' box");
        }
        return parseMoov(moov, ftyp, name, size);
    }

    private static Mp4SampleTable parseMoov(ByteBuffer b, byte[] ftyp, String name, long fileSize) {
        Box moov = Mp4Boxes.children(b, 0, b.capacity(), name).get(0);
        List<Box> top = Mp4Boxes.children(b, moov.from(), moov.to(), name);
        if (Mp4Boxes.child(top, "mvex") != null) throw new CurioException(FRAGMENTED, name, "mvex", "fragmented MP4");
        Box mvhd = Mp4Boxes.child(top, "mvhd");
        if (mvhd == null) throw Mp4Boxes.malformed(name, "mvhd", "'moov' has no 'mvhd'");
        long movieTimescale = timescaleOf(b, mvhd, name);
        Box video = null;
        for (Box trak : top) {
            if (!trak.type().equals("trak")) continue;
            Box mdia = Mp4Boxes.required(b, trak, "mdia", name);
            Box hdlr = Mp4Boxes.required(b, mdia, "hdlr", name);
            Mp4Boxes.need(hdlr, 12, name);
            if (!Mp4Boxes.fourcc(b, hdlr.from() + 8).equals("vide")) continue;
            if (video != null) throw new CurioException(VIDEO_TRACKS, name, "trak", "more than one video track");
            video = trak;
        }
        if (video == null) throw new CurioException(VIDEO_TRACKS, name, "trak", "no video track");
        return parseTrack(b, video, ftyp, movieTimescale, name, fileSize);
    }

    private static Mp4SampleTable parseTrack(ByteBuffer b, Box trak, byte[] ftyp, long movieTimescale, String name, long fileSize) {
        Box tkhd = Mp4Boxes.required(b, trak, "tkhd", name);
        int[] size = frameSize(b, tkhd, name);
        Box mdia = Mp4Boxes.required(b, trak, "mdia", name);
        Box mdhd = Mp4Boxes.required(b, mdia, "mdhd", name);
        long ts = timescaleOf(b, mdhd, name);
        if (ts <= 0 || ts > Integer.MAX_VALUE) throw Mp4Boxes.malformed(name, "mdhd", "media timescale " + ts);
        long mediaDuration = durationOf(b, mdhd, name);
        Box stbl = Mp4Boxes.required(b, Mp4Boxes.required(b, mdia, "minf", name), "stbl", name);
        List<Box> tables = Mp4Boxes.children(b, stbl.from(), stbl.to(), name);
        SampleEntry entry = SampleEntry.parse(b, table(tables, "stsd", name), name);
        int[] sizes = sampleSizes(b, tables, name, fileSize);
        int n = sizes.length;
        int[] deltas = Mp4Tables.expand(b, table(tables, "stts", name), n, false, name);
        Box ctts = Mp4Boxes.child(tables, "ctts");
        int[] cts = ctts == null ? null : Mp4Tables.expand(b, ctts, n, true, name);
        Box stss = Mp4Boxes.child(tables, "stss");
        int[] sync = stss == null ? allSamples(n) : Mp4Tables.syncSamples(b, stss, n, name);
        long[] offsets = Mp4Tables.sampleOffsets(b, tables, sizes, fileSize, name);
        long mediaTime = editStart(b, trak, movieTimescale, mediaDuration, ts, name);
        checkPresentationStart(deltas, cts, mediaTime, name);
        return new Mp4SampleTable(name, ftyp, (int) ts, mediaTime, size[0], size[1], entry, deltas, cts, sync, offsets, sizes);
    }

    /**
     * The media time the track's presentation starts at. No edit list means 0; one edit at normal rate starting
     * at M (FFmpeg's way of hiding the B-frame delay) means M, when it lasts as long as the media. Empty edits,
     * several edits, other rates or an edit that cuts the end off change which samples are shown: refused.
     */
    private static long editStart(ByteBuffer b, Box trak, long movieTimescale, long mediaDuration, long ts, String name) {
        Box edts = Mp4Boxes.child(Mp4Boxes.children(b, trak.from(), trak.to(), name), "edts");
        if (edts == null) return 0;
        Box elst = Mp4Boxes.child(Mp4Boxes.children(b, edts.from(), edts.to(), name), "elst");
        if (elst == null) return 0;
        Mp4Boxes.need(elst, 8, name);
        int version = b.get(elst.from());
        long count = Mp4Boxes.u32(b, elst.from() + 4);
        int entrySize = version == 1 ? 20 : 12;
        if (count == 0) return 0;
        if (count != 1) throw new CurioException(EDIT_LIST, name, "elst", count + " edits; only a single edit can be concatenated");
        Mp4Boxes.need(elst, 8 + entrySize, name);
        int at = elst.from() + 8;
        long segment = version == 1 ? b.getLong(at) : Mp4Boxes.u32(b, at);
        long mediaTime = version == 1 ? b.getLong(at + 8) : b.getInt(at + 4);
        int rate = b.getInt(at + (version == 1 ? 16 : 8));
        if (mediaTime < 0) throw new CurioException(EDIT_LIST, name, "elst", "the edit list starts with an empty edit");
        if (rate != 0x10000) throw new CurioException(EDIT_LIST, name, "elst", "the edit plays at rate " + rate / 65536.0);
        if (segment != 0 && movieTimescale > 0) {
            // Frames shown from M on last the media's whole duration, so the edit must too. The segment is in the
            // movie timescale (often 1/1000 s): allow its rounding, nothing more.
            double segmentMedia = segment * (double) ts / movieTimescale;
            double slack = (double) ts / movieTimescale + 1;
            if (segmentMedia + slack < mediaDuration) {
                throw new CurioException(EDIT_LIST, name, "elst", "the edit ends before the media does");
            }
        }
        return mediaTime;
    }

    /**
     * The first sample must be the first one shown, at exactly the edit's start: then the presentation is the
     * samples' composition times minus that start, which is what a concatenation can retime. A sample shown
     * before the edit (dropped by players) or a gap after it is refused.
     */
    private static void checkPresentationStart(int[] deltas, int[] cts, long mediaTime, String name) {
        if (deltas.length == 0) throw Mp4Boxes.malformed(name, "stsz", "the video track has no samples");
        long first = cts == null ? 0 : cts[0];
        long min = first;
        long dts = 0;
        for (int i = 0; i < deltas.length; i++) {
            long c = dts + (cts == null ? 0 : cts[i]);
            if (c < min) min = c;
            dts += deltas[i] & 0xFFFFFFFFL;
        }
        if (min != first || first != mediaTime) {
            throw new CurioException(EDIT_LIST, name, "elst", "the presentation does not start with the first sample at the edit's start"
                    + " (edit at " + mediaTime + ", first sample shown at " + first + ", earliest at " + min + ")");
        }
    }

    /** Counts are checked against the box and the file before anything is allocated: a header may claim anything. */
    private static int[] sampleSizes(ByteBuffer b, List<Box> tables, String name, long fileSize) {
        Box stsz = Mp4Boxes.child(tables, "stsz");
        if (stsz == null) {
            String field = Mp4Boxes.child(tables, "stz2") != null ? "stz2" : "stsz";
            throw new CurioException(field.equals("stz2") ? SAMPLE_DESCRIPTION : MALFORMED, name, field, "no 'stsz' sample sizes");
        }
        Mp4Boxes.need(stsz, 12, name);
        long constant = Mp4Boxes.u32(b, stsz.from() + 4);
        long count = Mp4Boxes.u32(b, stsz.from() + 8);
        if (count > MAX_SAMPLES) throw Mp4Boxes.malformed(name, "stsz", count + " samples");
        int n = (int) count;
        if (constant != 0) {
            if (constant > Integer.MAX_VALUE) throw Mp4Boxes.malformed(name, "stsz", "sample size " + constant);
            if (count * constant > fileSize) {
                throw Mp4Boxes.malformed(name, "stsz", count + " samples of " + constant + " bytes do not fit the file");
            }
            int[] sizes = new int[n];
            Arrays.fill(sizes, (int) constant);
            return sizes;
        }
        Mp4Boxes.need(stsz, 12 + 4L * n, name);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            long s = Mp4Boxes.u32(b, stsz.from() + 12 + 4 * i);
            if (s > Integer.MAX_VALUE) throw Mp4Boxes.malformed(name, "stsz", "sample " + i + " of " + s + " bytes");
            sizes[i] = (int) s;
        }
        return sizes;
    }

    private static int[] frameSize(ByteBuffer b, Box tkhd, String name) {
        Mp4Boxes.need(tkhd, 84, name);
        int version = b.get(tkhd.from());
        int matrixAt = tkhd.from() + (version == 1 ? 52 : 40);
        Mp4Boxes.need(tkhd, matrixAt - tkhd.from() + 44, name);
        for (int i = 0; i < IDENTITY.length; i++) {
            if (b.getInt(matrixAt + 4 * i) != IDENTITY[i]) {
                throw new CurioException(SAMPLE_DESCRIPTION, name, "tkhd", "the track carries a display transform (rotation)");
            }
        }
        return new int[] {b.getInt(matrixAt + 36), b.getInt(matrixAt + 40)};
    }

    private static long timescaleOf(ByteBuffer b, Box fullBox, String name) {
        int version = b.get(fullBox.from());
        Mp4Boxes.need(fullBox, version == 1 ? 32 : 20, name);
        return Mp4Boxes.u32(b, fullBox.from() + (version == 1 ? 20 : 12));
    }

    private static long durationOf(ByteBuffer b, Box fullBox, String name) {
        int version = b.get(fullBox.from());
        return version == 1 ? b.getLong(fullBox.from() + 24) : Mp4Boxes.u32(b, fullBox.from() + 16);
    }

    private static Box table(List<Box> tables, String type, String name) {
        Box t = Mp4Boxes.child(tables, type);
        if (t == null) throw Mp4Boxes.malformed(name, type, "the sample table has no '" + type + "'");
        return t;
    }

    private static int[] allSamples(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return all;
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long at, String name) throws IOException {
        long p = at;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, p);
            if (r < 0) throw Mp4Boxes.malformed(name, null, "the file ends inside a box at " + p);
            p += r;
        }
    }

    /** What errors call the file. */
    public String file() {
        return file;
    }

    /** The file's {@code ftyp} box, whole. */
    byte[] ftyp() {
        return ftyp.clone();
    }

    /** Media timescale (ticks per second) of the video track. */
    public int timescale() {
        return timescale;
    }

    /** Media time at which the presentation starts (the edit list's start; 0 without one). */
    public long editMediaTime() {
        return editMediaTime;
    }

    /** Frame width and height from {@code tkhd}, as 16.16 fixed point. */
    int widthFixed() {
        return widthFixed;
    }

    int heightFixed() {
        return heightFixed;
    }

    public int width() {
        return widthFixed >>> 16;
    }

    public int height() {
        return heightFixed >>> 16;
    }

    SampleEntry entry() {
        return entry;
    }

    /** The sample-description entry (e.g. avc1 with its avcC) minus its bitrate box: equal keys decode alike. */
    public byte[] entryKey() {
        return entry.key();
    }

    /** The codec four-character code (avc1, hvc1, av01, ...). */
    public String codec() {
        return entry.format();
    }

    public int sampleCount() {
        return sizes.length;
    }

    /** Decode duration of sample {@code i}, in {@link #timescale} ticks. */
    public int delta(int i) {
        return deltas[i];
    }

    /** Composition offset of sample {@code i} (0 without a {@code ctts}). */
    public int compositionOffset(int i) {
        return compositionOffsets == null ? 0 : compositionOffsets[i];
    }

    public boolean hasCompositionOffsets() {
        return compositionOffsets != null;
    }

    /** 0-based indices of the sync samples (keyframes), ascending; every sample when the file has no {@code stss}. */
    public int[] syncSamples() {
        return syncSamples.clone();
    }

    /** Whether every sample is a sync sample. */
    public boolean allSync() {
        return syncSamples.length == sizes.length;
    }

    public long sampleOffset(int i) {
        return offsets[i];
    }

    public int sampleSize(int i) {
        return sizes[i];
    }

    /** Sum of the sample sizes: what a copy of the track's media reads. */
    public long mediaBytes() {
        long sum = 0;
        for (int s : sizes) sum += s;
        return sum;
    }

    /**
     * The samples grouped into runs that lie back to back in the file, in decode order: each run is one
     * sequential read, and one chunk of a concatenated file.
     */
    public List<Run> runs() {
        List<Run> out = new ArrayList<>();
        int i = 0;
        while (i < sizes.length) {
            int first = i;
            long end = offsets[i] + sizes[i];
            i++;
            while (i < sizes.length && offsets[i] == end) {
                end += sizes[i];
                i++;
            }
            out.add(new Run(offsets[first], end - offsets[first], i - first));
        }
        return out;
    }
}
