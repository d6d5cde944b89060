package packaging.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import pipeline.source.Pixels;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * How the streams of every exported episode become features, the same way for every source family and every export
 * format (docs/export.md has the table; each format then places the features in its own layout). Names follow LeRobot's converters and policies: joint positions are
 * {@code observation.state}, velocities {@code observation.velocity}, efforts {@code observation.effort}, commands
 * {@code action}, cameras {@code observation.images.<camera>}, depth maps {@code observation.depth.<camera>},
 * rewards and episode ends {@code next.reward} and {@code next.done}, anything else {@code observation.<name>}.
 * Several streams of one role (two arms' joint states) are concatenated in stream-name order. Every stream that
 * becomes no feature is listed in {@link #excluded} with a reason code.
 */
public final class FeatureMap {
    /** How a series is sampled at each frame instant. */
    public enum Rule {
        /** Linear interpolation between the samples around the instant: continuous signals (joint positions). */
        LINEAR,
        /** The latest sample at or before the instant: commands, grippers, integers and flags. */
        HOLD;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Kind { SERIES, VIDEO, DEPTH }

    /** One stream field's channels inside a feature of one episode. */
    public record Piece(String stream, String field, List<String> channels) {
        public Piece {
            channels = List.copyOf(channels);
        }
    }

    /**
     * One feature of the export.
     *
     * @param dtype  float32, int64 or bool for series; video or image for cameras
     * @param names  per dimension for series (joint names); empty for cameras
     * @param pieces per episode id, the streams (series) or the one stream (camera) it is filled from
     */
    public record Feature(String key, Kind kind, String dtype, List<String> names, Rule rule, int width, int height,
                          Map<String, List<Piece>> pieces) {
        public Feature {
            names = List.copyOf(names);
        }

        public int dims() {
            return kind == Kind.SERIES ? names.size() : 3;
        }

        /** The camera stream of episode {@code episodeId} (cameras have exactly one piece). */
        public String stream(String episodeId) {
            return pieces.get(episodeId).get(0).stream();
        }

        /** The streams an episode's feature is filled from, in order, for the conversion summary. */
        public List<String> streams(String episodeId) {
            List<String> out = new ArrayList<>();
            for (Piece p : pieces.getOrDefault(episodeId, List.of())) {
                out.add(p.field() == null || p.field().equals(p.stream()) ? p.stream() : p.stream() + ":" + p.field());
            }
            return out;
        }
    }

    /** A stream (or one field of it) that is in no feature, and why. */
    public record Excluded(String episodeId, String stream, String reason, String detail) { }

    /** What to do when episodes of one export do not share the same features. */
    public enum OnMismatch {
        /** Refuse the export, naming the episodes and what differs. */
        REFUSE,
        /** Keep the features every episode has alike; list the rest as excluded. */
        INTERSECT;

        public static OnMismatch parse(String s) {
            for (OnMismatch m : values()) if (m.name().equalsIgnoreCase(s)) return m;
            throw new CurioException("export.bad_option", null, "--on-mismatch", "unknown value '" + s + "' (refuse, intersect)");
        }
    }

    /**
     * Camera rates within this fraction of one integer rate count as that rate (bag rates are measured from
     * timestamps, e.g. 14.98 Hz for a 15 Hz camera; 29.97 Hz video is 30).
     */
    public static final double RATE_TOLERANCE = 0.01;

    /** What the catalog does not record about a stream, read from its data. */
    public interface Probe {
        /** Field layout of a series stream: (field, channel name) per channel, in order. */
        List<String[]> channels(EpisodeDetail episode, StreamEntry stream);

        /** Width and height of a camera whose size the catalog does not know (images stored one by one). */
        int[] frameSize(EpisodeDetail episode, StreamEntry stream);
    }

    private final List<Feature> features;
    private final List<Excluded> excluded;
    private final int fps;
    private final String clock;

    private FeatureMap(List<Feature> features, List<Excluded> excluded, int fps, String clock) {
        this.features = List.copyOf(features);
        this.excluded = List.copyOf(excluded);
        this.fps = fps;
        this.clock = clock;
    }

    public List<Feature> features() {
        return features;
    }

    public List<Feature> series() {
        return features.stream().filter(f -> f.kind() == Kind.SERIES).toList();
    }

    public List<Feature> cameras() {
        return features.stream().filter(f -> f.kind() == Kind.VIDEO).toList();
    }

    public List<Feature> depths() {
        return features.stream().filter(f -> f.kind() == Kind.DEPTH).toList();
    }

    public List<Excluded> excluded() {
        return excluded;
    }

    public int fps() {
        return fps;
    }

    /** How the rate was chosen: {@code camera_rate} or {@code user}. */
    public String clock() {
        return clock;
    }

    /**
     * This map without the features {@code drop} selects: a format that has no place for them lists every stream
     * they were filled from, in every episode, as excluded with {@code reason}.
     */
    public FeatureMap without(java.util.function.Predicate<Feature> drop, String reason,
                              java.util.function.Function<Feature, String> detail) {
        List<Feature> kept = new ArrayList<>();
        List<Excluded> out = new ArrayList<>(excluded);
        for (Feature f : features) {
            if (!drop.test(f)) {
                kept.add(f);
                continue;
            }
            for (String episodeId : f.pieces().keySet()) {
                for (String stream : f.streams(episodeId)) out.add(new Excluded(episodeId, stream, reason, detail.apply(f)));
            }
        }
        return new FeatureMap(kept, out, fps, clock);
    }

    /** The feature {@code key}, or null. */
    public Feature feature(String key) {
        return features.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    /** The excluded entries of one episode. */
    public List<Excluded> excluded(String episodeId) {
        return excluded.stream().filter(e -> e.episodeId().equals(episodeId)).toList();
    }

    /**
     * Maps every episode's streams and chooses the dataset clock.
     *
     * @param fps     the rate the user chose, or null to take the cameras' common rate
     * @param probe   reads what the catalog lacks: a series stream's channel layout (only the first episode holding
     *                each stream name is asked), a camera's frame size when unrecorded
     */
    public static FeatureMap of(List<EpisodeDetail> episodes, Integer fps, OnMismatch onMismatch, Probe probe) {
        Map<String, List<String[]>> layoutByStream = new LinkedHashMap<>();
        List<Excluded> excluded = new ArrayList<>();
        List<Map<String, Draft>> perEpisode = new ArrayList<>();
        // Streams of one name and joint list share a layout; only the first episode holding one is read for it.
        Probe cached = new Probe() {
            @Override
            public List<String[]> channels(EpisodeDetail ep, StreamEntry s) {
                return layoutByStream.computeIfAbsent(s.name() + "|" + s.jointNames(), n -> probe.channels(ep, s));
            }

            @Override
            public int[] frameSize(EpisodeDetail ep, StreamEntry s) {
                return probe.frameSize(ep, s);
            }
        };
        for (EpisodeDetail e : episodes) perEpisode.add(draft(e, excluded, cached));
        List<Feature> agreed = agree(episodes, perEpisode, onMismatch, excluded);
        int chosen;
        String clock;
        if (fps != null) {
            if (fps <= 0) throw new CurioException("export.bad_option", null, "--fps", "the frame rate must be positive, not " + fps);
            chosen = fps;
            clock = "user";
        } else {
            chosen = cameraRate(episodes, agreed);
            clock = "camera_rate";
        }
        return new FeatureMap(agreed, excluded, chosen, clock);
    }

    /** A feature as one episode has it, before the episodes are compared. */
    private record Draft(String key, Kind kind, String dtype, List<String> names, Rule rule, int width, int height,
                         List<Piece> pieces, String origin) {
        String signature() {
            return kind + "|" + dtype + "|" + (kind == Kind.SERIES ? names.size() + ":" + names : width + "x" + height);
        }
    }

    private enum Role { STATE, VELOCITY, EFFORT, ACTION, REWARD, DONE, ENV_STATE, OTHER }

    private static Map<String, Draft> draft(EpisodeDetail e, List<Excluded> excluded, Probe probe) {
        String id = e.summary().episodeId();
        Map<String, Draft> out = new LinkedHashMap<>();
        Map<String, List<Piece>> concat = new TreeMap<>();
        Map<String, Rule> concatRule = new LinkedHashMap<>();
        Map<String, String> concatDtype = new LinkedHashMap<>();
        List<StreamEntry> streams = new ArrayList<>(e.streams());
        streams.sort(Comparator.comparing(StreamEntry::name));
        for (StreamEntry s : streams) {
            switch (s.kind()) {
                case VIDEO, DEPTH -> {
                    boolean depth = s.kind() == StreamKind.DEPTH || (s.encoding() != null && isDepthEncoding(s.encoding()));
                    String key = (depth ? "observation.depth." : "observation.images.") + cameraName(s.name());
                    if (s.frameCount() != null && s.frameCount() == 0) {
                        excluded.add(new Excluded(id, s.name(), "empty_stream", "the camera has no frames"));
                        continue;
                    }
                    int[] size = s.width() != null && s.height() != null && s.width() > 0 && s.height() > 0
                            ? new int[] {s.width(), s.height()} : probe.frameSize(e, s);
                    put(out, excluded, id, new Draft(key, depth ? Kind.DEPTH : Kind.VIDEO, depth ? "image" : "video", List.of(),
                            Rule.HOLD, size[0], size[1], List.of(new Piece(s.name(), null, List.of())), s.name()));
                }
                case TIMESERIES -> {
                    if (s.frameCount() != null && s.frameCount() == 0) {
                        excluded.add(new Excluded(id, s.name(), "empty_stream", "the stream has no samples"));
                        continue;
                    }
                    mapSeries(e, s, probe.channels(e, s), out, concat, concatRule, concatDtype, excluded);
                }
                case AUDIO -> excluded.add(new Excluded(id, s.name(), "audio_not_supported", "no export format carries audio"));
                default -> excluded.add(new Excluded(id, s.name(), "unsupported_message_type",
                        "no numeric or image data Curio can read" + (s.encoding() == null ? "" : " (" + messageType(s) + ")")));
            }
        }
        for (Map.Entry<String, List<Piece>> c : concat.entrySet()) {
            List<Piece> pieces = c.getValue();
            List<String> names = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            boolean clash = false;
            for (Piece p : pieces) for (String n : p.channels()) clash |= !seen.add(n);
            for (Piece p : pieces) {
                for (String n : p.channels()) names.add(clash ? cameraName(p.stream()) + "." + n : n);
            }
            String origin = String.join(", ", pieces.stream().map(Piece::stream).distinct().toList());
            put(out, excluded, id, new Draft(c.getKey(), Kind.SERIES, concatDtype.get(c.getKey()), names,
                    concatRule.get(c.getKey()), 0, 0, pieces, origin));
        }
        return out;
    }

    private static String messageType(StreamEntry s) {
        String extra = s.extraJson();
        if (extra != null) {
            int i = extra.indexOf("\"message_type\":\"");
            if (i >= 0) {
                int j = extra.indexOf('"', i + 16);
                if (j > i) return extra.substring(i + 16, j);
            }
        }
        return s.encoding();
    }

    private static void put(Map<String, Draft> out, List<Excluded> excluded, String id, Draft d) {
        Draft before = out.putIfAbsent(d.key(), d);
        if (before != null) {
            excluded.add(new Excluded(id, d.origin(), "duplicate_feature", "maps to " + d.key() + ", which " + before.origin()
                    + " already fills"));
        }
    }

    private static void mapSeries(EpisodeDetail e, StreamEntry s, List<String[]> layout, Map<String, Draft> out,
                                  Map<String, List<Piece>> concat, Map<String, Rule> concatRule,
                                  Map<String, String> concatDtype, List<Excluded> excluded) {
        String id = e.summary().episodeId();
        if (layout.isEmpty()) {
            excluded.add(new Excluded(id, s.name(), "empty_stream", "the stream has no channels"));
            return;
        }
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (String[] c : layout) byField.computeIfAbsent(c[0], f -> new ArrayList<>()).add(shortName(c[1]));
        String dtype = dtype(s.encoding());
        Role role = role(s);
        boolean jointState = byField.keySet().stream().allMatch(f -> f.equals("position") || f.equals("velocity") || f.equals("effort"))
                && (byField.containsKey("position") || byField.containsKey("velocity"));
        Rule rule = dtype.equals("float32") && role != Role.ACTION && !isGripper(s.name()) ? Rule.LINEAR : Rule.HOLD;
        if (jointState) {
            if (role == Role.ACTION) {
                String field = byField.containsKey("position") ? "position" : byField.containsKey("velocity") ? "velocity" : "effort";
                addConcat(concat, concatRule, concatDtype, "action", new Piece(s.name(), field, byField.get(field)), Rule.HOLD, dtype);
                for (String f : byField.keySet()) {
                    if (!f.equals(field)) {
                        excluded.add(new Excluded(id, s.name() + ":" + f, "command_field_not_mapped",
                                "the action is the commanded " + field + "; LeRobot has no feature for a second command field"));
                    }
                }
                return;
            }
            for (Map.Entry<String, List<String>> f : byField.entrySet()) {
                String key = switch (f.getKey()) {
                    case "position" -> "observation.state";
                    case "velocity" -> "observation.velocity";
                    default -> "observation.effort";
                };
                addConcat(concat, concatRule, concatDtype, key, new Piece(s.name(), f.getKey(), f.getValue()),
                        isGripper(s.name()) ? Rule.HOLD : Rule.LINEAR, dtype);
            }
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> fields = new ArrayList<>(byField.keySet());
        for (List<String> n : byField.values()) names.addAll(n);
        // A stream is one vector (one field); several fields of a table keep their own channel names.
        String field = fields.size() == 1 ? fields.get(0) : null;
        List<Piece> pieces = new ArrayList<>();
        if (field != null) pieces.add(new Piece(s.name(), field, byField.get(field)));
        else for (String f : fields) pieces.add(new Piece(s.name(), f, byField.get(f)));
        switch (role) {
            case STATE -> pieces.forEach(p -> addConcat(concat, concatRule, concatDtype, "observation.state", p, rule, dtype));
            case VELOCITY -> pieces.forEach(p -> addConcat(concat, concatRule, concatDtype, "observation.velocity", p, rule, dtype));
            case EFFORT -> pieces.forEach(p -> addConcat(concat, concatRule, concatDtype, "observation.effort", p, rule, dtype));
            case ACTION -> pieces.forEach(p -> addConcat(concat, concatRule, concatDtype, "action", p, Rule.HOLD, dtype));
            default -> {
                String key = switch (role) {
                    case REWARD -> "next.reward";
                    case DONE -> "next.done";
                    case ENV_STATE -> "observation.environment_state";
                    default -> otherKey(s.name());
                };
                put(out, excluded, id, new Draft(key, Kind.SERIES, role == Role.DONE ? "bool" : dtype, names,
                        role == Role.DONE ? Rule.HOLD : rule, 0, 0, pieces, s.name()));
            }
        }
    }

    private static void addConcat(Map<String, List<Piece>> concat, Map<String, Rule> rules, Map<String, String> dtypes,
                                  String key, Piece p, Rule rule, String dtype) {
        concat.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        // One held piece (a gripper among joints) holds the whole feature: a rule is per feature.
        rules.merge(key, rule, (a, b) -> a == Rule.HOLD || b == Rule.HOLD ? Rule.HOLD : Rule.LINEAR);
        dtypes.merge(key, dtype, (a, b) -> a.equals(b) ? a : "float32");
    }

    private static Role role(StreamEntry s) {
        String name = s.name().toLowerCase(Locale.ROOT);
        String topic = s.topic() == null ? "" : s.topic().toLowerCase(Locale.ROOT);
        String last = lastSegment(name);
        if (Set.of("action", "actions", "action.command", "actions.command").contains(name) || Set.of("action", "actions").contains(last)
                || hasToken(name, "command", "commands", "cmd") || hasToken(topic, "command", "commands", "cmd")
                || name.startsWith("action.") || name.startsWith("action/")) {
            return Role.ACTION;
        }
        if (Set.of("reward", "rewards", "next.reward").contains(name) || last.equals("reward") || last.equals("rewards")) return Role.REWARD;
        if (Set.of("done", "dones", "is_terminal", "next.done").contains(name) || last.equals("dones") || last.equals("is_terminal")) {
            return Role.DONE;
        }
        if (Set.of("observation.velocity", "qvel", "joint_velocities", "robot0_joint_vel", "velocity", "velocities").contains(last)
                || name.equals("observation.velocity") || name.endsWith(".joint_velocities")) {
            return Role.VELOCITY;
        }
        if (Set.of("effort", "efforts", "observation.effort").contains(last) || name.equals("observation.effort")) return Role.EFFORT;
        if (Set.of("observation.state", "state", "qpos", "joint_positions", "proprio", "proprioception", "robot0_joint_pos",
                "joint_states", "joint_state").contains(last) || name.equals("observation.state") || name.endsWith(".joint_positions")) {
            return Role.STATE;
        }
        if (Set.of("states", "environment_state", "observation.environment_state").contains(last)) return Role.ENV_STATE;
        return Role.OTHER;
    }

    private static boolean isGripper(String name) {
        return name.toLowerCase(Locale.ROOT).contains("gripper");
    }

    private static boolean hasToken(String s, String... tokens) {
        for (String part : s.split("[/._\\-\\s]+")) {
            for (String t : tokens) if (part.equals(t)) return true;
        }
        return false;
    }

    private static String lastSegment(String name) {
        int i = name.lastIndexOf('/');
        return i >= 0 ? name.substring(i + 1) : name;
    }

    /** A channel name without the dataset path it came from ({@code observations/qpos[3]} reads as {@code qpos[3]}). */
    private static String shortName(String channel) {
        return lastSegment(channel);
    }

    static boolean isDepthEncoding(String encoding) {
        String e = encoding.toLowerCase(Locale.ROOT);
        return Pixels.isDepth(e) || e.contains("png16") || e.contains("raw16");
    }

    /** float32 for any float; int64 and bool keep their type (task indices, flags). */
    private static String dtype(String encoding) {
        String e = encoding == null ? "" : encoding.toLowerCase(Locale.ROOT);
        if (e.equals("bool") || e.equals("boolean")) return "bool";
        if (e.startsWith("int") || e.startsWith("uint")) return "int64";
        return "float32";
    }

    /** Keys already in LeRobot's namespaces stay; any other stream is {@code observation.<name>}. */
    private static String otherKey(String name) {
        for (String prefix : List.of("observation.", "next.", "annotation.", "complementary_info.")) {
            if (name.startsWith(prefix)) return sanitize(name);
        }
        String s = name;
        for (String prefix : List.of("observations/", "observation/", "obs/")) {
            if (s.startsWith(prefix) && s.length() > prefix.length()) {
                s = s.substring(prefix.length());
                break;
            }
        }
        return "observation." + sanitize(s);
    }

    /**
     * The camera part of a key: known prefixes dropped, then anything but letters, digits, '_', '-' and '.' becomes
     * '_' ({@code /cam/raw} is {@code cam_raw}), so no '/' reaches a key (it would split LeRobot's
     * {@code stats/<feature>/<stat>} columns and its video paths).
     */
    public static String cameraName(String stream) {
        String s = stream;
        for (String prefix : List.of("observation.images.", "observations/images/", "observation/images/", "observation.media.",
                "observation/", "observations/", "observation.")) {
            if (s.startsWith(prefix) && s.length() > prefix.length()) {
                s = s.substring(prefix.length());
                break;
            }
        }
        String clean = sanitize(s);
        return clean.isEmpty() ? "camera" : clean;
    }

    public static String sanitize(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9_.\\-]+", "_").replaceAll("_+", "_");
        clean = clean.replaceAll("^[_.]+", "").replaceAll("[_.]+$", "");
        return clean;
    }

    private static List<Feature> agree(List<EpisodeDetail> episodes, List<Map<String, Draft>> drafts, OnMismatch onMismatch,
                                       List<Excluded> excluded) {
        Map<String, Draft> first = drafts.get(0);
        Set<String> keys = new LinkedHashSet<>();
        drafts.forEach(d -> keys.addAll(d.keySet()));
        List<String> differences = new ArrayList<>();
        List<Feature> out = new ArrayList<>();
        for (String key : keys) {
            Draft ref = null;
            List<String> missing = new ArrayList<>();
            List<String> unlike = new ArrayList<>();
            for (int i = 0; i < episodes.size(); i++) {
                Draft d = drafts.get(i).get(key);
                String id = episodes.get(i).summary().episodeId();
                if (d == null) missing.add(id);
                else if (ref == null) ref = d;
                else if (!d.signature().equals(ref.signature())) unlike.add(id + " (" + describe(d) + ")");
            }
            if (missing.isEmpty() && unlike.isEmpty()) {
                Map<String, List<Piece>> pieces = new LinkedHashMap<>();
                for (int i = 0; i < episodes.size(); i++) pieces.put(episodes.get(i).summary().episodeId(), drafts.get(i).get(key).pieces());
                out.add(new Feature(key, ref.kind(), ref.dtype(), ref.names(), ref.rule(), ref.width(), ref.height(), pieces));
                continue;
            }
            String first0 = episodes.get(0).summary().episodeId();
            String refText = first.containsKey(key) ? first0 + " has " + describe(first.get(key)) : "";
            StringBuilder d = new StringBuilder(key + ": ");
            if (!missing.isEmpty()) d.append("missing in ").append(String.join(", ", missing));
            if (!unlike.isEmpty()) {
                if (!missing.isEmpty()) d.append("; ");
                d.append("differs in ").append(String.join(", ", unlike));
                if (!refText.isEmpty()) d.append(" (").append(refText).append(")");
            }
            differences.add(d.toString());
            for (int i = 0; i < episodes.size(); i++) {
                Draft dr = drafts.get(i).get(key);
                if (dr == null) continue;
                String reason = missing.isEmpty() ? "differs_between_episodes" : "not_in_every_episode";
                excluded.add(new Excluded(episodes.get(i).summary().episodeId(), dr.origin(), reason, d.toString()));
            }
        }
        if (!differences.isEmpty() && onMismatch == OnMismatch.REFUSE) {
            throw new CurioException("export.features_differ", null, "--on-mismatch", "the episodes do not share the same features: "
                    + String.join("; ", differences) + ". Export a subset whose episodes match, or pass --on-mismatch intersect "
                    + "to keep only the features they share");
        }
        out.sort(Comparator.comparingInt(FeatureMap::rank).thenComparing(Feature::key));
        return out;
    }

    private static String describe(Draft d) {
        return d.kind() == Kind.SERIES ? d.dtype() + "[" + d.names().size() + "] " + d.names()
                : d.kind().name().toLowerCase(Locale.ROOT) + " " + d.width() + "x" + d.height();
    }

    private static int rank(Feature f) {
        String k = f.key();
        if (k.equals("observation.state")) return 0;
        if (k.equals("observation.velocity")) return 1;
        if (k.equals("observation.effort")) return 2;
        if (f.kind() == Kind.VIDEO) return 5;
        if (f.kind() == Kind.DEPTH) return 6;
        if (k.startsWith("observation.")) return 3;
        if (k.equals("action")) return 7;
        return 8;
    }

    /** The cameras' one rate, or an error asking for {@code --fps} when there is none or they disagree. */
    private static int cameraRate(List<EpisodeDetail> episodes, List<Feature> features) {
        List<Feature> cams = features.stream().filter(f -> f.kind() != Kind.SERIES).toList();
        if (cams.isEmpty()) {
            throw new CurioException("export.fps_required", null, "--fps", "the exported episodes have no camera to take the frame "
                    + "rate from: choose the dataset's rate with --fps (series are resampled onto it)");
        }
        Map<String, Double> rates = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (Feature f : cams) {
            for (EpisodeDetail e : episodes) {
                String id = e.summary().episodeId();
                String stream = f.stream(id);
                StreamEntry s = e.streams().stream().filter(x -> x.name().equals(stream)).findFirst().orElseThrow();
                if (s.rateHz() == null || !(s.rateHz() > 0)) unknown.add(id + " " + stream);
                else rates.put(id + " " + stream, s.rateHz());
            }
        }
        if (!unknown.isEmpty()) {
            throw new CurioException("export.fps_required", null, "--fps", "no frame rate is recorded for " + String.join(", ",
                    unknown.subList(0, Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
                    + ": choose the dataset's rate with --fps");
        }
        long r = Math.round(rates.values().iterator().next());
        for (Map.Entry<String, Double> e : rates.entrySet()) {
            if (r <= 0 || Math.abs(e.getValue() - r) > RATE_TOLERANCE * r) {
                throw new CurioException("export.fps_required", null, "--fps", "the cameras do not share one frame rate ("
                        + describeRates(rates) + "): choose the dataset's rate with --fps; cameras at another rate are "
                        + "re-encoded at their nearest frame to each frame instant");
            }
        }
        return (int) r;
    }

    private static String describeRates(Map<String, Double> rates) {
        Map<Double, List<String>> byRate = new TreeMap<>();
        rates.forEach((k, v) -> byRate.computeIfAbsent(Math.round(v * 1000) / 1000.0, x -> new ArrayList<>()).add(k));
        List<String> parts = new ArrayList<>();
        byRate.forEach((rate, streams) -> parts.add(rate + " Hz: " + String.join(", ", streams.subList(0, Math.min(3, streams.size())))
                + (streams.size() > 3 ? " and " + (streams.size() - 3) + " more" : "")));
        return String.join("; ", parts);
    }
}
