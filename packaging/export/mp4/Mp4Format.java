package packaging.export.mp4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import packaging.export.CameraVideo;
import packaging.export.CameraVideos;
import packaging.export.EpisodeOut;
import packaging.export.ExportFormat;
import packaging.export.ExportProgress;
import packaging.export.Exporter;
import packaging.export.FeatureMap;
import packaging.export.FrameRows;
import packaging.export.ParallelWriters;
import packaging.export.Produced;
import packaging.export.SegmentNames;
import packaging.export.SegmentPlan;
import packaging.export.VideoFormat;
import pipeline.Digests;
import store.Annotations;
import store.Cancellation;
import store.CurioException;

/**
 * Seed 000's media bundle: per exported segment and camera one MP4 ({@code clips/<segment>/<camera>.mp4}), cut to the
 * segment, redactions burned in, on the export's clock; copied packet for packet where nothing changes it (a whole,
 * unredacted episode at the dataset rate), else encoded as H.264. Next to the clips: {@code clips.jsonl} (one
 * reference per clip with its SHA-256 and review state), {@code redactions.jsonl} (what was blurred where),
 * {@code consent.jsonl} (each episode's consent receipt) and {@code licenses.json} (which clips each licence covers).
 * Series and depth maps have no place in it and are listed as excluded.
 */
