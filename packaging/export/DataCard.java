package packaging.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import store.Annotations;

/** The data card: {@code data_card.json} and the same facts as {@code DATA_CARD.md}. */
final class DataCard {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataCard() { }

    static ObjectNode json(ExportPlan plan, String format, LeRobotExport.Result lerobot, Map<String, String> qa,
                           TreeSet<String> consents, TreeSet<String> licenses) {
        ObjectNode c = JSON.createObjectNode();
        c.put("subset", plan.subset().name());
        c.put("format", format);
        c.put("episode_count", plan.episodes().size());
        c.put("segment_count", plan.segments().size());
        c.put("hours", Math.round(plan.hours() * 1e4) / 1e4);
        TreeSet<String> tasks = new TreeSet<>();
        TreeSet<String> robots = new TreeSet<>();
        TreeSet<String> datasets = new TreeSet<>();
        plan.segments().forEach(s -> tasks.add(s.task()));
        plan.episodes().forEach(e -> {
            if (e.robot() != null) robots.add(e.robot());
            datasets.add(e.summary().dataset());
        });
        tasks.forEach(c.putArray("tasks")::add);
        robots.forEach(c.putArray("robots")::add);
        datasets.forEach(c.putArray("source_datasets")::add);
        ObjectNode quality = c.putObject("quality");
        Map<String, Integer> states = new TreeMap<>();
        qa.values().forEach(v -> states.merge(v, 1, Integer::sum));
        states.forEach(quality::put);
        ObjectNode perEpisode = c.putObject("episode_validation");
        qa.forEach(perEpisode::put);
        Map<String, Integer> failures = new TreeMap<>();
        int redactionTracks = 0;
        TreeSet<String> methods = new TreeSet<>();
        for (var e : plan.episodes()) {
            // Annotations are per episode; the first segment of each episode carries them.
            Annotations.Snapshot snap = plan.segments().stream().filter(s -> s.episode() == e).findFirst().orElseThrow().annotations();
            for (Annotations.Range r : snap.ofKind(Annotations.FAILURE)) {
                failures.merge(r.failureMode() != null ? r.failureMode() : r.label() != null ? r.label() : "unlabelled", 1, Integer::sum);
            }
            redactionTracks += snap.redactions().size();
            snap.redactions().forEach(t -> methods.add(t.method()));
        }
        ObjectNode fm = c.putObject("known_failure_modes");
        failures.forEach(fm::put);
        ObjectNode red = c.putObject("redactions");
        red.put("tracks", redactionTracks);
        methods.forEach(red.putArray("methods")::add);
        if (lerobot != null) {
            red.put("burned_in", true);
            red.put("redacted_frames", lerobot.redactedFrames());
            ObjectNode ds = c.putObject("lerobot");
            FeatureMap map = lerobot.map();
            ds.put("fps", map.fps());
            ds.put("fps_source", map.clock());
            ds.put("frames", lerobot.frames());
            ds.put("master_camera", lerobot.masterCamera());
            ArrayNode cams = ds.putArray("cameras");
            map.cameras().forEach(f -> cams.add(f.key()));
            ArrayNode depths = ds.putArray("depth_maps");
            map.depths().forEach(f -> depths.add(f.key()));
            ds.set("features", Mapping.features(map));
            ds.set("excluded_streams", Mapping.excluded(map));
            ds.put("alignment", LeRobotExport.ALIGNMENT);
            ds.put("videos_copied_without_reencoding", lerobot.remuxedVideos());
            ds.put("videos_reencoded", lerobot.encodedVideos());
            lerobot.subtasks().keySet().forEach(ds.putArray("subtask_labels")::add);
        } else {
            red.put("burned_in", false);
            red.put("note", "manifest-only: media are referenced, not copied; each record lists the redactions a consumer must apply");
        }
        consents.forEach(c.putArray("consent_receipts")::add);
        licenses.forEach(c.putArray("license_scopes")::add);
        return c;
    }

