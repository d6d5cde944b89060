package pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import pipeline.read.hdf5.Hdf5Episode;
import pipeline.read.hdf5.Hdf5EpisodeFile;
import pipeline.read.hdf5.ImageFrame;
import pipeline.read.hdf5.ImageStream;
import store.CurioException;

/** Frames of an HDF5 camera array (ALOHA, robomimic), raw or JPEG per row; only the asked row is read. */
public final class Hdf5FrameSource implements FrameSource {
    private final String name;
    private final String file;
    private final Hdf5EpisodeFile hdf;
    private final Hdf5Episode episode;
    private final ImageStream stream;
    private final long firstRow;
    private final FrameTimeline timeline;

    private Hdf5FrameSource(String name, String file, Hdf5EpisodeFile hdf, Hdf5Episode episode, ImageStream stream,
                            long firstRow, FrameTimeline timeline) {
        this.name = name;
        this.file = file;
        this.hdf = hdf;
        this.episode = episode;
        this.stream = stream;
        this.firstRow = firstRow;
        this.timeline = timeline;
    }

    /**
     * @param group   the episode's group ("/" for one episode per file, "/data/demo_3" for robomimic)
     * @param key     the image dataset relative to the group, or the stream's short name
     * @param rowFrom first row of the episode's range, null for 0
     * @param rowTo   end row (exclusive), null for all
     */
    public static Hdf5FrameSource open(Path path, String file, String name, String group, String key, Long rowFrom,
                                       Long rowTo, double rateHz, long clockOffsetNs) {
        if (!Files.isRegularFile(path)) {
            throw new CurioException("source.missing_file", file, key, "HDF5 file not found: " + path);
        }
        Hdf5EpisodeFile hdf = Hdf5EpisodeFile.open(path, file);
        try {
            Hdf5Episode ep = Hdf5Sources.episode(hdf, group, file);
            ImageStream s = ep.images().stream()
                    .filter(i -> i.datasetName().equals(key) || i.name().equals(key)
                            || key.endsWith("/" + i.name()))
                    .findFirst().orElseThrow(() -> new CurioException("source.missing_topic", file, key,
                            "no image dataset " + key + " in " + ep.groupPath()));
            long from = rowFrom == null ? 0 : rowFrom;
            long to = rowTo == null ? s.frames() : Math.min(rowTo, s.frames());
            FrameTimeline t = FrameTimeline.constantRate((int) Math.max(0, to - from), rateHz > 0 ? rateHz : 30.0,
                    clockOffsetNs);
            return new Hdf5FrameSource(name, file, hdf, ep, s, from, t);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    @Override public String name() { return name; }
    @Override public FrameTimeline timeline() { return timeline; }
    @Override public int width() { return stream.width(); }
    @Override public int height() { return stream.height(); }

    @Override
    public void decode(int n, FrameBuffer out) {
        timeline.requireFrame(n, file, stream.name());
        ImageFrame f = hdf.readFrame(episode, stream.name(), firstRow + n);
        if (f.compressed()) Pixels.compressed(f.encoded(), out, file, stream.name());
        else Pixels.interleaved(f.width(), f.height(), f.channels(), f.pixels(), out);
        out.setIndex(n);
    }

    @Override
    public void close() {
        hdf.close();
    }
}
