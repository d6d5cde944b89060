package pipeline.read.hdf5;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import store.Cancellation;
import store.CurioException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An HDF5 episode file (ALOHA/ACT, robomimic or robosuite raw demos) read with jHDF. Opening reads only
 * group and dataset headers; numeric data is read in bounded row slices and images one frame at a time.
 */
public final class Hdf5EpisodeFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HdfFile hdf;
    private final String displayName;
    private final Hdf5Layout layout;
    private final List<Hdf5Episode> episodes;
    private final Map<String, Object> rootAttributes;
    private final Map<String, Object> dataAttributes;
    /** False when opened from a caller's channel: the caller closes it. */
    private final boolean ownsFile;

    private Hdf5EpisodeFile(HdfFile hdf, boolean ownsFile, String displayName, Hdf5Layout layout, List<Hdf5Episode> episodes,
                            Map<String, Object> rootAttributes, Map<String, Object> dataAttributes) {
        this.hdf = hdf;
        this.ownsFile = ownsFile;
        this.displayName = displayName;
        this.layout = layout;
        this.episodes = List.copyOf(episodes);
        this.rootAttributes = rootAttributes;
        this.dataAttributes = dataAttributes;
    }

    /** True when the file carries an HDF5 signature (content check, not the extension). */
    public static boolean isHdf5(Path file) {
        return Files.isRegularFile(file) && Superblock.hasSignature(file);
    }

    /**
     * The layout of an HDF5 file by content, or empty when it is not HDF5 or not a known layout. Only
     * headers are read; required datasets are checked by {@link #open}.
     */
    public static Optional<Hdf5Layout> detect(Path file) {
        if (!isHdf5(file)) return Optional.empty();
        try {
            checkHeaders(file, file.toString());
            try (HdfFile hdf = new HdfFile(file)) {
                return Optional.of(new EpisodeScanner(hdf, file.toString(), "").layout());
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Hdf5EpisodeFile open(Path file) {
        return open(file, file.toString());
    }

    /** @param displayName the path to report in errors (relative to a dataset root when known) */
    public static Hdf5EpisodeFile open(Path file, String displayName) {
        if (!Files.isRegularFile(file)) {
            throw new CurioException("hdf5.bad_file", displayName, null, "file not found: " + file);
        }
        checkHeaders(file, displayName);
        return scan(() -> new HdfFile(file), true, file, displayName);
    }

    /**
     * Opens from a channel (at ingest, one that hashes the file while jHDF seeks through its headers).
     * The caller closes the channel: jHDF 0.13's {@code HdfFile.close} fails on a channel-opened file (it
     * logs the file's path, which it does not have), so closing the returned file does not close it.
     *
     * @param file the file's path, for its name (the ALOHA episode name is the file's stem)
     */
    public static Hdf5EpisodeFile open(FileChannel channel, Path file, String displayName) {
        checkHeaders(channel, displayName);
        return scan(() -> new HdfFile(channel), false, file, displayName);
    }

    private static void checkHeaders(Path file, String displayName) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            checkHeaders(ch, displayName);
        } catch (IOException e) {
            throw new CurioException("hdf5.bad_file", displayName, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * What jHDF would believe unchecked: the superblock's end of file, and the sizes the object headers declare (see
     * {@link ObjectHeaders}), which jHDF allocates before reading.
     */
    private static void checkHeaders(FileChannel ch, String displayName) {
        ObjectHeaders.check(ch, Superblock.check(ch, displayName), displayName);
    }

    private static Hdf5EpisodeFile scan(Supplier<HdfFile> opener, boolean ownsFile, Path file, String displayName) {
        HdfFile hdf;
        try {
            hdf = opener.get();
        } catch (RuntimeException e) {
            throw badFile(displayName, e);
        }
        try {
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            EpisodeScanner scanner = new EpisodeScanner(hdf, displayName, stem);
            Hdf5Layout layout = scanner.layout();
            List<Hdf5Episode> eps = scanner.episodes(layout);
            Node data = hdf.getChild("data");
            Map<String, Object> dataAttrs = data == null ? Map.of() : Hdf5Values.attributes(data.getAttributes());
            return new Hdf5EpisodeFile(hdf, ownsFile, displayName, layout, eps, Hdf5Values.attributes(hdf.getAttributes()), dataAttrs);
        } catch (CurioException e) {
            if (ownsFile) hdf.close();
            throw e;
        } catch (RuntimeException e) {
            if (ownsFile) hdf.close();
            throw badFile(displayName, e);
        }
    }

    public Hdf5Layout layout() {
        return layout;
    }

    public List<Hdf5Episode> episodes() {
        return episodes;
    }

    /** Root group attributes (ALOHA: {@code sim}, {@code compress}). */
    public Map<String, Object> rootAttributes() {
        return rootAttributes;
    }

    /** {@code /data} attributes (robosuite: env, date, time, repository_version, env_info; robomimic: total, env_args). */
    public Map<String, Object> dataAttributes() {
        return dataAttributes;
    }

    /** robosuite {@code /data@env}, or robomimic {@code env_args.env_name}; empty for ALOHA. */
    public Optional<String> envName() {
        Object env = dataAttributes.get("env");
        if (env instanceof String) return Optional.of((String) env);
        Object args = dataAttributes.get("env_args");
        if (args instanceof String) {
            try {
                String name = JSON.readTree((String) args).path("env_name").asText(null);
                return Optional.ofNullable(name);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** ALOHA's root {@code sim} flag; empty when the file does not say. */
    public Optional<Boolean> sim() {
        return Optional.ofNullable(Hdf5Values.asBoolean(rootAttributes.get("sim")));
    }

    /**
     * Rows {@code [from, from+count)} of a numeric dataset of one episode, inner dimensions flattened.
     *
     * @param dataset name relative to the episode group, e.g. {@code action}, {@code observations/qpos}
     */
    public double[][] readRows(Hdf5Episode episode, String dataset, long from, int count) {
        Hdf5DatasetInfo info = info(episode, dataset);
        long t = info.shape().get(0);
        if (from < 0 || count < 0 || from + count > t) {
            throw new CurioException("hdf5.out_of_range", displayName, info.path(),
                    "rows " + from + ".." + (from + count) + " outside 0.." + t);
        }
        if (count == 0 || info.rowWidth() == 0) return new double[count][0];
        long[] offset = new long[info.rank()];
        offset[0] = from;
        int[] dims = new int[info.rank()];
        dims[0] = count;
        for (int i = 1; i < dims.length; i++) dims[i] = info.shape().get(i).intValue();
        try {
            return Hdf5Values.rows(Hdf5Values.slice(hdf.getDatasetByPath(info.path()), offset, dims, displayName));
        } catch (CurioException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badFile(displayName, e);
        }
    }

    /** Receives consecutive row slices of a dataset. */
    @FunctionalInterface
    public interface RowSliceConsumer {
        void accept(long firstRow, double[][] rows);
    }

    /** Reads a whole dataset in slices of at most {@code sliceRows} rows, so memory stays bounded. */
    public void forEachRowSlice(Hdf5Episode episode, String dataset, int sliceRows, Cancellation cancel,
                                RowSliceConsumer consumer) {
        long t = info(episode, dataset).shape().get(0);
        int step = Math.max(1, sliceRows);
        for (long at = 0; at < t; at += step) {
            cancel.check();
            int n = (int) Math.min(step, t - at);
            consumer.accept(at, readRows(episode, dataset, at, n));
        }
    }

    /** One frame of an image stream, sliced out of the dataset (the other frames are not read). */
    public ImageFrame readFrame(Hdf5Episode episode, String stream, long index) {
        ImageStream s = episode.image(stream).orElseThrow(() -> new CurioException("hdf5.missing_dataset", displayName,
                stream, "episode " + episode.name() + " has no image stream '" + stream + "'; streams: "
                + episode.images().stream().map(ImageStream::name).toList()));
        if (index < 0 || index >= s.frames()) {
            throw new CurioException("hdf5.out_of_range", displayName, stream,
                    "frame " + index + " outside 0.." + s.frames());
        }
        Hdf5DatasetInfo info = info(episode, s.datasetName());
        try {
            Dataset d = hdf.getDatasetByPath(info.path());
            return s.compressed() ? ImageProbe.compressed(d, index, displayName) : ImageProbe.raw(d, index, displayName);
        } catch (CurioException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badFile(displayName, e);
        }
    }

    private Hdf5DatasetInfo info(Hdf5Episode episode, String dataset) {
        Hdf5DatasetInfo info = episode.dataset(dataset).orElseThrow(() -> new CurioException("hdf5.missing_dataset",
                displayName, dataset, "episode " + episode.name() + " has no dataset '" + dataset + "'"));
        if (info.rank() == 0) {
            throw new CurioException("hdf5.wrong_type", displayName, info.path(), info.path() + " is a scalar, not rows");
        }
        return info;
    }

    @Override
    public void close() {
        if (ownsFile) hdf.close();
    }

    private static CurioException badFile(String file, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CurioException("hdf5.bad_file", file, null, "cannot read HDF5: " + why, e);
    }
}