    static String markdown(ObjectNode c) {
        StringBuilder md = new StringBuilder();
        md.append("# Data card: ").append(c.path("subset").asText()).append("\n\n");
        md.append("Format: ").append(c.path("format").asText()).append(". ")
                .append(c.path("episode_count").asInt()).append(" episodes, ").append(c.path("segment_count").asInt())
                .append(" exported segments, ").append(String.format("%.4f", c.path("hours").asDouble())).append(" hours.\n\n");
        list(md, "Source datasets", c.path("source_datasets"));
        list(md, "Tasks", c.path("tasks"));
        list(md, "Robots", c.path("robots"));
        md.append("## Quality\n\n");
        c.path("quality").properties().forEach(e -> md.append("- validation ").append(e.getKey()).append(": ").append(e.getValue().asInt()).append(" episodes\n"));
        c.path("episode_validation").properties().forEach(e -> md.append("- ").append(e.getKey()).append(": validation ").append(e.getValue().asText()).append("\n"));
        if (c.has("quality_gates")) {
            var q = c.path("quality_gates");
            md.append("\n## Dataset gates (profile ").append(q.path("profile").asText()).append(")\n\n");
            if (q.path("gates").isEmpty()) md.append("- none set\n");
            for (var g : q.path("gates")) {
                md.append("- ").append(g.path("name").asText()).append(": ").append(g.path("value").asText()).append(" (threshold ")
                        .append(g.path("threshold").asText()).append(") ").append(g.path("pass").asBoolean() ? "pass" : "FAIL").append("\n");
            }
            if (!q.path("pass").asBoolean()) md.append("\nExported although a gate failed (--allow-failed-gates).\n");
        }
        md.append("\n## Known failure modes\n\n");
        if (c.path("known_failure_modes").isEmpty()) md.append("- none marked\n");
        c.path("known_failure_modes").properties().forEach(e -> md.append("- ").append(e.getKey()).append(": ").append(e.getValue().asInt()).append("\n"));
        if (c.has("failure_clusters") && !c.path("failure_clusters").isEmpty()) {
            md.append("\n## Failure clusters\n\n");
            c.path("failure_clusters").properties().forEach(e -> md.append("- ").append(e.getKey()).append(": ")
                    .append(e.getValue().asInt()).append(" marks\n"));
        }
        md.append("\n## Redactions\n\n");
        ObjectNode r = (ObjectNode) c.path("redactions");
        md.append("- ").append(r.path("tracks").asInt()).append(" tracks (").append(String.join(", ", texts(r.path("methods"))))
                .append(")").append(r.path("burned_in").asBoolean() ? ", burned into the video pixels ("
                        + r.path("redacted_frames").asInt() + " frames)" : "; " + r.path("note").asText()).append("\n\n");
        if (c.has("lerobot")) {
            var l = c.path("lerobot");
            md.append("## LeRobot v3.0 dataset\n\n");
            md.append("- ").append(l.path("fps").asInt()).append(" fps (").append(l.path("fps_source").asText().equals("user")
                    ? "chosen at export" : "the cameras' rate").append("), ").append(l.path("frames").asLong()).append(" frames; cameras: ")
                    .append(l.path("cameras").isEmpty() ? "none" : String.join(", ", texts(l.path("cameras"))))
                    .append(l.path("master_camera").isNull() ? "" : " (rows follow " + l.path("master_camera").asText() + ")").append("\n");
            md.append("\n| feature | dtype | shape | from | resampling |\n|---|---|---|---|---|\n");
            for (var f : l.path("features")) {
                md.append("| ").append(f.path("key").asText()).append(" | ").append(f.path("dtype").asText()).append(" | ")
                        .append(f.path("shape").toString()).append(" | ").append(String.join(", ", texts(f.path("streams"))))
                        .append(" | ").append(f.path("resampling").asText("-")).append(" |\n");
            }
            md.append("\nStreams not exported: ");
            if (l.path("excluded_streams").isEmpty()) md.append("none.\n");
            else {
                md.append("\n\n");
                for (var e : l.path("excluded_streams")) {
                    md.append("- ").append(e.path("episode_id").asText()).append(" ").append(e.path("stream").asText()).append(": ")
                            .append(e.path("reason").asText()).append(" (").append(e.path("detail").asText()).append(")\n");
                }
            }
            md.append("\n");
            md.append("- Alignment: ").append(l.path("alignment").asText()).append("\n");
            md.append("- Videos copied without re-encoding: ").append(l.path("videos_copied_without_reencoding").asInt())
                    .append("; re-encoded (trim, redaction or alignment): ").append(l.path("videos_reencoded").asInt()).append("\n");
            md.append("- Subtask labels (column subtask_index, vocabulary in meta/subtasks.parquet): ")
                    .append(String.join(", ", texts(l.path("subtask_labels")))).append("\n\n");
        }
        list(md, "Consent receipts", c.path("consent_receipts"));
        list(md, "License scopes", c.path("license_scopes"));
        return md.toString();
    }

    private static java.util.List<String> texts(com.fasterxml.jackson.databind.JsonNode a) {
        java.util.List<String> out = new java.util.ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void list(StringBuilder md, String title, com.fasterxml.jackson.databind.JsonNode a) {
        md.append("## ").append(title).append("\n\n");
        if (a.isEmpty()) md.append("- none\n");
        a.forEach(n -> md.append("- ").append(n.asText()).append("\n"));
        md.append("\n");
    }
}
