package player;

import java.util.List;
import javafx.scene.control.Label;
import pipeline.source.FrameSource;
import pipeline.source.FrameTimeline;

/**
 * The diagnostics overlay (toggle with D): engine, each stream's drift from master time during playback (now and
 * the largest since Play) and the longest FX pulse gap, which is what a user perceives as a stutter. The drift of
 * every tile is of a known frame: the exact decoders know what they show, and the VLC engine knows which frame
 * each of libVLC's pictures is, or leaves the tile to the exact decoders and the line says why.
 */
final class Diagnostics extends Label {
    private final PlayerViewModel vm;
    private final List<VideoTile> tiles;
    private final long[] maxDriftNs;
    /** Per stream, |drift| at the last pulse: the start of play (decoders getting ahead) is in the max only. */
    private final long[] nowDriftNs;
    /** Per stream, why the exact decoders drew it at the last pulse while the engine played, or null. */
    private final String[] drawnBy;
    private long maxPulseNs;
    /** How long the last start held master for the streams' first pictures, -1 before any. */
    private long startHeldNs = -1;
    private long pulses;
    private long playStartedAt;

    Diagnostics(PlayerViewModel vm, List<VideoTile> tiles) {
        this.vm = vm;
        this.tiles = tiles;
        this.maxDriftNs = new long[tiles.size()];
        this.nowDriftNs = new long[tiles.size()];
        this.drawnBy = new String[tiles.size()];
        setId("player-diagnostics");
        setMouseTransparent(true);
        setStyle("-fx-background-color: rgba(0,0,0,0.7); -fx-text-fill: #9f9; -fx-font-family: monospace; -fx-padding: 6;");
        visibleProperty().bind(vm.diagnosticsProperty());
        vm.diagnosticsProperty().addListener((o, a, on) -> {
            if (on) refresh();
        });
        vm.clock().playingProperty().addListener((o, a, b) -> {
            if (b) {
                java.util.Arrays.fill(maxDriftNs, 0);
                java.util.Arrays.fill(nowDriftNs, 0);
                java.util.Arrays.fill(drawnBy, null);
                playStartedAt = System.nanoTime();
            }
        });
    }

    void pulse(long gapNs) {
        pulses++;
        // The first pulses include scene set-up; they say nothing about steady-state smoothness.
        if (pulses > 10) maxPulseNs = Math.max(maxPulseNs, gapNs);
        if (isVisible() && pulses % 10 == 0) refresh();
    }

    /** Longest pulse gap so far in ms. */
    double maxPulseMillis() {
        return maxPulseNs / 1e6;
    }

    /** Largest |drift| of any stream since playback last started, in ms. */
    double maxDriftMillis() {
        long m = 0;
        for (long d : maxDriftNs) m = Math.max(m, d);
        return m / 1e6;
    }

    void startHeld(long ns) {
        startHeldNs = ns;
    }

    void resetPulses() {
        maxPulseNs = 0;
        pulses = 0;
    }

    void measure(long masterNs, PlaybackEngine engine) {
        engine.sync(masterNs, vm.clock().rate());
        for (int i = 0; i < tiles.size(); i++) {
            // A frame from before play started says how long the first decode took, not how play keeps up.
            if (!engine.isPlaying(tiles.get(i)) && tiles.get(i).displayedAtNanos() < playStartedAt) continue;
            long d = drift(tiles.get(i), masterNs);
            nowDriftNs[i] = Math.abs(d);
            maxDriftNs[i] = Math.max(maxDriftNs[i], Math.abs(d));
            drawnBy[i] = engine.drawnByExactDecoders(tiles.get(i));
        }
    }

    /** How far the shown frame lags or leads the frame master time asks for, in ns; whatever engine drew it. */
    static long drift(VideoTile tile, long masterNs) {
        FrameSource s = tile.source();
        int shown = tile.displayedFrameProperty().get();
        if (s == null || shown < 0) return 0;
        FrameTimeline t = s.timeline();
        int want = t.frameIndexAt(masterNs);
        if (want < 0 || shown >= t.frameCount()) return 0;
        return t.timeNs(shown) - t.timeNs(want);
    }

    private void refresh() {
        StringBuilder sb = new StringBuilder("engine ").append(vm.engineProperty().get())
                .append("   max pulse ").append(String.format("%.1f ms", maxPulseNs / 1e6));
        if (startHeldNs >= 0) sb.append("   start waited ").append(String.format("%.0f ms", startHeldNs / 1e6));
        for (int i = 0; i < tiles.size(); i++) {
            VideoTile t = tiles.get(i);
            long period = t.source() == null ? 0 : t.source().timeline().periodNs();
            sb.append('\n').append(DriftLine.format(t.streamName(), nowDriftNs[i], maxDriftNs[i], period, drawnBy[i]));
        }
        setText(sb.toString());
    }
}
