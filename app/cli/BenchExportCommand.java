package app.cli;

import app.Version;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.DatasetRef;
import store.EpisodeDetail;
import store.EpisodeWrite;
import store.FileEntry;
import store.StreamEntry;
import store.StreamKind;
import store.ProgressSink;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Time a LeRobot v3 export of N whole, unredacted demo episodes (videos copied, no re-encoding; "
                + "after one warm-up export in the same JVM) against `cp -r` of the same source files followed by `sync` "
                + "(the export forces its bundle to storage before renaming it into place, so both end with the bytes on "
                + "disk): three alternating runs of each, sources in the page cache and earlier writes flushed before each, "
                + "medians printed; then measure the peak RSS (VmHWM) of a fresh JVM exporting N and 4N episodes.",
                "Prints bytes, export_s, cp_s, ratio, cp_unsynced_s (cp without the sync), ratio_unsynced, "
                + "sha256_s (SHA-256 of the same files from the page cache, one thread per core: every artifact's digest "
                + "goes into the manifest), floor_s (the larger of cp_s and sha256_s: no export can write the bytes "
                + "faster than cp nor hash them faster than that), floor_ratio (floor_s / cp_s: above 1, cp's speed is "
                + "out of reach on this machine), ratio_to_floor (export_s / floor_s), peak_rss_mb_1x, peak_rss_mb_4x.",
                "With --format F (rlds, hdf5, mp4, steplog, manifest): times F against the LeRobot v3 export of the same "
                + "episodes in the same run (alternating, medians) and measures F's peak RSS at N and 4N episodes; prints "
                + "format, bytes, rows, lerobot_s, format_s, ratio, lerobot_out_bytes, format_out_bytes, peak_rss_mb_1x, "
                + "peak_rss_mb_4x."})
