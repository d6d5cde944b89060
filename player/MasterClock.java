package player;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;

/**
 * The one clock every stream follows, in episode-clock nanoseconds. Playing advances it by wall time
 * times the rate (negative plays backwards); it stops at either end. Touched on the FX thread only.
 */
public final class MasterClock {
    public static final double MIN_RATE = 0.25;
    public static final double MAX_RATE = 4.0;

    private final LongProperty time = new SimpleLongProperty();
    private final LongProperty start = new SimpleLongProperty();
    private final LongProperty end = new SimpleLongProperty(1);
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final DoubleProperty rate = new SimpleDoubleProperty(1.0);
    /** Playing, but not moving yet: the streams are getting their first frames ready, as a video player buffers. */
    private boolean held;

    public ReadOnlyLongProperty timeProperty() { return time; }
    public ReadOnlyLongProperty startProperty() { return start; }
    public ReadOnlyLongProperty endProperty() { return end; }
    public ReadOnlyBooleanProperty playingProperty() { return playing; }
    public DoubleProperty rateProperty() { return rate; }

    public long time() { return time.get(); }
    public long start() { return start.get(); }
    public long end() { return end.get(); }
    public boolean isPlaying() { return playing.get(); }
    public double rate() { return rate.get(); }

    public void setRange(long startNs, long endNs) {
        start.set(startNs);
        end.set(Math.max(startNs + 1, endNs));
        seek(time.get());
    }

    /** Moves the playhead, clamped to the range; the last instant shown is one nanosecond before the end. */
    public void seek(long ns) {
        time.set(Math.max(start.get(), Math.min(end.get() - 1, ns)));
    }

    public void play() {
        if (rate.get() > 0 && time.get() >= end.get() - 1) seek(start.get());
        if (rate.get() < 0 && time.get() <= start.get()) seek(end.get() - 1);
        playing.set(true);
    }

    public void pause() {
        held = false;
        playing.set(false);
    }

    /** Keeps the clock where it is while playing, until {@link #release()}. */
    public void hold() {
        if (isPlaying()) held = true;
    }

    public void release() {
        held = false;
    }

    /** Playing and held: the pictures are of master time, which waits for them. */
    public boolean isHeld() {
        return held;
    }

    public void toggle() {
        if (isPlaying()) pause(); else play();
    }

    /** Rate with sign; the magnitude is clamped to 0.25x-4x. */
    public void setRate(double r) {
        double mag = Math.max(MIN_RATE, Math.min(MAX_RATE, Math.abs(r)));
        rate.set(r < 0 ? -mag : mag);
    }

    /** Advances by {@code wallNs} of real time while playing; stops at the ends. */
    public void advance(long wallNs) {
        if (!isPlaying() || held) return;
        long next = time.get() + Math.round(wallNs * rate.get());
        if (next >= end.get() - 1) {
            seek(end.get() - 1);
            pause();
        } else if (next <= start.get()) {
            seek(start.get());
            pause();
        } else {
            time.set(next);
        }
    }
}
