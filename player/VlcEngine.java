package player;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pipeline.source.FrameTimeline;
import pipeline.source.StreamLocator;
import store.StreamEntry;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.factory.discovery.NativeDiscovery;
import uk.co.caprica.vlcj.javafx.videosurface.ImageViewVideoSurface;
import uk.co.caprica.vlcj.player.embedded.EmbeddedMediaPlayer;

/**
 * Real-time playback of MP4 tiles through libVLC into each tile's playback image. The master clock stays
 * in charge: every pulse each player's time is compared with the time master asks for; a small drift is
 * corrected by nudging that player's rate, a large one (after a stall) by a seek. That holds the picture
 * shown within about 1-3 frames of master (measured, see README "Player playback"), not the one frame the
 * issue asks for, and the drift it reports is an estimate with {@link #ESTIMATE_ERROR_NS} error.
 * Streams outside their range are paused and show "no data".
 */
public final class VlcEngine implements PlaybackEngine {
    private static final long MAX_EXTRAPOLATION_NS = 500_000_000L;
    /** Beyond this a rate nudge would take too long to catch up: seek instead. */
    static final long RESEEK_NS = 250_000_000L;
    /** How long a freshly started or seeked player needs before its time means anything. */
    static final long WARM_UP_NS = 500_000_000L;
    /**
     * The error bound of {@link #driftNs}: libVLC 3 reports no time for the picture it shows, and its input
     * time, extrapolated between its coarse updates, was measured 0-100 ms off the displayed picture by
     * reading the demo frame code back (VlcPlaybackTest). Stepping a paused player with nextFrame() does not
     * help: it holds the same picture for several calls and then jumps 4-15 frames (README, Player playback),
     * so the displayed frame cannot be counted either.
     */
    static final long ESTIMATE_ERROR_NS = 100_000_000L;
    private static volatile Boolean available;

    private final MediaPlayerFactory factory;
    private final Map<VideoTile, Lane> lanes = new LinkedHashMap<>();
    private boolean running;

    private static final class Lane {
        final EmbeddedMediaPlayer player;
        final String mrl;
        final FrameTimeline timeline;
        /** Episode-clock time of the file's t=0. */
        final long fileZeroNs;
        boolean loaded;
        boolean active;
        float rate;
        long driftNs;
        /** VLC's last reported time and when it changed: its clock moves in coarse steps. */
        long lastRawMs = -1;
        long lastRawAtNs;
        /** Until then the player is opening or seeking: drift is corrected but not reported. */
        long warmUntil;

        Lane(EmbeddedMediaPlayer player, String mrl, FrameTimeline timeline, long fileZeroNs) {
            this.player = player;
            this.mrl = mrl;
            this.timeline = timeline;
            this.fileZeroNs = fileZeroNs;
        }
    }