final class BenchExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "4", description = "episodes at 1x (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--size-gb", paramLabel = "GB", defaultValue = "1",
            description = "source bytes at 1x, as long high-bitrate takes whose cameras share one clock; 0 = the small "
                    + "demo takes, where fixed per-episode costs dominate (default: ${DEFAULT-VALUE})")
    double sizeGb;

    @Option(names = "--format", paramLabel = "F", description = "time this format next to LeRobot v3 (default: LeRobot v3 "
            + "against cp)")
    String format;

    @Option(names = "--profile", paramLabel = "P", description = "the format's profile (hdf5: aloha, robomimic)")
    String profile;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = bench.root.context();
        if (episodes < 1) throw new CurioException("bench.bad_size", null, "--episodes", "--episodes must be at least 1");
        if (!(sizeGb >= 0)) throw new CurioException("bench.bad_size", null, "--size-gb", "--size-gb must be 0 or more");
        Path work = Files.createTempDirectory("curio-bench-export-");
        try {
            List<DemoGenerator.GeneratedEpisode> generated = new DemoGenerator(Version.get())
                    .generate(new DemoGenerator.Options(work.resolve("demo"), episodes * 4, 42, longTakes(sizeGb, episodes)),
                            ProgressSink.NONE, Cancellation.NEVER);
            Path db = work.resolve("bench.db");
            List<String> ids = new ArrayList<>();
            generated.forEach(g -> ids.add(g.episodeId()));
            try (Catalog catalog = Catalog.open(db)) {
                DemoIngest.register(catalog, generated, ProgressSink.NONE, Cancellation.NEVER);
                for (String id : ids) catalog.episodes().upsert(masterClockOnly(catalog.episodes().find(id).orElseThrow()));
                for (String id : ids) catalog.annotations().decide(id, "accept", "bench", "curio-bench");
                new Subsets(catalog).createFromIds("bench-1x", ids.subList(0, episodes), true);
                new Subsets(catalog).createFromIds("bench-4x", ids, true);
                // An export first validates episodes of unknown quality; the timed runs measure the export itself. The
                // small demo takes lose the cameras off the master clock above, which their manifests still declare.
                Path profile = Files.writeString(work.resolve("bench-profile.yaml"),
                        "severities:\n  completeness.stream_missing: warn\n");
                new ValidationService(catalog, new Validator(), 2, "curio-bench")
                        .run(ids, ValidationProfile.load(profile), false, ProgressSink.NONE, Cancellation.NEVER);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String passphrase = Base64.getEncoder().encodeToString(random);
            SigningKeys.generate(work.resolve("keys"), passphrase.toCharArray());
            Path keyFile = work.resolve("keys").resolve(SigningKeys.PRIVATE_KEY_FILE);
            SigningKey key = SigningKeys.load(keyFile, passphrase.toCharArray());

            List<String> sources = new ArrayList<>();
            Path root;
            try (Catalog catalog = Catalog.open(db)) {
                root = Path.of(catalog.episodes().find(ids.get(0)).orElseThrow().datasetRoot());
                for (String id : ids.subList(0, episodes)) catalog.episodes().find(id).orElseThrow().files().forEach(f -> sources.add(f.relPath()));
            }
            long bytes = 0;
            for (String s : sources) bytes += Files.size(root.resolve(s));
            if (format != null && Exporter.Format.parse(format) != Exporter.Format.LEROBOT_V3) {
                return compareFormats(ctx, db, key, keyFile, passphrase, work, root, sources, bytes);
            }
            cp(root, sources, work.resolve("cp-warm")); // cp's own first run
            BenchIngestCommand.delete(work.resolve("cp-warm"));
            double[] exportRuns = new double[RUNS];
            double[] cpRuns = new double[RUNS];
            double[] cpUnsyncedRuns = new double[RUNS];
            double[] shaRuns = new double[RUNS];
            hashAll(root, sources);
            try (Catalog catalog = Catalog.open(db)) {
                export(catalog, key, work.resolve("warm-up")); // class loading, JIT, FFmpeg natives
                BenchIngestCommand.delete(work.resolve("warm-up"));
                // Alternating runs, each from the same start: sources in the page cache, no dirty pages left over.
                for (int i = 0; i < RUNS; i++) {
                    settle(root, sources);
                    long t0 = System.nanoTime();
                    export(catalog, key, work.resolve("timed"));
                    exportRuns[i] = (System.nanoTime() - t0) / 1e9;
                    int reencoded = JSON.readTree(work.resolve("timed/data_card.json").toFile()).at("/lerobot/videos_reencoded").asInt(-1);
                    if (reencoded != 0) {
                        throw new CurioException("bench.reencoded", null, null, reencoded + " videos were re-encoded; the benchmark needs remuxing");
                    }
                    BenchIngestCommand.delete(work.resolve("timed"));
                    settle(root, sources);
                    long t1 = System.nanoTime();
                    cp(root, sources, work.resolve("cp-timed"));
                    long t2 = System.nanoTime();
                    sync(); // the export forces its bundle to storage before naming it, so the copy must too
                    cpRuns[i] = (System.nanoTime() - t1) / 1e9;
                    cpUnsyncedRuns[i] = (t2 - t1) / 1e9;
                    BenchIngestCommand.delete(work.resolve("cp-timed"));
                    settle(root, sources);
                    long t3 = System.nanoTime();
                    hashAll(root, sources);
                    shaRuns[i] = (System.nanoTime() - t3) / 1e9;
                }
            }
            double exportS = median(exportRuns);
            double cpS = median(cpRuns);
            double cpUnsyncedS = median(cpUnsyncedRuns);
            double shaS = median(shaRuns);
            double floorS = Math.max(cpS, shaS);

            long rss1 = childPeakRssKb(db, "bench-1x", work.resolve("rss-1x"), keyFile, passphrase);
            BenchIngestCommand.delete(work.resolve("rss-1x"));
            long rss4 = childPeakRssKb(db, "bench-4x", work.resolve("rss-4x"), keyFile, passphrase);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("bytes", bytes);
            doc.put("export_s", round(exportS));
            doc.put("cp_s", round(cpS));
            // From the printed (rounded) times, so the three numbers agree with each other.
            doc.put("ratio", round(round(exportS) / round(cpS)));
            // cp alone leaves its copy in the page cache; this ratio shows what the durability costs on top.
            doc.put("cp_unsynced_s", round(cpUnsyncedS));
            doc.put("ratio_unsynced", round(round(exportS) / round(cpUnsyncedS)));
            doc.put("sha256_s", round(shaS));
            doc.put("floor_s", round(floorS));
            doc.put("floor_ratio", round(round(floorS) / round(cpS)));
            doc.put("ratio_to_floor", round(round(exportS) / round(floorS)));
            doc.put("peak_rss_mb_1x", round(rss1 / 1024.0));
            doc.put("peak_rss_mb_4x", round(rss4 / 1024.0));
            if (bench.root.json()) Output.printJson(ctx.out(), doc); else ctx.out().println(doc);
            ctx.out().flush();
            return ExitCodes.OK;
        } finally {
            BenchIngestCommand.delete(work);
        }
    }

    /**
     * The format against LeRobot v3 on the same episodes: a warm-up of each, then alternating timed runs from the same
     * start (sources in the page cache, earlier writes flushed), medians; then the format's peak RSS in a fresh JVM at
     * N and 4N episodes.
     */
    private int compareFormats(CliContext ctx, Path db, SigningKey key, Path keyFile, String passphrase, Path work, Path root,
                               List<String> sources, long bytes) throws IOException {
        Exporter.Format f = Exporter.Format.parse(format);
        f.implementation(profile);
        double[] lerobotRuns = new double[RUNS];
        double[] formatRuns = new double[RUNS];
        long lerobotOut = 0;
        long formatOut = 0;
        long rows = 0;
        try (Catalog catalog = Catalog.open(db)) {
            export(catalog, key, work.resolve("warm-lerobot"), Exporter.Format.LEROBOT_V3, null);
            BenchIngestCommand.delete(work.resolve("warm-lerobot"));
            export(catalog, key, work.resolve("warm-format"), f, profile);
            BenchIngestCommand.delete(work.resolve("warm-format"));
            for (int i = 0; i < RUNS; i++) {
                settle(root, sources);
                long t0 = System.nanoTime();
                Exporter.Result l = export(catalog, key, work.resolve("timed-lerobot"), Exporter.Format.LEROBOT_V3, null);
                lerobotRuns[i] = (System.nanoTime() - t0) / 1e9;
                lerobotOut = l.sizeBytes();
                BenchIngestCommand.delete(work.resolve("timed-lerobot"));
                settle(root, sources);
                long t1 = System.nanoTime();
                Exporter.Result r = export(catalog, key, work.resolve("timed-format"), f, profile);
                formatRuns[i] = (System.nanoTime() - t1) / 1e9;
                formatOut = r.sizeBytes();
                rows = r.segmentFrames().stream().mapToLong(Long::longValue).sum();
                BenchIngestCommand.delete(work.resolve("timed-format"));
            }
        }
        String spec = f.id + (profile == null ? "" : ":" + profile);
        long rss1 = childPeakRssKb(db, "bench-1x", spec, work.resolve("rss-1x"), keyFile, passphrase);
        BenchIngestCommand.delete(work.resolve("rss-1x"));
        long rss4 = childPeakRssKb(db, "bench-4x", spec, work.resolve("rss-4x"), keyFile, passphrase);
        double lerobotS = median(lerobotRuns);
        double formatS = median(formatRuns);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", spec);
        doc.put("bytes", bytes);
        doc.put("rows", rows);
        doc.put("lerobot_s", round(lerobotS));
        doc.put("format_s", round(formatS));
        doc.put("ratio", round(round(formatS) / round(lerobotS)));
        doc.put("lerobot_out_bytes", lerobotOut);
        doc.put("format_out_bytes", formatOut);
        doc.put("peak_rss_mb_1x", round(rss1 / 1024.0));
        doc.put("peak_rss_mb_4x", round(rss4 / 1024.0));
        if (bench.root.json()) Output.printJson(ctx.out(), doc); else ctx.out().println(doc);
        ctx.out().flush();
        return ExitCodes.OK;
    }

    /** Timed runs of each side; the medians are printed, so one run that met a flush or a neighbour does not decide. */
    static final int RUNS = 3;

    /** Three cameras at this bitrate: 9 MB per episode second, so a GB is a few long takes, not thousands of files. */
    static final int BITRATE = 24_000_000;

    /** Takes sized so that N of them hold about {@code gb} GB of video; null for the small demo takes. */
    static DemoGenerator.LongTakes longTakes(double gb, int episodes) {
        if (gb == 0) return null;
        double bytesPerGop = 3 * BITRATE / 8.0 * DemoGenerator.LongTakes.gopSeconds();
        int gops = (int) Math.max(1, Math.round(gb * 1e9 / episodes / bytesPerGop));
        return new DemoGenerator.LongTakes(gops, BITRATE);
    }

    /**
     * The demo's wrist cameras start later and stop earlier than the master camera, so putting them on the one
     * LeRobot frame clock needs re-encoding (padding). The benchmark measures the copy path, so each episode keeps
     * only the cameras that already share the master's frames, and only the files those streams read.
     */
    static EpisodeWrite masterClockOnly(EpisodeDetail d) {
        StreamEntry master = d.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).findFirst().orElseThrow();
        List<StreamEntry> streams = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (StreamEntry s : d.streams()) {
            boolean aligned = s.kind() != StreamKind.VIDEO || (java.util.Objects.equals(s.startNs(), master.startNs())
                    && java.util.Objects.equals(s.frameCount(), master.frameCount()));
            if (aligned) streams.add(s); else dropped.add(s.fileRelPath());
        }
        List<FileEntry> files = d.files().stream().filter(f -> !dropped.contains(f.relPath())).toList();
        return new EpisodeWrite(new DatasetRef(d.summary().dataset(), d.datasetRoot(), d.summary().format(), null),
                d.summary().episodeId(), d.relPath(), d.summary().format(), d.summary().task(), List.of(), d.robot(), d.operator(),
                d.startTimeNs(), d.durationNs(), d.frameCount(), d.manifestJson(), streams, files);
    }

    private static void export(Catalog catalog, SigningKey key, Path out) {
        export(catalog, key, out, Exporter.Format.LEROBOT_V3, null);
    }

    private static Exporter.Result export(Catalog catalog, SigningKey key, Path out, Exporter.Format format, String profile) {
        return Exporter.export(catalog, new Exporter.Request("bench-1x", format, out, key, Duration.ofDays(1), Version.get(),
                packaging.export.FileSizeLimits.LEROBOT_DEFAULTS, Exporter.Mapping.DEFAULT, profile), ProgressSink.NONE, Cancellation.NEVER);
    }

    /** An export as {@code curio export} runs it, in a fresh JVM; its VmHWM in kB. */
    static long childPeakRssKb(Path db, String subset, Path out, Path keyFile, String passphrase) throws IOException {
        return childPeakRssKb(db, subset, "lerobot-v3", out, keyFile, passphrase);
    }

    /** As above, for {@code format} ({@code id[:profile]}). */
    static long childPeakRssKb(Path db, String subset, String format, Path out, Path keyFile, String passphrase) throws IOException {
        return ChildJvm.peakRssKb(ExportProcess.class, List.of(db.toString(), subset, format, out.toString(), keyFile.toString()),
                Map.of(PassphraseSource.ENV, passphrase), "progress ", subset);
    }

    /**
     * SHA-256 of every source file, as the export must take it for each artifact's digest, one thread per core, files
     * handed out largest first.
     */
    static void hashAll(Path root, List<String> files) throws IOException {
        List<String> order = new ArrayList<>(files);
        order.sort(java.util.Comparator.comparingLong((String f) -> root.resolve(f).toFile().length()).reversed());
        int threads = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<String>> digests = new ArrayList<>();
            for (String f : order) digests.add(pool.submit(() -> pipeline.Digests.sha256Hex(root.resolve(f))));
            for (java.util.concurrent.Future<String> d : digests) d.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurioException("bench.cp_failed", root.toString(), null, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CurioException("bench.cp_failed", root.toString(), null, "hashing failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One {@code cp --parents} of the episodes' files, as an export reads them, with their folders. */
    private static void cp(Path root, List<String> files, Path dest) throws IOException {
        Files.createDirectories(dest);
        List<String> cmd = new ArrayList<>(List.of("cp", "--parents", "-r"));
        cmd.addAll(files);
        cmd.add(dest.toString());
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (waitFor(p) != 0) throw new CurioException("bench.cp_failed", dest.toString(), null, "cp exited with " + p.exitValue());
    }

    /**
     * Flushes earlier writes (generation, warm-up) to disk before a timed run: otherwise whichever of export and
     * cp runs while the kernel throttles writers to drain dirty pages looks several times slower.
     */
    private static void sync() throws IOException {
        Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitFor(p);
    }

    /**
     * Reads the source files (the page cache holds them afterwards, as it would for whichever side ran second) and
     * flushes earlier writes, so both sides start alike.
     */
    private static void settle(Path root, List<String> sources) throws IOException {
        byte[] buffer = new byte[1 << 20];
        for (String s : sources) {
            try (java.io.InputStream in = Files.newInputStream(root.resolve(s))) {
                while (in.read(buffer) > 0) {
                    // only to bring the file into the page cache
                }
            }
        }
        sync();
    }

    static double median(double[] runs) {
        double[] sorted = runs.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int waitFor(Process p) {
        return ChildJvm.waitFor(p);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
