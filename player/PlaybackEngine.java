package player;

import java.nio.file.Path;
import store.StreamEntry;

/**
 * Real-time playback of some tiles by a media engine (VLC), while the master clock stays the authority:
 * each pulse the engine is told master time and shows in each tile it plays the picture for that time, naming
 * its frame, so the overlay measures drift from the tile's shown frame whatever drew it. Tiles it does not play,
 * and all tiles when paused, show exact frames from the JavaCV decoders. All methods run on the FX thread.
 */
public interface PlaybackEngine extends AutoCloseable {
    /** Puts the engine's name and, once, any fallback notice into the view model. */
    void describe(PlayerViewModel vm);

    /** Offers a tile whose source is open; the engine takes it if it can play the stream. */
    void attach(VideoTile tile, StreamEntry stream, Path datasetRoot);

    boolean isPlaying(VideoTile tile);

    void start(long masterNs, double rate);

    void rateChanged(long masterNs, double rate);

    /** Called every pulse while playing: show the picture for {@code masterNs} in every tile the engine plays. */
    void sync(long masterNs, double rate);

    /**
     * At a start the view holds master time until every tile is ready for it to move (as a video player buffers):
     * whether this tile, which the engine plays, has its pictures of master time.
     */
    default boolean readyToPlay(VideoTile tile) {
        return true;
    }

    /**
     * Why the exact decoders draw this tile although the engine is playing (libVLC's pictures could not be pinned
     * to frames, or it cannot decode the stream), for the overlay; null when the engine draws it or is not playing.
     */
    default String drawnByExactDecoders(VideoTile tile) {
        return null;
    }

    void stop();

    @Override
    void close();

    /** No media engine: the exact decoders follow the clock during playback too. */
    PlaybackEngine NONE = new PlaybackEngine() {
        @Override public void describe(PlayerViewModel vm) { vm.engineProperty().set("JavaCV (exact)"); }
        @Override public void attach(VideoTile tile, StreamEntry stream, Path datasetRoot) { }
        @Override public boolean isPlaying(VideoTile tile) { return false; }
        @Override public void start(long masterNs, double rate) { }
        @Override public void rateChanged(long masterNs, double rate) { }
        @Override public void sync(long masterNs, double rate) { }
        @Override public void stop() { }
        @Override public void close() { }
    };
}
