package player;

import java.util.Locale;

/**
 * One stream's line in the diagnostics overlay. An exact figure (the frame shown is known) is judged
 * against the frame period; an engine's estimate is labelled as such with its error bound, and judged only
 * when even the bound keeps it within a frame, so the overlay never claims more than was measured.
 */
final class DriftLine {
    private DriftLine() { }

    /**
     * @param nowDriftNs    |drift| at the last pulse
     * @param maxDriftNs    largest |drift| since play started
     * @param periodNs      the stream's frame period, 0 when unknown
     * @param uncertaintyNs how far the drift figure may be from the picture actually shown, 0 when exact
     */
    static String format(String stream, long nowDriftNs, long maxDriftNs, long periodNs, long uncertaintyNs) {
        String head = String.format(Locale.ROOT, "%-18s drift now %6.1f ms, max %6.1f ms", stream, nowDriftNs / 1e6,
                maxDriftNs / 1e6);
        if (uncertaintyNs > 0) {
            String verdict = periodNs > 0 && maxDriftNs + uncertaintyNs <= periodNs ? "≤1 frame" : "frame unknown";
            return head + String.format(Locale.ROOT, " est. ±%.0f ms (%s)", uncertaintyNs / 1e6, verdict);
        }
        if (periodNs <= 0) return head;
        return head + (maxDriftNs <= periodNs ? " (≤1 frame)" : " (>1 frame)");
    }
}
