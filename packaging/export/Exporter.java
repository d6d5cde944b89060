package packaging.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import packaging.bagit.FileDigest;
import packaging.bundle.BackgroundFlush;
import packaging.bundle.BundleWriter;
import packaging.bundle.Landings;
import packaging.export.hdf5.Hdf5Format;
import packaging.export.lerobot.LeRobotFormat;
import packaging.export.manifest.ManifestFormat;
import packaging.export.mp4.Mp4Format;
import packaging.export.rlds.RldsFormat;
import packaging.export.steplog.StepLogFormat;
import packaging.sign.SigningKey;
import packaging.space.FreeSpace;
import store.CandidateEpisode;
import store.Subset;
import packaging.subset.Subsets;
import pipeline.Digests;
import pipeline.validate.ValidationProfile;
import store.Catalog;
import store.ExportRecords;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.FileEntry;
import store.ProgressSink;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.SeriesData;
import store.StreamEntry;
import pipeline.source.Placement;
import pipeline.source.Sources;

/**
 * Exports a subset as a signed bundle in one of the {@link Format}s. The payload is produced in a hidden work folder
 * next to the target ({@code .NAME.work}, kept when an export dies so a re-run with the same plan reuses finished
 * videos), taken into the bundle by hard links, and the bundle is renamed into place only when complete (see
 * {@link BundleWriter}). Everything but the payload (validation, the segments, the feature map and clock, provenance,
 * the manifest, the data card, the signature) is the same for every format.
 */
