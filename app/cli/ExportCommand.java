package app.cli;

import app.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import packaging.export.ExportGates;
import packaging.export.ExportValidation;
import packaging.export.Exporter;
import packaging.export.FeatureMap;
import packaging.export.FileSizeLimits;
import packaging.export.Mapping;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import store.Cancellation;
import packaging.subset.Subsets;
import store.Catalog;
import store.Subset;
import pipeline.validate.ValidationProfile;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a subset as a signed, verifiable bundle (a BagIt folder) at DIR; data/ holds the format's files.",
                "lerobot-v3: a LeRobot v3.0 dataset (data/ parquet, videos/<key>/ MP4s, meta/) of the accepted segments, "
                        + "redactions burned in.",
                "rlds: RLDS episodes in a TFDS folder, data/<subset>/1.0.0/ with dataset_info.json, features.json and "
                        + "<subset>-train.tfrecord-NNNNN-of-NNNNN shards (one tf.train.Example per episode; images JPEG, "
                        + "depth 16-bit PNG; shards closed at --data-file-mb).",
                "hdf5 --profile aloha: data/episode_N.hdf5 per segment (/observations/qpos, qvel, effort, "
                        + "/observations/images/<cam> uint8 chunked per frame, /action; root attrs sim, compress); "
                        + "--profile robomimic: data/<subset>.hdf5 with data/demo_N/{obs/<key>, actions, rewards, dones, "
                        + "states}, num_samples, data attrs total and env_args, mask/train, mask/valid.",
                "mp4: the media bundle, data/clips/<segment>/<camera>.mp4 (cut, redacted; copied where nothing changes "
                        + "them), clips.jsonl (episode, camera, t_start, t_end, sha256), redactions.jsonl, consent.jsonl, "
                        + "licenses.json.",
                "steplog: seed 004 step logs, data/episodes/<segment>/{metadata.json, steps/*.jsonl, blobs/}, and "
                        + "data/edge_manifest.json.",
                "manifest: JSONL records referencing the raw files.",
                "Every format but manifest maps every stream to a feature (observation.state, observation.velocity, "
                        + "observation.effort, action, observation.images.<camera>, observation.depth.<camera>, next.reward, "
                        + "next.done, observation.<name>) and places it in its layout, or lists it under excluded_streams "
                        + "with a reason; --plan prints that mapping without writing anything (see docs/export.md).",
                "The dataset rate is the cameras' common rate; without cameras, or when they differ, give --fps.",
                "The subset must pass the dataset gates of the profile (gates:, see `curio subset gates`), checked after "
                        + "validating; --allow-failed-gates exports it anyway and the bundle records that.",
                "The key passphrase is read from $" + PassphraseSource.ENV + " when set, else asked on the terminal."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    CurioCli root;

    @Parameters(paramLabel = "SUBSET")
    String subset;

    @Option(names = "--format", required = true, paramLabel = "lerobot-v3|rlds|hdf5|mp4|steplog|manifest")
    String format;

    @Option(names = "--profile", paramLabel = "aloha|robomimic|FILE", description = "a layout of the format (hdf5: aloha, "
            + "ALOHA/ACT episode files, or robomimic, one file; default: aloha) or a YAML profile FILE whose rules validate "
            + "the episodes the export validates and whose gates: the subset must pass; give it twice for both")
    List<String> profiles = new ArrayList<>();

    /** The layout named with --profile, or null for the format's default. */
    String formatProfile;

    @Option(names = "--out", paramLabel = "DIR", description = "the bundle folder to create (must not exist; not needed with --plan)")
    Path out;

    @Option(names = "--key", paramLabel = "KEYFILE", description = "curio-signing.key from `curio keys generate` (not needed with --plan)")
    Path key;

    @Option(names = "--fps", paramLabel = "N", description = "the dataset's frame rate; series are resampled onto it and "
            + "cameras at another rate re-encoded (default: the cameras' common rate)")
    Integer fps;

    @Option(names = "--on-mismatch", defaultValue = "refuse", paramLabel = "refuse|intersect",
            description = "episodes whose features differ are refused, or with intersect only the features every "
                    + "episode has alike are kept (the rest listed as excluded) (default: ${DEFAULT-VALUE})")
    String onMismatch;

    @Option(names = "--plan", description = "print how the streams would become features, and the dataset rate, without exporting")
    boolean plan;

    @Option(names = "--retention-days", defaultValue = "365", paramLabel = "N", description = "sets bundle.expires_at (default: ${DEFAULT-VALUE})")
    int retentionDays;

    @Option(names = "--data-file-mb", defaultValue = "100", paramLabel = "MB",
            description = "lerobot-v3: start the next data parquet when one reaches this size; rlds: the same for TFRecord "
                    + "shards (default: ${DEFAULT-VALUE})")
    double dataFileMb;

    @Option(names = "--video-file-mb", defaultValue = "200", paramLabel = "MB",
            description = "lerobot-v3: start the next MP4 of a camera when one reaches this size (default: ${DEFAULT-VALUE})")
    double videoFileMb;

    @Option(names = "--no-validate", description = "refuse, naming them, episodes never validated or changed since, "
            + "instead of validating them first")
    boolean noValidate;

    /** The YAML profile file given with --profile, or null for the built-in one. */
    Path validationProfile;

    /** A --profile value is a layout when the format has one by that name, otherwise a profile file. */
    private void sortProfiles(Exporter.Format f) {
        for (String value : profiles) {
            if (f.profiles().contains(value)) {
                if (formatProfile != null) throw twice(value, "layouts");
                formatProfile = value;
            } else if (java.nio.file.Files.isRegularFile(Path.of(value))) {
                if (validationProfile != null) throw twice(value, "profile files");
                validationProfile = Path.of(value);
            } else {
                throw new store.CurioException("cli.bad_option", value, "--profile", "'" + value + "' is neither a layout of "
                        + format + (f.profiles().isEmpty() ? " (it has none)" : " (" + String.join(", ", f.profiles()) + ")")
                        + " nor a profile file");
            }
        }
    }

    private static store.CurioException twice(String value, String what) {
        return new store.CurioException("cli.bad_option", value, "--profile", "--profile names two " + what + "; give one");
    }

    @Option(names = "--allow-failed-gates", description = "export a subset that fails a dataset gate of the profile; the bundle's "
            + "manifest and data card record it under quality_gates")
    boolean allowFailedGates;

    @Override
    public Integer call() {
        Exporter.Format f = Exporter.Format.parse(format);
        sortProfiles(f);
        f.implementation(formatProfile);
        Exporter.Mapping mapping = new Exporter.Mapping(fps, FeatureMap.OnMismatch.parse(onMismatch));
        if (plan) return printPlan(f, mapping);
        if (out == null) throw new store.CurioException("cli.missing_option", null, "--out", "give the bundle folder to create with --out");
        if (key == null) throw new store.CurioException("cli.missing_option", null, "--key", "give the signing key with --key");
        ValidationProfile p = validationProfile == null ? ValidationProfile.defaults() : ValidationProfile.load(validationProfile);
        // Declining validation still exports under the profile's time base and gates.
        ExportValidation.Policy validation = noValidate ? new ExportValidation.Policy(false, p) : ExportValidation.Policy.validateWith(p);
        ExportGates gates = ExportGates.of(p, allowFailedGates);
        // Everything that can be checked without the key is checked before anyone is asked for a passphrase.
        try (Catalog catalog = Catalog.open(root.catalogPath())) {
            Subset s = new Subsets(catalog).require(subset);
            if (noValidate) {
                ExportValidation.refuseUnknownQuality(catalog, s);
                gates.check(catalog, s);
            }
            Exporter.plan(catalog, subset, f, formatProfile, mapping, Cancellation.NEVER);
        }
        if (!java.nio.file.Files.isRegularFile(key)) {
            throw new store.CurioException("keys.not_found", key.toString(), "--key", "no such key file");
        }
        char[] passphrase = root.context().passphrases().read("Passphrase for " + key, false);
        SigningKey signingKey;
        try {
            signingKey = SigningKeys.load(key, passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        Exporter.Result r;
        try (Catalog catalog = Catalog.open(root.catalogPath())) {
            r = Exporter.export(catalog, new Exporter.Request(subset, f, out, signingKey, Duration.ofDays(retentionDays), Version.get(),
                    FileSizeLimits.ofMb(dataFileMb, videoFileMb), mapping, formatProfile), validation, gates,
                    Output.progress(root.context()), Cancellation.NEVER);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("bundle", r.bundle().toString());
        doc.put("manifest_id", r.manifestId());
        doc.put("format", r.format());
        doc.put("format_version", r.formatVersion());
        if (r.profile() != null) doc.put("profile", r.profile());
        doc.put("episode_count", r.episodeCount());
        doc.put("artifact_count", r.artifactCount());
        doc.put("size_bytes", r.sizeBytes());
        if (r.features() != null) putMapping(doc, r.features(), r.layout());
        if (root.json()) {
            Output.printJson(root.context().out(), doc);
        } else {
            root.context().out().printf("exported %d episodes (%d artifacts, %d bytes) to %s%nmanifest %s, merkle root %s%n",
                    r.episodeCount(), r.artifactCount(), r.sizeBytes(), r.bundle(), r.manifestId(), r.merkleRoot());
            if (r.features() != null) printMapping(r.features(), r.layout());
            root.context().out().flush();
        }
        return ExitCodes.OK;
    }

    private int printPlan(Exporter.Format f, Exporter.Mapping mapping) {
        if (f.implementation(formatProfile).mapsStreams()) {
            Exporter.Planned planned;
            try (Catalog catalog = Catalog.open(root.catalogPath())) {
                planned = Exporter.plan(catalog, subset, f, formatProfile, mapping, Cancellation.NEVER);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("subset", subset);
            doc.put("format", f.id);
            doc.put("format_version", planned.format().version());
            if (planned.format().profile() != null) doc.put("profile", planned.format().profile());
            putMapping(doc, planned.map(), planned.layout());
            if (root.json()) Output.printJson(root.context().out(), doc);
            else printMapping(planned.map(), planned.layout());
            root.context().out().flush();
            return ExitCodes.OK;
        }
        throw new store.CurioException("export.bad_option", null, "--plan", "--plan shows how streams become features; "
                + "a manifest export copies no streams");
    }

    private static void putMapping(Map<String, Object> doc, FeatureMap map, Map<String, String> layout) {
        doc.put("fps", map.fps());
        doc.put("fps_source", map.clock());
        doc.put("features", Mapping.features(map));
        doc.put("excluded_streams", Mapping.excluded(map));
        doc.put("layout", layout);
    }

    private void printMapping(FeatureMap map, Map<String, String> layout) {
        var o = root.context().out();
        o.printf("%d fps (%s)%n", map.fps(), map.clock().equals("user") ? "--fps" : "the cameras' rate");
        for (FeatureMap.Feature ft : map.features()) {
            var n = Mapping.feature(ft, null);
            o.printf("  %-34s %-7s %-10s <- %s%s%n", ft.key(), ft.dtype(), n.get("shape"), String.join(", ",
                    new java.util.LinkedHashSet<>(ft.pieces().values().stream().flatMap(p -> p.stream().map(FeatureMap.Piece::stream)).toList())),
                    ft.kind() == FeatureMap.Kind.SERIES ? " (" + ft.rule().id() + ")" : "");
            if (layout.containsKey(ft.key())) o.printf("  %-34s -> %s%n", "", layout.get(ft.key()));
        }
        for (FeatureMap.Excluded e : map.excluded()) {
            o.printf("  not exported: %s %s: %s (%s)%n", e.episodeId(), e.stream(), e.reason(), e.detail());
        }
    }
}
