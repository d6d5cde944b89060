package pipeline.source;

/**
 * A frame source whose frames are stored as image files (JPEG, PNG, 16-bit PNG depth): an exporter that can keep
 * them as they are (an image feature, a depth map) takes the bytes instead of decoding and re-encoding them.
 */
public interface EncodedFrames {
    /** The stored bytes of frame {@code n}. */
    byte[] encoded(int n);
}
