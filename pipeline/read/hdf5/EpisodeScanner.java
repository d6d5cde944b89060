package pipeline.read.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import store.CurioException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recognises the layout and lists episodes from group/dataset headers only (no data is read). */
final class EpisodeScanner {
    private final Group root;
    private final String file;
    private final String fileName;

    EpisodeScanner(Group root, String file, String fileName) {
        this.root = root;
        this.file = file;
        this.fileName = fileName;
    }

    Hdf5Layout layout() {
        Node data = root.getChild("data");
        if (data instanceof Group) {
            Group g = (Group) data;
            Map<String, io.jhdf.api.Attribute> a = g.getAttributes();
            if (a.containsKey("total") || a.containsKey("env_args")) return Hdf5Layout.ROBOMIMIC;
            List<Group> demos = demos(g);
            if (!demos.isEmpty() && demos.get(0).getChild("obs") instanceof Group) return Hdf5Layout.ROBOMIMIC;
            if (a.containsKey("env") || (!demos.isEmpty() && demos.get(0).getChild("states") != null)) {
                return Hdf5Layout.ROBOSUITE_RAW;
            }
        }
        if (root.getAttributes().containsKey("sim") || root.getChild("observations") instanceof Group
                || root.getChild("action") instanceof Dataset) {
            return Hdf5Layout.ALOHA;
        }
        throw new CurioException("hdf5.unknown_layout", file, null,
                "not an ALOHA, robomimic or robosuite episode file; top-level nodes: " + root.getChildren().keySet());
    }

    List<Hdf5Episode> episodes(Hdf5Layout layout) {
        if (layout == Hdf5Layout.ALOHA) return List.of(aloha());
        List<Hdf5Episode> out = new ArrayList<>();
        List<Group> demos = demos((Group) root.getChild("data"));
        for (int i = 0; i < demos.size(); i++) out.add(demo(i, demos.get(i), layout));
        return out;
    }

    private Hdf5Episode aloha() {
        Dataset qpos = require(root, "observations/qpos");
        Dataset action = require(root, "action");
        long t = qpos.getDimensionsAsLong()[0];
        List<Hdf5DatasetInfo> datasets = new ArrayList<>();
        collect(root, "", datasets);
        checkLengths(datasets, t, "/observations/qpos", true);
        List<ImageStream> images = new ArrayList<>();
        for (Hdf5DatasetInfo d : datasets) {
            if (d.name().startsWith("observations/images/")) {
                images.add(ImageProbe.stream(root, d.name().substring("observations/images/".length()), d, file));
            }
        }
        return new Hdf5Episode(0, fileName, "/", t, datasets, width(action), width(qpos), images,
                Hdf5Values.attributes(root.getAttributes()));
    }

    private Hdf5Episode demo(int index, Group demo, Hdf5Layout layout) {
        Dataset actions = layout == Hdf5Layout.ROBOMIMIC ? require(demo, "actions") : optional(demo, "actions");
        Dataset states = layout == Hdf5Layout.ROBOSUITE_RAW ? require(demo, "states") : optional(demo, "states");
        Dataset lengthSource = actions != null ? actions : states;
        long t = lengthSource.getDimensionsAsLong()[0];
        List<Hdf5DatasetInfo> datasets = new ArrayList<>();
        collect(demo, "", datasets);
        checkLengths(datasets, t, lengthSource.getPath(), false);
        List<ImageStream> images = new ArrayList<>();
        for (Hdf5DatasetInfo d : datasets) {
            boolean obs = d.name().startsWith("obs/");
            if (obs && d.rank() == 4 && d.dtype().equals("uint8") && d.shape().get(3) <= 4) {
                images.add(ImageProbe.stream(demo, d.name().substring(4), d, file));
            }
        }
        return new Hdf5Episode(index, demo.getName(), groupPath(demo), t, datasets,
                actions == null ? 0 : width(actions), states == null ? 0 : width(states), images,
                Hdf5Values.attributes(demo.getAttributes()));
    }

