package fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import packaging.bagit.BagWriter;
import packaging.bundle.BundleWriter;
import packaging.deliver.DeliveryFixture;
import pipeline.annotate.AnnotationJson;
import pipeline.read.lerobot.V3DatasetWriter;
import pipeline.read.mcap.McapWriter;
import pipeline.read.rlds.StepLogFixture;
import pipeline.read.rlds.TfRecordFiles;
import pipeline.read.ros.RosCompressedImage;
import pipeline.read.ros.RosHeader;
import pipeline.read.ros.RosImage;
import pipeline.read.ros.RosJointState;
import pipeline.read.ros.RosTime;
import pipeline.source.GeneratedBags;
import store.Annotations;
import store.Catalog;

/**
 * Writes the seed inputs of every fuzz target into its {@code <Target>Inputs/<method>/} folder under
 * src/test/resources: small files from the tests' own generators, plus a few small files of the shared corpus
 * (permissively licensed; see docs/reliability.md). Run it from the project root after changing a generator:
 * {@code java -cp target/test-classes:target/classes:<test class path> fuzz.SeedCorpus [CORPUS_DIR]}. Seeds are
 * named {@code seed-*}; findings the fuzzer writes ({@code crash-*}, renamed after the fix) are left alone.
 * HDF5 seeds come from {@code src/test/python/hdf5_seeds.py} (h5py, a writer that is not Curio's).
 */
public final class SeedCorpus {
    private static final Path RESOURCES = Path.of("src/test/resources");

