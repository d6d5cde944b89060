package packaging.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import store.CurioException;
import store.EpisodeDetail;
import store.FileEntry;
import store.StreamEntry;

/**
 * Seed 003's published-view rule ("Published Provenance Rule"): every exported episode carries its raw source
 * snapshot under {@code meta/curio_source/<episode>/} (its manifest and notes, byte for byte, checked against the
 * catalog's SHA-256) and {@code meta/curio_conversion/<episode>/conversion_summary.json}: streams in, features out,
 * resampling, copied versus encoded, excluded streams with reasons, and the effective export settings.
 */
public final class Provenance {
    /** Files that describe an episode rather than hold its samples, per source family. */
    static final Set<String> SNAPSHOT_NAMES = Set.of("episode_manifest.json", "notes.md", "episode.yaml", "episode.yml",
            "metadata.json", "edge_manifest.json", "metadata.yaml", "info.json", "dataset_info.json", "features.json");
    /** A descriptive file larger than this is named in the summary but not copied. */
    static final long MAX_SNAPSHOT_BYTES = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Provenance() { }

    /**
     * Export settings the summary records, as the user chose them or as they were defaulted.
     *
     * @param format the format's own effective settings ({@link ExportFormat.Written#settings})
     * @param layout where each feature landed in the format's layout
     */
    record Settings(String formatId, String formatVersion, String onMismatch, ObjectNode format, Map<String, String> layout) { }

    /** Writes both folders for every exported episode; returns the files, for the bundle. */
    static List<Produced> write(Path work, ExportPlan plan, FeatureMap map, ExportFormat.Stats stats, Settings settings) {
        List<Produced> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (EpisodeDetail e : plan.episodes()) {
            String id = e.summary().episodeId();
            String folder = folderName(id, used);
            List<SegmentPlan> segments = plan.segments().stream().filter(s -> s.episode() == e).toList();
            ArrayNode snapshot = JSON.createArrayNode();
            ArrayNode skipped = JSON.createArrayNode();
            for (FileEntry f : e.files()) {
                String name = Path.of(f.relPath()).getFileName().toString().toLowerCase(Locale.ROOT);
                if (!SNAPSHOT_NAMES.contains(name)) continue;
                if (f.sizeBytes() > MAX_SNAPSHOT_BYTES) {
                    skipped.addObject().put("path", f.relPath()).put("sha256", f.sha256()).put("reason", "larger than 16 MB");
                    continue;
                }
                String rel = "meta/curio_source/" + folder + "/" + inside(e, f);
                String sha = copy(Path.of(e.datasetRoot()).resolve(f.relPath()), work.resolve(rel), f);
                snapshot.addObject().put("path", rel).put("source", f.relPath()).put("sha256", sha);
                out.add(new Produced(rel, work.resolve(rel), "robotics_source_snapshot", segments, "copied from the raw episode", sha));
            }
            ObjectNode summary = summary(e, segments, map, stats, settings);
            summary.set("source_snapshot", snapshot);
            if (!skipped.isEmpty()) summary.set("source_snapshot_not_copied", skipped);
            if (snapshot.isEmpty()) summary.put("source_snapshot_note", "the source format keeps no manifest or notes file for this episode");
            String rel = "meta/curio_conversion/" + folder + "/conversion_summary.json";
            writeJson(work.resolve(rel), summary);
            out.add(new Produced(rel, work.resolve(rel), "robotics_conversion_summary", segments, "conversion summary", null));
        }
        return out;
    }

