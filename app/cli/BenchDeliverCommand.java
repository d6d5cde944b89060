package app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import packaging.bundle.BundleWriter;
import packaging.deliver.Delivery;
import packaging.deliver.Destination;
import packaging.deliver.UploadOptions;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import store.Cancellation;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.ExportRecords;
import store.ProgressSink;

@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = {"Time a bucket delivery of a signed bundle of random payload files to a local S3 server (S3Proxy with a "
                + "filesystem store, started as its own process) against the AWS SDK's own multipart upload of the same files "
                + "(S3TransferManager over S3AsyncClient, default checksums and again with SHA-256): after one warm-up of each, "
                + "three alternating runs, payload in the page cache before each, medians printed; then the peak RSS (VmHWM) of a "
                + "fresh JVM delivering 1x and 4x the data.",
                "Prints bytes, curio_s, sdk_s, sdk_sha256_s, the throughputs in MB/s, ratio (Curio's throughput over the SDK's), "
                        + "ratio_sha256, the CPU seconds each side cost this process and the server (null for a server given with "
                        + "--endpoint), part_mb, parallel_parts, peak_rss_mb_1x, peak_rss_mb_4x."})
final class BenchDeliverCommand implements Callable<Integer> {
    private static final String DEFAULT_BUCKET = "curio-bench";
    private static final int FILES = 8;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--size-gb", paramLabel = "GB", defaultValue = "1", description = "payload bytes at 1x (default: ${DEFAULT-VALUE})")
    double sizeGb;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "timed runs of each side (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "an S3-compatible server already running (credentials from the AWS SDK's standard chain) instead of "
                    + "starting S3Proxy, which needs S3Proxy on the class path (the test class path)")
    URI endpointOption;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = DEFAULT_BUCKET,
            description = "the bucket to upload into, created when missing; the bench writes and deletes only under a prefix of its own "
                    + "(default: ${DEFAULT-VALUE})")
    String bucket;

    /** The standard chain for a server given with --endpoint; the bench's own keys for the S3Proxy it starts. */
    private software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials =
            software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build();
    private Map<String, String> childEnv = Map.of();
    /** Every key of this bench run is under it, so clearing between runs touches nothing else in the bucket. */
    private final String keyRoot = "curio-bench-" + HexFormat.of().toHexDigits(System.nanoTime());

    @Override
    public Integer call() throws Exception {
        CliContext ctx = bench.root.context();
        if (!(sizeGb > 0)) throw new CurioException("bench.bad_size", null, "--size-gb", "--size-gb must be more than 0");
        if (runs < 1) throw new CurioException("bench.bad_size", null, "--runs", "--runs must be at least 1");
        Path work = Files.createTempDirectory("curio-bench-deliver-");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String access = "curio-bench";
        String secretKey = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Process server = null;
        try {
            long bytes = (long) Math.ceil(sizeGb * 1e9);
            Path db = work.resolve("bench.db");
            char[] passphrase = secretKey.toCharArray();
            SigningKeys.generate(work.resolve("keys"), passphrase);
            SigningKey key = SigningKeys.load(work.resolve("keys").resolve(SigningKeys.PRIVATE_KEY_FILE), passphrase);
            Path bundle1 = bundle(work, db, key, "bench-1x", bytes);
            Path bundle4 = bundle(work, db, key, "bench-4x", 4 * bytes);
            URI endpoint = endpointOption;
            if (endpoint == null) {
                int port = freePort();
                server = startServer(work, port, access, secretKey);
                endpoint = URI.create("http://127.0.0.1:" + port);
                System.setProperty("aws.accessKeyId", access);
                System.setProperty("aws.secretAccessKey", secretKey);
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secretKey));
                childEnv = Map.of("AWS_ACCESS_KEY_ID", access, "AWS_SECRET_ACCESS_KEY", secretKey);
            }
            try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true)
                    .credentialsProvider(credentials).build();
                 Catalog catalog = Catalog.open(db)) {
                try {
                    s3.headBucket(b -> b.bucket(bucket));
                } catch (software.amazon.awssdk.services.s3.model.S3Exception missing) {
                    s3.createBucket(b -> b.bucket(bucket));
                }
                clear(s3);
                List<Path> payload = payload(bundle1);
                curio(catalog, bundle1, endpoint, "warm-curio");
                sdk(endpoint, bundle1, payload, "warm-sdk", null);
                sdk(endpoint, bundle1, payload, "warm-sdk-sha", ChecksumAlgorithm.SHA256);
                clear(s3);
                double[] curioRuns = new double[runs];
                double[] sdkRuns = new double[runs];
                double[] sdkShaRuns = new double[runs];
                // CPU seconds of each run: [side][0 = this process, 1 = the server][run]
                double[][][] cpu = new double[3][2][runs];
                for (int i = 0; i < runs; i++) {
                    settle(bundle1);
                    Cpu before = Cpu.of(server);
                    curioRuns[i] = curio(catalog, bundle1, endpoint, "curio-" + i);
                    Cpu.of(server).since(before, cpu[0], i);
                    clear(s3);
                    settle(bundle1);
                    before = Cpu.of(server);
                    sdkRuns[i] = sdk(endpoint, bundle1, payload, "sdk-" + i, null);
                    Cpu.of(server).since(before, cpu[1], i);
                    clear(s3);
                    settle(bundle1);
                    before = Cpu.of(server);
                    sdkShaRuns[i] = sdk(endpoint, bundle1, payload, "sdk-sha-" + i, ChecksumAlgorithm.SHA256);
                    Cpu.of(server).since(before, cpu[2], i);
                    clear(s3);
                }
                long total = 0;
                for (Path f : payload) total += Files.size(f);
                double curioS = BenchExportCommand.median(curioRuns);
                double sdkS = BenchExportCommand.median(sdkRuns);
                double sdkShaS = BenchExportCommand.median(sdkShaRuns);
                long rss1 = childPeakRssKb(db, bundle1, endpoint, "rss-1x");
                clear(s3);
                long rss4 = childPeakRssKb(db, bundle4, endpoint, "rss-4x");
                clear(s3);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("bytes", total);
                doc.put("curio_s", round(curioS));
                doc.put("sdk_s", round(sdkS));
                doc.put("sdk_sha256_s", round(sdkShaS));
                doc.put("curio_mb_s", round(total / 1e6 / curioS));
                doc.put("sdk_mb_s", round(total / 1e6 / sdkS));
                doc.put("sdk_sha256_mb_s", round(total / 1e6 / sdkShaS));
                doc.put("ratio", round(sdkS / curioS));
                doc.put("ratio_sha256", round(sdkShaS / curioS));
                String[] sides = {"curio", "sdk", "sdk_sha256"};
                for (int side = 0; side < sides.length; side++) {
                    doc.put(sides[side] + "_cpu_s", round(BenchExportCommand.median(cpu[side][0])));
                    doc.put(sides[side] + "_server_cpu_s", server == null ? null : round(BenchExportCommand.median(cpu[side][1])));
                }
                doc.put("part_mb", UploadOptions.DEFAULT_PART_SIZE >> 20);
                doc.put("parallel_parts", UploadOptions.DEFAULT_PARALLEL_PARTS);
                doc.put("peak_rss_mb_1x", round(rss1 / 1024.0));
                doc.put("peak_rss_mb_4x", round(rss4 / 1024.0));
                if (bench.root.json()) Output.printJson(ctx.out(), doc); else ctx.out().println(doc);
                ctx.out().flush();
            }
            return ExitCodes.OK;
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            BenchIngestCommand.delete(work);
        }
    }

    /** A signed bundle of {@value #FILES} random payload files holding {@code bytes} in all, recorded as exported. */
    private static Path bundle(Path work, Path db, SigningKey key, String name, long bytes) throws IOException {
        Path src = Files.createDirectories(work.resolve("src-" + name));
        List<BundleWriter.Source> sources = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(name.hashCode());
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < FILES; i++) {
            Path f = src.resolve("episode_" + i + ".mp4");
            long size = bytes / FILES + (i < bytes % FILES ? 1 : 0);
            try (OutputStream out = Files.newOutputStream(f)) {
                for (long left = size; left > 0; left -= block.length) {
                    for (int j = 0; j < block.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) block[j + k] = (byte) (v >>> (8 * k));
                    }
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
            }
            sources.add(new BundleWriter.Source("videos/cam/chunk-000/file-" + String.format("%03d", i) + ".mp4", f));
        }
        com.fasterxml.jackson.databind.node.ObjectNode skeleton = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        skeleton.put("manifest_id", "mf_" + name + "_" + HexFormat.of().toHexDigits(System.nanoTime()));
        skeleton.putObject("bundle").put("format", "lerobot-v3").put("episode_count", FILES);
        skeleton.putArray("artifacts");
        BundleWriter.Result r = BundleWriter.write(work.resolve("bundles").resolve(name), sources, skeleton, key, "curio bench");
        BenchIngestCommand.delete(src);
        try (Catalog catalog = Catalog.open(db)) {
            long now = Clock.nowNs();
            var subset = catalog.exportRecords().addSubset(name, null, List.of(), now, "{}");
            catalog.exportRecords().addBundle(new ExportRecords.BundleRecord(r.manifestId(), subset.id(), "lerobot-v3", r.bundle().toString(),
                    null, r.merkleRoot(), key.keyId(), r.payloadBytes(), FILES, now, now), "{}");
        }
        return r.bundle();
    }

    private static List<Path> payload(Path bundle) throws IOException {
        try (var walk = Files.walk(bundle)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private double curio(Catalog catalog, Path bundle, URI endpoint, String prefix) {
        long t0 = System.nanoTime();
        Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(bundle, Destination.parse("s3://" + bucket + "/" + keyRoot + "/" + prefix,
                endpoint.toString(), null, null), Delivery.Verify.HEAD, "bench"), ProgressSink.NONE, Cancellation.NEVER);
        double s = (System.nanoTime() - t0) / 1e9;
        if (!r.ok()) throw new CurioException("bench.child_failed", null, prefix, "the delivery did not verify: " + r.findings());
        return s;
    }

    /** The SDK's own multipart upload of the same files: S3TransferManager over the Java S3AsyncClient. */
    private double sdk(URI endpoint, Path bundle, List<Path> files, String prefix, ChecksumAlgorithm algorithm) {
        try (S3AsyncClient client = S3AsyncClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(credentials)
                .multipartEnabled(true).multipartConfiguration(m -> m.minimumPartSizeInBytes(UploadOptions.DEFAULT_PART_SIZE)
                        .thresholdInBytes(UploadOptions.DEFAULT_PART_SIZE)).build();
             S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
            long t0 = System.nanoTime();
            List<java.util.concurrent.CompletableFuture<?>> uploads = new ArrayList<>();
            for (Path f : files) {
                String key = keyRoot + "/" + prefix + "/" + bundle.relativize(f).toString().replace('\\', '/');
                uploads.add(tm.uploadFile(u -> u.source(f).putObjectRequest(p -> {
                    p.bucket(bucket).key(key);
                    if (algorithm != null) p.checksumAlgorithm(algorithm);
                })).completionFuture());
            }
            java.util.concurrent.CompletableFuture.allOf(uploads.toArray(new java.util.concurrent.CompletableFuture<?>[0])).join();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Deletes what the runs uploaded, so the server's disk holds one copy at a time. */
    private void clear(S3Client s3) {
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyRoot + "/"))) {
            List<ObjectIdentifier> ids = page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (!ids.isEmpty()) s3.deleteObjects(d -> d.bucket(bucket).delete(x -> x.objects(ids)));
        }
        for (var page : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(keyRoot + "/"))) {
            page.uploads().forEach(u -> s3.abortMultipartUpload(a -> a.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        }
    }

    /** Reads the bundle into the page cache and flushes earlier writes, so each run starts alike. */
    private static void settle(Path bundle) throws IOException {
        byte[] buffer = new byte[1 << 20];
        for (Path f : payload(bundle)) {
            try (var in = Files.newInputStream(f)) {
                while (in.read(buffer) > 0) {
                    // only to bring the file into the page cache
                }
            }
        }
        Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitFor(p);
    }

    /** S3Proxy as its own process, so its memory and threads are not the bench's. */
    private static Process startServer(Path work, int port, String access, String secret) throws Exception {
        Path store = Files.createDirectories(work.resolve("s3-store"));
        Path props = work.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + access,
                "s3proxy.credential=" + secret,
                // The SDK's multipart completion sends x-amz-mp-object-size, an optional check S3Proxy does not know.
                "s3proxy.ignore-unknown-headers=true",
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + access,
                "jclouds.credential=" + secret,
                "jclouds.filesystem.basedir=" + store, ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p;
        try {
            Class.forName("org.gaul.s3proxy.Main");
        } catch (ClassNotFoundException e) {
            throw new CurioException("bench.no_s3_server", null, "--endpoint", "S3Proxy (org.gaul:s3proxy, a test library) is not on the "
                    + "class path: pass --endpoint URL of a running S3-compatible server (see docs/delivery.md)");
        }
        p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.gaul.s3proxy.Main", "--properties", props.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new CurioException("bench.child_failed", work.resolve("s3proxy.log").toString(), null,
                        "S3Proxy exited: " + Files.readString(work.resolve("s3proxy.log")).strip());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.getResponseCode();
                return p;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        p.destroyForcibly();
        throw new CurioException("bench.child_failed", null, null, "S3Proxy did not start within 60 s");
    }

    /**
     * CPU time used so far by this process and by the server the bench started: where both share the machine's cores,
     * the work the server does for each side's requests is part of what that side costs.
     */
    private record Cpu(double selfS, double serverS) {
        static Cpu of(Process server) {
            return new Cpu(seconds(ProcessHandle.current()), server == null ? 0 : seconds(server.toHandle()));
        }

        private static double seconds(ProcessHandle p) {
            return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        void since(Cpu before, double[][] into, int run) {
            into[0][run] = selfS - before.selfS;
            into[1][run] = serverS - before.serverS;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs {@link DeliverProcess} in a fresh JVM with this JVM's options, as {@code curio deliver} runs, and returns its VmHWM. */
    private long childPeakRssKb(Path db, Path bundle, URI endpoint, String prefix) throws IOException {
        return ChildJvm.peakRssKb(DeliverProcess.class, List.of(db.toString(), bundle.toString(),
                "s3://" + bucket + "/" + keyRoot + "/" + prefix, endpoint.toString(), String.valueOf(UploadOptions.DEFAULT_PART_SIZE >> 20),
                String.valueOf(UploadOptions.DEFAULT_PARALLEL_PARTS)), childEnv, "sent ", prefix);
    }

    private static int waitFor(Process p) {
        return ChildJvm.waitFor(p);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
