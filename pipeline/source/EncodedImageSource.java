package pipeline.source;

import java.util.function.IntFunction;

/** Frames that are each a JPEG or PNG (RLDS images, step-log blobs, LeRobot image features), decoded on demand. */
class EncodedImageSource implements FrameSource, EncodedFrames {
    private final String name;
    private final String file;
    private final String field;
    private final FrameTimeline timeline;
    private final IntFunction<byte[]> bytes;
    private int width;
    private int height;

    EncodedImageSource(String name, String file, String field, FrameTimeline timeline, IntFunction<byte[]> bytes) {
        this.name = name;
        this.file = file;
        this.field = field;
        this.timeline = timeline;
        this.bytes = bytes;
    }

    @Override public String name() { return name; }
    @Override public FrameTimeline timeline() { return timeline; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public byte[] encoded(int n) {
        timeline.requireFrame(n, file, field);
        return bytes.apply(n);
    }

    @Override
    public void decode(int n, FrameBuffer out) {
        Pixels.compressed(encoded(n), out, file, field + "[" + n + "]");
        width = out.width();
        height = out.height();
        out.setIndex(n);
    }

    @Override
    public void close() {
        // The bytes live in the caller's record or files; nothing is held open.
    }
}
