package packaging.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import store.Annotations;

/**
 * The data card: {@code data_card.json} and the same facts as {@code DATA_CARD.md}. The common part (subset, episodes
 * with their rows, quality, failures, redactions, consent and licences) is the same for every format; the format's
 * section (named by {@link ExportFormat#section()}) adds the clock, the features, what was excluded and where each
 * feature went, then what the format itself reports.
 */
final class DataCard {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataCard() { }

    static ObjectNode json(ExportPlan plan, ExportFormat format, FeatureMap map, Map<String, String> layout, ExportFormat.Written written,
                           Map<String, String> qa, TreeSet<String> consents, TreeSet<String> licenses) {
        ObjectNode c = JSON.createObjectNode();
        c.put("subset", plan.subset().name());
        c.put("format", format.id());
        c.put("format_version", format.version());
        if (format.profile() != null) c.put("profile", format.profile());
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
                failures.merge(SegmentPlan.failureMode(r), 1, Integer::sum);
            }
            redactionTracks += snap.redactions().size();
            snap.redactions().forEach(t -> methods.add(t.method()));
        }
        ObjectNode fm = c.putObject("known_failure_modes");
        failures.forEach(fm::put);
        ObjectNode red = c.putObject("redactions");
        red.put("tracks", redactionTracks);
        methods.forEach(red.putArray("methods")::add);
        if (map != null) {
            red.put("burned_in", true);
            red.put("redacted_frames", written.stats().redactedFrames());
        } else {
            red.put("burned_in", false);
            red.put("note", "manifest-only: media are referenced, not copied; each record lists the redactions a consumer must apply");
        }
        c.set("episodes", episodes(plan, written.stats()));
        ObjectNode ds = c.putObject(format.section());
        if (map != null) {
            ds.put("fps", map.fps());
            ds.put("fps_source", map.clock());
            ds.put("frames", written.stats().frames());
            ds.set("features", Mapping.features(map));
            ds.set("excluded_streams", Mapping.excluded(map));
            ds.set("layout", JSON.valueToTree(layout));
            ds.put("alignment", FrameRows.ALIGNMENT);
        }
        ds.setAll(written.card());
        consents.forEach(c.putArray("consent_receipts")::add);
        licenses.forEach(c.putArray("license_scopes")::add);
        return c;
    }

    /**
     * Every exported segment: its episode, its time range, whether it succeeded (no failure mark inside it), and the rows
     * the format wrote of it (absent for a manifest-only bundle, which writes no rows).
     */
    private static ArrayNode episodes(ExportPlan plan, ExportFormat.Stats stats) {
        ArrayNode out = JSON.createArrayNode();
        for (SegmentPlan s : plan.segments()) {
            ObjectNode e = out.addObject().put("episode_id", s.episodeId()).put("segment_index", s.index())
                    .put("t_start_ns", s.startNs()).put("t_end_ns", s.endNs()).put("success", s.failures().isEmpty());
            if (s.index() < stats.episodes().size()) e.put("frames", stats.episodes().get(s.index()).length());
        }
        return out;
    }

    static String markdown(ObjectNode c, ExportFormat format) {
        StringBuilder md = new StringBuilder();
        md.append("# Data card: ").append(c.path("subset").asText()).append("\n\n");
        md.append("Format: ").append(c.path("format").asText()).append(" ").append(c.path("format_version").asText())
                .append(c.has("profile") ? " (profile " + c.path("profile").asText() + ")" : "").append(". ")
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
        md.append("## Episodes\n\n| episode | segment | from (s) | to (s) | success | rows |\n|---|---|---|---|---|---|\n");
        for (JsonNode e : c.path("episodes")) {
            md.append("| ").append(e.path("episode_id").asText()).append(" | ").append(e.path("segment_index").asInt()).append(" | ")
                    .append(String.format("%.3f", e.path("t_start_ns").asLong() / 1e9)).append(" | ")
                    .append(String.format("%.3f", e.path("t_end_ns").asLong() / 1e9)).append(" | ")
                    .append(e.path("success").asBoolean() ? "yes" : "no").append(" | ")
                    .append(e.has("frames") ? e.path("frames").asText() : "-").append(" |\n");
        }
        md.append("\n");
        JsonNode l = c.path(format.section());
        md.append("## ").append(format.id()).append(" ").append(format.version()).append("\n\n");
        if (l.has("fps")) {
            md.append("- ").append(l.path("fps").asInt()).append(" fps (").append(l.path("fps_source").asText().equals("user")
                    ? "chosen at export" : "the cameras' rate").append("), ").append(l.path("frames").asLong()).append(" rows\n");
            md.append("\n| feature | dtype | shape | from | resampling | written to |\n|---|---|---|---|---|---|\n");
            for (var f : l.path("features")) {
                md.append("| ").append(f.path("key").asText()).append(" | ").append(f.path("dtype").asText()).append(" | ")
                        .append(f.path("shape").toString()).append(" | ").append(String.join(", ", texts(f.path("streams"))))
                        .append(" | ").append(f.path("resampling").asText("-")).append(" | ")
                        .append(l.path("layout").path(f.path("key").asText()).asText("-")).append(" |\n");
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
            md.append("\n- Alignment: ").append(l.path("alignment").asText()).append("\n");
        }
        md.append(format.markdown(l)).append("\n");
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
