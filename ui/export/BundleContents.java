package ui.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import packaging.sign.Ed25519Keys;
import packaging.sign.SigningKeys;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * A bundle as the app shows it: the verification report, the data card text and its key facts.
 *
 * @param cardMarkdown {@code DATA_CARD.md}, or null when the bundle has none
 * @param facts        label/value pairs from {@code data_card.json}, in display order
 * @param signedByOwnKey the signature verified with the key in {@code $CURIO_HOME/keys}
 * @param manifestId     the manifest's id (what deliveries and recalls are filed under), or null when unreadable
 */
public record BundleContents(Path bundle, VerifyReport report, String cardMarkdown, List<Fact> facts, boolean signedByOwnKey,
                             String manifestId) {
    public record Fact(String label, String value) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The data card is small metadata; a larger file is not a Curio data card and is not loaded. */
    private static final long MAX_CARD_BYTES = 4L << 20;

    static BundleContents read(Path bundle, Path ownPublicKey, ProgressSink progress, Cancellation cancel) {
        VerifyReport report = BundleVerifier.verify(bundle, null, cancel, progress);
        String md = small(bundle.resolve("DATA_CARD.md"));
        String json = small(bundle.resolve("data_card.json"));
        List<Fact> facts = json == null ? List.of() : facts(json);
        boolean own = false;
        if (report.keyId() != null && Files.isRegularFile(ownPublicKey)) {
            try {
                PublicKey key = SigningKeys.loadPublic(ownPublicKey);
                own = Ed25519Keys.keyId(key).equals(report.keyId());
            } catch (CurioException e) {
                own = false; // a damaged local key file says nothing about the bundle
            }
        }
        return new BundleContents(bundle, report, md, facts, own, manifestId(bundle));
    }

    private static String manifestId(Path bundle) {
        try {
            String id = JSON.readTree(bundle.resolve("curio-manifest.json").toFile()).path("manifest_id").asText("");
            return id.isEmpty() ? null : id;
        } catch (IOException e) {
            return null; // the report already names the manifest's problem
        }
    }

    private static String small(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_CARD_BYTES) return null;
            return Files.readString(file);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", file.getFileName().toString(), null, e.getMessage(), e);
        }
    }

    static List<Fact> facts(String json) {
        JsonNode c;
        try {
            c = JSON.readTree(json);
        } catch (IOException e) {
            return List.of(new Fact("data_card.json", "not readable JSON: " + e.getMessage()));
        }
        List<Fact> out = new ArrayList<>();
        add(out, "Subset", c.path("subset").asText(null));
        add(out, "Format", c.path("format").asText(null));
        add(out, "Episodes", c.path("episode_count").asText(null));
        add(out, "Segments", c.path("segment_count").asText(null));
        if (c.has("hours")) add(out, "Hours", String.format("%.4f", c.path("hours").asDouble()));
        add(out, "Tasks", join(c.path("tasks")));
        add(out, "Robots", join(c.path("robots")));
        add(out, "Source datasets", join(c.path("source_datasets")));
        JsonNode lr = c.path("lerobot");
        if (lr.isObject()) {
            add(out, "Frames", lr.path("frames").asText(null) + " at " + lr.path("fps").asText("?") + " fps");
            add(out, "Cameras", join(lr.path("cameras")));
        }
        JsonNode red = c.path("redactions");
        if (red.isObject()) {
            add(out, "Redactions", red.path("tracks").asInt() + " tracks"
                    + (red.path("burned_in").asBoolean() ? ", " + red.path("redacted_frames").asInt() + " frames burned in" : ""));
        }
        add(out, "License scopes", join(c.path("license_scopes")));
        add(out, "Consent receipts", String.valueOf(c.path("consent_receipts").size()));
        return out;
    }

    private static void add(List<Fact> out, String label, String value) {
        if (value != null && !value.isEmpty()) out.add(new Fact(label, value));
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return parts.isEmpty() ? null : String.join(", ", parts);
    }
}
