package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import pipeline.EpisodeIds;
import pipeline.source.Placement;
import store.CurioException;

/**
 * Thresholds and severities for validation, from YAML. A user profile only needs the keys it changes;
 * everything else comes from the built-in default. The fingerprint changes whenever any effective value
 * does, which is what makes re-validation incremental.
 */
public final class ValidationProfile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String DEFAULT_RESOURCE = "/pipeline/validate/default-profile.yaml";

    private final String name;
    private final Map<String, Double> thresholds;
    private final Map<String, Severity> severities;
    private final Set<String> disabled;
    private final Placement.TimeBase timeBase;
    private final Map<String, String> requiredContracts;
    private final Map<String, Double> gates;
    private final String fingerprint;

    /**
     * The dataset gates a subset must pass to be exported, with seed 001's names (docs/subsets.md defines each
     * value). A rate or score gate is a minimum in 0..1; {@code min_episodes_required} a count.
     */
    public static final List<String> GATES = List.of("min_episodes_required", "quality_pass_rate_min", "quality_score_min",
            "min_average_quality_score", "collision_free_rate_min");

    private ValidationProfile(String name, Map<String, Double> thresholds, Map<String, Severity> severities,
                              Set<String> disabled, Placement.TimeBase timeBase, Map<String, String> requiredContracts,
                              Map<String, Double> gates, String fingerprint) {
        this.gates = gates;
        this.name = name;
        this.thresholds = thresholds;
        this.severities = severities;
        this.disabled = disabled;
        this.timeBase = timeBase;
        this.requiredContracts = requiredContracts;
        this.fingerprint = fingerprint;
    }

    /** The built-in profile. Parsed once: it is immutable, and the desktop's window would otherwise parse it as it opens. */
    public static ValidationProfile defaults() {
        return Builtin.PROFILE;
    }

    private static final class Builtin {
        static final ValidationProfile PROFILE = readBuiltin();
    }

    private static ValidationProfile readBuiltin() {
        try (InputStream in = ValidationProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(YAML.readTree(in), null, "default-profile.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("the built-in profile is unreadable", e);
        }
    }

    public static ValidationProfile load(Path file) {
        JsonNode user;
        try {
            user = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CurioException("profile.unreadable", file.toString(), null, "cannot read profile: " + e.getMessage(), e);
        }
        if (user == null || !user.isObject()) {
            throw new CurioException("profile.bad_type", file.toString(), "$", "a profile is a YAML mapping");
        }
        try (InputStream in = ValidationProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(YAML.readTree(in), user, file.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidationProfile parse(JsonNode base, JsonNode user, String file) {
        Map<String, Double> thresholds = new HashMap<>();
        base.path("thresholds").fields().forEachRemaining(e -> thresholds.put(e.getKey(), e.getValue().asDouble()));
        Map<String, Severity> severities = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        String name = base.path("name").asText("default");
        Placement.TimeBase timeBase = timeBase(base.path("time_base"), file);
        Map<String, String> required = new TreeMap<>();
        Map<String, Double> gates = new java.util.LinkedHashMap<>();
        gates(base.path("gates"), file, gates);
        if (user != null) {
            name = user.path("name").asText("custom");
            for (Iterator<Map.Entry<String, JsonNode>> it = user.path("thresholds").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!thresholds.containsKey(e.getKey())) {
                    throw new CurioException("profile.unknown_key", file, "thresholds." + e.getKey(),
                            "unknown threshold; known: " + thresholds.keySet());
                }
                if (!e.getValue().isNumber()) {
                    throw new CurioException("profile.bad_type", file, "thresholds." + e.getKey(), "must be a number");
                }
                thresholds.put(e.getKey(), e.getValue().asDouble());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = user.path("severities").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!Codes.known(e.getKey())) {
                    throw new CurioException("profile.unknown_key", file, "severities." + e.getKey(), "unknown finding code");
                }
                try {
                    severities.put(e.getKey(), Severity.parse(e.getValue().asText()));
                } catch (IllegalArgumentException ex) {
                    throw new CurioException("profile.bad_type", file, "severities." + e.getKey(),
                            "severity must be hard, soft or warn");
                }
            }
            user.path("disabled").forEach(n -> disabled.add(n.asText()));
            if (user.has("time_base")) timeBase = timeBase(user.get("time_base"), file);
            requiredContracts(user.path("require_contract"), file, required);
            gates(user.path("gates"), file, gates);
        }
        Map<String, Object> effective = new HashMap<>();
        effective.put("thresholds", thresholds);
        Map<String, String> sev = new HashMap<>();
        severities.forEach((k, v) -> sev.put(k, v.json()));
        effective.put("severities", sev);
        effective.put("disabled", disabled.stream().sorted().toList());
        effective.put("time_base", timeBase.json());
        effective.put("require_contract", required);
        String fingerprint = EpisodeIds.canonicalSha256(new ObjectMapper().valueToTree(effective));
        // Gates judge subsets, not episodes: changing them leaves every stored validation current.
        Map<String, Double> ordered = new java.util.LinkedHashMap<>();
        for (String g : GATES) if (gates.get(g) != null) ordered.put(g, gates.get(g));
        return new ValidationProfile(name, thresholds, severities, disabled, timeBase, Map.copyOf(required),
                java.util.Collections.unmodifiableMap(ordered), fingerprint);
    }

    /** {@code gates: {name: threshold}}; a null threshold turns a gate off. */
    private static void gates(JsonNode n, String file, Map<String, Double> out) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isObject()) throw new CurioException("profile.bad_type", file, "gates", "a mapping of gate name to threshold");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!GATES.contains(key)) {
                throw new CurioException("profile.unknown_key", file, "gates." + key, "unknown gate; known: " + GATES);
            }
            if (e.getValue().isNull()) {
                out.put(key, null);
                continue;
            }
            if (!e.getValue().isNumber()) throw new CurioException("profile.bad_type", file, "gates." + key, "must be a number");
            double v = e.getValue().asDouble();
            boolean count = key.equals("min_episodes_required");
            if (v < 0 || (!count && v > 1) || (count && v != Math.rint(v))) {
                throw new CurioException("profile.bad_value", file, "gates." + key, count
                        ? "must be a whole number of episodes, 0 or more" : "must be between 0 and 1");
            }
            out.put(key, v);
        }
    }

    /** The gates this profile sets, in seed 001's order, with their thresholds. */
    public Map<String, Double> gates() {
        return gates;
    }

    private static Placement.TimeBase timeBase(JsonNode n, String file) {
        if (n == null || n.isMissingNode() || n.isNull()) return Placement.TimeBase.HEADER;
        for (Placement.TimeBase t : Placement.TimeBase.values()) if (t.json().equals(n.asText())) return t;
        throw new CurioException("profile.bad_value", file, "time_base", "time_base must be header or log, not " + n.asText());
    }

    /** {@code require_contract: {dataset name or "*": contract}}. */
    private static void requiredContracts(JsonNode n, String file, Map<String, String> out) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isObject()) {
            throw new CurioException("profile.bad_type", file, "require_contract", "a mapping of dataset name to contract");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String contract = e.getValue().asText();
            if (!Contract.REQUIRABLE.contains(contract)) {
                throw new CurioException("profile.bad_value", file, "require_contract." + e.getKey(),
                        "unknown contract " + contract + "; known: " + Contract.REQUIRABLE);
            }
            out.put(e.getKey(), contract);
        }
    }

    public String name() {
        return name;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public double threshold(String key) {
        Double v = thresholds.get(key);
        if (v == null) throw new IllegalArgumentException("no threshold " + key);
        return v;
    }

    public Severity severityOf(String code) {
        return severities.getOrDefault(code, Codes.defaultSeverity(code));
    }

    public boolean isDisabled(String code) {
        return disabled.contains(code);
    }

    /**
     * Which clock the timing checks of ROS topics run on, and which places their messages in exports. Both clocks are
     * always checked for order, and their difference against {@code header_log_max_ms}.
     */
    public Placement.TimeBase timeBase() {
        return timeBase;
    }

    /** Where exports place bag messages: this profile's time base, header stamps trusted within its header-log bound. */
    public Placement placement() {
        return new Placement(timeBase, Math.round(threshold("header_log_max_ms") * 1e6));
    }

    /** The contract this profile requires of the episodes of {@code dataset} ("*" for every dataset), or null. */
    public String requiredContract(String dataset) {
        String c = dataset == null ? null : requiredContracts.get(dataset);
        return c != null ? c : requiredContracts.get("*");
    }
}
