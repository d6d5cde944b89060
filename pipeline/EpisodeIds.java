package pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Episode ids derived from the episode's manifest, as the ingest contract v0 says: the SHA-256 of the
 * RFC 8785 canonical form of the manifest with its own {@code episode_id} removed, so the id is stable
 * across key order, whitespace and number formatting, and changes whenever any declared fact changes.
 *
 * <p>Exactly: parse the manifest (JSON, or YAML read into the JSON data model: numbers, booleans, null, and
 * every other scalar, unquoted dates included, as a string), remove its top-level {@code episode_id}, serialize
 * it as RFC 8785 canonical JSON (UTF-8), take the SHA-256 of those bytes; the id is {@code ep_} followed by the
 * first 20 lowercase hex digits of that digest.
 */
public final class EpisodeIds {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EpisodeIds() { }

    public static String fromManifest(JsonNode manifest) {
        return "ep_" + manifestSha256(manifest).substring(0, 20);
    }

    /** The full SHA-256 (hex) the id is taken from. */
    public static String manifestSha256(JsonNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        copy.remove("episode_id");
        return canonicalSha256(copy);
    }

    /** Whether {@code declared} names this manifest: its id, or its full digest (bare or {@code sha256:}-prefixed). */
    public static boolean matches(String declared, JsonNode manifest) {
        String full = manifestSha256(manifest);
        String d = declared.trim();
        return d.equals("ep_" + full.substring(0, 20)) || d.equalsIgnoreCase(full) || d.equalsIgnoreCase("sha256:" + full);
    }

    public static String canonicalSha256(JsonNode node) {
        try {
            String canonical = new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedString();
            return Digests.sha256Hex(canonical);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot canonicalize JSON: " + e.getMessage(), e);
        }
    }
}
