package app.cli;

import app.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        description = {"Export a subset as a signed, verifiable bundle (a BagIt folder) at DIR.",
                "lerobot-v3: a LeRobot v3.0 dataset of the accepted segments with redactions burned in; "
                        + "manifest: JSONL records referencing the raw files.",
                "lerobot-v3 maps every stream to a feature (observation.state, observation.velocity, observation.effort, "
                        + "action, observation.images.<camera>, observation.depth.<camera>, next.reward, next.done, "
                        + "observation.<name>) or lists it under excluded_streams with a reason; --plan prints that mapping "
                        + "without writing anything (see docs/export.md).",
                "The dataset rate is the cameras' common rate; without cameras, or when they differ, give --fps.",
                "The subset must pass the dataset gates of the profile (gates:, see `curio subset gates`), checked after "
                        + "validating; --allow-failed-gates exports it anyway and the bundle records that.",
                "The key passphrase is read from $" + PassphraseSource.ENV + " when set, else asked on the terminal."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    CurioCli root;

    @Parameters(paramLabel = "SUBSET")
    String subset;

    @Option(names = "--format", required = true, paramLabel = "lerobot-v3|manifest")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "the bundle folder to create (must not exist; not needed with --plan)")
    Path out;

    @Option(names = "--key", paramLabel = "KEYFILE", description = "curio-signing.key from `curio keys generate` (not needed with --plan)")
    Path key;

    @Option(names = "--fps", paramLabel = "N", description = "lerobot-v3: the dataset's frame rate; series are resampled onto it "
            + "and cameras at another rate re-encoded (default: the cameras' common rate)")
    Integer fps;

    @Option(names = "--on-mismatch", defaultValue = "refuse", paramLabel = "refuse|intersect",
            description = "lerobot-v3: episodes whose features differ are refused, or with intersect only the features every "
                    + "episode has alike are kept (the rest listed as excluded) (default: ${DEFAULT-VALUE})")
    String onMismatch;

    @Option(names = "--plan", description = "print how the streams would become features, and the dataset rate, without exporting")
    boolean plan;

    @Option(names = "--retention-days", defaultValue = "365", paramLabel = "N", description = "sets bundle.expires_at (default: ${DEFAULT-VALUE})")
    int retentionDays;

    @Option(names = "--data-file-mb", defaultValue = "100", paramLabel = "MB",
            description = "lerobot-v3: start the next data parquet when one reaches this size (default: ${DEFAULT-VALUE})")
    double dataFileMb;

    @Option(names = "--video-file-mb", defaultValue = "200", paramLabel = "MB",
            description = "lerobot-v3: start the next MP4 of a camera when one reaches this size (default: ${DEFAULT-VALUE})")
    double videoFileMb;

    @Option(names = "--no-validate", description = "refuse, naming them, episodes never validated or changed since, "
            + "instead of validating them first")
    boolean noValidate;

    @Option(names = "--profile", paramLabel = "FILE", description = "the validation profile for episodes the export validates, "
            + "and whose gates: the subset must pass (default: the built-in one)")
    Path profile;

    @Option(names = "--allow-failed-gates", description = "export a subset that fails a dataset gate of the profile; the bundle's "
            + "manifest and data card record it under quality_gates")
    boolean allowFailedGates;

    @Override
    public Integer call() {
        Exporter.Format f = Exporter.Format.parse(format);
        Exporter.Mapping mapping = new Exporter.Mapping(fps, FeatureMap.OnMismatch.parse(onMismatch));
        if (plan) return printPlan(f, mapping);
        if (out == null) throw new store.CurioException("cli.missing_option", null, "--out", "give the bundle folder to create with --out");
        if (key == null) throw new store.CurioException("cli.missing_option", null, "--key", "give the signing key with --key");
        ValidationProfile p = profile == null ? ValidationProfile.defaults() : ValidationProfile.load(profile);
        ExportValidation.Policy validation = noValidate ? ExportValidation.Policy.refuse() : ExportValidation.Policy.validateWith(p);
        ExportGates gates = ExportGates.of(p, allowFailedGates);
        // Everything that can be checked without the key is checked before anyone is asked for a passphrase.
        try (Catalog catalog = Catalog.open(root.catalogPath())) {
            Subset s = new Subsets(catalog).require(subset);
            if (noValidate) {
                ExportValidation.refuseUnknownQuality(catalog, s);
                gates.check(catalog, s);
            }
            if (f == Exporter.Format.LEROBOT_V3) Exporter.features(catalog, subset, mapping, Cancellation.NEVER);
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
                    FileSizeLimits.ofMb(dataFileMb, videoFileMb), mapping), validation, gates,
                    Output.progress(root.context()), Cancellation.NEVER);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("bundle", r.bundle().toString());
        doc.put("manifest_id", r.manifestId());
        doc.put("format", r.format());
        doc.put("episode_count", r.episodeCount());
        doc.put("artifact_count", r.artifactCount());
        doc.put("size_bytes", r.sizeBytes());
        if (r.features() != null) putMapping(doc, r.features());
        if (root.json()) {
            Output.printJson(root.context().out(), doc);
        } else {
            root.context().out().printf("exported %d episodes (%d artifacts, %d bytes) to %s%nmanifest %s, merkle root %s%n",
                    r.episodeCount(), r.artifactCount(), r.sizeBytes(), r.bundle(), r.manifestId(), r.merkleRoot());
            if (r.features() != null) printMapping(r.features());
            root.context().out().flush();
        }
        return ExitCodes.OK;
    }

    private int printPlan(Exporter.Format f, Exporter.Mapping mapping) {
        if (f != Exporter.Format.LEROBOT_V3) {
            throw new store.CurioException("export.bad_option", null, "--plan", "--plan shows a LeRobot feature mapping; "
                    + "a manifest export copies no streams");
        }
        FeatureMap map;
        try (Catalog catalog = Catalog.open(root.catalogPath())) {
            map = Exporter.features(catalog, subset, mapping, Cancellation.NEVER);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("subset", subset);
        doc.put("format", f.id);
        putMapping(doc, map);
        if (root.json()) Output.printJson(root.context().out(), doc);
        else printMapping(map);
        root.context().out().flush();
        return ExitCodes.OK;
    }

    private static void putMapping(Map<String, Object> doc, FeatureMap map) {
        doc.put("fps", map.fps());
        doc.put("fps_source", map.clock());
        doc.put("features", Mapping.features(map));
        doc.put("excluded_streams", Mapping.excluded(map));
    }

    private void printMapping(FeatureMap map) {
        var o = root.context().out();
        o.printf("%d fps (%s)%n", map.fps(), map.clock().equals("user") ? "--fps" : "the cameras' rate");
        for (FeatureMap.Feature ft : map.features()) {
            var n = Mapping.feature(ft, null);
            o.printf("  %-34s %-7s %-10s <- %s%s%n", ft.key(), ft.dtype(), n.get("shape"), String.join(", ",
                    new java.util.LinkedHashSet<>(ft.pieces().values().stream().flatMap(p -> p.stream().map(FeatureMap.Piece::stream)).toList())),
                    ft.kind() == FeatureMap.Kind.SERIES ? " (" + ft.rule().id() + ")" : "");
        }
        for (FeatureMap.Excluded e : map.excluded()) {
            o.printf("  not exported: %s %s: %s (%s)%n", e.episodeId(), e.stream(), e.reason(), e.detail());
        }
    }
}
