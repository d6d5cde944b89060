package pipeline.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pipeline.source.SeriesData;
import pipeline.source.Sources;
import store.StreamEntry;
import store.StreamKind;

/**
 * Actions and joint positions are finite and within their declared limits, and the measured state follows
 * the commanded action within the profile's latency.
 */
final class ActionCheck implements Check {
    private static final long MAX_LAG_SEARCH_NS = 1_000_000_000L;
    private static final long LAG_STEP_NS = 5_000_000L;

    @Override
    public Dimension dimension() {
        return Dimension.ACTION_VALIDITY;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        SeriesData state = null;
        SeriesData action = null;
        for (StreamEntry s : ctx.episode().streams()) {
            if (s.kind() != StreamKind.TIMESERIES) continue;
            ctx.cancel().check();
            if (!MediaFiles.readable(ctx, s)) continue;
            SeriesData d;
            try {
                d = Sources.openSeries(ctx.datasetRoot(), ctx.episode(), s, ctx.cancel());
            } catch (store.CurioException e) {
                ReadFailures.report(out, Dimension.ACTION_VALIDITY, s.name(), e, "cannot read the series");
                continue;
            }
            finiteAndWithinLimits(s, d, out);
            if (isAction(s)) action = action == null ? d : action; else state = state == null ? d : state;
        }
        if (state != null && action != null) latency(ctx, state, action, out);
    }

    static boolean isAction(StreamEntry s) {
        String n = (s.name() + " " + (s.topic() == null ? "" : s.topic())).toLowerCase(Locale.ROOT);
        return n.contains("action") || n.contains("command");
    }

    private static void finiteAndWithinLimits(StreamEntry s, SeriesData d, Findings out) {
        for (SeriesData.SeriesChannel ch : d.channels()) {
            double[] limits = limitOf(s, ch);
            boolean reportedNonFinite = false;
            int firstOut = -1;
            int lastOut = -1;
            double worst = 0;
            for (int i = 0; i < ch.values().length; i++) {
                double v = ch.values()[i];
                if (!Double.isFinite(v)) {
                    if (!reportedNonFinite) {
                        out.stream("action.non_finite", s.name(), d.timesNs()[i], d.timesNs()[i],
                                ch.field() + " of " + ch.name() + " is " + v + " at sample " + i);
                        reportedNonFinite = true;
                    }
                    continue;
                }
                if (limits != null && (v < limits[0] - 1e-9 || v > limits[1] + 1e-9)) {
                    if (firstOut < 0) firstOut = i;
                    lastOut = i;
                    worst = Math.max(worst, Math.max(limits[0] - v, v - limits[1]));
                }
            }
            if (firstOut >= 0) {
                out.stream("action.out_of_limits", s.name(), d.timesNs()[firstOut], d.timesNs()[lastOut], String.format(
                        "%s of %s leaves [%.4g, %.4g] by up to %.4g", ch.field(), ch.name(), limits[0], limits[1], worst));
            }
        }
    }

    /** Limits apply to positions (and to commanded positions, which share the joints' units). */
    private static double[] limitOf(StreamEntry s, SeriesData.SeriesChannel ch) {
        if (!ch.field().equals("position") && !isAction(s)) return null;
        int j = s.jointNames().indexOf(ch.name());
        if (j < 0 || j >= s.jointLimits().size()) return null;
        return s.jointLimits().get(j);
    }

    /**
     * The lag L that best explains state(t) = action(t - L) over the joints both streams share, searched in
     * 5 ms steps up to 1 s; a controller that needs longer than the profile allows is flagged.
     */
    private static void latency(ValidationContext ctx, SeriesData state, SeriesData action, Findings out) {
        List<double[][]> pairs = new ArrayList<>();
        for (SeriesData.SeriesChannel a : action.channels()) {
            for (SeriesData.SeriesChannel s : state.channels()) {
                if (s.field().equals("position") && s.name().equals(a.name())
                        && (a.field().equals("position") || action.channels().size() <= state.channels().size())) {
                    pairs.add(new double[][]{s.values(), a.values()});
                }
            }
        }
        if (pairs.isEmpty() || state.size() < 10 || action.size() < 10) return;
        long bestLag = 0;
        double bestErr = Double.MAX_VALUE;
        for (long lag = 0; lag <= MAX_LAG_SEARCH_NS; lag += LAG_STEP_NS) {
            double err = 0;
            int n = 0;
            for (int i = 0; i < state.size(); i += 2) {
                long t = state.timesNs()[i] - lag;
                if (t < action.timesNs()[0] || t > action.timesNs()[action.size() - 1]) continue;
                for (double[][] p : pairs) {
                    err += Math.abs(p[0][i] - interpolate(action.timesNs(), p[1], t));
                    n++;
                }
            }
            if (n > 0 && err / n < bestErr) {
                bestErr = err / n;
                bestLag = lag;
            }
        }
        double limitMs = ctx.profile().threshold("action_latency_max_ms");
        if (bestLag / 1e6 > limitMs) {
            out.stream("action.latency", state.stream(), null, null, String.format(
                    "the state follows %s by %.0f ms, more than %.0f ms", action.stream(), bestLag / 1e6, limitMs));
        }
    }

    static double interpolate(long[] t, double[] v, long at) {
        int i = java.util.Arrays.binarySearch(t, at);
        if (i >= 0) return v[i];
        int hi = -i - 1;
        if (hi <= 0) return v[0];
        if (hi >= t.length) return v[t.length - 1];
        double u = (double) (at - t[hi - 1]) / (t[hi] - t[hi - 1]);
        return v[hi - 1] + u * (v[hi] - v[hi - 1]);
    }
}
