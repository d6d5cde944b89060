package pipeline.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded frames around the playhead, bounded by bytes. When full, the frame farthest from the one just
 * asked for goes first: scrubbing back and forth near the playhead hits, a jump elsewhere evicts the old
 * neighbourhood. Cached buffers are never written again, so the screen may hold them while decoding goes on.
 * Used from the source's decoding thread, except {@link #peek}, which any thread may call.
 */
public final class FrameCache {
    private final FrameSource source;
    private final long budgetBytes;
    private final Map<Integer, FrameBuffer> frames = new ConcurrentHashMap<>();
    private long bytes;
    private long hits;
    private long misses;

    public FrameCache(FrameSource source, long budgetBytes) {
        this.source = source;
        this.budgetBytes = budgetBytes;
    }

    public FrameSource source() {
        return source;
    }

    /**
     * Frame {@code n} if it is decoded already, else null; never decodes. Safe from any thread: the player shows a
     * frame decoded ahead in the same pulse that asks for it instead of waiting for the decoding thread.
     */
    public FrameBuffer peek(int n) {
        return frames.get(n);
    }

    /** Frame {@code n}, decoded exactly if not cached; the returned buffer must not be modified. */
    public FrameBuffer get(int n) {
        FrameBuffer cached = frames.get(n);
        if (cached != null) {
            hits++;
            return cached;
        }
        misses++;
        FrameBuffer fresh = new FrameBuffer();
        source.decode(n, fresh);
        frames.put(n, fresh);
        bytes += fresh.sizeBytes();
        while (bytes > budgetBytes && frames.size() > 1) evictFarthestFrom(n);
        return fresh;
    }

    private void evictFarthestFrom(int n) {
        int worst = n;
        for (int k : frames.keySet()) if (Math.abs(k - n) > Math.abs(worst - n)) worst = k;
        FrameBuffer gone = frames.remove(worst);
        bytes -= gone.sizeBytes();
    }

    public int size() {
        return frames.size();
    }

    public long bytes() {
        return bytes;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public void clear() {
        frames.clear();
        bytes = 0;
    }
}