    private SeedCorpus() { }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/corpus");
        Path work = Files.createTempDirectory("curio-seeds");
        mcap(corpus);
        rosbag2(corpus, work);
        cdr();
        lerobot(corpus, work);
        tfrecord();
        stepLog(work);
        episodeYaml();
        mp4(corpus);
        annotations(work);
        bundles(work);
        System.out.println("seeds written under " + RESOURCES.toAbsolutePath());
    }

    private static Path dir(String pkg, String target, String method) throws IOException {
        Path d = RESOURCES.resolve(pkg.replace('.', '/')).resolve(target + "Inputs").resolve(method);
        Files.createDirectories(d);
        try (Stream<Path> old = Files.list(d)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("seed-")).toList()) Files.delete(p);
        }
        return d;
    }

    private static void put(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve("seed-" + name), bytes);
    }

    private static void copy(Path dir, Path from, String name) throws IOException {
        if (Files.isRegularFile(from)) put(dir, name, Files.readAllBytes(from));
        else System.out.println("not in the corpus, skipped: " + from);
    }

    private static void mcap(Path corpus) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String compression : List.of("", "zstd", "lz4")) {
            files.put("curio-" + (compression.isEmpty() ? "none" : compression) + ".mcap", generatedMcap(compression));
        }
        Path conformance = corpus.resolve("mcap/foxglove_mcap/tests/conformance/data");
        for (String name : List.of("OneMessage/OneMessage-ch-chx-mx-pad-rch-rsh-st-sum.mcap", "OneMessage/OneMessage.mcap",
                "OneAttachment/OneAttachment-ax-pad-st-sum.mcap", "OneMetadata/OneMetadata-mdx-pad-st-sum.mcap",
                "OneSchemalessMessage/OneSchemalessMessage-ch-chx-mx-pad-rch-st-sum.mcap", "NoData/NoData-pad-st-sum.mcap")) {
            Path f = conformance.resolve(name);
            if (Files.isRegularFile(f)) files.put("foxglove-" + f.getFileName(), Files.readAllBytes(f));
        }
        for (String[] target : new String[][]{{"pipeline.ingest", "McapStreamFuzzTest", "streamed"},
                {"pipeline.read.mcap", "McapIndexedFuzzTest", "indexed"}}) {
            Path d = dir(target[0], target[1], target[2]);
            for (var e : files.entrySet()) put(d, e.getKey(), e.getValue());
        }
    }

    /** Two channels (an image, joint states) in small chunks, an attachment and a metadata record. */
    private static byte[] generatedMcap(String compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (McapWriter w = new McapWriter(out, "seed.mcap", new McapWriter.Options("ros2", "curio", compression, 256))) {
            int image = w.addSchema("sensor_msgs/msg/Image", "ros2msg", utf8("std_msgs/Header header"));
            int joints = w.addSchema("sensor_msgs/msg/JointState", "ros2msg", utf8("std_msgs/Header header"));
            int cam = w.addChannel(image, "/camera/image_raw", "cdr", Map.of());
            int js = w.addChannel(joints, "/joint_states", "cdr", Map.of("qos", "reliable"));
            for (int i = 0; i < 3; i++) {
                long t = 1_000_000_000L * (i + 1);
                w.addMessage(cam, i, t, t, imageCdr(i));
                w.addMessage(js, i, t + 5, t + 5, jointsCdr(i));
            }
            w.addAttachment(1, 2, "calibration.yaml", "text/yaml", utf8("fx: 1\n"));
            w.addMetadata("episode", Map.of("operator", "op-1"));
        }
        return out.toByteArray();
    }

    private static byte[] imageCdr(int i) {
        return new RosImage(new RosHeader(new RosTime(i, 0), "cam"), 2, 2, "rgb8", 0, 6, new byte[12]).encode();
    }

    private static byte[] jointsCdr(int i) {
        return new RosJointState(new RosHeader(new RosTime(i, 5), "base"), List.of("shoulder", "elbow"),
                new double[]{0.1 * i, 0.2}, new double[]{0, 0}, new double[0]).encode();
    }

    private static void rosbag2(Path corpus, Path work) throws Exception {
        List<GeneratedBags.Msg> msgs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            msgs.add(new GeneratedBags.Msg("/joint_states", "sensor_msgs/msg/JointState", 1_000_000_000L * (i + 1), jointsCdr(i)));
        }
        Path bag = work.resolve("bag");
        GeneratedBags.write(bag, "sqlite3", msgs, 2_500_000_000L, 1_000_000_000L, 3_000_000_000L);
        Path meta = dir("pipeline.ingest", "Rosbag2MetadataFuzzTest", "metadata");
        GeneratedBags.writeMetadata(work, "sqlite3", List.of("bag_0.db3", "bag_1.db3"), msgs, 1_000_000_000L, 3_000_000_000L);
        put(meta, "curio-sqlite3.yaml", Files.readAllBytes(work.resolve("metadata.yaml")));
        GeneratedBags.writeMetadata(work, "mcap", List.of("mcap_0.mcap", "mcap_1.mcap"), msgs, 1_000_000_000L, 3_000_000_000L);
        put(meta, "curio-mcap.yaml", Files.readAllBytes(work.resolve("metadata.yaml")));
        Path ros = corpus.resolve("rosbag2/ros2_rosbag2");
        copy(meta, ros.resolve("rosbag2_py/test/resources/sqlite3/talker/metadata.yaml"), "rosbag2-talker-sqlite3.yaml");
        copy(meta, ros.resolve("rosbag2_py/test/resources/mcap/wbag/metadata.yaml"), "rosbag2-wbag-mcap.yaml");
        copy(meta, ros.resolve("rosbag2_tests/resources/sqlite3/cdr_test/metadata.yaml"), "rosbag2-cdr_test.yaml");
        Path db3 = dir("pipeline.ingest", "Db3FuzzTest", "db3");
        put(db3, "curio-bag_0.db3", Files.readAllBytes(bag.resolve("bag_0.db3")));
        copy(db3, ros.resolve("rosbag2_py/test/resources/sqlite3/talker/talker.db3"), "rosbag2-talker.db3");
    }

    private static void cdr() throws IOException {
        Path d = dir("pipeline.read.ros", "CdrFuzzTest", "cdr");
        put(d, "image.cdr", imageCdr(3));
        put(d, "joint_state.cdr", jointsCdr(2));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 64, 0, 0, 0, 48};
        put(d, "compressed_image.cdr", new RosCompressedImage(new RosHeader(new RosTime(1, 2), "cam"), "png", png).encode());
        put(d, "header.cdr", new RosHeader(new RosTime(7, 8), "map").encode());
    }

    private static void lerobot(Path corpus, Path work) throws IOException {
        Path ds = V3DatasetWriter.write(work.resolve("lerobot"), false, false);
        Path info = dir("pipeline.ingest", "LeRobotInfoFuzzTest", "info");
        put(info, "curio-v3.json", Files.readAllBytes(ds.resolve("meta/info.json")));
        Path studio = corpus.resolve("lerobot/lerobot-studio_fixtures/datasets");
        copy(info, studio.resolve("lerobotv3/meta/info.json"), "lerobot-studio-v3.json");
        copy(info, studio.resolve("lerobotv2/meta/info.json"), "lerobot-studio-v2.json");
        copy(info, corpus.resolve("lerobot/v2.0_nvidia_gr00t_robot_sim.PickNPlace/meta/info.json"), "gr00t-v2.0.json");
        Path episodes = dir("pipeline.ingest", "LeRobotEpisodesFuzzTest", "episodes");
        put(episodes, "curio-v3.parquet", Files.readAllBytes(ds.resolve("meta/episodes/chunk-000/file-000.parquet")));
        copy(episodes, studio.resolve("lerobotv3/meta/episodes/chunk-000/file-000.parquet"), "lerobot-studio-v3.parquet");
        Path parquet = dir("pipeline.read.parquet", "ParquetFuzzTest", "parquet");
        put(parquet, "curio-data.parquet", Files.readAllBytes(ds.resolve("data/chunk-000/file-001.parquet")));
        put(parquet, "curio-tasks.parquet", Files.readAllBytes(ds.resolve("meta/tasks.parquet")));
        put(parquet, "curio-episodes.parquet", Files.readAllBytes(ds.resolve("meta/episodes/chunk-000/file-001.parquet")));
        copy(parquet, studio.resolve("lerobotv3/meta/tasks.parquet"), "lerobot-studio-tasks.parquet");
    }

    private static void tfrecord() throws IOException {
        List<byte[]> examples = List.of(
                TfRecordFiles.example(Map.of("steps/observation/state", new float[]{0.1f, 0.2f},
                        "steps/is_first", new long[]{1}, "steps/language_instruction", new String[]{"pick"})),
                TfRecordFiles.example(Map.of("steps/action", new float[]{1, 2, 3, 4}, "episode_metadata/file_path",
                        new String[]{"/data/ep0"}, "steps/observation/image", new byte[][]{{(byte) 0xFF, (byte) 0xD8, 0, 0}})));
        Path ex = dir("pipeline.read.rlds", "ExampleFuzzTest", "example");
        for (int i = 0; i < examples.size(); i++) put(ex, "example-" + i + ".pb", examples.get(i));
        Path rec = dir("pipeline.read.rlds", "TfRecordFuzzTest", "tfrecord");
        ByteArrayOutputStream shard = new ByteArrayOutputStream();
        for (byte[] e : examples) shard.write(TfRecordFiles.frame(e));
        put(rec, "two-records.tfrecord", shard.toByteArray());
    }

    private static void stepLog(Path work) throws IOException {
        Path d = dir("pipeline.read.rlds", "StepLogFuzzTest", "steps");
        Path ep = StepLogFixture.write(work.resolve("steplog"), 3, 3, (i, s) -> { });
        put(d, "curio-3-steps.jsonl", Files.readAllBytes(ep.resolve("steps/000000.jsonl")));
        String step = Files.readString(Path.of("src/test/seeds/004-step.json"))
                .replace("${t}", "1700000000000000000").replace("${ms}", "1700000000000").replace("${frame}", "0")
                .replace("${q}", "0.3");
        put(d, "004-step.jsonl", utf8(step.replaceAll("\\s*\\n\\s*", " ") + "\n"));
    }

    private static void episodeYaml() throws IOException {
        Path d = dir("pipeline.ingest", "EpisodeYamlFuzzTest", "episodeYaml");
        put(d, "002-episode.yaml", Files.readAllBytes(Path.of("src/test/seeds/002-episode.yaml")));
        put(d, "minimal.yaml", utf8("""
                dataset_id: ds
                operator_id: op
                robot: {serial: ARM-1, embodiment_ref: arm}
                capture_device: {kind: robot}
                episode_start_utc: 2026-03-02T09:00:00Z
                episode_end_utc: 2026-03-02T09:00:02Z
                timebase: monotonic
                streams:
                  rgb_head: {type: rgb, resolution: [64, 48], fps: 10, frame_uri: rgb_head.mp4}
                  proprio: {type: proprioception, frame_uri: proprio.mcap, topic: /joint_states}
                calibration:
                  rgb_head: {intrinsics: {fx: 1, fy: 1, cx: 0, cy: 0}}
                task: {nl_instruction: stack the cups}
                consent: {environment: lab, pii_state: none, jurisdiction: eu}
                """));
    }

    private static void mp4(Path corpus) throws IOException {
        Path probe = dir("pipeline.ingest", "Mp4ProbeFuzzTest", "probe");
        Path table = dir("pipeline.video", "Mp4SampleTableFuzzTest", "sampleTable");
        Path generated = Path.of("src/test/resources/fuzz");
        try (Stream<Path> s = Files.list(generated)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList()) {
                put(probe, f.getFileName().toString(), Files.readAllBytes(f));
                put(table, f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
    }

    private static void annotations(Path work) throws IOException {
        try (Catalog c = Catalog.open(work.resolve("annotations.db"))) {
            String ep = pipeline.annotate.FuzzEpisode.ID;
            pipeline.annotate.FuzzEpisode.register(c);
            Path d = dir("pipeline.annotate", "AnnotationsFuzzTest", "annotations");
            put(d, "empty.json", utf8(AnnotationJson.toText(AnnotationJson.export(c, ep))));
            pipeline.annotate.AnnotationJsonTest.annotate(c, ep);
            put(d, "everything.json", utf8(AnnotationJson.toText(AnnotationJson.export(c, ep))));
            Annotations a = c.annotations();
            a.decide(ep, "accept", null, "ada");
            put(d, "accepted.json", utf8(AnnotationJson.toText(AnnotationJson.export(c, ep))));
        }
    }

    private static void bundles(Path work) throws Exception {
        Path bundle;
        try (Catalog c = Catalog.open(work.resolve("bundle.db"))) {
            bundle = DeliveryFixture.bundle(work, c, "mf_fuzz", 4096).bundle();
        }
        put(dir("packaging.verify", "BundleManifestFuzzTest", "manifest"), "curio-manifest.json",
                Files.readAllBytes(bundle.resolve(BundleWriter.MANIFEST_FILE)));
        Path info = dir("packaging.verify", "BagInfoFuzzTest", "bagInfo");
        put(info, "bag-info.txt", prefixed(0, Files.readAllBytes(bundle.resolve(BagWriter.BAG_INFO_TXT))));
        put(info, "bagit.txt", prefixed(1, Files.readAllBytes(bundle.resolve(BagWriter.BAGIT_TXT))));
        Path manifests = dir("packaging.verify", "TagManifestFuzzTest", "manifests");
        put(manifests, "manifest-sha256.txt", prefixed(0, Files.readAllBytes(bundle.resolve(BagWriter.MANIFEST))));
        put(manifests, "tagmanifest-sha256.txt", prefixed(1, Files.readAllBytes(bundle.resolve(BagWriter.TAG_MANIFEST))));
        put(dir("packaging.verify", "JwsFuzzTest", "jws"), "signature.jws", Files.readAllBytes(bundle.resolve(BundleWriter.SIGNATURE_FILE)));
    }

    private static byte[] prefixed(int selector, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(selector);
        out.write(content);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
