package packaging.export.hdf5;

import packaging.export.FeatureMap;

/**
 * Where each feature goes in each profile, named so that the loaders of the profile and Curio's own ingest read the
 * same feature back: ALOHA's {@code observations/qpos}, {@code qvel}, {@code effort}, {@code action},
 * {@code observations/images/<camera>}; robomimic's {@code obs/robot0_joint_pos}, {@code obs/robot0_joint_vel},
 * {@code actions}, {@code rewards}, {@code dones}, {@code states}, {@code obs/<camera>}. Other {@code observation.<name>}
 * series go to {@code observations/<name>} (ALOHA) or {@code obs/<name>} (robomimic); keys of other namespaces keep
 * their name.
 */
final class Layouts {
    static final String STATE = "observation.state";
    static final String VELOCITY = "observation.velocity";
    static final String EFFORT = "observation.effort";
    static final String ACTION = "action";
    static final String REWARD = "next.reward";
    static final String DONE = "next.done";
    static final String ENVIRONMENT = "observation.environment_state";
    /** The robomimic file, named after the subset (see {@link packaging.export.ExportFormat.Job#datasetName}). */
    static final String ROBOMIMIC_FILE = "<subset>.hdf5";

    private Layouts() { }

    static String aloha(FeatureMap.Feature f) {
        if (f.kind() == FeatureMap.Kind.VIDEO) return "observations/images/" + FeatureMap.cameraName(f.key());
        return switch (f.key()) {
            case STATE -> "observations/qpos";
            case VELOCITY -> "observations/qvel";
            case EFFORT -> "observations/effort";
            case ACTION -> "action";
            case REWARD -> "reward";
            case DONE -> "done";
            default -> f.key().startsWith("observation.") ? "observations/" + f.key().substring("observation.".length()) : f.key();
        };
    }

    static String robomimic(FeatureMap.Feature f) {
        if (f.kind() == FeatureMap.Kind.VIDEO) return "obs/" + FeatureMap.cameraName(f.key());
        return switch (f.key()) {
            case STATE -> "obs/robot0_joint_pos";
            case VELOCITY -> "obs/robot0_joint_vel";
            case EFFORT -> "obs/effort";
            case ACTION -> "actions";
            case REWARD -> "rewards";
            case DONE -> "dones";
            case ENVIRONMENT -> "states";
            default -> f.key().startsWith("observation.") ? "obs/" + f.key().substring("observation.".length()) : f.key();
        };
    }
}
