package pipeline.video;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds boxes in memory, big-endian: {@link #begin} opens a box and {@link #end} writes its size once its
 * content is known, so nested boxes need no size arithmetic. Used for a {@code moov}, which is O(samples).
 */
final class Mp4BoxWriter {
    private byte[] buf = new byte[4096];
    private int size;
    private final Deque<Integer> open = new ArrayDeque<>();

    int position() {
        return size;
    }

    Mp4BoxWriter begin(String type) {
        open.push(size);
        u32(0);
        fourcc(type);
        return this;
    }

    /** A full box: header, then version and 24-bit flags. */
    Mp4BoxWriter begin(String type, int version, int flags) {
        begin(type);
        u32(((long) version << 24) | (flags & 0xFFFFFF));
        return this;
    }

    Mp4BoxWriter end() {
        int start = open.pop();
        patchU32(start, size - start);
        return this;
    }

    Mp4BoxWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    Mp4BoxWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    Mp4BoxWriter u32(long v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) buf[size++] = (byte) (v >>> s);
        return this;
    }

    Mp4BoxWriter u64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) buf[size++] = (byte) (v >>> s);
        return this;
    }

    Mp4BoxWriter zeros(int n) {
        ensure(n);
        size += n;
        return this;
    }

    Mp4BoxWriter fourcc(String type) {
        byte[] b = type.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length != 4) throw new IllegalArgumentException("not a four-character code: " + type);
        return bytes(b);
    }

    Mp4BoxWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    void patchU32(int at, long v) {
        for (int i = 0; i < 4; i++) buf[at + i] = (byte) (v >>> (24 - 8 * i));
    }

    byte[] toByteArray() {
        if (!open.isEmpty()) throw new IllegalStateException(open.size() + " boxes still open");
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
}
