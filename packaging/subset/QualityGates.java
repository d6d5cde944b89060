package packaging.subset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import store.EpisodeField;
import store.EpisodeSnapshot;

/**
 * Seed 001's dataset gates, judged on a set of episodes from what the catalog knows of them (docs/subsets.md):
 *
 * <ul>
 *   <li>{@code min_episodes_required}: the number of episodes;</li>
 *   <li>{@code quality_pass_rate_min}: the share of episodes whose last validation passed (no hard or soft finding;
 *       warnings do not count), seed 001's {@code validation_passed};</li>
 *   <li>{@code quality_score_min}: the lowest episode quality score;</li>
 *   <li>{@code min_average_quality_score}: the mean episode quality score;</li>
 *   <li>{@code collision_free_rate_min}: the share of episodes without a failure mark whose mode names a collision.</li>
 * </ul>
 * An episode never validated (or changed since) has no quality score: it counts as 0 and as not passed, so a gate
 * never passes on quality nobody measured.
 */
public final class QualityGates {
    /** One gate: its value for the episodes, the profile's threshold and whether the value reaches it. */
    public record Gate(String name, double value, double threshold, boolean pass) { }

    /** Every gate the profile sets; {@code pass} when all of them pass (vacuously, when it sets none). */
    public record Result(List<Gate> gates, boolean pass, String profile) {
        public List<Gate> failing() {
            return gates.stream().filter(g -> !g.pass()).toList();
        }

        /**
         * {@code {"profile", "gates": [{"name", "value", "threshold", "pass"}], "pass"}}: what {@code curio subset gates
         * --json} prints and a bundle manifest records under {@code quality_gates}.
         */
        public ObjectNode json() {
            ObjectNode n = JSON.createObjectNode();
            if (profile != null) n.put("profile", profile);
            ArrayNode a = n.putArray("gates");
            for (Gate g : gates) {
                a.addObject().put("name", g.name()).put("value", g.value()).put("threshold", g.threshold()).put("pass", g.pass());
            }
            n.put("pass", pass);
            return n;
        }

        /** "name value < threshold" for each failing gate, for messages. */
        public String describeFailing() {
            return String.join("; ", failing().stream().map(g -> g.name() + " " + QualityGates.format(g.value()) + " < "
                    + QualityGates.format(g.threshold())).toList());
        }
    }

    /** What the gates are computed from, so the builder can show them without computing twice. */
    public record Values(int episodes, double passRate, double minScore, double meanScore, double collisionFreeRate) {
        public double of(String gate) {
            return switch (gate) {
                case "min_episodes_required" -> episodes;
                case "quality_pass_rate_min" -> passRate;
                case "quality_score_min" -> minScore;
                case "min_average_quality_score" -> meanScore;
                case "collision_free_rate_min" -> collisionFreeRate;
                default -> throw new IllegalArgumentException("no gate " + gate);
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private QualityGates() { }

    public static Values values(EpisodeSnapshot s, int[] positions) {
        int n = positions.length;
        if (n == 0) return new Values(0, 0, 0, 0, 0);
        int passed = 0;
        int collisionFree = 0;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int p : positions) {
            if ("passed".equals(s.text(EpisodeField.VALIDATION, p))) passed++;
            double q = s.number(EpisodeField.QUALITY, p);
            if (Double.isNaN(q)) q = 0;
            min = Math.min(min, q);
            sum += q;
            boolean collided = false;
            for (String mode : s.texts(EpisodeField.FAILURE_MODE, p)) collided |= mode.toLowerCase(Locale.ROOT).contains("collision");
            if (!collided) collisionFree++;
        }
        return new Values(n, (double) passed / n, min, sum / n, (double) collisionFree / n);
    }

    public static Result evaluate(Values v, Map<String, Double> thresholds, String profile) {
        List<Gate> gates = new ArrayList<>();
        thresholds.forEach((name, threshold) -> {
            double value = v.of(name);
            // Rates are compared as the rounded figures people read, so 0.8 of 10 episodes passes a 0.8 minimum.
            gates.add(new Gate(name, round(value), threshold, round(value) >= threshold - 1e-9));
        });
        return new Result(gates, gates.stream().allMatch(Gate::pass), profile);
    }

    public static Result evaluate(EpisodeSnapshot s, List<String> episodeIds, Map<String, Double> thresholds, String profile) {
        int[] positions = episodeIds.stream().mapToInt(s::position).filter(p -> p >= 0).toArray();
        return evaluate(values(s, positions), thresholds, profile);
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    public static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
    }
}