    private VlcEngine(MediaPlayerFactory factory) {
        this.factory = factory;
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
        if (!isAvailable()) return new Fallback();
        try {
            return new VlcEngine(new MediaPlayerFactory("--no-audio", "--quiet", "--no-video-title-show",
                    "--no-osd", "--no-snapshot-preview"));
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
        long fileZero = t.startNs() - (loc.fromS() == null ? 0 : Math.round(loc.fromS() * 1e9));
        EmbeddedMediaPlayer p = factory.mediaPlayers().newEmbeddedMediaPlayer();
        p.videoSurface().set(new ImageViewVideoSurface(tile.playbackView()));
        lanes.put(tile, new Lane(p, datasetRoot.resolve(loc.file()).toAbsolutePath().toString(), t, fileZero));
    }

    @Override
    public boolean isPlaying(VideoTile tile) {
        return running && lanes.containsKey(tile);
    }

    @Override
    public void start(long masterNs, double rate) {
        if (rate < 0) return; // VLC cannot play backwards; the exact decoders shuttle back.
        running = true;
        for (Map.Entry<VideoTile, Lane> e : lanes.entrySet()) {
            e.getKey().usePlaybackView(true);
            e.getValue().active = false;
            e.getValue().rate = (float) rate;
            e.getValue().player.controls().setRate((float) rate);
        }
        sync(masterNs, rate);
    }

    @Override
    public void rateChanged(long masterNs, double rate) {
        if (rate < 0) {
            stop();
            return;
        }
        if (!running) {
            start(masterNs, rate);
            return;
        }
        for (Lane l : lanes.values()) {
            l.rate = (float) rate;
            l.player.controls().setRate((float) rate);
        }
    }

    @Override
    public void sync(long masterNs, double rate) {
        if (!running) return;
        for (Lane l : lanes.values()) {
            boolean inside = l.timeline.frameIndexAt(masterNs) >= 0;
            long wantMs = (masterNs - l.fileZeroNs) / 1_000_000L;
            if (!inside) {
                if (l.active) l.player.controls().setPause(true);
                l.active = false;
                l.driftNs = 0;
                continue;
            }
            if (!l.loaded) {
                l.player.media().play(l.mrl, String.format(java.util.Locale.ROOT, ":start-time=%.3f", wantMs / 1000.0));
                l.player.controls().setRate((float) rate);
                l.loaded = true;
                l.active = true;
                l.warmUntil = System.nanoTime() + WARM_UP_NS;
                continue;
            }
            if (!l.active) {
                l.player.controls().setTime(wantMs);
                l.player.controls().setPause(false);
                l.active = true;
                l.warmUntil = System.nanoTime() + WARM_UP_NS;
                continue;
            }
            long rawMs = l.player.status().time();
            if (rawMs <= 0) continue; // still opening
            long now = System.nanoTime();
            if (rawMs != l.lastRawMs) {
                l.lastRawMs = rawMs;
                l.lastRawAtNs = now;
            }
            l.driftNs = (estimatedMs(l, now) - wantMs) * 1_000_000L;
            long period = l.timeline.periodNs();
            float target = (float) rate;
            if (Math.abs(l.driftNs) > RESEEK_NS) {
                l.player.controls().setTime(wantMs);
                l.lastRawMs = -1;
                l.warmUntil = System.nanoTime() + WARM_UP_NS;
            } else if (l.driftNs > period) {
                target = (float) (rate * 0.9);
            } else if (l.driftNs < -period) {
                target = (float) (rate * 1.1);
            }
            if (target != l.rate) {
                l.rate = target;
                l.player.controls().setRate(target);
            }
        }
    }

    /**
     * Where the player really is: libVLC's time only advances every few tens to hundreds of milliseconds, so
     * between its updates it is extrapolated at the play rate (capped, so a stalled player still shows as
     * behind). Correcting on the raw value would chase a stale clock and make the rate oscillate.
     */
    private static long estimatedMs(Lane l, long nowNs) {
        long sinceNs = Math.min(nowNs - l.lastRawAtNs, MAX_EXTRAPOLATION_NS);
        return l.lastRawMs + Math.round(sinceNs / 1e6 * l.rate);
    }

    @Override
    public long driftNs(VideoTile tile, long masterNs) {
        Lane l = lanes.get(tile);
        return l == null || !l.active || System.nanoTime() < l.warmUntil ? 0 : l.driftNs;
    }

    @Override
    public long driftUncertaintyNs(VideoTile tile) {
        return lanes.containsKey(tile) ? ESTIMATE_ERROR_NS : 0;
    }

    @Override
    public void stop() {
        running = false;
        for (Lane l : lanes.values()) {
            if (l.loaded) l.player.controls().setPause(true);
            l.active = false;
        }
    }

    @Override
    public void close() {
        stop();
        for (Lane l : lanes.values()) l.player.release();
        lanes.clear();
        factory.release();
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
        @Override public long driftNs(VideoTile tile, long masterNs) { return NONE.driftNs(tile, masterNs); }
        @Override public long driftUncertaintyNs(VideoTile tile) { return NONE.driftUncertaintyNs(tile); }
        @Override public void stop() { NONE.stop(); }
        @Override public void close() { NONE.close(); }
    }
}
