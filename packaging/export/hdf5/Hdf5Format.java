package packaging.export.hdf5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import packaging.export.ExportFormat;
import packaging.export.ExportProgress;
import packaging.export.FeatureMap;
import packaging.export.FrameRows;
import packaging.export.Produced;
import store.CurioException;

/**
 * HDF5 in the layouts two trainers read. {@code aloha}: one {@code episode_N.hdf5} per exported segment as ACT's and
 * ALOHA's loaders read it ({@code /observations/qpos}, {@code qvel}, {@code effort}, {@code /observations/images/<cam>}
 * uint8 chunked one frame per chunk, {@code /action}, root attributes {@code sim} and {@code compress}).
 * {@code robomimic}: one file with {@code data/demo_N/{obs/<key>, actions, rewards, dones, states}}, {@code num_samples}
 * per demo, {@code data} attributes {@code total} and {@code env_args}, and the {@code mask/} filter keys. Files are
 * written as they go (see {@link Hdf5Writer}): one frame in memory at a time. Depth maps have no place in either.
 */
public final class Hdf5Format implements ExportFormat {
    public static final String ID = "hdf5";
    public static final String ALOHA = "aloha";
    public static final String ROBOMIMIC = "robomimic";
    public static final List<String> PROFILES = List.of(ALOHA, ROBOMIMIC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String profile;

    private Hdf5Format(String profile) {
        this.profile = profile;
    }

    /** The format in {@code profile} (null: aloha). */
    public static Hdf5Format of(String profile) {
        String p = profile == null ? ALOHA : profile.toLowerCase(Locale.ROOT);
        if (!PROFILES.contains(p)) {
            throw new CurioException("export.bad_option", null, "--profile", "unknown HDF5 profile '" + profile + "' ("
                    + String.join(", ", PROFILES) + ")");
        }
        return new Hdf5Format(p);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return profile.equals(ALOHA) ? "aloha-act/1" : "robomimic/1";
    }

    @Override
    public String profile() {
        return profile;
    }

    @Override
    public FeatureMap plan(FeatureMap shared) {
        List<String> required = profile.equals(ALOHA) ? List.of(Layouts.STATE, Layouts.ACTION) : List.of(Layouts.ACTION);
        for (String key : required) {
            if (shared.feature(key) == null) {
                throw new CurioException("export.profile_needs", null, key, "the " + profile + " profile needs " + key + " in every "
                        + "episode (" + (profile.equals(ALOHA) ? "ACT's loader reads /observations/qpos and /action"
                        : "robomimic's loader reads data/demo_N/actions") + "), and the subset has none");
            }
        }
        return shared.without(f -> f.kind() == FeatureMap.Kind.DEPTH, "not_in_format", f -> "ALOHA and robomimic files hold "
                + "8-bit RGB cameras; depth maps are in lerobot-v3, rlds and steplog exports");
    }

    @Override
    public Map<String, String> layout(FeatureMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FeatureMap.Feature f : map.features()) {
            out.put(f.key(), profile.equals(ALOHA) ? "episode_N.hdf5:/" + Layouts.aloha(f)
                    : Layouts.ROBOMIMIC_FILE + ":/data/demo_N/" + Layouts.robomimic(f));
        }
        return out;
    }

    @Override
    public Written write(Job job) {
        FeatureMap map = job.map();
        FrameRows.Rows rows = FrameRows.of(job.plan(), map, job.cancel());
        ExportProgress counter = new ExportProgress(job.progress(), rows.frames() * (1 + map.cameras().size()));
        EpisodeArrays arrays = new EpisodeArrays(map, job.cancel(), counter);
        List<Produced> produced = new ArrayList<>();
        ObjectNode card = JSON.createObjectNode().put("profile", profile);
        if (profile.equals(ALOHA)) {
            AlohaFiles.write(job, rows.episodes(), arrays, produced, card);
        } else {
            RobomimicFile.write(job, rows.episodes(), arrays, produced, card);
        }
        card.put("derived", String.join("; ", arrays.derived()));
        counter.finish("HDF5 written");
        Stats stats = Stats.of(rows.episodes(), rows.masterKey());
        ObjectNode settings = JSON.createObjectNode().put("profile", profile)
                .put("cameras", "uint8 (T, H, W, 3), chunked one frame per chunk, not compressed")
                .put("series", "float32 (int64 and bool kept), one row per step");
        return new Written(produced, stats, card, settings);
    }

    @Override
    public String markdown(JsonNode s) {
        StringBuilder md = new StringBuilder();
        if (s.path("profile").asText().equals(ALOHA)) {
            md.append("- ALOHA/ACT: ").append(s.path("files").asInt()).append(" files episode_N.hdf5 (one per exported segment); "
                    + "root attributes sim=").append(s.path("sim").asBoolean()).append(", compress=false\n");
        } else {
            md.append("- robomimic: ").append(s.path("file").asText()).append(", ").append(s.path("demos").asInt())
                    .append(" demos, filter keys ").append(s.path("filter_keys").toString()).append("\n");
        }
        if (!s.path("derived").asText().isEmpty()) md.append("- Derived: ").append(s.path("derived").asText()).append("\n");
        return md.toString();
    }
}
