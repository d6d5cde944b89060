package player;

import java.util.Locale;

/**
 * One stream's line in the diagnostics overlay: the drift of the frame shown, which every engine knows exactly,
 * judged against the frame period, and which decoder drew it when that is not the engine's own (libVLC could not
 * be pinned, or cannot decode the stream).
 */
final class DriftLine {
    private DriftLine() { }

    /**
     * @param nowDriftNs |drift| at the last pulse
     * @param maxDriftNs largest |drift| since play started
     * @param periodNs   the stream's frame period, 0 when unknown
     * @param drawnBy    why the exact decoders draw this stream while the engine plays, or null
     */
    static String format(String stream, long nowDriftNs, long maxDriftNs, long periodNs, String drawnBy) {
        String line = String.format(Locale.ROOT, "%-18s drift now %6.1f ms, max %6.1f ms", stream, nowDriftNs / 1e6,
                maxDriftNs / 1e6);
        if (periodNs > 0) line += maxDriftNs <= periodNs ? " (≤1 frame)" : " (>1 frame)";
        return drawnBy == null ? line : line + " · " + drawnBy;
    }
}
