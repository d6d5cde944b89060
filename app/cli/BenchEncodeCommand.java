package app.cli;

import app.Version;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import packaging.export.Exporter;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import pipeline.ingest.Ingest;
import pipeline.read.mcap.McapWriter;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosTime;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Time the export of bag camera images (sensor_msgs/Image rgb8 in an MCAP file, which the export decodes "
                + "and encodes as H.264) against the FFmpeg command line of Curio's own FFmpeg build encoding the same frames, "
                + "read from a raw RGB file, with the same encoder and settings (libopenh264, bitrate, keyframe interval, "
                + "yuv420p): after a warm-up export, three alternating runs of each, medians printed; then the peak RSS "
                + "(VmHWM) of a fresh JVM exporting 1 and 4 such episodes.",
                "Prints frames, width, height, fps, export_s, ffmpeg_s, speed (ffmpeg_s / export_s: 1.0 is as fast as the "
                        + "FFmpeg command line), peak_rss_mb_1x, peak_rss_mb_4x."})
final class BenchEncodeCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "600", description = "camera frames per episode (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--width", paramLabel = "W", defaultValue = "640", description = "(default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", paramLabel = "H", defaultValue = "480", description = "(default: ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--fps", paramLabel = "F", defaultValue = "30", description = "camera rate (default: ${DEFAULT-VALUE})")
    int fps;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = bench.root.context();
        if (frames < 2 || width < 16 || height < 16 || fps < 1 || width % 2 != 0 || height % 2 != 0) {
            throw new CurioException("bench.bad_size", null, "--frames", "need at least 2 frames of an even size of 16x16 or more");
        }
        Path work = Files.createTempDirectory("curio-bench-encode-");
        try {
            List<String> ids = new ArrayList<>();
            Path db = work.resolve("bench.db");
            Path raw = work.resolve("frames.rgb");
            try (OutputStream rgb = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 20)) {
                for (int e = 0; e < 4; e++) writeBag(work.resolve("bags/take_" + e + ".mcap"), 1_700_000_000_000_000_000L + e * 10_000_000_000_000L,
                        e == 0 ? rgb : null);
            }
            try (Catalog catalog = Catalog.open(db)) {
                new Ingest(catalog).run(List.of(work.resolve("bags")), ProgressSink.NONE, Cancellation.NEVER).ingested()
                        .forEach(i -> ids.add(i.episodeId()));
                if (ids.size() != 4) throw new CurioException("bench.ingest_failed", work.toString(), null, "the bags did not ingest");
                ids.sort(null);
                for (String id : ids) catalog.annotations().decide(id, "accept", "bench", "curio-bench");
                new Subsets(catalog).createFromIds("bench-1x", ids.subList(0, 1), true);
                new Subsets(catalog).createFromIds("bench-4x", ids, true);
                // Exports validate episodes of unknown quality first; that is validation's time, not the export's.
                new pipeline.validate.ValidationService(catalog, new pipeline.validate.Validator(), 2, "bench")
                        .run(ids, pipeline.validate.ValidationProfile.defaults(), true, ProgressSink.NONE, Cancellation.NEVER);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String passphrase = Base64.getEncoder().encodeToString(random);
            SigningKeys.generate(work.resolve("keys"), passphrase.toCharArray());
            Path keyFile = work.resolve("keys").resolve(SigningKeys.PRIVATE_KEY_FILE);
            SigningKey key = SigningKeys.load(keyFile, passphrase.toCharArray());
            String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
            double[] exportRuns = new double[BenchExportCommand.RUNS];
            double[] ffmpegRuns = new double[BenchExportCommand.RUNS];
            try (Catalog catalog = Catalog.open(db)) {
                export(catalog, key, work.resolve("warm-up"));
                BenchIngestCommand.delete(work.resolve("warm-up"));
                ffmpeg(ffmpeg, raw, work.resolve("warm-up.mp4"));
                for (int i = 0; i < BenchExportCommand.RUNS; i++) {
                    long t0 = System.nanoTime();
                    export(catalog, key, work.resolve("timed"));
                    exportRuns[i] = (System.nanoTime() - t0) / 1e9;
                    BenchIngestCommand.delete(work.resolve("timed"));
                    long t1 = System.nanoTime();
                    ffmpeg(ffmpeg, raw, work.resolve("timed.mp4"));
                    ffmpegRuns[i] = (System.nanoTime() - t1) / 1e9;
                    Files.delete(work.resolve("timed.mp4"));
                }
            }
            long rss1 = BenchExportCommand.childPeakRssKb(db, "bench-1x", work.resolve("rss-1x"), keyFile, passphrase);
            BenchIngestCommand.delete(work.resolve("rss-1x"));
            long rss4 = BenchExportCommand.childPeakRssKb(db, "bench-4x", work.resolve("rss-4x"), keyFile, passphrase);
            double exportS = BenchExportCommand.median(exportRuns);
            double ffmpegS = BenchExportCommand.median(ffmpegRuns);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("frames", frames);
            doc.put("width", width);
            doc.put("height", height);
            doc.put("fps", fps);
            doc.put("export_s", round(exportS));
            doc.put("ffmpeg_s", round(ffmpegS));
            doc.put("speed", round(round(ffmpegS) / round(exportS)));
            doc.put("peak_rss_mb_1x", round(rss1 / 1024.0));
            doc.put("peak_rss_mb_4x", round(rss4 / 1024.0));
            if (bench.root.json()) Output.printJson(ctx.out(), doc); else ctx.out().println(doc);
            ctx.out().flush();
            return ExitCodes.OK;
        } finally {
            BenchIngestCommand.delete(work);
        }
    }

    /** One MCAP file: rgb8 pictures at {@code fps}; the first take's pixels also go to {@code rgbOut} for FFmpeg. */
    private void writeBag(Path file, long t0, OutputStream rgbOut) throws IOException {
        Files.createDirectories(file.getParent());
        long period = Math.round(1e9 / fps);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             McapWriter w = new McapWriter(out, file.toString(), new McapWriter.Options("ros2", "curio-bench", "", 1 << 20))) {
            int schema = w.addSchema("sensor_msgs/msg/Image", "ros2msg", IMAGE_SCHEMA.getBytes(StandardCharsets.UTF_8));
            int channel = w.addChannel(schema, "/camera/color/image_raw", "cdr", Map.of("offered_qos_profiles", ""));
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            for (int f = 0; f < frames; f++) {
                byte[] rgb = picture(img, f);
                if (rgbOut != null) rgbOut.write(rgb);
                long t = t0 + f * period;
                w.addMessage(channel, f, t, t, new RosImage(new RosHeader(RosTime.ofNanos(t), "camera"), height, width, "rgb8", 0,
                        width * 3L, rgb).encode());
            }
        }
    }

    /** A scene that moves and changes, so the encoder works as it would on a camera: a sweep, shapes, fine texture. */
    private byte[] picture(BufferedImage img, int f) {
        Graphics2D g = img.createGraphics();
        for (int y = 0; y < height; y += 8) {
            g.setColor(new Color((y + f * 2) % 200 + 30, (y * 3 / 2) % 180 + 40, Math.floorMod(255 - y, 200) + 30));
            g.fillRect(0, y, width, 8);
        }
        for (int k = 0; k < 6; k++) {
            g.setColor(new Color((k * 40 + f) % 255, 200 - k * 20, 60 + k * 30));
            int x = (int) ((Math.sin(f * 0.05 + k) + 1) / 2 * (width - 80));
            int y = (int) ((Math.cos(f * 0.04 + k * 1.3) + 1) / 2 * (height - 80));
            g.fillOval(x, y, 40 + k * 6, 40 + k * 6);
        }
        g.setColor(Color.WHITE);
        for (int k = 0; k < 40; k++) g.drawLine((k * 37 + f * 3) % width, 0, (k * 53 + f) % width, height);
        g.dispose();
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        return rgb;
    }

    private static void export(Catalog catalog, SigningKey key, Path out) {
        Exporter.export(catalog, new Exporter.Request("bench-1x", Exporter.Format.LEROBOT_V3, out, key, Duration.ofDays(1),
                Version.get()), ProgressSink.NONE, Cancellation.NEVER);
    }

    /** The same frames through the FFmpeg command line, with the settings the export's encoder uses. */
    private void ffmpeg(String binary, Path raw, Path out) throws IOException {
        int bitrate = packaging.export.ExportSettings.bitrate(width, height, fps);
        int gop = packaging.export.ExportSettings.keyframeInterval(fps);
        List<String> cmd = List.of(binary, "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x" + height,
                "-r", Integer.toString(fps), "-i", raw.toString(), "-c:v", "libopenh264", "-b:v", Integer.toString(bitrate),
                "-g", Integer.toString(gop), "-allow_skip_frames", "0", "-pix_fmt", "yuv420p", "-f", "mp4", out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new CurioException("bench.ffmpeg_failed", out.toString(), null, "ffmpeg: " + log.strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CurioException("bench.interrupted", null, null, "interrupted");
        }
    }

    private static final String IMAGE_SCHEMA = "std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\n"
            + "uint8 is_bigendian\nuint32 step\nuint8[] data\n";

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
