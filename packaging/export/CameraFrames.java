package packaging.export;

import java.nio.file.Path;
import java.util.List;
import pipeline.redact.Redactor;
import pipeline.source.EncodedFrames;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.FrameTimeline;
import pipeline.source.Sources;
import store.Annotations;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * One camera of one segment, row by row: the camera's frame nearest each row instant, with the segment's redactions
 * burned in. A frame shown on consecutive rows is decoded once. Not thread-safe: one decoding thread per instance.
 */
public final class CameraFrames implements AutoCloseable {
    private final EpisodeOut rows;
    private final StreamEntry stream;
    private final FrameSource source;
    private final FrameTimeline timeline;
    private final List<Annotations.RedactionTrack> tracks;
    private final FrameBuffer last;
    private int decoded = -1;
    private boolean lastRedacted;
    private int redactedRows;
    private int depthFrame = -1;
    private byte[] depth;

    private CameraFrames(EpisodeOut rows, StreamEntry stream, FrameSource source, FrameBuffer last) {
        this.rows = rows;
        this.last = last;
        last.setIndex(-1);
        this.stream = stream;
        this.source = source;
        this.timeline = source.timeline();
        this.tracks = rows.segment().redactions(stream.name());
    }

    public static CameraFrames open(EpisodeOut rows, FeatureMap.Feature camera) {
        return open(rows, camera, new FrameBuffer());
    }

    /**
     * As above, decoding into {@code last}: a writer that keeps one buffer per camera for all its episodes keeps it
     * from being promoted to the old generation once per episode.
     */
    public static CameraFrames open(EpisodeOut rows, FeatureMap.Feature camera, FrameBuffer last) {
        EpisodeDetail e = rows.segment().episode();
        StreamEntry s = FrameRows.stream(e, camera.stream(rows.segment().episodeId()));
        return new CameraFrames(rows, s, Sources.open(Path.of(e.datasetRoot()), e, s, 0, rows.segment().placement()), last);
    }

    public StreamEntry stream() {
        return stream;
    }

    /** Whether any frame of this camera in the segment gets a redaction (then nothing of it may be copied as stored). */
    public boolean redacted() {
        return !tracks.isEmpty();
    }

    /** Width and height, decoding the first frame when the source learns its size only then. */
    public int[] size() {
        if (source.width() > 0 && source.height() > 0) return new int[] {source.width(), source.height()};
        // Decoded unredacted here, so the next decode() must decode again.
        source.decode(0, last);
        decoded = -1;
        return new int[] {last.width(), last.height()};
    }

    /** The source frame shown at row {@code k}. */
    public int frameAt(int k) {
        return FrameClock.nearest(timeline, rows.timeNs(k));
    }

    /** Fills {@code out} with row {@code k}'s picture, redacted. */
    public void decode(int k, FrameBuffer out) {
        int frame = frameAt(k);
        if (frame != decoded || last.index() != frame) {
            source.decode(frame, last);
            decoded = frame;
            lastRedacted = Redactor.apply(tracks, timeline.timeNs(frame), last.argb(), last.width(), last.height()) > 0;
        }
        out.copyFrom(last);
        if (lastRedacted) redactedRows++;
    }

    /**
     * The stored bytes (JPEG, PNG) of row {@code k}'s frame when the source keeps its frames as image files and no
     * redaction touches this camera, so a format holding images takes them unchanged; else null.
     */
    public byte[] storedImage(int k) {
        if (redacted() || !(source instanceof EncodedFrames stored)) return null;
        return stored.encoded(frameAt(k));
    }

    /** Rows whose picture a redaction changed. */
    public int redactedRows() {
        return redactedRows;
    }

    @Override
    public void close() {
        source.close();
    }

    /** The 16-bit PNG of a depth camera nearest row {@code k}, kept byte for byte when it is one already. */
    public byte[] depthPng(int k) {
        if (!(source instanceof EncodedFrames stored)) {
            throw new CurioException("export.depth_unsupported", stream.fileRelPath(), stream.name(), "depth stream " + stream.name()
                    + " is not stored as images Curio can keep losslessly");
        }
        int frame = frameAt(k);
        if (frame != depthFrame) {
            depth = DepthPng.sixteenBit(stored.encoded(frame), stream.name());
            depthFrame = frame;
        }
        return depth;
    }
}
