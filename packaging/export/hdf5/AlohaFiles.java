package packaging.export.hdf5;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import packaging.export.EpisodeOut;
import packaging.export.ExportFormat;
import packaging.export.FeatureMap;
import packaging.export.Produced;
import packaging.export.SegmentPlan;
import store.Annotations;

/**
 * ALOHA/ACT: {@code episode_N.hdf5} per exported segment, N its position in the export (ACT's loader opens
 * {@code episode_{i}.hdf5} for i in range). Root attributes {@code sim} and {@code compress} as ALOHA's recorder writes
 * them, then Curio's: the rate ({@code fps}, which Curio's ingest reads; ACT's control period is 1/fps), the source
 * episode and segment, success and failure modes, and the subtasks as JSON.
 */
final class AlohaFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sources whose episodes come from a simulator, for ACT's {@code sim} flag (it aligns actions differently). */
    private static final List<String> SIMULATED = List.of("hdf5-robomimic", "hdf5-robosuite-raw");

    private AlohaFiles() { }

    static void write(ExportFormat.Job job, List<EpisodeOut> episodes, EpisodeArrays arrays, List<Produced> produced, ObjectNode card) {
        FeatureMap map = job.map();
        Map<String, String> paths = new LinkedHashMap<>();
        for (FeatureMap.Feature f : map.series()) paths.put(f.key(), Layouts.aloha(f));
        boolean derivedVelocity = map.feature(Layouts.VELOCITY) == null;
        boolean sim = false;
        for (int i = 0; i < episodes.size(); i++) {
            EpisodeOut ep = episodes.get(i);
            SegmentPlan seg = ep.segment();
            boolean simulated = SIMULATED.contains(seg.episode().summary().format());
            sim |= simulated;
            String name = "episode_" + i + ".hdf5";
            Path file = job.work().resolve(name);
            Hdf5Writer w = new Hdf5Writer(file);
            try {
                Hdf5Writer.Group root = w.root();
                root.attribute("sim", simulated);
                root.attribute("compress", false);
                attributes(root, seg, map.fps());
                EpisodeArrays.Groups groups = new EpisodeArrays.Groups(root);
                arrays.begin(ep);
                arrays.series(ep, groups, paths, Hdf5Writer.Type.BOOL);
                if (derivedVelocity) {
                    // ACT's loader reads /observations/qvel; a source without velocities gets them from the positions.
                    double[][] qvel = EpisodeArrays.difference(ep, arrays.rows(ep, Layouts.STATE));
                    groups.dataset("observations/qvel", Hdf5Writer.Type.FLOAT32, EpisodeArrays.dims(ep, qvel[0].length),
                            EpisodeArrays.bytes(qvel, Hdf5Writer.Type.FLOAT32))
                            .attribute("derived", "central difference of /observations/qpos over the rows' times");
                    arrays.derived("/observations/qvel: central difference of /observations/qpos (the source records no velocities)");
                }
                for (FeatureMap.Feature c : map.cameras()) arrays.camera(ep, c, groups, Layouts.aloha(c));
                w.close();
            } catch (RuntimeException e) {
                w.abandon();
                throw e;
            }
            job.flush().request(file);
            produced.add(new Produced(name, file, "robotics_episode_data", List.of(seg),
                    "resample onto the frame clock, write an ALOHA/ACT episode file", null));
        }
        card.put("files", episodes.size()).put("sim", sim);
        ArrayNode files = card.putArray("episode_files");
        for (int i = 0; i < episodes.size(); i++) {
            files.addObject().put("file", "episode_" + i + ".hdf5").put("episode_id", episodes.get(i).segment().episodeId())
                    .put("segment_index", i);
        }
    }

    /** Curio's attributes of an exported segment (ALOHA's root, robomimic's demo group). */
    static void attributes(Hdf5Writer.Node node, SegmentPlan seg, int fps) {
        node.attribute("fps", (long) fps);
        node.attribute("episode_id", seg.episodeId());
        node.attribute("segment_index", (long) seg.index());
        node.attribute("t_start_ns", seg.startNs());
        node.attribute("t_end_ns", seg.endNs());
        node.attribute("task", seg.task());
        node.attribute("success", seg.failures().isEmpty());
        node.attribute("failure_modes", JSON.valueToTree(seg.failureModes()).toString());
        ArrayNode subtasks = JSON.createArrayNode();
        for (Annotations.Range r : seg.subtasks()) {
            // Steps, not times: both trainers index their arrays by step.
            subtasks.addObject().put("label", r.label())
                    .put("start_step", Math.max(0, Math.round((r.startNs() - seg.startNs()) * fps / 1e9)))
                    .put("end_step", Math.round((Math.min(r.endNs(), seg.endNs()) - seg.startNs()) * fps / 1e9));
        }
        node.attribute("subtasks", subtasks.toString());
    }
}
