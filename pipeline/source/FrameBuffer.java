package pipeline.source;

/**
 * Decoded pixels of one frame as packed opaque 0xAARRGGBB ints. Sources decode into a caller's buffer so a
 * stepping decoder does not allocate per frame, and a frame crosses threads as a copy ({@link #copyFrom}) into
 * a buffer the receiver owns.
 */
public final class FrameBuffer {
    private int width;
    private int height;
    private int[] argb = new int[0];
    private int index = -1;

    public int width() { return width; }
    public int height() { return height; }
    public int[] argb() { return argb; }
    /** The source's frame number these pixels belong to, -1 before the first decode. */
    public int index() { return index; }

    /** Resizes to {@code w x h}, keeping the array when it is large enough. */
    public int[] ensure(int w, int h) {
        if (argb.length < w * h) argb = new int[w * h];
        width = w;
        height = h;
        return argb;
    }

    public void setIndex(int index) {
        this.index = index;
    }

    /** Makes this buffer hold {@code other}'s frame, keeping this array when it is large enough. */
    public void copyFrom(FrameBuffer other) {
        System.arraycopy(other.argb, 0, ensure(other.width, other.height), 0, other.width * other.height);
        index = other.index;
    }

    public int pixel(int x, int y) {
        return argb[y * width + x];
    }

    /** Bytes held, for cache budgets. */
    public long sizeBytes() {
        return 4L * argb.length;
    }
}