public final class Exporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The formats {@code curio export --format} takes; each is an {@link ExportFormat} in a package of its own. */
    public enum Format {
        LEROBOT_V3(LeRobotFormat.ID, "LeRobot v3.0 dataset"),
        RLDS(RldsFormat.ID, "RLDS episodes in a TFDS folder (TFRecord shards)"),
        HDF5(Hdf5Format.ID, "HDF5 (ALOHA/ACT or robomimic)"),
        MP4(Mp4Format.ID, "MP4 media bundle (clips + data card)"),
        STEPLOG(StepLogFormat.ID, "RLDS step logs (seed 004) + edge manifest"),
        MANIFEST(ManifestFormat.ID, "Manifest JSONL (references raw files)");

        public final String id;
        public final String title;

        Format(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public static Format parse(String s) {
            for (Format f : values()) if (f.id.equals(s.toLowerCase(Locale.ROOT))) return f;
            throw new CurioException("export.bad_format", null, "format", "unknown format '" + s + "' (" + ids() + ")");
        }

        public static String ids() {
            List<String> ids = new ArrayList<>();
            for (Format f : values()) ids.add(f.id);
            return String.join(", ", ids);
        }

        /** The profiles the format has (HDF5), the default first; empty when it has none. */
        public List<String> profiles() {
            return this == HDF5 ? Hdf5Format.PROFILES : List.of();
        }

        /** The writer of this format; {@code profile} null takes the default one, and is refused by formats without. */
        public ExportFormat implementation(String profile) {
            if (profile != null && profiles().isEmpty()) {
                throw new CurioException("export.bad_option", null, "--profile", "--format " + id + " has no profiles; "
                        + "--profile applies to hdf5 (" + String.join(", ", Hdf5Format.PROFILES) + ")");
            }
            return switch (this) {
                case LEROBOT_V3 -> new LeRobotFormat();
                case MANIFEST -> new ManifestFormat();
                case MP4 -> new Mp4Format();
                case RLDS -> new RldsFormat();
                case HDF5 -> Hdf5Format.of(profile);
                case STEPLOG -> new StepLogFormat();
            };
        }
    }

    /**
     * How the streams become a dataset's features and clock, for every format that writes streams.
     *
     * @param fps        the dataset rate, or null to take the cameras' common rate (refused when there is none)
     * @param onMismatch what to do when the episodes do not share the same features
     */
    public record Mapping(Integer fps, FeatureMap.OnMismatch onMismatch) {
        public static final Mapping DEFAULT = new Mapping(null, FeatureMap.OnMismatch.REFUSE);
    }

    /**
     * @param retention how long the recipient may keep the bundle; sets bundle.expires_at
     * @param profile   the format's profile (HDF5: aloha, robomimic), null for its default or a format without
     */
    public record Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion,
                          FileSizeLimits limits, Mapping mapping, String profile) {
        public Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion) {
            this(subset, format, out, key, retention, softwareVersion, FileSizeLimits.LEROBOT_DEFAULTS);
        }

        public Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion,
                       FileSizeLimits limits) {
            this(subset, format, out, key, retention, softwareVersion, limits, Mapping.DEFAULT);
        }

        public Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion,
                       FileSizeLimits limits, Mapping mapping) {
            this(subset, format, out, key, retention, softwareVersion, limits, mapping, null);
        }
    }

    /**
     * @param format        the format id; {@code formatVersion} and {@code profile} as the bundle manifest names them
     * @param features      how the streams became features in this format, null for a manifest-only bundle
     * @param layout        where each feature landed in the format's layout
     * @param segmentFrames rows per exported segment, in plan order (empty for a manifest-only bundle)
     */
    public record Result(Path bundle, String manifestId, String format, int episodeCount, long artifactCount, long sizeBytes,
                         String merkleRoot, String bundleSha256, FeatureMap features, String formatVersion, String profile,
                         Map<String, String> layout, List<Long> segmentFrames) { }

    /** What {@link #plan} finds: the format, its mapping of the streams, and where each feature lands. */
    public record Planned(ExportFormat format, FeatureMap map, Map<String, String> layout) { }

    private Exporter() { }

    /**
     * How a subset's streams would become LeRobot features, without writing anything. Fails as the export would (no
     * common rate, features that differ).
     */
    public static FeatureMap features(Catalog catalog, String subsetName, Mapping mapping, Cancellation cancel) {
        return plan(catalog, subsetName, Format.LEROBOT_V3, null, mapping, cancel).map();
    }

    /**
     * How a subset's streams would become features of {@code format}, without writing anything: what {@code curio
     * export --plan} prints and the export dialog shows. Fails as the export would (no common rate, features that
     * differ, a format that cannot hold the subset).
     */
    public static Planned plan(Catalog catalog, String subsetName, Format format, String profile, Mapping mapping, Cancellation cancel) {
        ExportFormat impl = format.implementation(profile);
        Subset subset = new Subsets(catalog).require(subsetName);
        if (!impl.mapsStreams()) return new Planned(impl, null, Map.of());
        FeatureMap map = impl.plan(featureMap(ExportPlan.of(catalog, subset).episodes(), mapping, cancel));
        return new Planned(impl, map, impl.layout(map));
    }

    private static FeatureMap featureMap(List<EpisodeDetail> episodes, Mapping mapping, Cancellation cancel) {
        return FeatureMap.of(episodes, mapping.fps(), mapping.onMismatch(), new FeatureMap.Probe() {
            @Override
            public List<String[]> channels(EpisodeDetail e, StreamEntry s) {
                SeriesData d = Sources.openSeries(Path.of(e.datasetRoot()), e, s, cancel);
                List<String[]> layout = new ArrayList<>();
                d.channels().forEach(c -> layout.add(new String[] {c.field(), c.name()}));
                return layout;
            }

            @Override
            public int[] frameSize(EpisodeDetail e, StreamEntry s) {
                try (FrameSource src = Sources.open(Path.of(e.datasetRoot()), e, s)) {
                    if (src.width() > 0 && src.height() > 0) return new int[] {src.width(), src.height()};
                    FrameBuffer b = new FrameBuffer();
                    src.decode(0, b);
                    return new int[] {b.width(), b.height()};
                }
            }
        });
    }

    public static Result export(Catalog catalog, Request req, ProgressSink progress, Cancellation cancel) {
        return export(catalog, req, ExportValidation.Policy.validateWith(pipeline.validate.ValidationProfile.defaults()), progress, cancel);
    }

    /**
     * As above; {@code validation} says what happens to episodes of the subset whose quality is unknown; the
     * dataset gates are those of its profile (the built-in one's when it validates nothing).
     */
    public static Result export(Catalog catalog, Request req, ExportValidation.Policy validation, ProgressSink progress,
                                Cancellation cancel) {
        ValidationProfile profile = validation.profile() != null ? validation.profile() : ValidationProfile.defaults();
        return export(catalog, req, validation, ExportGates.of(profile, false), progress, cancel);
    }

    /** As above, with the dataset gates the subset must pass. */
    public static Result export(Catalog catalog, Request req, ExportValidation.Policy validation, ExportGates gates,
                                ProgressSink progress, Cancellation cancel) {
        ExportFormat format = req.format().implementation(req.profile());
        Subset subset = new Subsets(catalog).require(req.subset());
        ExportValidation.ensure(catalog, subset, validation, progress, cancel);
        recheck(catalog, subset);
        ObjectNode gateResults = gates.json(gates.check(catalog, subset));
        Placement placement = validation.profile() != null ? validation.profile().placement() : Placement.DEFAULT;
        ExportPlan plan = ExportPlan.of(catalog, subset, placement, e -> e);
        FeatureMap map = null;
        if (format.mapsStreams()) {
            map = format.plan(featureMap(plan.episodes(), req.mapping(), cancel));
            // Rate-less episodes (RLDS, HDF5 without a control rate) take the chosen rate: step k is at k / fps.
            int fps = map.fps();
            plan = ExportPlan.of(catalog, subset, placement, e -> Retime.atRate(e, fps));
        }
        Path out = req.out().toAbsolutePath().normalize();
        Landings.settleLanded(catalog);
        Landings.settle(catalog, out);
        if (Files.exists(out)) throw new CurioException("bundle.exists", out.toString(), null, "the bundle folder already exists");
        FreeSpace.require(out.getParent(), estimateBytes(plan, format));
        Path work = out.resolveSibling("." + out.getFileName() + ".work");
        String planKey = planKey(plan, format, req.softwareVersion(), req.limits()) + (map == null ? ""
                : "|" + Digests.sha256Hex(map.fps() + "|" + map.clock() + "|" + packaging.export.Mapping.features(map)))
                + "|" + placement;
        try (BackgroundFlush flush = new BackgroundFlush()) {
            return write(catalog, subset, req, format, plan, map, gateResults, out, work, planKey, progress, cancel, flush);
        }
    }

    private static Result write(Catalog catalog, Subset subset, Request req, ExportFormat format, ExportPlan plan, FeatureMap map,
                                ObjectNode gates, Path out, Path work, String planKey, ProgressSink progress, Cancellation cancel,
                                BackgroundFlush flush) {
        ExportFormat.Written payload = format.write(new ExportFormat.Job(plan, map, work, planKey, req.limits(),
                datasetName(subset.name()), progress, cancel, flush));
        Map<String, String> layout = map == null ? Map.of() : format.layout(map);
        List<Produced> produced = new ArrayList<>(payload.produced());
        if (map != null) {
            produced.addAll(Provenance.write(work, plan, map, payload.stats(), new Provenance.Settings(format.id(), format.version(),
                    req.mapping().onMismatch().name().toLowerCase(Locale.ROOT), payload.settings(), layout)));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(req.retention());
        Map<String, String> qa = new LinkedHashMap<>();
        plan.episodes().forEach(e -> qa.put(e.summary().episodeId(), e.summary().validation()));
        TreeSet<String> consents = new TreeSet<>();
        TreeSet<String> licenses = new TreeSet<>();
        Map<String, JsonNode> consentOf = new LinkedHashMap<>();
        for (EpisodeDetail e : plan.episodes()) {
            JsonNode c = consent(e);
            consentOf.put(e.summary().episodeId(), c);
            if (c.hasNonNull("consent_receipt")) consents.add(c.get("consent_receipt").asText());
            if (c.hasNonNull("license_scope")) licenses.add(c.get("license_scope").asText());
        }
        BundleWriter.Result written;
        ObjectNode skeleton = ManifestSkeleton.build(plan, format, qa, consents, licenses, expires, produced);
        if (map != null) {
            ObjectNode features = skeleton.putObject(format.section());
            features.put("fps", map.fps()).put("fps_source", map.clock());
            features.set("features", packaging.export.Mapping.features(map));
            features.set("layout", JSON.valueToTree(layout));
            skeleton.set("excluded_streams", packaging.export.Mapping.excluded(map));
        }
        skeleton.set("quality_gates", gates);
        ObjectNode clusters = FailureClusters.json(catalog.failureBoard().marksOf(subset.episodeIds()));
        skeleton.set("failure_clusters", clusters.get("clusters"));
        ArrayNode steps = skeleton.putArray("processing_steps");
        long totalBytes = 0;
        for (Produced p : produced) totalBytes += size(p.file());
        long total = totalBytes;
        long[] hashed = {0};
        ManifestSkeleton.Artifacts artifacts = new ManifestSkeleton.Artifacts(consentOf, expires);
        try (BundleWriter bundle = BundleWriter.open(out, "curio " + req.softwareVersion(), cancel, n -> {
            hashed[0] += n;
            progress.update(hashed[0], total, "hashing the bundle");
        })) {
            for (Produced p : produced) {
                ObjectNode fields = artifacts.fields(p);
                FileDigest d = bundle.adoptFile(p.path(), p.file(), p.sha256(), fields);
                steps.addObject().put("tool", "curio export " + format.id() + ": " + p.processing())
                        .put("version", req.softwareVersion()).put("input_hash", "sha256:" + inputHash(p))
                        .put("output_hash", "sha256:" + d.sha256()).put("output", d.path()).put("ts", Instant.now().toString());
            }
            ObjectNode card = DataCard.json(plan, format, map, layout, payload, qa, consents, licenses);
            card.set("quality_gates", gates);
            card.set("failure_clusters", clusters.get("summary"));
            bundle.addTagFile("data_card.json", (card.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
            bundle.addTagFile("DATA_CARD.md", DataCard.markdown(card, format).getBytes(StandardCharsets.UTF_8));
            skeleton.put("created_at", now.toString());
            try {
                flush.finish(cancel);
            } catch (IOException e) {
                throw new CurioException("io.write_failed", out.toString(), null, "cannot write the export to storage: " + e.getMessage(), e);
            }
            // Recorded under the partial name before the rename, then under the final one (see Landings): a bundle
            // never exists without its record, which lineage and recalls depend on.
            written = bundle.commit(skeleton, req.key(), Map.of("Source-Organization", "curio", "External-Description",
                    "Curio export of subset " + subset.name() + " (" + format.id() + ")"),
                    atPartial -> record(catalog, subset, format, req, atPartial, plan, now, expires));
        }
        catalog.exportRecords().moveBundle(written.manifestId(), out.toString());
        deleteTree(work);
        List<Long> frames = new ArrayList<>();
        payload.stats().episodes().forEach(ep -> frames.add((long) ep.length()));
        return new Result(out, written.manifestId(), format.id(), plan.episodes().size(), written.payloadFiles(),
                written.payloadBytes(), written.merkleRoot(), written.bundleSha256(), map, format.version(), format.profile(), layout,
                frames);
    }

    /** A name for files and folders of the dataset: the subset's, with anything unsafe in a file name replaced. */
    static String datasetName(String subset) {
        String clean = subset.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return clean.isEmpty() ? "curio_export" : clean;
    }

    /** Rules may have changed since the subset was made (a recall, a new hard finding): those always win. */
    private static void recheck(Catalog catalog, Subset subset) {
        Map<String, CandidateEpisode> all = new LinkedHashMap<>();
        new Subsets(catalog).candidates().forEach(c -> all.put(c.episodeId(), c));
        for (String id : subset.episodeIds()) {
            CandidateEpisode c = all.get(id);
            String reason = c == null ? "no longer in the catalog" : c.exclusionReason(false);
            if (reason != null) {
                throw new CurioException("export.ineligible", null, id, "episode " + id + " of subset " + subset.name()
                        + " cannot be exported any more: " + reason);
            }
        }
    }

    static long estimateBytes(ExportPlan plan, ExportFormat format) {
        if (!format.mapsStreams()) return plan.segments().size() * 8192L;
        long bytes = 0;
        for (SegmentPlan s : plan.segments()) {
            double fraction = s.episode().durationNs() <= 0 ? 1 : Math.min(1, s.durationS() * 1e9 / s.episode().durationNs());
            for (FileEntry f : s.episode().files()) {
                if (f.relPath().endsWith(".mp4")) bytes += (long) (f.sizeBytes() * fraction * 1.2);
            }
            bytes += (long) (s.durationS() * 200 * 64);
        }
        return bytes;
    }

    private static String planKey(ExportPlan plan, ExportFormat format, String version, FileSizeLimits limits) {
        // The caps decide which file each episode lands in, so finished videos are reused only under the same caps.
        StringBuilder sb = new StringBuilder(format.id()).append('|').append(format.profile()).append('|').append(version)
                .append('|').append(limits);
        for (SegmentPlan s : plan.segments()) {
            sb.append('|').append(s.episodeId()).append(':').append(s.startNs()).append('-').append(s.endNs());
            s.episode().files().forEach(f -> sb.append(',').append(f.sha256()));
            s.annotations().redactions().forEach(t -> sb.append(';').append(t));
        }
        return Digests.sha256Hex(sb.toString());
    }

    private static String inputHash(Produced p) {
        StringBuilder sb = new StringBuilder();
        for (SegmentPlan s : p.segments()) {
            sb.append(s.episodeId()).append(':').append(s.startNs()).append('-').append(s.endNs());
            s.episode().files().forEach(f -> sb.append(',').append(f.sha256()));
            sb.append('\n');
        }
        return Digests.sha256Hex(sb.toString());
    }

    /** The consent block of an episode's manifest (receipt, licence scope, retention policy), or an empty object. */
    public static JsonNode consent(EpisodeDetail e) {
        if (e.manifestJson() == null) return JSON.createObjectNode();
        try {
            return JSON.readTree(e.manifestJson()).path("consent");
        } catch (IOException ex) {
            return JSON.createObjectNode();
        }
    }

    private static void record(Catalog catalog, Subset subset, ExportFormat format, Request req, BundleWriter.Result w,
                               ExportPlan plan, Instant created, Instant expires) {
        catalog.exportRecords().addBundle(new ExportRecords.BundleRecord(w.manifestId(), subset.id(), format.id(),
                        w.bundle().toString(), w.bundleSha256(), w.merkleRoot(), req.key().keyId(), w.payloadBytes(), plan.episodes().size(),
                        created.getEpochSecond() * 1_000_000_000L, expires.getEpochSecond() * 1_000_000_000L),
                JSON.createObjectNode().put("subset", subset.name()).put("format", format.id()).put("format_version", format.version())
                        .put("profile", format.profile()).put("path", w.bundle().toString()).toString());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", p.toString(), null, e.getMessage(), e);
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path x : all) Files.deleteIfExists(x);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", p.toString(), null, "cannot remove the work folder: " + e.getMessage(), e);
        }
    }
}
