package packaging.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Running min, max, mean and standard deviation per dimension (Welford's update, so a long dataset loses no
 * precision and needs no second pass). Merged per episode into the dataset totals.
 */
public final class FeatureStats {
    private final double[] min;
    private final double[] max;
    private final double[] mean;
    private final double[] m2;
    private long count;

    public FeatureStats(int dims) {
        min = new double[dims];
        max = new double[dims];
        mean = new double[dims];
        m2 = new double[dims];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    public int dims() {
        return min.length;
    }

    public long count() {
        return count;
    }

    public void add(double[] v) {
        count++;
        for (int i = 0; i < min.length; i++) {
            double x = v[i];
            if (x < min[i]) min[i] = x;
            if (x > max[i]) max[i] = x;
            double d = x - mean[i];
            mean[i] += d / count;
            m2[i] += d * (x - mean[i]);
        }
    }

    /** Chan et al.'s pairwise merge. */
    public void merge(FeatureStats o) {
        if (o.count == 0) return;
        long n = count + o.count;
        for (int i = 0; i < min.length; i++) {
            min[i] = Math.min(min[i], o.min[i]);
            max[i] = Math.max(max[i], o.max[i]);
            double d = o.mean[i] - mean[i];
            mean[i] += d * o.count / n;
            m2[i] += o.m2[i] + d * d * count * (double) o.count / n;
        }
        count = n;
    }

    public double[] min() { return min.clone(); }
    public double[] max() { return max.clone(); }
    public double[] mean() { return mean.clone(); }

    public double[] std() {
        double[] s = new double[m2.length];
        for (int i = 0; i < s.length; i++) s[i] = count == 0 ? 0 : Math.sqrt(m2[i] / count);
        return s;
    }

    /**
     * As LeRobot's stats.json writes it; {@code perChannelImage} nests each value as {@code [[v]]} (shape C,1,1),
     * the layout of image and video statistics.
     */
    public ObjectNode toJson(boolean perChannelImage) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        put(o.putArray("min"), min(), perChannelImage);
        put(o.putArray("max"), max(), perChannelImage);
        put(o.putArray("mean"), mean(), perChannelImage);
        put(o.putArray("std"), std(), perChannelImage);
        o.putArray("count").add(count);
        return o;
    }

    /** The state as JSON, so a resumed export can restore statistics of work it skips. */
    ObjectNode state() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("count", count);
        put(o.putArray("min"), min, false);
        put(o.putArray("max"), max, false);
        put(o.putArray("mean"), mean, false);
        put(o.putArray("m2"), m2, false);
        return o;
    }

    static FeatureStats fromState(ObjectNode o) {
        int dims = o.path("min").size();
        FeatureStats s = new FeatureStats(dims);
        s.count = o.path("count").asLong();
        for (int i = 0; i < dims; i++) {
            s.min[i] = o.path("min").get(i).asDouble();
            s.max[i] = o.path("max").get(i).asDouble();
            s.mean[i] = o.path("mean").get(i).asDouble();
            s.m2[i] = o.path("m2").get(i).asDouble();
        }
        return s;
    }

    private static void put(ArrayNode a, double[] v, boolean nest) {
        for (double x : v) {
            if (nest) a.addArray().addArray().add(x); else a.add(x);
        }
    }
}
