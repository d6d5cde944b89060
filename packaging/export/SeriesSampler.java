package packaging.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * The series features of one segment, sampled at its row instants by each feature's {@link FeatureMap.Rule}. One
 * episode's streams are in memory at a time, whole (an export never thins them as a plot may); consecutive segments of
 * one episode share them. Instants must come in increasing order within a segment: each channel keeps a cursor, so a
 * segment costs one pass over its samples.
 */
public final class SeriesSampler {
    private final List<FeatureMap.Feature> features;
    private final Cancellation cancel;
    private final Map<String, SeriesData> loaded = new HashMap<>();
    private String loadedEpisode;
    private List<Channels> current = List.of();

    /** One feature's channels in one segment. */
    private record Channels(FeatureMap.Feature feature, long[][] times, double[][] values, int[][] cursors) { }

    public SeriesSampler(List<FeatureMap.Feature> features, Cancellation cancel) {
        this.features = List.copyOf(features);
        this.cancel = cancel;
    }

    public List<FeatureMap.Feature> features() {
        return features;
    }

    /** Prepares the segment's channels, reading its episode's streams when the episode changes. */
    public void begin(SegmentPlan seg) {
        if (!seg.episodeId().equals(loadedEpisode)) {
            loaded.clear();
            for (FeatureMap.Feature f : features) {
                for (FeatureMap.Piece p : f.pieces().get(seg.episodeId())) {
                    if (!loaded.containsKey(p.stream())) loaded.put(p.stream(), load(seg, p.stream()));
                }
            }
            loadedEpisode = seg.episodeId();
        }
        List<Channels> out = new ArrayList<>();
        for (FeatureMap.Feature f : features) out.add(channelsOf(f, seg));
        current = out;
    }

    /** Feature {@code i} (in {@link #features} order) at {@code tNs}, one value per dimension. */
    public double[] sample(int i, long tNs) {
        Channels c = current.get(i);
        double[] v = new double[c.values().length];
        for (int j = 0; j < v.length; j++) {
            v[j] = c.feature().rule() == FeatureMap.Rule.LINEAR
                    ? FrameClock.interpolate(c.times()[j], c.values()[j], tNs, c.cursors()[j])
                    : FrameClock.hold(c.times()[j], c.values()[j], tNs, c.cursors()[j]);
        }
        return v;
    }

    /** The index of feature {@code key} in {@link #features}, or -1. */
    public int indexOf(String key) {
        for (int i = 0; i < features.size(); i++) if (features.get(i).key().equals(key)) return i;
        return -1;
    }

    private SeriesData load(SegmentPlan seg, String stream) {
        EpisodeDetail episode = seg.episode();
        StreamEntry s = FrameRows.stream(episode, stream);
        return Sources.openSeriesWhole(Path.of(episode.datasetRoot()), episode, s, seg.placement(), cancel);
    }

    private Channels channelsOf(FeatureMap.Feature f, SegmentPlan seg) {
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (FeatureMap.Piece p : f.pieces().get(seg.episodeId())) {
            SeriesData d = loaded.get(p.stream());
            for (String name : p.channels()) {
                double[] v = d.channels().stream()
                        .filter(c -> (p.field() == null || c.field().equals(p.field())) && shortName(c.name()).equals(name))
                        .findFirst().map(SeriesData.SeriesChannel::values)
                        .orElseThrow(() -> new CurioException("export.features_differ", null, p.stream(), "episode "
                                + seg.episodeId() + " has no " + (p.field() == null ? "" : p.field() + " ") + "channel " + name
                                + " in stream " + p.stream() + ", which " + f.key() + " of the other episodes has"));
                times.add(d.timesNs());
                values.add(v);
            }
        }
        if (values.size() != f.dims()) {
            throw new CurioException("export.features_differ", null, f.key(), "episode " + seg.episodeId() + " gives " + f.key()
                    + " " + values.size() + " values, the other episodes " + f.dims());
        }
        return new Channels(f, times.toArray(long[][]::new), values.toArray(double[][]::new), new int[values.size()][1]);
    }

    private static String shortName(String channel) {
        int i = channel.lastIndexOf('/');
        return i >= 0 ? channel.substring(i + 1) : channel;
    }
}
