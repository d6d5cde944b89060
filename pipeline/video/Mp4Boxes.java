package pipeline.video;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import store.CurioException;

/**
 * ISO-BMFF box headers inside an in-memory {@code moov}: the child boxes of a container, each with its content
 * range, so the sample-table reader walks the tree without copying it. A box that overruns its parent is a
 * malformed file, never silently truncated.
 */
final class Mp4Boxes {
    /** One box: {@code type}, its content {@code [from, to)} (after the header) inside the buffer. */
    record Box(String type, int start, int from, int to) {
        int size() {
            return to - start;
        }
    }

    private Mp4Boxes() { }

    /** The child boxes of the range {@code [from, to)} of {@code buf}, in file order. */
    static List<Box> children(ByteBuffer buf, int from, int to, String file) {
        List<Box> out = new ArrayList<>();
        int p = from;
        while (p + 8 <= to) {
            long size = buf.getInt(p) & 0xFFFFFFFFL;
            String type = fourcc(buf, p + 4);
            int header = 8;
            if (size == 1) {
                if (p + 16 > to) throw malformed(file, type, "a 64-bit box size runs past its parent");
                size = buf.getLong(p + 8);
                header = 16;
            } else if (size == 0) {
                size = to - p;
            }
            if (size < header || p + size > to) throw malformed(file, type, "box of " + size + " bytes runs past its parent");
            out.add(new Box(type, p, p + header, (int) (p + size)));
            p += (int) size;
        }
        return out;
    }

    /** The first child of type {@code type}, or null. */
    static Box child(List<Box> boxes, String type) {
        for (Box b : boxes) {
            if (b.type().equals(type)) return b;
        }
        return null;
    }

    /** The first child of type {@code type} of {@code parent}; a missing one is a malformed file. */
    static Box required(ByteBuffer buf, Box parent, String type, String file) {
        Box b = child(children(buf, parent.from(), parent.to(), file), type);
        if (b == null) throw malformed(file, type, "'" + parent.type() + "' has no '" + type + "' box");
        return b;
    }

    static String fourcc(ByteBuffer buf, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (buf.get(at + i) & 0xFF);
        return new String(c);
    }

    static long u32(ByteBuffer buf, int at) {
        return buf.getInt(at) & 0xFFFFFFFFL;
    }

    /** A box too short for the fields its version promises. */
    static void need(Box b, long bytes, String file) {
        if (b.to() - b.from() < bytes) throw malformed(file, b.type(), "'" + b.type() + "' is shorter than its fields");
    }

    static CurioException malformed(String file, String field, String why) {
        return new CurioException(Mp4SampleTable.MALFORMED, file, field, why);
    }
}
