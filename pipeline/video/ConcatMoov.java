package pipeline.video;

import java.util.List;

/**
 * The {@code moov} of a {@link Mp4Concat}: one video track whose tables are the members' tables merged.
 * Decode times run on the frame clock (one {@code stts} entry); composition offsets are rescaled and shifted so
 * every member's first shown frame lands on its start (the edit list's media time is the largest member
 * start, and a member whose own start is smaller gets the difference added to its offsets); sync samples are
 * renumbered; each member's run of back-to-back samples becomes one chunk. Boxes and field values follow
 * FFmpeg's MP4 muxer where the format leaves a choice, so players treat the file as they treat the remuxed one.
 */
final class ConcatMoov {
    private static final int MOVIE_TIMESCALE = 1000;
    private static final int[] IDENTITY = {0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};

    private ConcatMoov() { }

    /** The {@code moov} with chunk offsets counted from {@code firstChunk} (the first media byte of the {@code mdat}). */
    static byte[] build(Mp4Concat plan, long firstChunk, boolean co64) {
        List<Mp4Concat.Member> members = plan.members();
        Mp4SampleTable first = members.get(0).table();
        int ts = plan.timescale();
        long delta = ts / plan.fps();
        long mediaDuration = plan.frames() * delta;
        long movieDuration = ceilDiv(mediaDuration * MOVIE_TIMESCALE, ts);
        long editStart = 0;
        for (Mp4Concat.Member m : members) editStart = Math.max(editStart, plan.rescale(m.table(), m.table().editMediaTime(), "elst"));

        Mp4BoxWriter w = new Mp4BoxWriter();
        w.begin("moov");
        mvhd(w, movieDuration);
        w.begin("trak");
        tkhd(w, movieDuration, first);
        w.begin("edts");
        boolean wide = movieDuration > 0xFFFFFFFFL || editStart > Integer.MAX_VALUE;
        w.begin("elst", wide ? 1 : 0, 0).u32(1);
        if (wide) w.u64(movieDuration).u64(editStart); else w.u32(movieDuration).u32(editStart);
        w.u16(1).u16(0).end();
        w.end();
        w.begin("mdia");
        boolean longMedia = mediaDuration > 0xFFFFFFFFL;
        w.begin("mdhd", longMedia ? 1 : 0, 0);
        if (longMedia) w.u64(0).u64(0).u32(ts).u64(mediaDuration); else w.u32(0).u32(0).u32(ts).u32(mediaDuration);
        w.u16(0x55C4).u16(0).end();
        w.begin("hdlr", 0, 0).u32(0).fourcc("vide").u32(0).u32(0).u32(0).bytes("VideoHandler\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).end();
        w.begin("minf");
        w.begin("vmhd", 0, 1).u16(0).u16(0).u16(0).u16(0).end();
        w.begin("dinf").begin("dref", 0, 0).u32(1).begin("url ", 0, 1).end().end().end();
        w.begin("stbl");
        stsd(w, plan);
        w.begin("stts", 0, 0).u32(1).u32(plan.frames()).u32(delta).end();
        stss(w, members);
        ctts(w, plan, editStart);
        stsc(w, members);
        stsz(w, members, plan.frames());
        chunkOffsets(w, members, firstChunk, co64);
        w.end().end().end().end().end();
        return w.toByteArray();
    }

    private static void mvhd(Mp4BoxWriter w, long duration) {
        boolean v1 = duration > 0xFFFFFFFFL;
        w.begin("mvhd", v1 ? 1 : 0, 0);
        if (v1) w.u64(0).u64(0).u32(MOVIE_TIMESCALE).u64(duration); else w.u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(duration);
        w.u32(0x10000).u16(0x100).zeros(10);
        for (int m : IDENTITY) w.u32(m & 0xFFFFFFFFL);
        w.zeros(24).u32(2).end();
    }

    private static void tkhd(Mp4BoxWriter w, long duration, Mp4SampleTable first) {
        boolean v1 = duration > 0xFFFFFFFFL;
        // Flags 3: track enabled and used in the presentation.
        w.begin("tkhd", v1 ? 1 : 0, 3);
        if (v1) w.u64(0).u64(0).u32(1).u32(0).u64(duration); else w.u32(0).u32(0).u32(1).u32(0).u32(duration);
        w.zeros(8).u16(0).u16(0).u16(0).u16(0);
        for (int m : IDENTITY) w.u32(m & 0xFFFFFFFFL);
        w.u32(first.widthFixed() & 0xFFFFFFFFL).u32(first.heightFixed() & 0xFFFFFFFFL).end();
    }

    /**
     * The first member's entry, with a {@code btrt} describing the whole file when the members had one: the
     * largest buffer and peak rate of any member, and the average rate of all the media over the duration.
     */
    private static void stsd(Mp4BoxWriter w, Mp4Concat plan) {
        long[] rates = null;
        for (Mp4Concat.Member m : plan.members()) {
            long[] r = m.table().entry().bitrate();
            if (r == null) continue;
            if (rates == null) rates = new long[3];
            rates[0] = Math.max(rates[0], r[0]);
            rates[1] = Math.max(rates[1], r[1]);
        }
        if (rates != null) {
            rates[2] = Math.min(0xFFFFFFFFL, plan.mediaBytes() * 8 * plan.fps() / Math.max(1, plan.frames()));
            rates[1] = Math.max(rates[1], rates[2]);
        }
        w.begin("stsd", 0, 0).u32(1);
        plan.members().get(0).table().entry().write(w, rates);
        w.end();
    }

    private static void stss(Mp4BoxWriter w, List<Mp4Concat.Member> members) {
        boolean all = true;
        long count = 0;
        for (Mp4Concat.Member m : members) {
            all &= m.table().allSync();
            count += m.table().syncSamples().length;
        }
        if (all) return;
        w.begin("stss", 0, 0).u32(count);
        for (Mp4Concat.Member m : members) {
            for (int s : m.table().syncSamples()) w.u32(m.firstFrame() + s + 1);
        }
        w.end();
    }

    /**
     * Composition offsets, run-length coded; none when no member has any and nothing is shifted. Version 1
     * (signed) only when a shifted offset is negative.
     */
    private static void ctts(Mp4BoxWriter w, Mp4Concat plan, long editStart) {
        boolean any = editStart != 0;
        boolean negative = false;
        for (Mp4Concat.Member m : plan.members()) {
            Mp4SampleTable t = m.table();
            any |= t.hasCompositionOffsets();
            long shift = editStart - plan.rescale(t, t.editMediaTime(), "elst");
            for (int i = 0; i < t.sampleCount() && !negative; i++) negative = plan.rescale(t, t.compositionOffset(i), "ctts") + shift < 0;
        }
        if (!any) return;
        w.begin("ctts", negative ? 1 : 0, 0);
        int countAt = w.position();
        w.u32(0);
        long entries = 0;
        long runValue = 0;
        long runLength = 0;
        for (Mp4Concat.Member m : plan.members()) {
            Mp4SampleTable t = m.table();
            long shift = editStart - plan.rescale(t, t.editMediaTime(), "elst");
            for (int i = 0; i < t.sampleCount(); i++) {
                long v = plan.rescale(t, t.compositionOffset(i), "ctts") + shift;
                if (runLength > 0 && v == runValue) {
                    runLength++;
                    continue;
                }
                if (runLength > 0) {
                    w.u32(runLength).u32(runValue);
                    entries++;
                }
                runValue = v;
                runLength = 1;
            }
        }
        w.u32(runLength).u32(runValue);
        w.patchU32(countAt, entries + 1);
        w.end();
    }

    /** One chunk per run; an entry wherever the samples per chunk change. */
    private static void stsc(Mp4BoxWriter w, List<Mp4Concat.Member> members) {
        w.begin("stsc", 0, 0);
        int countAt = w.position();
        w.u32(0);
        long entries = 0;
        long chunk = 0;
        long last = -1;
        for (Mp4Concat.Member m : members) {
            for (Mp4SampleTable.Run r : m.runs()) {
                chunk++;
                if (r.samples() != last) {
                    w.u32(chunk).u32(r.samples()).u32(1);
                    entries++;
                    last = r.samples();
                }
            }
        }
        w.patchU32(countAt, entries);
        w.end();
    }

    private static void stsz(Mp4BoxWriter w, List<Mp4Concat.Member> members, long frames) {
        int constant = members.get(0).table().sampleSize(0);
        for (Mp4Concat.Member m : members) {
            for (int i = 0; i < m.table().sampleCount() && constant >= 0; i++) {
                if (m.table().sampleSize(i) != constant) constant = -1;
            }
        }
        w.begin("stsz", 0, 0);
        if (constant >= 0) {
            w.u32(constant).u32(frames).end();
            return;
        }
        w.u32(0).u32(frames);
        for (Mp4Concat.Member m : members) {
            for (int i = 0; i < m.table().sampleCount(); i++) w.u32(m.table().sampleSize(i));
        }
        w.end();
    }

    private static void chunkOffsets(Mp4BoxWriter w, List<Mp4Concat.Member> members, long firstChunk, boolean co64) {
        long chunks = 0;
        for (Mp4Concat.Member m : members) chunks += m.runs().size();
        w.begin(co64 ? "co64" : "stco", 0, 0).u32(chunks);
        long at = firstChunk;
        for (Mp4Concat.Member m : members) {
            for (Mp4SampleTable.Run r : m.runs()) {
                if (co64) w.u64(at); else w.u32(at);
                at += r.length();
            }
        }
        w.end();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
