package packaging.export;

/** How an export encodes video, in one place: the exporter and the benchmark that compares it with FFmpeg use it. */
public final class ExportSettings {
    private ExportSettings() { }

    /**
     * A keyframe every half second: a trainer reading a random frame decodes at most that many frames first, at some
     * cost in file size (LeRobot's own encoder goes further, a keyframe every 2 frames).
     */
    public static int keyframeInterval(int fps) {
        return Math.max(1, Math.round(fps / 2f));
    }

    /** Bits per second: an eighth of a bit per pixel per frame, between 0.4 and 20 Mbit/s. */
    public static int bitrate(int width, int height, int fps) {
        return Math.max(400_000, (int) Math.min(20_000_000L, (long) width * height * fps / 8));
    }
}