public final class Mp4Format implements ExportFormat {
    public static final String ID = "mp4";
    static final String CLIPS = "clips.jsonl";
    static final String REDACTIONS = "redactions.jsonl";
    static final String CONSENT = "consent.jsonl";
    static final String LICENSES = "licenses.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "curio-media/1";
    }

    @Override
    public FeatureMap plan(FeatureMap shared) {
        if (shared.cameras().isEmpty()) {
            throw new CurioException("export.no_cameras", null, "--format", "the subset has no camera to put in an MP4 media "
                    + "bundle; choose a format that carries series (lerobot-v3, rlds, hdf5, steplog)");
        }
        return shared.without(f -> f.kind() != FeatureMap.Kind.VIDEO, "not_in_format", f -> "an MP4 media bundle carries "
                + "camera video only; " + (f.kind() == FeatureMap.Kind.DEPTH ? "depth maps" : "series") + " are in lerobot-v3, "
                + "rlds, hdf5 and steplog exports");
    }

    @Override
    public Map<String, String> layout(FeatureMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FeatureMap.Feature f : map.cameras()) out.put(f.key(), "clips/<segment>/" + camera(f) + ".mp4");
        return out;
    }

    /** The file name of a camera's clips: its key without the {@code observation.images.} namespace. */
    static String camera(FeatureMap.Feature f) {
        return f.key().substring(f.key().lastIndexOf("images.") + "images.".length());
    }

    @Override
    public Written write(Job job) {
        FeatureMap map = job.map();
        Path work = job.work();
        Cancellation cancel = job.cancel();
        FrameRows.Rows rows = FrameRows.of(job.plan(), map, cancel);
        List<EpisodeOut> outs = rows.episodes();
        List<String> names = SegmentNames.of(job.plan());
        ExportProgress counter = new ExportProgress(job.progress(), rows.frames() * map.cameras().size());
        List<Function<Cancellation, ?>> jobs = new ArrayList<>();
        for (FeatureMap.Feature c : map.cameras()) {
            // One clip per segment: file n of a camera is segment n's.
            CameraVideo.Layout layout = new CameraVideo.Layout(n -> "clips/" + names.get(n) + "/" + camera(c) + ".mp4", Long.MAX_VALUE, true);
            jobs.add(stop -> CameraVideos.plan(work, c, outs, map.fps(), layout, job.planKey(), counter, stop));
        }
        List<CameraVideos.CameraPlan> plans = new ArrayList<>();
        for (Object r : ParallelWriters.run(jobs, cancel)) plans.add((CameraVideos.CameraPlan) r);
        List<CameraVideos.CameraResult> cams = CameraVideos.writeFiles(work, plans, job.planKey(), counter, cancel, job.flush());
        List<Produced> produced = new ArrayList<>();
        ArrayNode clips = JSON.createArrayNode();
        Map<String, List<String>> clipsByLicense = new TreeMap<>();
        for (int i = 0; i < outs.size(); i++) {
            EpisodeOut ep = outs.get(i);
            SegmentPlan seg = ep.segment();
            String license = Exporter.consent(seg.episode()).path("license_scope").asText(null);
            for (int c = 0; c < cams.size(); c++) {
                CameraVideos.CameraResult cam = cams.get(c);
                FeatureMap.Feature feature = map.cameras().get(c);
                CameraVideos.EpisodeVideo v = cam.episodes().get(i);
                CameraVideo.Span span = v.span();
                ep.videos().put(cam.key(), span);
                ep.addRedacted(v.redactedFrames());
                String sha = cam.sha256().get(span.file());
                if (sha == null) sha = Digests.sha256Hex(work.resolve(span.file()));
                boolean copied = span.mode().equals("remux");
                produced.add(new Produced(span.file(), work.resolve(span.file()), "robotics_episode_video", List.of(seg),
                        copied ? "remux (packets copied, no re-encoding)" : "decode, cut, redact, encode H.264", sha));
                ObjectNode clip = clips.addObject();
                clip.put("episode", seg.episodeId()).put("segment_index", seg.index()).put("camera", camera(feature))
                        .put("stream", feature.stream(seg.episodeId())).put("file", span.file())
                        .put("t_start", seg.startNs() / 1e9).put("t_end", seg.endNs() / 1e9).put("frames", span.frames())
                        .put("fps", map.fps()).put("mode", copied ? "copied" : "encoded")
                        .put("codec", VideoFormat.probe(work.resolve(span.file())).codec())
                        .put("redacted_frames", v.redactedFrames()).put("sha256", sha);
                clip.put("review", seg.episode().summary().review());
                clip.put("success", seg.failures().isEmpty());
                if (license != null) clip.put("license_scope", license);
                clipsByLicense.computeIfAbsent(license == null ? "" : license, k -> new ArrayList<>()).add(span.file());
            }
        }
        List<SegmentPlan> all = job.plan().segments();
        writeLines(work.resolve(CLIPS), clips);
        produced.add(new Produced(CLIPS, work.resolve(CLIPS), "robotics_episode_reference", all, "clip references", null));
        ArrayNode redactions = redactionEvents(outs, map, cams);
        writeLines(work.resolve(REDACTIONS), redactions);
        produced.add(new Produced(REDACTIONS, work.resolve(REDACTIONS), "robotics_redaction_events", all, "redaction events", null));
        ArrayNode consent = JSON.createArrayNode();
        job.plan().episodes().forEach(e -> consent.addObject().put("episode", e.summary().episodeId())
                .set("consent", Exporter.consent(e)));
        writeLines(work.resolve(CONSENT), consent);
        produced.add(new Produced(CONSENT, work.resolve(CONSENT), "robotics_consent_receipt", all, "consent receipts", null));
        ObjectNode licenses = JSON.createObjectNode();
        ArrayNode scopes = licenses.putArray("license_scopes");
        clipsByLicense.forEach((scope, files) -> {
            ObjectNode o = scopes.addObject();
            if (scope.isEmpty()) o.putNull("scope").put("note", "the episodes name no licence scope");
            else o.put("scope", scope);
            files.forEach(o.putArray("clips")::add);
        });
        writeJson(work.resolve(LICENSES), licenses);
        produced.add(new Produced(LICENSES, work.resolve(LICENSES), "robotics_license_scope", all, "licence boundaries", null));
        counter.finish("clips written");
        Stats stats = Stats.of(outs, rows.masterKey());
        ObjectNode card = JSON.createObjectNode();
        card.put("clips", clips.size()).put("clip_references", CLIPS).put("redaction_events", redactions.size())
                .put("videos_copied_without_reencoding", stats.videosCopied()).put("videos_reencoded", stats.videosEncoded());
        ArrayNode cameras = card.putArray("cameras");
        map.cameras().forEach(f -> cameras.add(camera(f)));
        ObjectNode settings = JSON.createObjectNode().put("clip_layout", "one MP4 per segment and camera")
                .put("encoded_video", "H.264 (libopenh264), constant frame rate at the dataset fps");
        return new Written(produced, stats, card, settings);
    }

    /** Per segment and redaction track: the camera, the method, the keyframes inside the segment, the frames it changed. */
    private static ArrayNode redactionEvents(List<EpisodeOut> outs, FeatureMap map, List<CameraVideos.CameraResult> cams) {
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < outs.size(); i++) {
            SegmentPlan seg = outs.get(i).segment();
            for (int c = 0; c < cams.size(); c++) {
                FeatureMap.Feature f = map.cameras().get(c);
                for (Annotations.RedactionTrack t : seg.redactions(f.stream(seg.episodeId()))) {
                    ObjectNode e = out.addObject().put("episode", seg.episodeId()).put("segment_index", seg.index())
                            .put("camera", camera(f)).put("stream", t.stream()).put("method", t.method())
                            .put("padding_px", t.paddingPx()).put("burned_in", true)
                            .put("frames_redacted", cams.get(c).episodes().get(i).redactedFrames());
                    ArrayNode ks = e.putArray("keyframes");
                    for (Annotations.Keyframe k : t.keyframes()) {
                        if (k.tNs() < seg.startNs() || k.tNs() >= seg.endNs()) continue;
                        ks.addObject().put("t", k.tNs() / 1e9).put("x", k.x()).put("y", k.y()).put("w", k.w()).put("h", k.h());
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String markdown(JsonNode s) {
        return "- " + s.path("clips").asInt() + " clips (" + String.join(", ", texts(s.path("cameras"))) + "), referenced in "
                + CLIPS + " with their SHA-256; " + s.path("videos_copied_without_reencoding").asInt() + " copied without "
                + "re-encoding, " + s.path("videos_reencoded").asInt() + " encoded (trim, redaction or alignment)\n"
                + "- Redaction events: " + s.path("redaction_events").asInt() + " (" + REDACTIONS + "); consent receipts in "
                + CONSENT + "; licence boundaries in " + LICENSES + "\n";
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void writeLines(Path file, ArrayNode rows) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (JsonNode r : rows) {
                w.write(JSON.writeValueAsString(r));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    private static void writeJson(Path file, ObjectNode node) {
        try {
            Files.writeString(file, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }
}
