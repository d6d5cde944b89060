package packaging.export.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import packaging.export.ExportFormat;
import packaging.export.FeatureMap;
import packaging.export.Produced;
import packaging.export.SegmentPlan;
import pipeline.source.StreamLocator;
import store.Annotations;
import store.CurioException;
import store.FileEntry;
import store.StreamEntry;

/**
 * Manifest-only export: one JSON line per exported segment referencing the raw files (dataset root, path, sha256,
 * size, and the time range to read, or the byte/segment range the stream occupies) without copying media.
 * Redactions cannot be burned into files that are not copied, so each record lists the tracks a consumer must apply.
 */
public final class ManifestFormat implements ExportFormat {
    public static final String ID = "manifest";
    static final String FILE = "segments.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "curio-segments/1";
    }

    @Override
    public boolean mapsStreams() {
        return false;
    }

    @Override
    public FeatureMap plan(FeatureMap shared) {
        return shared;
    }

    @Override
    public Map<String, String> layout(FeatureMap map) {
        return Map.of();
    }

    @Override
    public Written write(Job job) {
        Path file = job.work().resolve(FILE);
        try {
            Files.createDirectories(job.work());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (SegmentPlan seg : job.plan().segments()) {
                    job.cancel().check();
                    w.write(JSON.writeValueAsString(record(seg)));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
        List<Produced> produced = List.of(new Produced(FILE, file, "robotics_episode_reference", job.plan().segments(),
                "reference raw files", null));
        ObjectNode card = JSON.createObjectNode().put("file", FILE).put("records", job.plan().segments().size());
        return new Written(produced, new Stats(List.of(), null, 0, 0, 0, 0), card, JSON.createObjectNode());
    }

    @Override
    public String markdown(JsonNode section) {
        return "- " + section.path("records").asInt() + " records in " + section.path("file").asText()
                + ", one per exported segment, each naming the raw files (path, SHA-256, size) and the time range to read\n";
    }

    static ObjectNode record(SegmentPlan seg) {
        ObjectNode r = JSON.createObjectNode();
        r.put("episode_id", seg.episodeId());
        r.put("segment_index", seg.index());
        r.put("dataset", seg.episode().summary().dataset());
        r.put("dataset_root", seg.episode().datasetRoot());
        r.put("task", seg.task());
        r.put("t_start_ns", seg.startNs());
        r.put("t_end_ns", seg.endNs());
        r.put("whole_episode", seg.whole());
        ArrayNode subs = r.putArray("subtasks");
        for (Annotations.Range s : seg.subtasks()) {
            subs.addObject().put("label", s.label()).put("t_start_ns", Math.max(s.startNs(), seg.startNs()))
                    .put("t_end_ns", Math.min(s.endNs(), seg.endNs()));
        }
        ArrayNode files = r.putArray("files");
        for (StreamEntry s : seg.episode().streams()) {
            StreamLocator loc = StreamLocator.of(s);
            FileEntry f = fileEntry(seg, loc.file());
            ObjectNode o = files.addObject().put("stream", s.name()).put("kind", s.kind().dbName()).put("path", loc.file());
            if (f != null) o.put("sha256", f.sha256()).put("size_bytes", f.sizeBytes());
            if (loc.key() != null) o.put("key", loc.key());
            o.putArray("episode_time_range_ns").add(seg.startNs()).add(seg.endNs());
            // The stream's own time (episode time minus its clock offset) is what a reader seeks to in the raw file.
            o.putArray("own_time_range_ns").add(seg.startNs() - s.clockOffsetNs()).add(seg.endNs() - s.clockOffsetNs());
            if (loc.fromS() != null) o.putArray("file_time_range_s").add(loc.fromS()).add(loc.toS());
            if (loc.rowFrom() != null) o.putArray("row_range").add(loc.rowFrom()).add(loc.rowTo());
        }
        ArrayNode red = r.putArray("redactions_required");
        for (Annotations.RedactionTrack t : seg.annotations().redactions()) {
            ObjectNode o = red.addObject().put("stream", t.stream()).put("method", t.method()).put("padding_px", t.paddingPx());
            ArrayNode ks = o.putArray("keyframes");
            t.keyframes().forEach(k -> ks.addObject().put("t_ns", k.tNs()).put("x", k.x()).put("y", k.y()).put("w", k.w()).put("h", k.h()));
        }
        seg.annotations().review().ifPresent(rv -> r.putObject("review").put("decision", rv.decision())
                .put("reviewer", rv.reviewer()).put("decided_at_ns", rv.decidedAtNs()));
        return r;
    }

    private static FileEntry fileEntry(SegmentPlan seg, String rel) {
        if (rel == null) return null;
        for (FileEntry f : seg.episode().files()) if (f.relPath().equals(rel)) return f;
        return null;
    }
}
