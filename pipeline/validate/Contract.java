package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import store.EpisodeDetail;

/**
 * The contract an episode is judged by, from what the episode itself declares: an {@code episode.yaml} is the
 * ingest contract v0 (seed 002); a raw episode folder's manifest is held to Curio's raw-episode contract only when
 * its {@code "contract"} field names it; an RLDS step log (seed 004's metadata.json + steps/*.jsonl layout) by its
 * {@code schema_version} ("1.0" when absent, as the seed says); a LeRobot dataset by its info.json. Everything else,
 * and a raw episode whose manifest is the lab's own, gets only the generic rules.
 *
 * @param kind        which rule set applies
 * @param name        the contract's name as written in a manifest or a profile, e.g. {@code curio-raw-episode/1}
 * @param manifestFile the file that carries the declaration and the contract's fields (relative to the dataset root)
 * @param declared    what the episode itself declares (null: nothing); differs from name when a profile imposed one
 * @param unknown     a declaration Curio cannot apply (an unknown contract or version), or null
 */
record Contract(Kind kind, String name, String manifestFile, String declared, String unknown) {
    enum Kind {
        /** Seed 002's episode.yaml. */
        CONTRACT_V0,
        /** Seed 002's blocks in a seed-003 raw episode folder's episode_manifest.json, when declared. */
        RAW_EPISODE,
        /** Seed 004's step log. */
        RLDS_STEPLOG,
        /** LeRobot's info.json (codebase_version). */
        LEROBOT,
        /** The generic rules only. */
        NONE
    }

    static final String CONTRACT_V0 = "ingest-contract-v0";
    static final String RAW_EPISODE = "curio-raw-episode/1";
    static final String RLDS_PREFIX = "rlds-steplog/";
    static final List<String> RLDS_VERSIONS = List.of("1.0", "1.1");
    /** The values a profile's {@code require_contract} may name. */
    static final List<String> REQUIRABLE = List.of(CONTRACT_V0, RAW_EPISODE, RLDS_PREFIX + "1.0", RLDS_PREFIX + "1.1");

    boolean usesEpisodeManifest() {
        return kind == Kind.CONTRACT_V0 || kind == Kind.RAW_EPISODE;
    }

    /** What the episode declares, resolved against the profile's requirement for its dataset. */
    static Contract of(EpisodeDetail episode, JsonNode manifest, ValidationProfile profile) {
        String format = episode.summary().format();
        Contract declared = declared(format, manifest, episode.relPath());
        String required = profile.requiredContract(episode.summary().dataset());
        if (required == null || required.equals(declared.name())) return declared;
        Kind imposed = kindOf(required);
        boolean applies = switch (imposed) {
            case RAW_EPISODE -> isRawEpisode(format);
            case RLDS_STEPLOG -> isRldsStepLog(format);
            case CONTRACT_V0 -> isContractV0(format);
            default -> false;
        };
        // Judged by the required contract where it can apply to this layout; otherwise by what it declares.
        return applies ? new Contract(imposed, required, declared.manifestFile(), declared.declared(), declared.unknown())
                : declared;
    }

    private static Contract declared(String format, JsonNode manifest, String relPath) {
        String rel = relPath == null || relPath.isEmpty() ? "" : relPath + "/";
        if (isContractV0(format)) {
            return new Contract(Kind.CONTRACT_V0, CONTRACT_V0, rel + "episode.yaml", CONTRACT_V0, null);
        }
        if (isRawEpisode(format)) {
            String file = rel + "episode_manifest.json";
            JsonNode c = manifest == null ? null : manifest.get("contract");
            if (c == null || c.isNull()) return none(file, null, null);
            String value = c.isTextual() ? c.asText() : c.toString();
            return RAW_EPISODE.equals(value) ? new Contract(Kind.RAW_EPISODE, RAW_EPISODE, file, value, null)
                    : none(file, value, value);
        }
        if (isRldsStepLog(format)) {
            String file = rel + "metadata.json";
            JsonNode md = rldsMetadata(manifest);
            JsonNode v = md == null ? null : md.get("schema_version");
            // Seed 004: "When absent, consumers MUST treat as \"1.0\"."
            String version = v == null || v.isNull() ? "1.0" : v.isTextual() ? v.asText() : v.toString();
            String name = RLDS_PREFIX + version;
            return RLDS_VERSIONS.contains(version) ? new Contract(Kind.RLDS_STEPLOG, name, file, name, null)
                    : none(file, name, "schema_version " + version);
        }
        if (format.toLowerCase(Locale.ROOT).startsWith("lerobot")) {
            return new Contract(Kind.LEROBOT, "lerobot", "meta/info.json", "lerobot", null);
        }
        return none(null, null, null);
    }

    private static Contract none(String file, String declared, String unknown) {
        return new Contract(Kind.NONE, "none", file, declared, unknown);
    }

    static Kind kindOf(String name) {
        if (CONTRACT_V0.equals(name)) return Kind.CONTRACT_V0;
        if (RAW_EPISODE.equals(name)) return Kind.RAW_EPISODE;
        if (name != null && name.startsWith(RLDS_PREFIX)) return Kind.RLDS_STEPLOG;
        return Kind.NONE;
    }

    /** Writers put the step-log metadata either at the root of metadata.json or under "metadata". */
    static JsonNode rldsMetadata(JsonNode manifest) {
        if (manifest == null) return null;
        return manifest.has("metadata") && manifest.get("metadata").isObject() && !manifest.has("xr_mode")
                ? manifest.get("metadata") : manifest;
    }

    static boolean isContractV0(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        return f.startsWith("contract-v0") || f.startsWith("ingest-v0");
    }

    static boolean isRawEpisode(String format) {
        return format.toLowerCase(Locale.ROOT).startsWith("raw-episode");
    }

    static boolean isRldsStepLog(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        return f.startsWith("rlds") && (f.contains("step") || f.equals("rlds"));
    }
}
