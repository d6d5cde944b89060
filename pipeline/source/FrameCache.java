package pipeline.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decoded frames around the playhead, bounded by bytes. When full, the frame farthest from the one just
 * asked for goes first: scrubbing back and forth near the playhead hits, a jump elsewhere evicts the old
 * neighbourhood.
 * <p>Frames are kept outside the Java heap, in buffers that are allocated once and decoded into again after an
 * eviction. A new 921 KB array per decoded 640x360 frame was 97% of the player's garbage while scrubbing (about
 * 100 MB/s over four streams): a G1 pause every few hundred milliseconds, and a cache filling up grew the heap
 * through a burst of collections that copied the frames, each pause a stutter on screen. So other threads never
 * hold a cached frame: they {@link #copy} it out. A copy pins its buffer and the decoder only reuses unpinned ones,
 * without a lock, because a lock the FX thread waits on while a busy decoding thread holds it would stall the
 * screen.
 * <p>Used from the source's decoding thread, except {@link #copy} and {@link #contains}, which any thread may call.
 */
public final class FrameCache {
    private final FrameSource source;
    private final long budgetBytes;
    private final Map<Integer, Slot> frames = new ConcurrentHashMap<>();
    /** Buffers holding no frame, decoded into next. */
    private final ArrayDeque<Slot> spare = new ArrayDeque<>();
    /** Where the source decodes before a frame is stored: sources decode into a Java array. */
    private final FrameBuffer scratch = new FrameBuffer();
    private long bytes;
    private long allocated;
    private long hits;
    private long misses;

    /** A frame's pixels off the heap, and the number of copies being made from them right now. */
    private static final class Slot {
        final AtomicInteger readers = new AtomicInteger();
        IntBuffer pixels;
        int width;
        int height;
        int index;

        long sizeBytes() {
            return 4L * pixels.capacity();
        }

        void store(FrameBuffer from) {
            int count = from.width() * from.height();
            pixels.put(0, from.argb(), 0, count);
            width = from.width();
            height = from.height();
            index = from.index();
        }

        void load(FrameBuffer into) {
            pixels.get(0, into.ensure(width, height), 0, width * height);
            into.setIndex(index);
        }
    }

    public FrameCache(FrameSource source, long budgetBytes) {
        this.source = source;
        this.budgetBytes = budgetBytes;
    }

    public FrameSource source() {
        return source;
    }

    /**
     * Copies frame {@code n} into {@code into} if it is decoded already and answers whether it was; never
     * decodes. Any thread: the player shows a frame decoded ahead in the pulse that asks for it, instead of
     * waiting for the decoding thread.
     */
    public boolean copy(int n, FrameBuffer into) {
        Slot slot = frames.get(n);
        if (slot == null) return false;
        slot.readers.incrementAndGet();
        try {
            // Still cached after the pin means not yet evicted, so the decoder sees the pin before it could reuse
            // this buffer; otherwise it may be being decoded into already.
            if (frames.get(n) != slot) return false;
            slot.load(into);
            return true;
        } finally {
            slot.readers.decrementAndGet();
        }
    }

    /** Whether frame {@code n} is decoded already; any thread. */
    public boolean contains(int n) {
        return frames.containsKey(n);
    }

    /**
     * Decodes frame {@code n} exactly into the cache unless it is there already, and returns the frame number the
     * source gave it. Decoding thread only.
     */
    public int decode(int n) {
        Slot cached = frames.get(n);
        if (cached != null) {
            hits++;
            return cached.index;
        }
        misses++;
        source.decode(n, scratch);
        int count = scratch.width() * scratch.height();
        // Make room first, so the frame goes into the evicted buffer rather than one more.
        while (!frames.isEmpty() && bytes + 4L * count > budgetBytes) evictFarthestFrom(n);
        Slot slot = unpinnedSpare(count);
        slot.store(scratch);
        frames.put(n, slot);
        bytes += slot.sizeBytes();
        return slot.index;
    }

    private Slot unpinnedSpare(int count) {
        Slot found = null;
        for (Iterator<Slot> it = spare.iterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (s.readers.get() == 0) {
                it.remove();
                found = s;
                break;
            }
        }
        if (found == null) found = new Slot();
        if (found.pixels == null || found.pixels.capacity() < count) {
            if (found.pixels != null) allocated -= found.sizeBytes();
            found.pixels = ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder()).asIntBuffer();
            allocated += found.sizeBytes();
        }
        return found;
    }

    private void evictFarthestFrom(int n) {
        int worst = frames.keySet().iterator().next();
        for (int k : frames.keySet()) if (Math.abs(k - n) > Math.abs(worst - n)) worst = k;
        Slot gone = frames.remove(worst);
        bytes -= gone.sizeBytes();
        spare.push(gone);
        // Spares beyond what the budget can hold again only keep memory (a pinned one was skipped meanwhile).
        while (spare.size() > 2 && allocated > budgetBytes + 2 * gone.sizeBytes()) {
            allocated -= spare.removeLast().sizeBytes();
        }
    }

    public int size() {
        return frames.size();
    }

    /** Bytes of the frames cached. */
    public long bytes() {
        return bytes;
    }

    /** Bytes of frame buffers allocated, cached or spare: the budget plus at most a few frames. */
    public long allocatedBytes() {
        return allocated;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
