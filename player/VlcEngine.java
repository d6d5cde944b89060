package player;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameTimeline;
import pipeline.source.StreamLocator;
import store.StreamEntry;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.factory.discovery.NativeDiscovery;
import uk.co.caprica.vlcj.player.base.MediaPlayer;

/**
 * Real-time playback of MP4 tiles decoded by libVLC, presented on the master clock.
 * <p>libVLC 3 does not say which picture its own video output shows, so steering its players kept them only
 * within 1-3 frames of master, by an estimate (README, Player playback). Here libVLC decodes through its
 * stream-to-memory output ({@code #transcode{vcodec=RV32}:smem}) without pacing: each picture reaches Java with
 * a timestamp, a bounded queue holds the decoder a few frames ahead, and every pulse the tile shows the newest
 * picture at or before master time. The timestamps are exactly one frame apart but on libVLC's own clock; the
 * offset to the stream's frame numbers is found by matching the first pictures against fingerprints of frames
 * the exact decoder reads around the start (libVLC starts a few frames early, and with B-frames sends one stale
 * picture first). At a start of play libVLC starts at master, which the view holds until the pictures are pinned
 * ({@link #readyToPlay}); after a seek while playing it starts as far ahead of master as pinning takes, and the
 * exact decoder shows the tile until libVLC's pictures reach master time. So the frame on screen is known, and its
 * drift is measured, not estimated. Streams outside their range show "no data"; a stream libVLC cannot decode, or
 * skips frames of, falls back to the exact decoder, and so does a start whose pictures match several frames alike
 * (a still scene), until the next play or seek.
 */
public final class VlcEngine implements PlaybackEngine {
    /** Pictures decoded ahead of master: 0.8 s at 1x, enough to ride out a busy moment at 4x. */
    static final int AHEAD = 24;
    /** Reference frames before and after the start, fingerprinted by the exact decoder to pin the offset. */
    static final int REF_BEFORE = 6;
    static final int REF_AFTER = 12;
    /** A start or seek whose pictures do not arrive within this hands the tile back to the exact decoder. */
    static final long NO_PICTURE_NS = 3_000_000_000L;
    /** libVLC this far behind master with nothing queued has stalled: restart it where master is. */
    static final int STALLED_FRAMES = 60;
    /** How long starting libVLC and pinning its pictures takes (0.4-0.6 s measured): it starts that far ahead. */
    static final double PIN_LEAD_S = 0.6;
    /** Master moving further ahead than this between two pulses is a seek: libVLC restarts there. */
    static final double JUMP_S = 3;
    /** Steps between pictures' timestamps looked at to tell whether libVLC skips frames. */
    static final int SKIP_SAMPLE = 8;
    /** Pictures that must agree on the offset. */
    static final int PIN_VOTES = 3;
    private static volatile Boolean available;