    /**
     * Every time-indexed dataset must run over the same T timesteps. In ALOHA files only {@code /action} and
     * {@code /observations/*} are time-indexed (compressed variants add a per-camera {@code compress_len}).
     */
    private void checkLengths(List<Hdf5DatasetInfo> datasets, long t, String reference, boolean alohaRoot) {
        for (Hdf5DatasetInfo d : datasets) {
            if (d.rank() == 0 || d.dtype().equals("string")) continue;
            if (alohaRoot && !d.name().equals("action") && !d.name().startsWith("observations/")) continue;
            if (d.shape().get(0) != t) {
                throw new CurioException("hdf5.length_mismatch", file, d.path(), d.path() + " has "
                        + d.shape().get(0) + " rows but " + reference + " has " + t);
            }
        }
    }

    private void collect(Group g, String prefix, List<Hdf5DatasetInfo> out) {
        Set<Long> enclosing = new HashSet<>();
        enclosing.add(g.getAddress());
        collect(g, prefix, out, enclosing);
    }

    /**
     * @param enclosing the object header addresses of {@code g} and the groups it was reached through: HDF5 lets a
     *                  group hard-link to one of them, whose datasets are listed already and would be listed forever
     */
    private void collect(Group g, String prefix, List<Hdf5DatasetInfo> out, Set<Long> enclosing) {
        for (Node n : g.getChildren().values()) {
            String name = prefix + n.getName();
            if (n instanceof Group) {
                if (!enclosing.add(n.getAddress())) continue;
                collect((Group) n, name + "/", out, enclosing);
                enclosing.remove(n.getAddress());
            } else if (n instanceof Dataset) {
                Dataset d = (Dataset) n;
                requireStored(d);
                out.add(new Hdf5DatasetInfo(name, d.getPath(), Hdf5Values.shape(d), Hdf5Values.dtype(d)));
            }
        }
    }

    /**
     * jHDF sizes the buffer of a read from the dataset's shape before reading, so a contiguous dataset must lie inside
     * the file. (A chunked one may be larger than the file: chunks never written read as the fill value.)
     */
    private void requireStored(Dataset d) {
        if (!(d instanceof ContiguousDataset c) || c.isEmpty()) return;
        long bytes = d.getDataType().getSize();
        try {
            for (long dim : d.getDimensionsAsLong()) bytes = Math.multiplyExact(bytes, dim);
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        long start = root.getHdfFile().getUserBlockSize() + c.getDataAddress();
        long size = root.getHdfFile().size();
        if (start < 0 || start > size || bytes > size - start) {
            throw new CurioException("hdf5.bad_file", file, d.getPath(), "dataset " + d.getPath() + " declares "
                    + Hdf5Values.shape(d) + " values of " + d.getDataType().getSize() + " bytes stored from byte " + start
                    + ", but the file ends at byte " + size);
        }
    }

    private Dataset require(Group g, String rel) {
        Dataset d = optional(g, rel);
        if (d == null) {
            String path = (g.getPath().endsWith("/") ? g.getPath() : g.getPath() + "/") + rel;
            path = path.startsWith("/") ? path : "/" + path;
            throw new CurioException("hdf5.missing_dataset", file, path, "required dataset " + path + " is missing");
        }
        return d;
    }

    private static Dataset optional(Group g, String rel) {
        Node n = g;
        for (String part : rel.split("/")) {
            if (!(n instanceof Group)) return null;
            n = ((Group) n).getChild(part);
        }
        return n instanceof Dataset && ((Dataset) n).getDimensions().length >= 1 ? (Dataset) n : null;
    }

    /** jHDF ends group paths with '/'; episodes report them as h5py does ({@code /data/demo_1}). */
    private static String groupPath(Group g) {
        String p = g.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static int width(Dataset d) {
        long[] dims = d.getDimensionsAsLong();
        return dims.length < 2 ? 1 : (int) dims[1];
    }

    /** {@code demo_*} groups sorted by integer suffix: HDF5 orders names as strings (demo_10 before demo_2). */
    static List<Group> demos(Group data) {
        List<Group> out = new ArrayList<>();
        for (Node n : data.getChildren().values()) {
            if (n instanceof Group && n.getName().startsWith("demo")) out.add((Group) n);
        }
        out.sort(Comparator.comparingLong(g -> suffix(g.getName())));
        return out;
    }

    private static long suffix(String name) {
        String digits = name.replaceAll("^\\D*", "");
        try {
            return digits.isEmpty() ? Long.MAX_VALUE : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
