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
import pipeline.source.Sources;

/**
 * Exports a subset as a signed bundle. The payload is produced in a hidden work folder next to the target
 * ({@code .NAME.work}, kept when an export dies so a re-run with the same plan reuses finished videos), taken into
 * the bundle by hard links, and the bundle is renamed into place only when complete (see {@link BundleWriter}).
 */
public final class Exporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Format {
        LEROBOT_V3("lerobot-v3"), MANIFEST("manifest");

        public final String id;

        Format(String id) {
            this.id = id;
        }

        public static Format parse(String s) {
            for (Format f : values()) if (f.id.equals(s.toLowerCase(Locale.ROOT))) return f;
            throw new CurioException("export.bad_format", null, "format", "unknown format '" + s + "' (lerobot-v3, manifest)");
        }
    }

    /**
     * How the streams become a dataset's features and clock (LeRobot).
     *
     * @param fps        the dataset rate, or null to take the cameras' common rate (refused when there is none)
     * @param onMismatch what to do when the episodes do not share the same features
     */
    public record Mapping(Integer fps, FeatureMap.OnMismatch onMismatch) {
        public static final Mapping DEFAULT = new Mapping(null, FeatureMap.OnMismatch.REFUSE);
    }

    /** @param retention how long the recipient may keep the bundle; sets bundle.expires_at */
    public record Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion,
                          FileSizeLimits limits, Mapping mapping) {
        public Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion) {
            this(subset, format, out, key, retention, softwareVersion, FileSizeLimits.LEROBOT_DEFAULTS);
        }

        public Request(String subset, Format format, Path out, SigningKey key, Duration retention, String softwareVersion,
                       FileSizeLimits limits) {
            this(subset, format, out, key, retention, softwareVersion, limits, Mapping.DEFAULT);
        }
    }

    /** @param features how the streams became features (LeRobot), null for a manifest-only bundle */
    public record Result(Path bundle, String manifestId, String format, int episodeCount, long artifactCount, long sizeBytes,
                         String merkleRoot, String bundleSha256, FeatureMap features) { }

    private Exporter() { }

    /**
     * How a subset's streams would become LeRobot features, without writing anything: what {@code curio export
     * --plan} prints and the export dialog shows. Fails as the export would (no common rate, features that differ).
     */
    public static FeatureMap features(Catalog catalog, String subsetName, Mapping mapping, Cancellation cancel) {
        Subset subset = new Subsets(catalog).require(subsetName);
        return featureMap(ExportPlan.of(catalog, subset).episodes(), mapping, cancel);
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
        Subset subset = new Subsets(catalog).require(req.subset());
        ExportValidation.ensure(catalog, subset, validation, progress, cancel);
        recheck(catalog, subset);
        ObjectNode gateResults = gates.json(gates.check(catalog, subset));
        ExportPlan plan = ExportPlan.of(catalog, subset);
        FeatureMap map = null;
        if (req.format() == Format.LEROBOT_V3) {
            map = featureMap(plan.episodes(), req.mapping(), cancel);
            // Rate-less episodes (RLDS, HDF5 without a control rate) take the chosen rate: step k is at k / fps.
            int fps = map.fps();
            plan = ExportPlan.of(catalog, subset, e -> Retime.atRate(e, fps));
        }
        Path out = req.out().toAbsolutePath().normalize();
        if (Files.exists(out)) throw new CurioException("bundle.exists", out.toString(), null, "the bundle folder already exists");
        FreeSpace.require(out.getParent(), estimateBytes(plan, req.format()));
        Path work = out.resolveSibling("." + out.getFileName() + ".work");
        String planKey = planKey(plan, req.format(), req.softwareVersion(), req.limits()) + (map == null ? ""
                : "|" + Digests.sha256Hex(map.fps() + "|" + map.clock() + "|" + packaging.export.Mapping.features(map)));
        try (BackgroundFlush flush = new BackgroundFlush()) {
            return write(catalog, subset, req, plan, map, gateResults, out, work, planKey, progress, cancel, flush);
        }
    }

    private static Result write(Catalog catalog, Subset subset, Request req, ExportPlan plan, FeatureMap map, ObjectNode gates,
                                Path out, Path work,
                                String planKey, ProgressSink progress, Cancellation cancel, BackgroundFlush flush) {
        LeRobotExport.Result lerobot = null;
        List<Produced> produced;
        if (req.format() == Format.LEROBOT_V3) {
            lerobot = LeRobotExport.write(plan, map, work, planKey, req.limits(), progress, cancel, flush);
            produced = new ArrayList<>(lerobot.produced());
            produced.addAll(Provenance.write(work, plan, lerobot, new Provenance.Settings(
                    req.mapping().onMismatch().name().toLowerCase(Locale.ROOT), req.limits())));
        } else {
            produced = ManifestExport.write(plan, work, cancel);
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
        ObjectNode skeleton = ManifestSkeleton.build(plan, req.format().id, qa, consents, licenses, expires, produced);
        if (map != null) {
            ObjectNode features = skeleton.putObject("lerobot");
            features.put("fps", map.fps()).put("fps_source", map.clock());
            features.set("features", packaging.export.Mapping.features(map));
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
        try (BundleWriter bundle = BundleWriter.open(out, "curio " + req.softwareVersion(), cancel, n -> {
            hashed[0] += n;
            progress.update(hashed[0], total, "hashing the bundle");
        })) {
            for (Produced p : produced) {
                ObjectNode fields = ManifestSkeleton.artifactFields(p, consentOf, expires);
                FileDigest d = bundle.adoptFile(p.path(), p.file(), p.sha256(), fields);
                steps.addObject().put("tool", "curio export " + req.format().id + ": " + p.processing())
                        .put("version", req.softwareVersion()).put("input_hash", "sha256:" + inputHash(p))
                        .put("output_hash", "sha256:" + d.sha256()).put("output", d.path()).put("ts", Instant.now().toString());
            }
            ObjectNode card = DataCard.json(plan, req.format().id, lerobot, qa, consents, licenses);
            card.set("quality_gates", gates);
            card.set("failure_clusters", clusters.get("summary"));
            bundle.addTagFile("data_card.json", (card.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
            bundle.addTagFile("DATA_CARD.md", DataCard.markdown(card).getBytes(StandardCharsets.UTF_8));
            skeleton.put("created_at", now.toString());
            try {
                flush.finish(cancel);
            } catch (IOException e) {
                throw new CurioException("io.write_failed", out.toString(), null, "cannot write the export to storage: " + e.getMessage(), e);
            }
            written = bundle.commit(skeleton, req.key(), Map.of("Source-Organization", "curio", "External-Description",
                    "Curio export of subset " + subset.name() + " (" + req.format().id + ")"));
        }
        String bundleSha = bundleSha(out);
        record(catalog, subset, req, written, plan, bundleSha, now, expires);
        deleteTree(work);
        return new Result(out, written.manifestId(), req.format().id, plan.episodes().size(), written.payloadFiles(),
                written.payloadBytes(), written.merkleRoot(), bundleSha, map);
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

    static long estimateBytes(ExportPlan plan, Format format) {
        if (format == Format.MANIFEST) return plan.segments().size() * 8192L;
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

    private static String planKey(ExportPlan plan, Format format, String version, FileSizeLimits limits) {
        // The caps decide which file each episode lands in, so finished videos are reused only under the same caps.
        StringBuilder sb = new StringBuilder(format.id).append('|').append(version).append('|').append(limits);
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

    static JsonNode consent(EpisodeDetail e) {
        if (e.manifestJson() == null) return JSON.createObjectNode();
        try {
            return JSON.readTree(e.manifestJson()).path("consent");
        } catch (IOException ex) {
            return JSON.createObjectNode();
        }
    }

    private static String bundleSha(Path bundle) {
        try {
            return JSON.readTree(bundle.resolve(BundleWriter.MANIFEST_FILE).toFile()).path("bundle").path("sha256").asText();
        } catch (IOException e) {
            throw new CurioException("io.read_failed", BundleWriter.MANIFEST_FILE, null, e.getMessage(), e);
        }
    }

    private static void record(Catalog catalog, Subset subset, Request req, BundleWriter.Result w, ExportPlan plan,
                               String sha, Instant created, Instant expires) {
        catalog.exportRecords().addBundle(new ExportRecords.BundleRecord(w.manifestId(), subset.id(), req.format().id,
                        w.bundle().toString(), sha, w.merkleRoot(), req.key().keyId(), w.payloadBytes(), plan.episodes().size(),
                        created.getEpochSecond() * 1_000_000_000L, expires.getEpochSecond() * 1_000_000_000L),
                JSON.createObjectNode().put("subset", subset.name()).put("format", req.format().id).put("path", w.bundle().toString()).toString());
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
