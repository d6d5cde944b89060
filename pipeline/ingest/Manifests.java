package pipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import store.CurioException;

/**
 * Typed access to manifest fields (JSON or YAML) with errors that name the file and the field path:
 * {@code manifest.bad_json} for unparseable text, {@code manifest.bad_type} for a field of the wrong JSON
 * type, {@code manifest.bad_value} for a value of the right type that cannot be used (a malformed time).
 */
final class Manifests {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String BAD_TYPE = "manifest.bad_type";

    private final String file;
    /** A manifest that declares no contract Curio knows: fields of the wrong type are hints not taken, not errors. */
    private final boolean lenient;

    Manifests(String file) {
        this(file, false);
    }

    Manifests(String file, boolean lenient) {
        this.file = file;
        this.lenient = lenient;
    }

    boolean lenient() {
        return lenient;
    }

    static JsonNode read(InputStream in, ObjectMapper mapper, String file) throws IOException {
        try {
            JsonNode n = mapper.readTree(in);
            if (n == null || !n.isObject()) {
                throw new CurioException(BAD_TYPE, file, "$", "the manifest must be an object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new CurioException("manifest.bad_json", file, null, "not valid " + (mapper == YAML ? "YAML" : "JSON")
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A text field or null when absent/null; any other type is an error. */
    String text(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) return lenient ? null : fail(path, "a string", n);
        return n.asText();
    }

    Long integer(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber()) return lenient ? null : fail(path, "an integer", n);
        return n.asLong();
    }

    Double number(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isNumber()) return lenient ? null : fail(path, "a number", n);
        return n.asDouble();
    }

    /** An object field, or an empty object when absent. */
    JsonNode object(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull() || !n.isObject() && lenient) return JSON.createObjectNode();
        if (!n.isObject()) throw wrong(path, "an object", n);
        return n;
    }

    JsonNode array(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull() || !n.isArray() && lenient) return JSON.createArrayNode();
        if (!n.isArray()) throw wrong(path, "a list", n);
        return n;
    }

    /** ISO-8601 instant in epoch ns, or null when absent. */
    Long instantNs(JsonNode parent, String key, String path) {
        String s = text(parent, key, path);
        if (s == null) return null;
        try {
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            if (lenient) return null;
            throw new CurioException("manifest.bad_value", file, path, "not an ISO-8601 UTC time: " + s, e);
        }
    }

    private <T> T fail(String path, String expected, JsonNode found) {
        throw wrong(path, expected, found);
    }

    CurioException wrong(String path, String expected, JsonNode found) {
        return new CurioException(BAD_TYPE, file, path, "expected " + expected + ", found " + found.getNodeType()
                .toString().toLowerCase() + " " + abbreviate(found.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
