package pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import pipeline.read.rlds.ExampleDecoder;
import pipeline.read.rlds.Feature;
import pipeline.read.rlds.TfRecordReader;
import store.Cancellation;
import store.CurioException;

/**
 * Frames and series of one RLDS episode stored as a {@code tf.train.Example} in a TFRecord shard (TFDS on-disk
 * form). RLDS records no rate: step {@code k} is at {@code k / rateHz} (the catalog's rate, which the exporter sets
 * to the dataset clock the user chose).
 */
public final class TfRecordSources {
    private TfRecordSources() { }

    /** The episode's features, read from record {@code recordIndex} of the shard. */
    static Map<String, Feature> episode(Path shard, String file, int recordIndex, Cancellation cancel) {
        if (!Files.isRegularFile(shard)) {
            throw new CurioException("source.missing_file", file, null, "TFRecord shard not found: " + shard);
        }
        try (TfRecordReader r = TfRecordReader.open(shard, file)) {
            for (int i = 0; i < recordIndex; i++) {
                if ((i & 63) == 0) cancel.check();
                if (!r.skip()) throw missingRecord(file, recordIndex);
            }
            byte[] record = r.next();
            if (record == null) throw missingRecord(file, recordIndex);
            return ExampleDecoder.decode(record, file, "record[" + recordIndex + "]");
        }
    }

    private static CurioException missingRecord(String file, int index) {
        return new CurioException("source.out_of_range", file, "record[" + index + "]", "the shard has no record " + index);
    }

    private static Feature feature(Map<String, Feature> example, String key, String file) {
        Feature f = example.get(key);
        if (f == null) throw new CurioException("source.missing_topic", file, key, "the episode has no feature " + key);
        return f;
    }

    private static int steps(Map<String, Feature> example) {
        for (String k : new String[] {"steps/is_first", "steps/is_last"}) {
            Feature f = example.get(k);
            if (f != null) return f.size();
        }
        return -1;
    }

    /** A numeric step feature ({@code steps/observation/state}): one channel per value of a step. */
    public static SeriesData series(Path shard, String file, String stream, String key, int recordIndex, double rateHz,
                                    long clockOffsetNs, Cancellation cancel) {
        Map<String, Feature> ex = episode(shard, file, recordIndex, cancel);
        Feature f = feature(ex, key, file);
        int steps = steps(ex);
        double[] values;
        if (f instanceof Feature.FloatList fl) {
            values = new double[fl.values().length];
            for (int i = 0; i < values.length; i++) values[i] = fl.values()[i];
        } else if (f instanceof Feature.Int64List il) {
            values = new double[il.values().length];
            for (int i = 0; i < values.length; i++) values[i] = il.values()[i];
        } else {
            throw new CurioException("source.unsupported", file, key, "feature " + key + " holds " + f.kind() + ", not numbers");
        }
        if (steps <= 0 || values.length % steps != 0) {
            throw new CurioException("source.decode_failed", file, key, values.length + " values do not split into " + steps + " steps");
        }
        int per = values.length / steps;
        String shortKey = key.startsWith("steps/") ? key.substring("steps/".length()) : key;
        SeriesBuilder b = new SeriesBuilder(stream, Integer.MAX_VALUE);
        for (int c = 0; c < per; c++) b.channel(shortKey, per == 1 ? shortKey : shortKey + "[" + c + "]");
        double hz = rateHz > 0 ? rateHz : FALLBACK_HZ;
        double[] row = new double[per];
        for (int s = 0; s < steps; s++) {
            System.arraycopy(values, s * per, row, 0, per);
            b.add(Math.round(s * 1e9 / hz) + clockOffsetNs, row);
        }
        return b.build();
    }

    /** The player's clock for a rate-less RLDS episode; exports always set the rate they chose. */
    static final double FALLBACK_HZ = 30.0;

    /** Frames of an image step feature (JPEG or PNG bytes per step), decoded on demand from the held record. */
    public static FrameSource frames(Path shard, String file, String stream, String key, int recordIndex, double rateHz,
                                     long clockOffsetNs) {
        Map<String, Feature> ex = episode(shard, file, recordIndex, Cancellation.NEVER);
        if (!(feature(ex, key, file) instanceof Feature.BytesList images)) {
            throw new CurioException("source.unsupported", file, key, "feature " + key + " holds no images");
        }
        FrameTimeline t = FrameTimeline.constantRate(images.size(), rateHz > 0 ? rateHz : FALLBACK_HZ, clockOffsetNs);
        return new EncodedImageSource(stream, file, key, t, images.values()::get);
    }
}
