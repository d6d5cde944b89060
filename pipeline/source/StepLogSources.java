package pipeline.source;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import pipeline.read.NodeCursor;
import pipeline.read.PathGuard;
import pipeline.read.rlds.StepLogReader;
import store.Cancellation;
import store.CurioException;

/**
 * Frames and series of a step-log episode (seed 004: {@code metadata.json} + {@code steps/*.jsonl} + {@code blobs/}).
 * Times follow ingest: a step's {@code timestamp_ns} (a media block's own, when it has one) minus the first
 * step's; steps without timestamps are at {@code index / rateHz}.
 */
public final class StepLogSources {
    private StepLogSources() { }

    private static Long stepTime(NodeCursor step) {
        Long ts = step.get("timestamp_ns").longOrNull();
        return ts != null ? ts : step.get("observation").get("timestamp_ns").longOrNull();
    }

    /** Episode-clock times from stamps (first step's stamp is zero), or from the index where a step has none. */
    private static final class Clock {
        private final double hz;
        private Long zero;

        Clock(double hz) {
            this.hz = hz > 0 ? hz : TfRecordSources.FALLBACK_HZ;
        }

        long time(long index, Long stepStamp, Long ownStamp) {
            if (zero == null && stepStamp != null) zero = stepStamp;
            Long ts = ownStamp != null ? ownStamp : stepStamp;
            if (ts != null && zero != null) return ts - zero;
            return Math.round(index * 1e9 / hz);
        }
    }

    /** A numeric array (or number) at {@code key} in every step: one channel per element. */
    public static SeriesData series(Path episodeDir, String file, String stream, String key, double rateHz,
                                    long clockOffsetNs, Cancellation cancel) {
        StepLogReader reader = open(episodeDir, file);
        SeriesBuilder b = new SeriesBuilder(stream, Integer.MAX_VALUE);
        Clock clock = new Clock(rateHz);
        String label = label(key);
        reader.forEachStep((i, step, stepFile) -> {
            Long stamp = stepTime(step);
            long t = clock.time(i, stamp, null);
            NodeCursor v = step.dotted(key);
            if (v.isAbsent()) return;
            double[] row;
            if (v.isArray()) {
                List<NodeCursor> el = v.elements();
                row = new double[el.size()];
                for (int k = 0; k < row.length; k++) row[k] = el.get(k).doubleValue();
            } else {
                row = new double[] {v.doubleValue()};
            }
            if (b.channelCount() == 0) {
                for (int k = 0; k < row.length; k++) b.channel(key, row.length == 1 ? label : label + "[" + k + "]");
            }
            b.add(t + clockOffsetNs, row);
        }, cancel);
        return b.build();
    }

    /** {@code observation.robot_state.right_arm.joint_positions} reads as {@code right_arm.joint_positions}. */
    private static String label(String key) {
        String k = key.startsWith("observation.robot_state.") ? key.substring("observation.robot_state.".length()) : key;
        return k;
    }

    /**
     * The frames of a media block ({@code observation.media.rgb}, {@code observation.egocentric_depth}, ...): each
     * step's blob, read when asked for. 16-bit depth ({@code raw16}) is handed out as a 16-bit grey PNG.
     */
    public static FrameSource frames(Path episodeDir, String file, String stream, String key, double rateHz, long clockOffsetNs) {
        StepLogReader reader = open(episodeDir, file);
        List<Path> blobs = new ArrayList<>();
        List<long[]> sizes = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        Clock clock = new Clock(rateHz);
        reader.forEachStep((i, step, stepFile) -> {
            Long stamp = stepTime(step);
            NodeCursor block = step.dotted(key);
            long t = clock.time(i, stamp, block.isObject() ? block.get("timestamp_ns").longOrNull() : null);
            if (block.isAbsent()) return;
            NodeCursor uri = block.isText() ? block : block.requireObject().get("uri");
            if (uri.isAbsent() || PathGuard.isRemoteUri(uri.text())) {
                throw new CurioException("source.unsupported", stepFile, uri.path(), "frame " + blobs.size() + " has no local blob");
            }
            blobs.add(PathGuard.resolve(reader.episodeDir(), PathGuard.localPart(uri.text()), stepFile, uri.path()));
            formats.add(block.isObject() ? block.get("format").textOr("") : "");
            sizes.add(block.isObject() ? new long[] {block.get("width").longOr(0), block.get("height").longOr(0)} : new long[2]);
            times.add(t + clockOffsetNs);
        }, Cancellation.NEVER);
        long[] t = new long[times.size()];
        for (int i = 0; i < t.length; i++) t[i] = times.get(i);
        FrameTimeline timeline = FrameTimeline.measured(t, rateHz);
        return new EncodedImageSource(stream, file, key, timeline, n -> {
            byte[] raw = read(blobs.get(n), file, key);
            String format = formats.get(n).toLowerCase(Locale.ROOT);
            return format.equals("raw16") ? png16(raw, (int) sizes.get(n)[0], (int) sizes.get(n)[1], file, key) : raw;
        });
    }

    private static StepLogReader open(Path episodeDir, String file) {
        if (!Files.isDirectory(episodeDir)) {
            throw new CurioException("source.missing_file", file, null, "step-log episode folder not found: " + episodeDir);
        }
        return StepLogReader.open(episodeDir);
    }

    private static byte[] read(Path blob, String file, String key) {
        try {
            return Files.readAllBytes(blob);
        } catch (IOException e) {
            throw new CurioException("source.missing_file", file, key, "cannot read blob " + blob.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Little-endian 16-bit samples (millimetres) as a 16-bit grey PNG, which keeps every value. */
    static byte[] png16(byte[] raw, int width, int height, String file, String key) {
        if (width <= 0 || height <= 0 || (long) width * height * 2 > raw.length) {
            throw new CurioException("source.decode_failed", file, key, "raw16 blob of " + raw.length + " bytes does not hold "
                    + width + "x" + height + " samples");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        short[] px = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < width * height; i++) px[i] = (short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] & 0xff) << 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new CurioException("source.decode_failed", file, key, "cannot encode depth as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