    private final MediaPlayerFactory factory;
    /** Creates, starts, stops and releases libVLC players, one at a time and never on the FX thread. */
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "curio-vlc-control");
        t.setDaemon(true);
        return t;
    });
    private final Map<VideoTile, Lane> lanes = new LinkedHashMap<>();
    private boolean running;

    /** A stream-to-memory picture callback pair, as libVLC's smem module calls them. */
    public interface Prerender extends Callback {
        void invoke(Pointer data, PointerByReference buffer, long size);
    }

    public interface Postrender extends Callback {
        void invoke(Pointer data, Pointer buffer, int width, int height, int pixelPitch, long size, long ptsUs);
    }

    /** A decoded picture: its pixels, its timestamp in frames on libVLC's clock, its fingerprint. */
    record Picture(FrameBuffer pixels, long clockFrame, int[] fingerprint) { }

    /** No offset from libVLC's clock to source frames is known yet. */
    static final long UNPINNED = Long.MIN_VALUE;

    /** What a run's first pictures say: its offset to source frames, or that it cannot be known, or neither yet. */
    record PinVerdict(long offset, boolean unpinnable) {
        static final PinVerdict UNDECIDED = new PinVerdict(UNPINNED, false);
    }

    /**
     * The offset from libVLC's clock to source frames that {@code pictures} (in queue order) show, against the
     * reference frames {@code refs} (source frames {@code refFrom} on). Each picture votes for the reference frame it
     * clearly matches (twice as close as any other), and {@link #PIN_VOTES} votes agreeing settle it. Pictures scaled
     * to a small tile match less clearly; once the queue is full, the first {@link #REF_AFTER} pictures settle it when
     * more than two thirds of them vote for one offset and it has four times the votes of any other. Without either (a
     * still scene, each picture matching several frames alike) which frame each shows cannot be known.
     */
    static PinVerdict pin(Iterable<Picture> pictures, int[][] refs, long refFrom, boolean queueFull) {
        Map<Long, Integer> votes = new HashMap<>();
        Map<Long, Integer> first = new HashMap<>();
        int voters = 0;
        for (Picture p : pictures) {
            if (p.fingerprint() == null) continue;
            int best = Integer.MAX_VALUE;
            int second = Integer.MAX_VALUE;
            int bestIndex = -1;
            for (int i = 0; i < refs.length; i++) {
                if (refs[i] == null) continue;
                int d = Fingerprint.distance(p.fingerprint(), refs[i]);
                if (d < best) {
                    second = best;
                    best = d;
                    bestIndex = i;
                } else if (d < second) {
                    second = d;
                }
            }
            if (bestIndex < 0) continue;
            long candidate = refFrom + bestIndex - p.clockFrame();
            if (best * 2L < second && votes.merge(candidate, 1, Integer::sum) >= PIN_VOTES) {
                return new PinVerdict(candidate, false);
            }
            if (voters < REF_AFTER) {
                voters++;
                first.merge(candidate, 1, Integer::sum);
            }
        }
        if (!queueFull) return PinVerdict.UNDECIDED;
        long top = UNPINNED;
        int topVotes = 0;
        int runnerUp = 0;
        for (Map.Entry<Long, Integer> e : first.entrySet()) {
            if (e.getValue() > topVotes) {
                runnerUp = topVotes;
                topVotes = e.getValue();
                top = e.getKey();
            } else {
                runnerUp = Math.max(runnerUp, e.getValue());
            }
        }
        if (topVotes * 3 > voters * 2 && topVotes >= runnerUp * 4) return new PinVerdict(top, false);
        return new PinVerdict(UNPINNED, true);
    }

    private final class Lane {
        final VideoTile tile;
        final String mrl;
        final FrameTimeline timeline;
        final int firstFileFrame;
        final double fps;
        /** The visible picture, as the exact decoder reads it. */
        final int width;
        final int height;
        Run run;
        /** libVLC cannot play this stream frame by frame: the exact decoder plays it. */
        boolean failed;
        /** Why, for the overlay. */
        String failedBecause;
        /** The stream's codec as ingest probed it ("h264", "av1"), lower case; empty when unknown. */
        String codec = "";
        long picturesShown;
        /** Picture buffers made for this stream, over all its runs. */
        final java.util.concurrent.atomic.AtomicInteger allocated = new java.util.concurrent.atomic.AtomicInteger();
        /** Picture buffers of finished runs, for the next: a start or seek then allocates nothing. */
        final ArrayBlockingQueue<FrameBuffer> spare = new ArrayBlockingQueue<>(AHEAD + 2);
        /** The next run starts at master, which the view holds until its pictures are pinned (a start of play). */
        boolean atMaster;
        /** The frame master asked for at the last pulse: a jump from it is a seek while playing. */
        int lastWant = -1;
        /**
         * Why the exact decoders draw this tile until the next play or seek (libVLC's pictures matched several
         * frames alike, so which frame each shows is unknown); null while libVLC's pictures are used.
         */
        String exactBecause;

        Lane(VideoTile tile, String mrl, FrameTimeline timeline, int firstFileFrame, double fps) {
            this.tile = tile;
            this.width = tile.source().width();
            this.height = tile.source().height();
            this.mrl = mrl;
            this.timeline = timeline;
            this.firstFileFrame = firstFileFrame;
            this.fps = fps;
        }

        private void startAhead(int want, double rate) {
            int lead = (int) Math.round(Math.max(1, rate) * PIN_LEAD_S * fps);
            startAt(Math.min(want + lead, timeline.frameCount() - 1), true);
        }

        void startAt(int frame, boolean exactMeanwhile) {
            halt();
            run = new Run(this, frame);
            // Until the pictures are pinned the exact decoder shows this tile, and it keeps up only decoding ahead;
            // at a start master waits for them instead, and the exact decoder only fingerprints the reference frames.
            tile.prefetch(exactMeanwhile ? PlayerView.PREFETCH_FRAMES : 0);
        }

        /** The exact decoders draw this tile from now on: they decode ahead, as for any stream they play. */
        private void toExact(long masterNs) {
            halt();
            tile.prefetch(PlayerView.PREFETCH_FRAMES);
            tile.showTime(masterNs);
            tile.primeAhead();
        }

        private void fail(String because, long masterNs) {
            failed = true;
            failedBecause = because;
            toExact(masterNs);
        }

        void halt() {
            if (run != null) run.stop();
            run = null;
        }

        void sync(long masterNs, double rate) {
            int want = timeline.frameIndexAt(masterNs);
            if (want < 0) {
                halt();
                return;
            }
            // A seek while playing. A forward jump of a few seconds (a long pulse, a small seek) is cheaper to decode
            // through, unpaced, than to restart and pin again.
            boolean jumped = lastWant >= 0 && (want < lastWant || want - lastWant > JUMP_S * fps);
            lastWant = want;
            if (exactBecause != null) {
                // The view shows the exact decoders' frames; a seek tries libVLC again, on other pictures.
                if (!jumped) return;
                exactBecause = null;
            }
            if (run == null || jumped) {
                if (atMaster && !jumped) {
                    atMaster = false;
                    startAt(want, false);
                    return;
                }
                // libVLC starts where master will be once its pictures are pinned; the exact decoder shows the tile
                // until then.
                startAhead(want, rate);
                return;
            }
            Run r = run;
            if (r.skipsFrames()) {
                fail(skipsFramesOf(""), masterNs);
                return;
            }
            if (r.offset == UNPINNED) {
                r.tryPin();
                if (r.unpinnable) {
                    exactBecause = "exact decoders: libVLC's pictures match several frames alike";
                    toExact(masterNs);
                    return;
                }
                if (r.offset == UNPINNED && System.nanoTime() - r.startedAt > NO_PICTURE_NS) {
                    fail("exact decoders: libVLC sent no pictures", masterNs);
                    return;
                }
            }
            Picture best = null;
            Picture head;
            while (r.offset != UNPINNED && (head = r.ready.peek()) != null && r.frameOf(head) <= want) {
                r.ready.poll();
                if (r.plausible(head)) {
                    if (best != null) r.recycle(best.pixels());
                    best = head;
                } else {
                    r.recycle(head.pixels());
                }
            }
            if (best != null) {
                int frame = (int) r.frameOf(best);
                tile.showPicture(best.pixels(), frame);
                picturesShown++;
                r.recycle(best.pixels());
                if (!r.showing) {
                    r.showing = true;
                    tile.prefetch(0);
                }
            } else if (!r.showing) {
                // Until libVLC's pictures reach master time, the exact decoder keeps the tile on it.
                tile.showTime(masterNs);
            }
            // A tile made much larger (maximized) while playing gets pictures of its new size.
            if (r.showing && pictureSize(width, height, tile.getWidth(), tile.getHeight())[0] > r.pictureWidth * 5 / 4) {
                startAhead(want, rate);
                return;
            }
            // Behind but decoding: it catches up (unpaced, it decodes faster than real time) and a restart would
            // only cost the pinning again. Stalled with nothing queued: start it again where master is.
            if (r.showing && r.ready.isEmpty() && want - Math.max(tile.displayedFrameProperty().get(), r.startFrame) > STALLED_FRAMES) {
                startAhead(want, rate);
            }
        }
    }

    /** One libVLC decode from a start frame until stopped, a seek, or the end. */
    private final class Run {
        final Lane lane;
        final int startFrame;
        final long startedAt = System.nanoTime();
        final ArrayBlockingQueue<Picture> ready = new ArrayBlockingQueue<>(AHEAD);
        final ArrayBlockingQueue<FrameBuffer> free = new ArrayBlockingQueue<>(AHEAD + 2);
        final int refFrom;
        /** Made and released on {@link #control}. */
        MediaPlayer player;
        /** Kept reachable while libVLC may call them. */
        final Prerender prerender;
        final Postrender postrender;
        volatile boolean stopped;
        /** Its pictures have reached master time and are on screen (FX thread). */
        boolean showing;
        volatile int[][] refs;
        /** Source frame = clock frame + offset; written on the FX thread. */
        volatile long offset = UNPINNED;
        /** Its pictures match several reference frames alike: which frame each shows cannot be known (FX thread). */
        boolean unpinnable;
        private Memory memory;
        /** Pictures so far, and of the steps between the first ones' timestamps, how many skipped a frame or more. */
        private int pictures;
        private long previousClockFrame;
        volatile int steps;
        volatile int skippingSteps;
        private int buffers;
        /** The size libVLC converts its pictures to: the tile's, when that is much smaller than the stream's. */
        final int pictureWidth;
        final int pictureHeight;

        Run(Lane lane, int startFrame) {
            this.lane = lane;
            this.startFrame = startFrame;
            int[] picture = pictureSize(lane.width, lane.height, lane.tile.getWidth(), lane.tile.getHeight());
            this.pictureWidth = picture[0];
            this.pictureHeight = picture[1];
            this.refFrom = startFrame - REF_BEFORE;
            lane.tile.fingerprints(refFrom, startFrame + REF_AFTER, fps -> refs = fps);
            prerender = (data, buffer, size) -> {
                if (memory == null || memory.size() < size) memory = new Memory(size);
                buffer.setValue(memory);
            };
            postrender = this::picture;
            Native.setCallbackThreadInitializer(prerender, new CallbackThreadInitializer(true, false, "curio-vlc-pre"));
            Native.setCallbackThreadInitializer(postrender, new CallbackThreadInitializer(true, false, "curio-vlc-picture"));
            long pre = Pointer.nativeValue(CallbackReference.getFunctionPointer(prerender));
            long post = Pointer.nativeValue(CallbackReference.getFunctionPointer(postrender));
            String scale = pictureWidth == lane.width && pictureHeight == lane.height ? ""
                    : ",width=" + pictureWidth + ",height=" + pictureHeight;
            String sout = ":sout=#transcode{vcodec=RV32" + scale + ",acodec=none}:smem{video-prerender-callback=" + pre
                    + ",video-postrender-callback=" + post + ",video-data=0,no-time-sync}";
            // Half a frame early so rounding never starts after the frame asked for.
            double startS = Math.max(0, (lane.firstFileFrame + startFrame - 0.5) / lane.fps);
            double stopS = (lane.firstFileFrame + lane.timeline.frameCount()) / lane.fps;
            String[] options = {sout, String.format(Locale.ROOT, ":start-time=%.6f", startS),
                    String.format(Locale.ROOT, ":stop-time=%.6f", stopS), ":no-sout-audio"};
            // Making and starting a libVLC player takes tens of milliseconds: off the FX thread, in order with stops.
            control.execute(() -> {
                if (stopped) return;
                player = factory.mediaPlayers().newMediaPlayer();
                player.media().play(lane.mrl, options);
            });
        }

        /** libVLC's decoding thread: copy the picture out, then wait while the queue is full (that paces libVLC). */
        private void picture(Pointer data, Pointer buffer, int width, int height, int pixelPitch, long size, long ptsUs) {
            try {
                // libVLC reports the coded size (360 rows come as 386); the buffer holds the visible picture at the
                // size asked for (the stream's, as the exact decoder reads it, or the tile's), rows packed or padded.
                int w = pictureWidth;
                int rows = pictureHeight;
                long pitch = rows <= 0 ? 0 : size / rows;
                if (stopped || w <= 0 || pitch < 4L * w || size % rows != 0) return;
                FrameBuffer fb = free.poll();
                if (fb == null && buffers < AHEAD + 2) {
                    fb = lane.spare.poll();
                    if (fb == null) {
                        fb = new FrameBuffer();
                        lane.allocated.incrementAndGet();
                    }
                    buffers++;
                }
                while (fb == null && !stopped) fb = free.poll(20, TimeUnit.MILLISECONDS);
                if (fb == null) return;
                int[] px = fb.ensure(w, rows);
                if (pitch == 4L * w) {
                    buffer.read(0, px, 0, w * rows);
                } else {
                    for (int y = 0; y < rows; y++) buffer.read(y * pitch, px, y * w, w);
                }
                // RV32 leaves the alpha byte unset; the tile's image is premultiplied ARGB.
                for (int i = 0, n = w * rows; i < n; i++) px[i] |= 0xff000000;
                long clockFrame = Math.round(ptsUs * lane.fps / 1e6);
                // The first picture after a start may be a stale one whose timestamp does not fit the rest.
                if (pictures++ >= 2 && steps < SKIP_SAMPLE) {
                    if (clockFrame - previousClockFrame >= 2) skippingSteps++;
                    steps++;
                }
                previousClockFrame = clockFrame;
                // Fingerprints are needed to pin the offset and to check pictures inside the reference window.
                long off = offset;
                int[][] r = refs;
                boolean checked = off == UNPINNED || r == null
                        || clockFrame + off - refFrom >= 0 && clockFrame + off - refFrom < r.length;
                Picture p = new Picture(fb, clockFrame, checked ? Fingerprint.of(px, w, rows) : null);
                while (!stopped && !ready.offer(p, 20, TimeUnit.MILLISECONDS)) { /* the FX thread drains it */ }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * libVLC hands over fewer pictures than the stream has frames: their timestamps step by two frames or more
         * (libVLC 3 does so with the AV1 that LeRobot writes, keeping about one frame in three). Such pictures cannot
         * show the stream frame by frame, whatever offset they are pinned at.
         */
        boolean skipsFrames() {
            int n = steps;
            return n >= SKIP_SAMPLE && skippingSteps * 2 > n;
        }

        long frameOf(Picture p) {
            return p.clockFrame() + offset;
        }

        void recycle(FrameBuffer fb) {
            free.offer(fb);
        }

        /**
         * Pins the run to source frames from its queued pictures ({@link VlcEngine#pin}); a run whose pictures
         * cannot be pinned is {@link #unpinnable}, and the exact decoders draw the tile.
         */
        void tryPin() {
            int[][] r = refs;
            if (r == null) return;
            PinVerdict v = pin(ready, r, refFrom, ready.remainingCapacity() == 0);
            if (v.offset() != UNPINNED) offset = v.offset();
            else if (v.unpinnable()) unpinnable = true;
        }

        /**
         * Inside the reference window a picture must look like the frame its timestamp names: libVLC's first
         * picture after a start in a file with B-frames is a stale one whose timestamp does not fit the rest.
         */
        boolean plausible(Picture p) {
            int[][] r = refs;
            long i = frameOf(p) - refFrom;
            if (p.fingerprint() == null || r == null || i < 0 || i >= r.length || r[(int) i] == null) {
                return true;
            }
            int named = Fingerprint.distance(p.fingerprint(), r[(int) i]);
            int best = Integer.MAX_VALUE;
            for (int[] ref : r) if (ref != null) best = Math.min(best, Fingerprint.distance(p.fingerprint(), ref));
            return named <= best * 2 + 8;
        }

        void stop() {
            stopped = true;
            // Releasing waits for libVLC's threads; the callbacks stay reachable until then.
            control.execute(() -> {
                if (player != null) {
                    player.controls().stop();
                    player.release();
                }
                // Released, libVLC calls back no more, and the FX thread dropped this run when it stopped it.
                for (Picture p; (p = ready.poll()) != null; ) lane.spare.offer(p.pixels());
                for (FrameBuffer fb; (fb = free.poll()) != null; ) lane.spare.offer(fb);
            });
        }
    }

    /**
     * The size of the pictures libVLC hands over for a {@code sourceW x sourceH} stream shown in a tile of
     * {@code tileW x tileH}: the stream's own when the tile shows most of its pixels, else the tile's fit, scaled by
     * libVLC while it converts. Converting, copying and showing three full 1080p pictures 30 times a second cost more
     * than decoding them. Multiples of 16, which libVLC's converters keep exactly.
     */
    static int[] pictureSize(int sourceW, int sourceH, double tileW, double tileH) {
        if (tileW <= 0 || tileH <= 0 || sourceW <= 0 || sourceH <= 0) return new int[] {sourceW, sourceH};
        double fit = Math.min(tileW / sourceW, tileH / sourceH) * SHARPNESS;
        if (fit >= 0.75) return new int[] {sourceW, sourceH};
        int w = Math.max(16, (int) Math.round(sourceW * fit / 16) * 16);
        int h = Math.max(16, (int) Math.round(sourceH * (double) w / sourceW / 16) * 16);
        return new int[] {w, h};
    }

    /** Pictures a little larger than the tile, so a tile that grows a little while playing stays sharp. */
    static final double SHARPNESS = 1.25;

    private VlcEngine(MediaPlayerFactory factory, boolean trustKnownSkips) {
        this.factory = factory;
        // libVLC 3's stream output hands over about one AV1 frame in three (seen with SVT-AV1 files from LeRobot
        // and from the FFmpeg command line, 640x480 to 1280x720): those streams play from the exact decoders at
        // once rather than after libVLC's first pictures prove it again. Other versions are tried and checked.
        String version = factory.application().version();
        skippingCodecs = trustKnownSkips && version != null && version.startsWith("3.") ? java.util.Set.of("av1") : java.util.Set.of();
    }

    /** libVLC's version, as it reports it ("3.0.21 Vetinari"). */
    String libVlcVersion() {
        String v = factory.application().version();
        return v == null ? "" : v;
    }

    /** Codecs this libVLC is known to skip frames of: their streams play from the exact decoders. */
    private final java.util.Set<String> skippingCodecs;

    private static String skipsFramesOf(String codec) {
        return "exact decoders: libVLC skips frames of " + (codec.isEmpty() ? "this stream" : codec + " streams");
    }

    /** True when libVLC is installed; looked up once (takes a few hundred ms), call off the FX thread first. */
    public static boolean isAvailable() {
        if (available == null) {
            synchronized (VlcEngine.class) {
                if (available == null) {
                    boolean found;
                    try {
                        found = new NativeDiscovery().discover();
                    } catch (RuntimeException | LinkageError e) {
                        found = false;
                    }
                    available = found;
                }
            }
        }
        return available;
    }

    /** A VLC engine, or {@link PlaybackEngine#NONE} with a one-time notice when libVLC is missing. */
    public static PlaybackEngine createOrFallback() {
        return createOrFallback(true);
    }

    /** @param trustKnownSkips false to have libVLC try every stream, and its first pictures show whether it skips frames */
    static PlaybackEngine createOrFallback(boolean trustKnownSkips) {
        if (!isAvailable()) return new Fallback();
        try {
            return new VlcEngine(new MediaPlayerFactory("--no-audio", "--quiet", "--no-video-title-show",
                    "--no-osd", "--no-snapshot-preview"), trustKnownSkips);
        } catch (RuntimeException | LinkageError e) {
            return new Fallback();
        }
    }

    @Override
    public void describe(PlayerViewModel vm) {
        vm.engineProperty().set("VLC (play) + JavaCV (exact)");
    }

    @Override
    public void attach(VideoTile tile, StreamEntry stream, Path datasetRoot) {
        StreamLocator loc = StreamLocator.of(stream);
        if (!StreamLocator.MP4.equals(loc.container()) || tile.source() == null) return;
        FrameTimeline t = tile.source().timeline();
        double fps = 1e9 / t.periodNs();
        int first = loc.fromS() == null ? 0 : (int) Math.round(loc.fromS() * fps);
        Lane lane = new Lane(tile, datasetRoot.resolve(loc.file()).toAbsolutePath().toString(), t, first, fps);
        lane.codec = stream.encoding() == null ? "" : stream.encoding().toLowerCase(Locale.ROOT);
        if (skippingCodecs.contains(lane.codec)) {
            lane.failed = true;
            lane.failedBecause = skipsFramesOf(lane.codec);
        }
        lanes.put(tile, lane);
    }

    @Override
    public boolean isPlaying(VideoTile tile) {
        Lane l = lanes.get(tile);
        return running && l != null && !l.failed && l.exactBecause == null;
    }

    @Override
    public void start(long masterNs, double rate) {
        start(masterNs, rate, true);
    }

    /** @param held the view holds master until {@link #readyToPlay}: libVLC starts at master, not ahead of it */
    private void start(long masterNs, double rate, boolean held) {
        if (rate < 0) return; // libVLC decodes forwards only; the exact decoders shuttle back.
        running = true;
        for (Lane l : lanes.values()) {
            l.exactBecause = null;
            l.atMaster = held;
            l.lastWant = -1;
            if (!l.failed) l.halt();
        }
        sync(masterNs, rate);
    }

    @Override
    public void rateChanged(long masterNs, double rate) {
        // libVLC decodes as fast as the queue lets it; the master clock sets the pace.
        if (rate < 0) stop();
        else if (!running) start(masterNs, rate, false);
    }

    @Override
    public void sync(long masterNs, double rate) {
        if (!running) return;
        for (Lane l : lanes.values()) if (!l.failed) l.sync(masterNs, rate);
    }

    @Override
    public boolean readyToPlay(VideoTile tile) {
        Lane l = lanes.get(tile);
        return l == null || l.run == null || l.run.showing;
    }

    @Override
    public String drawnByExactDecoders(VideoTile tile) {
        Lane l = lanes.get(tile);
        if (!running || l == null) return null;
        return l.failed ? l.failedBecause : l.exactBecause;
    }

    /** How many picture buffers this tile's libVLC runs have made, over all starts and seeks. */
    int buffersAllocated(VideoTile tile) {
        Lane l = lanes.get(tile);
        return l == null ? 0 : l.allocated.get();
    }

    /** How many of libVLC's pictures this tile has shown; FX thread. */
    long picturesShown(VideoTile tile) {
        Lane l = lanes.get(tile);
        return l == null ? 0 : l.picturesShown;
    }

    @Override
    public void stop() {
        running = false;
        for (Lane l : lanes.values()) l.halt();
    }

    @Override
    public void close() {
        stop();
        lanes.clear();
        control.execute(factory::release);
        control.shutdown();
    }

    /** JavaCV plays, exactly as with {@link PlaybackEngine#NONE}; the status line says once why. */
    private static final class Fallback implements PlaybackEngine {
        @Override public void describe(PlayerViewModel vm) {
            NONE.describe(vm);
            vm.say("libVLC is not installed: playing with JavaCV (exact, may be less smooth at high speed).");
        }
        @Override public void attach(VideoTile tile, StreamEntry stream, Path datasetRoot) { NONE.attach(tile, stream, datasetRoot); }
        @Override public boolean isPlaying(VideoTile tile) { return NONE.isPlaying(tile); }
        @Override public void start(long masterNs, double rate) { NONE.start(masterNs, rate); }
        @Override public void rateChanged(long masterNs, double rate) { NONE.rateChanged(masterNs, rate); }
        @Override public void sync(long masterNs, double rate) { NONE.sync(masterNs, rate); }
        @Override public void stop() { NONE.stop(); }
        @Override public void close() { NONE.close(); }
    }
}
