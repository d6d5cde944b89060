package pipeline.source;

/** A bag topic's frames placed at their header stamps: decoding is the source's own, only the timeline differs. */
class HeaderPlacedFrames implements FrameSource {
    private final FrameSource source;
    private final FrameTimeline placed;

    private HeaderPlacedFrames(FrameSource source, FrameTimeline placed) {
        this.source = source;
        this.placed = placed;
    }

    /** Wraps {@code source}, keeping it an {@link EncodedFrames} when it is one. */
    static FrameSource of(FrameSource source, FrameTimeline placed) {
        return source instanceof EncodedFrames e ? new Encoded(source, e, placed) : new HeaderPlacedFrames(source, placed);
    }

    private static final class Encoded extends HeaderPlacedFrames implements EncodedFrames {
        private final EncodedFrames stored;

        Encoded(FrameSource source, EncodedFrames stored, FrameTimeline placed) {
            super(source, placed);
            this.stored = stored;
        }

        @Override
        public byte[] encoded(int n) {
            return stored.encoded(n);
        }
    }

    static boolean applies(StreamLocator loc) {
        return StreamLocator.MCAP.equals(loc.container()) || StreamLocator.ROSBAG2.equals(loc.container());
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public FrameTimeline timeline() {
        return placed;
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public void decode(int n, FrameBuffer out) {
        source.decode(n, out);
    }

    @Override
    public void close() {
        source.close();
    }
}
