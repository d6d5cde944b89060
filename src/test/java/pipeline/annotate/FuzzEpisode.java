package pipeline.annotate;

import java.util.List;
import store.Catalog;
import store.DatasetRef;
import store.EpisodeWrite;
import store.FileEntry;
import store.StreamEntry;
import store.StreamKind;

/** The one episode the annotations fuzz target imports into: 10 s, with the two cameras the seed documents blur. */
public final class FuzzEpisode {
    public static final String ID = "ep_fuzz";

    private FuzzEpisode() { }

    public static void register(Catalog c) {
        List<StreamEntry> streams = List.of(camera("cam_high"), camera("cam_wrist_left"));
        c.episodes().upsert(new EpisodeWrite(new DatasetRef("fuzz", "/fuzz", "raw-episode", null), ID, ID, "raw-episode",
                "pick", List.of("pick"), "arm", "op", 0L, 10_000_000_000L, 300L, "{}", streams,
                List.of(new FileEntry("cam_high.mp4", 1, 1, "ab".repeat(32)), new FileEntry("cam_wrist_left.mp4", 1, 1, "cd".repeat(32)))));
    }

    private static StreamEntry camera(String name) {
        return new StreamEntry(name, StreamKind.VIDEO, null, name + ".mp4", 30.0, 640, 480, "h264", 0L, 10_000_000_000L, 0, 300L,
                null, null, null);
    }
}
