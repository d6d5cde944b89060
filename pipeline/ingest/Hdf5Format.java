package pipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import pipeline.read.hdf5.Hdf5DatasetInfo;
import pipeline.read.hdf5.Hdf5Episode;
import pipeline.read.hdf5.Hdf5EpisodeFile;
import pipeline.read.hdf5.Hdf5Layout;
import pipeline.read.hdf5.ImageStream;
import pipeline.source.StreamLocator;
import store.EpisodeWrite;
import store.StreamEntry;
import store.StreamKind;

/**
 * HDF5 episode files: ALOHA/ACT (the file is the episode), robomimic and robosuite raw demos (one episode
 * per {@code /data/demo_<i>} group, rel_path {@code file#demo_i}).
 */
final class Hdf5Format {
    /** ACT's control period is 20 ms; ALOHA's own files do not record it. */
    private static final double ALOHA_HZ = 50.0;

    private Hdf5Format() { }

    static EpisodeUnit unit(FileTable files, Path file) {
        String rel = files.rel(file);
        return new EpisodeUnit(rel, "hdf5", file, List.of(rel), ctx -> {
            // jHDF reads the headers through a channel that hashes the file on the way, so the file is read
            // once and the entry below is the one that parse recorded. Only facts gathered at open are
            // used afterwards (layout, episodes, attributes), so the file can be closed first.
            Hdf5EpisodeFile h = ctx.files().parseChannel(rel, ch -> {
                try (Hdf5EpisodeFile opened = Hdf5EpisodeFile.open(ch, file, rel)) {
                    return opened;
                }
            });
            List<EpisodeUnit.Outcome> out = new ArrayList<>();
            var entries = ctx.entries(List.of(rel));
            String format = "hdf5-" + h.layout().name().toLowerCase().replace('_', '-');
            Double rate = h.layout() == Hdf5Layout.ALOHA ? Double.valueOf(alohaRate(h)) : controlFreq(h);
            for (Hdf5Episode ep : h.episodes()) {
                ctx.cancel().check();
                boolean whole = h.layout() == Hdf5Layout.ALOHA;
                String local = whole ? rel : rel + "#" + ep.name();
                long endNs = rate == null ? 0 : Math.round(ep.length() / rate * 1e9);
                List<StreamEntry> streams = new ArrayList<>();
                Set<String> imageSets = ep.images().stream().map(ImageStream::datasetName).collect(Collectors.toSet());
                for (ImageStream img : ep.images()) {
                    StreamLocator loc = Streams.locator(StreamLocator.HDF5, rel, img.datasetName(), ep.groupPath(),
                            0L, img.frames(), null, null, null);
                    streams.add(new StreamEntry(img.name(), StreamKind.VIDEO, img.datasetName(), rel, rate,
                            img.width() > 0 ? img.width() : null, img.height() > 0 ? img.height() : null,
                            img.compressed() ? "jpeg" : "raw-uint8", 0L, endNs, 0, img.frames(), null, null,
                            loc.toExtraJson()));
                }
                for (Hdf5DatasetInfo d : ep.datasets()) {
                    if (imageSets.contains(d.name()) || d.rank() == 0 || d.rowWidth() == 0 || "string".equals(d.dtype())) continue;
                    StreamLocator loc = Streams.locator(StreamLocator.HDF5, rel, d.name(), ep.groupPath(), 0L,
                            d.shape().get(0), null, null, null);
                    streams.add(Streams.series(d.name(), StreamKind.TIMESERIES, d.name(), loc, rate, 0L, endNs,
                            d.shape().get(0), null, d.dtype()));
                }
                out.add(new EpisodeUnit.Written(new EpisodeWrite(ctx.dataset(), ctx.qualifiedId(local), local, format,
                        h.envName().orElse(null), h.envName().map(List::of).orElse(List.of()), null, null, null, endNs,
                        ep.length(), Streams.JSON.valueToTree(ep.attributes().keySet()).toString(), streams, entries)));
            }
            return out;
        });
    }

    /**
     * ACT's control period, unless the file records its rate in a root {@code fps} attribute (Curio's ALOHA export
     * does, for data recorded at another rate).
     */
    private static double alohaRate(Hdf5EpisodeFile h) {
        if (!h.episodes().isEmpty() && h.episodes().get(0).attributes().get("fps") instanceof Number n && n.doubleValue() > 0) {
            return n.doubleValue();
        }
        return ALOHA_HZ;
    }

    /** robosuite/robomimic environments record their control frequency in the env JSON attribute. */
    private static Double controlFreq(Hdf5EpisodeFile h) {
        for (String key : List.of("env_args", "env_info")) {
            if (!(h.dataAttributes().get(key) instanceof String s)) continue;
            try {
                JsonNode n = Streams.JSON.readTree(s);
                JsonNode f = n.path("env_kwargs").path("control_freq");
                if (f.isMissingNode()) f = n.path("control_freq");
                if (f.isNumber() && f.asDouble() > 0) return f.asDouble();
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
