package packaging.deliver;

/**
 * How a bucket delivery uploads: the part size, how many parts are read and sent at once (memory is one part buffer
 * each), and who is told about each part.
 */
public record UploadOptions(long partSize, int parallelParts, PartListener listener) {
    public static final long DEFAULT_PART_SIZE = 8L << 20;
    public static final int DEFAULT_PARALLEL_PARTS = 8;
    public static final UploadOptions DEFAULT = new UploadOptions(DEFAULT_PART_SIZE, DEFAULT_PARALLEL_PARTS, PartListener.NONE);

    /** Told which parts were sent and which were found already uploaded; part 0 is an object sent in one PUT. */
    public interface PartListener {
        PartListener NONE = new PartListener() { };

        default void sent(String key, int part) { }

        default void kept(String key, int part) { }
    }

    public UploadOptions {
        if (partSize < (5L << 20) || partSize > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("S3 parts are 5 MiB to 2 GiB here, not " + partSize + " bytes");
        }
        if (parallelParts < 1) throw new IllegalArgumentException("at least one part at a time");
        if (listener == null) throw new IllegalArgumentException("a listener, PartListener.NONE for none");
    }
}
