package app.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import app.Version;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.BenchData;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Time a fresh ingest of PATH (default: generated episodes in a temp folder) against "
                + "`openssl dgst -sha256` over the same files one after another (after a warm-up ingest of two small demo "
                + "episodes in the same JVM); then the same ingest as a whole `curio ingest` process (a fresh JVM with this "
                + "one's options, class path and class-data archive); three alternating runs of each, medians printed: "
                + "bytes, curio_s, openssl_s, ratio, process_s, process_ratio.")
final class BenchIngestCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Parameters(arity = "0..1", paramLabel = "PATH", description = "episodes to ingest (not modified)")
    Path path;

    @Option(names = "--size-gb", paramLabel = "N", defaultValue = "2", description = "size to generate without PATH (default: ${DEFAULT-VALUE})")
    double sizeGb;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = bench.root.context();
        Path work = Files.createTempDirectory("curio-bench-");
        try {
            Path data = path;
            List<Path> files;
            if (data == null) {
                data = work.resolve("data");
                BenchData.write(data, Math.round(sizeGb * (1L << 30)), Cancellation.NEVER);
                files = files(data);
                // Freshly written pages would otherwise be flushed to disk during whichever timed run
                // comes first (Curio's): write them back now so both runs see a clean page cache.
                for (Path f : files) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            } else {
                files = files(data);
            }
            long bytes = 0;
            for (Path f : files) bytes += Files.size(f);
            warmUp(work.resolve("warm-up"));
            openssl(files); // warms the page cache so both timed runs read from the same state
            // Three alternating runs of each side, medians printed: one run of each swung the ratio by a third here.
            int runs = BenchExportCommand.RUNS;
            double[] curioRuns = new double[runs];
            double[] processRuns = new double[runs];
            double[] opensslRuns = new double[runs];
            for (int i = 0; i < runs; i++) {
                // The empty catalog is created before the clock starts: loading the SQLite native library and
                // running the schema migrations is a once-per-process cost that does not grow with the data.
                try (Catalog catalog = Catalog.open(work.resolve("bench-" + i + ".db"))) {
                    long t0 = System.nanoTime();
                    IngestReport report = new Ingest(catalog).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
                    curioRuns[i] = (System.nanoTime() - t0) / 1e9;
                    if (report.anyFailed()) throw report.failed().get(0).errors().get(0);
                }
                processRuns[i] = wholeProcess(data, work.resolve("process-" + i + ".db"));
                long t1 = System.nanoTime();
                openssl(files);
                opensslRuns[i] = (System.nanoTime() - t1) / 1e9;
            }
            double curio = BenchExportCommand.median(curioRuns);
            double process = BenchExportCommand.median(processRuns);
            double ossl = BenchExportCommand.median(opensslRuns);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("bytes", bytes);
            doc.put("curio_s", Math.round(curio * 1000) / 1000.0);
            doc.put("openssl_s", Math.round(ossl * 1000) / 1000.0);
            doc.put("ratio", Math.round(curio / ossl * 1000) / 1000.0);
            doc.put("process_s", Math.round(process * 1000) / 1000.0);
            doc.put("process_ratio", Math.round(process / ossl * 1000) / 1000.0);
            if (bench.root.json()) Output.printJson(ctx.out(), doc); else ctx.out().println(doc);
            ctx.out().flush();
            return ExitCodes.OK;
        } finally {
            delete(work);
        }
    }

    /**
     * Ingests two small demo episodes (MP4, MCAP, manifests) into a scratch catalog first, as the export bench warms
     * up: loading FFmpeg's natives and compiling the readers is a once-per-process cost of about a second that does
     * not grow with the data and would otherwise decide the ratio for a data set of a few hundred MB.
     */
    private static void warmUp(Path dir) throws IOException {
        new DemoGenerator(Version.get()).generate(new DemoGenerator.Options(dir.resolve("demo"), 2, 7), ProgressSink.NONE, Cancellation.NEVER);
        try (Catalog scratch = Catalog.open(dir.resolve("warm-up.db"))) {
            new Ingest(scratch).run(List.of(dir.resolve("demo")), ProgressSink.NONE, Cancellation.NEVER);
        }
        delete(dir);
    }

    /** Removes a benchmark's temporary folder. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Seconds a fresh JVM takes to run {@code curio --catalog CATALOG ingest DATA}, start to exit, the way a script
     * runs it: the same java, JVM options (the launcher's collector, heap and class-data-sharing archive) and class
     * path as this process. The launcher script's own check that the build is current is not included.
     */
    private static double wholeProcess(Path data, Path catalog) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "app.Main", "--catalog", catalog.toString(), "ingest",
                data.toString(), "--json"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        try {
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new CurioException("bench.process_failed", null, null, "curio ingest exited with " + p.exitValue() + ": "
                        + err.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurioException("bench.interrupted", null, null, "interrupted");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Hashes the files one after another in one openssl process per batch (argument lists are bounded). */
    private static void openssl(List<Path> files) throws IOException {
        for (int i = 0; i < files.size(); i += 200) {
            List<String> cmd = new ArrayList<>(List.of("openssl", "dgst", "-sha256"));
            files.subList(i, Math.min(files.size(), i + 200)).forEach(f -> cmd.add(f.toString()));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (p.waitFor() != 0) throw new CurioException("bench.openssl_failed", null, null, "openssl exited with " + p.exitValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CurioException("bench.interrupted", null, null, "interrupted");
            }
        }
    }
}