    private static ObjectNode summary(EpisodeDetail e, List<SegmentPlan> segments, FeatureMap map, ExportFormat.Stats stats,
                                      Settings settings) {
        String id = e.summary().episodeId();
        ObjectNode s = JSON.createObjectNode();
        s.put("episode_id", id);
        s.put("dataset", e.summary().dataset());
        s.put("source_format", e.summary().format());
        s.put("source_path", e.relPath());
        ArrayNode files = s.putArray("source_files");
        for (FileEntry f : e.files()) files.addObject().put("path", f.relPath()).put("sha256", f.sha256()).put("size", f.sizeBytes());
        ArrayNode in = s.putArray("streams_in");
        for (StreamEntry st : e.streams()) {
            ObjectNode n = in.addObject().put("name", st.name()).put("kind", st.kind().dbName());
            if (st.topic() != null) n.put("topic", st.topic());
            if (st.encoding() != null) n.put("encoding", st.encoding());
            if (st.rateHz() != null) n.put("rate_hz", st.rateHz());
            if (st.frameCount() != null) n.put("samples", st.frameCount());
        }
        ArrayNode out = s.putArray("features_out");
        for (FeatureMap.Feature f : map.features()) {
            ObjectNode n = Mapping.feature(f, id);
            String target = settings.layout().get(f.key());
            if (target != null) n.put("written_to", target);
            out.add(n);
        }
        ArrayNode excluded = s.putArray("excluded_streams");
        map.excluded(id).forEach(x -> excluded.add(Mapping.excluded(x)));
        ArrayNode segs = s.putArray("segments");
        for (EpisodeOut ep : stats.episodes()) {
            if (!segments.contains(ep.segment())) continue;
            ObjectNode n = segs.addObject().put("episode_index", ep.segment().index()).put("t_start_ns", ep.segment().startNs())
                    .put("t_end_ns", ep.segment().endNs()).put("frames", ep.length()).put("dataset_from_index", ep.fromIndex())
                    .put("dataset_to_index", ep.fromIndex() + ep.length());
            ObjectNode cams = n.putObject("videos");
            ep.videos().forEach((key, span) -> cams.putObject(key).put("mode", span.mode().equals("remux") ? "copied" : "encoded")
                    .put("file", span.file()).put("from_timestamp", span.fromS()).put("to_timestamp", span.toS()));
        }
        ObjectNode set = s.putObject("settings");
        set.put("format", settings.formatId());
        set.put("format_version", settings.formatVersion());
        set.put("fps", map.fps());
        set.put("fps_source", map.clock());
        set.put("rate_tolerance", FeatureMap.RATE_TOLERANCE);
        set.put("on_mismatch", settings.onMismatch());
        set.put("alignment", FrameRows.ALIGNMENT);
        if (!segments.isEmpty()) {
            // Bag messages are placed by header stamp only where their stamps are trusted (see Placement).
            pipeline.source.Placement placement = segments.iterator().next().placement();
            set.put("time_base", placement.timeBase().json());
            set.put("header_log_max_ms", placement.maxHeaderOffsetNs() / 1e6);
        }
        set.setAll(settings.format());
        return s;
    }

    /** The file's path inside the episode's folder, or its name when it lies elsewhere (a dataset-level file). */
    private static String inside(EpisodeDetail e, FileEntry f) {
        String prefix = e.relPath() == null || e.relPath().isEmpty() ? "" : e.relPath() + "/";
        String rel = !prefix.isEmpty() && f.relPath().startsWith(prefix) ? f.relPath().substring(prefix.length())
                : Path.of(f.relPath()).getFileName().toString();
        return rel.replace('\\', '/');
    }

    private static String folderName(String episodeId, Set<String> used) {
        String base = FeatureMap.sanitize(episodeId);
        if (base.isEmpty()) base = "episode";
        String name = base;
        for (int n = 2; !used.add(name); n++) name = base + "-" + n;
        return name;
    }

    /** Copies and hashes in one pass; a file whose bytes are not the ones ingested is refused. */
    private static String copy(Path from, Path to, FileEntry expected) {
        try {
            Files.createDirectories(to.getParent());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(from); OutputStream o = new DigestOutputStream(Files.newOutputStream(to), md)) {
                in.transferTo(o);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            if (expected.sha256() != null && !expected.sha256().equals(sha)) {
                throw new CurioException("export.source_changed", expected.relPath(), null,
                        "the file changed since it was ingested (sha256 " + sha + ", catalog " + expected.sha256() + ")");
            }
            return sha;
        } catch (IOException e) {
            throw new CurioException("io.read_failed", expected.relPath(), null, "cannot copy the source snapshot: " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJson(Path file, ObjectNode node) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(node) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }
}
