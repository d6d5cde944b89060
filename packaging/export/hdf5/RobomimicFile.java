package packaging.export.hdf5;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import packaging.export.EpisodeOut;
import packaging.export.ExportFormat;
import packaging.export.FeatureMap;
import packaging.export.Produced;
import packaging.export.SegmentPlan;

/**
 * robomimic: one file {@code <dataset>.hdf5}, a {@code data/demo_N} group per exported segment (N from 0, its
 * position in the export) with {@code obs/<key>}, {@code actions}, {@code rewards}, {@code dones} and {@code states},
 * {@code num_samples}; {@code data} attributes {@code total} and {@code env_args} (the control rate as robosuite's
 * {@code control_freq}); filter keys {@code mask/train} and {@code mask/valid} (the last tenth of the demos, at least
 * one when there are two), and {@code mask/success} and {@code mask/failure} from the failure marks.
 */
final class RobomimicFile {
    private RobomimicFile() { }

    static void write(ExportFormat.Job job, List<EpisodeOut> episodes, EpisodeArrays arrays, List<Produced> produced, ObjectNode card) {
        FeatureMap map = job.map();
        String name = job.datasetName() + ".hdf5";
        Path file = job.work().resolve(name);
        Map<String, String> paths = new LinkedHashMap<>();
        for (FeatureMap.Feature f : map.series()) paths.put(f.key(), Layouts.robomimic(f));
        boolean derivedReward = map.feature(Layouts.REWARD) == null;
        boolean derivedDone = map.feature(Layouts.DONE) == null;
        List<String> demos = new ArrayList<>();
        List<String> success = new ArrayList<>();
        List<String> failure = new ArrayList<>();
        long total = 0;
        Hdf5Writer w = new Hdf5Writer(file);
        try {
            Hdf5Writer.Group data = w.root().group("data");
            for (int i = 0; i < episodes.size(); i++) {
                EpisodeOut ep = episodes.get(i);
                SegmentPlan seg = ep.segment();
                String demo = "demo_" + i;
                demos.add(demo);
                (seg.failures().isEmpty() ? success : failure).add(demo);
                Hdf5Writer.Group g = data.group(demo);
                g.attribute("num_samples", (long) ep.length());
                AlohaFiles.attributes(g, seg, map.fps());
                EpisodeArrays.Groups groups = new EpisodeArrays.Groups(g);
                arrays.begin(ep);
                arrays.series(ep, groups, paths, Hdf5Writer.Type.INT64);
                int n = ep.length();
                boolean terminates = seg.failures().isEmpty() && seg.reachesEpisodeEnd();
                if (derivedReward) {
                    double[][] r = new double[n][1];
                    if (n > 0 && terminates) r[n - 1][0] = 1;
                    groups.dataset("rewards", Hdf5Writer.Type.FLOAT64, new long[] {n}, EpisodeArrays.bytes(r, Hdf5Writer.Type.FLOAT64));
                    arrays.derived("rewards: 1 on the last step of a successful segment that reaches its episode's end, else 0 "
                            + "(the source records no reward)");
                }
                if (derivedDone) {
                    double[][] d = new double[n][1];
                    if (n > 0) d[n - 1][0] = 1;
                    groups.dataset("dones", Hdf5Writer.Type.INT64, new long[] {n}, EpisodeArrays.bytes(d, Hdf5Writer.Type.INT64));
                    arrays.derived("dones: 1 on the last step of each demo, robomimic's end-of-trajectory convention (the source "
                            + "records none)");
                }
                if (map.feature(Layouts.ENVIRONMENT) == null) {
                    // robomimic keeps simulator states for playback; a recording without a simulator has none to keep.
                    groups.dataset("states", Hdf5Writer.Type.FLOAT64, new long[] {n, 0}, new byte[0]);
                }
                for (FeatureMap.Feature c : map.cameras()) arrays.camera(ep, c, groups, Layouts.robomimic(c));
                total += n;
            }
            data.attribute("total", total);
            data.attribute("env_args", envArgs(job, map.fps()));
            int valid = demos.size() < 2 ? 0 : Math.max(1, Math.round(demos.size() / 10f));
            Hdf5Writer.Group mask = w.root().group("mask");
            mask(mask, "train", demos.subList(0, demos.size() - valid));
            mask(mask, "valid", demos.subList(demos.size() - valid, demos.size()));
            mask(mask, "success", success);
            mask(mask, "failure", failure);
            w.close();
        } catch (RuntimeException e) {
            w.abandon();
            throw e;
        }
        job.flush().request(file);
        produced.add(new Produced(name, file, "robotics_episode_data", job.plan().segments(),
                "resample onto the frame clock, write robomimic demos", null));
        card.put("file", name).put("demos", demos.size()).put("total_samples", total);
        card.putArray("filter_keys").add("train").add("valid").add("success").add("failure");
    }

    /** A filter key: the demo names, as robomimic reads them with {@code f["mask/<key>"][:]}. */
    private static void mask(Hdf5Writer.Group mask, String key, List<String> demos) {
        int width = 1;
        for (String d : demos) width = Math.max(width, d.length());
        mask.contiguous(key, Hdf5Writer.Type.string(width), new long[] {demos.size()},
                Attributes.strings(demos.toArray(String[]::new), width));
    }

    /**
     * robomimic's environment metadata. {@code type} 1 is robosuite, robomimic's default; the task names the
     * environment; {@code control_freq} is the rate the steps are at, which robomimic (and Curio's ingest) read.
     */
    private static String envArgs(ExportFormat.Job job, int fps) {
        var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("env_name", job.plan().segments().get(0).task());
        n.put("type", 1);
        n.putObject("env_kwargs").put("control_freq", fps);
        return n.toString();
    }
}
