package pipeline.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import store.CurioException;

/**
 * A position in a parsed JSON/YAML tree that knows its own path, so every type error can name the
 * exact field ({@code $.steps[12].observation.media.rgb.uri} or
 * {@code rosbag2_bagfile_information.topics_with_message_count[2].topic_metadata.name}).
 *
 * @param node          the value here; null or MissingNode when the key is absent
 * @param path          the path to this value, used verbatim as the error field
 * @param file          the file the tree came from
 * @param badTypeCode   error code when the value has the wrong type or is missing but required
 * @param lenientScalars true for YAML, where an unquoted {@code 123} or {@code true} may be meant as text
 */
public record NodeCursor(JsonNode node, String path, String file, String badTypeCode, boolean lenientScalars) {

    public static NodeCursor root(JsonNode node, String path, String file, String badTypeCode, boolean lenientScalars) {
        return new NodeCursor(node, path, file, badTypeCode, lenientScalars);
    }

    /** A child of this object; navigating into a present non-object value is a type error. */
    public NodeCursor get(String key) {
        if (!isAbsent() && !node.isObject()) throw error("expected an object but found " + describe());
        JsonNode child = isAbsent() ? null : node.get(key);
        return new NodeCursor(child, path + "." + key, file, badTypeCode, lenientScalars);
    }

    /** The value at a dotted path ({@code observation.media.rgb}), absent as soon as one step is. */
    public NodeCursor dotted(String path) {
        NodeCursor c = this;
        for (String part : path.split("\\.")) {
            c = c.get(part);
            if (c.isAbsent()) return c;
        }
        return c;
    }

    public NodeCursor at(int index) {
        if (!isAbsent() && !node.isArray()) throw error("expected an array but found " + describe());
        JsonNode child = isAbsent() ? null : node.get(index);
        return new NodeCursor(child, path + "[" + index + "]", file, badTypeCode, lenientScalars);
    }

    /** Absent and explicit null ({@code ~} in YAML) are treated alike: optional fields may use either. */
    public boolean isAbsent() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    public boolean isObject() { return !isAbsent() && node.isObject(); }
    public boolean isArray() { return !isAbsent() && node.isArray(); }
    public boolean isText() { return !isAbsent() && node.isTextual(); }

    public CurioException error(String message) {
        return new CurioException(badTypeCode, file, path, message);
    }

    public NodeCursor requireObject() {
        if (!isObject()) throw error("expected an object but found " + describe());
        return this;
    }

    public String text() {
        if (isAbsent()) throw error("required string is missing");
        if (node.isTextual()) return node.textValue();
        if (lenientScalars && node.isValueNode()) return node.asText();
        throw error("expected a string but found " + describe());
    }

    public String textOr(String fallback) {
        return isAbsent() ? fallback : text();
    }

    public long longValue() {
        if (isAbsent()) throw error("required integer is missing");
        if (node.isIntegralNumber() && node.canConvertToLong()) return node.longValue();
        if (node.isTextual() && lenientScalars) return parseLong(node.textValue());
        throw error("expected an integer but found " + describe());
    }

    public Long longOrNull() {
        return isAbsent() ? null : longValue();
    }

    public long longOr(long fallback) {
        return isAbsent() ? fallback : longValue();
    }

    /** TFDS writes int64 counters as JSON strings ({@code "numBytes": "3474742"}); accept both. */
    public long longOrNumericText() {
        if (!isAbsent() && node.isTextual()) return parseLong(node.textValue());
        return longValue();
    }

    public double doubleValue() {
        if (isAbsent()) throw error("required number is missing");
        if (node.isNumber()) return node.doubleValue();
        throw error("expected a number but found " + describe());
    }

    public Double doubleOrNull() {
        return isAbsent() ? null : doubleValue();
    }

    public boolean bool() {
        if (isAbsent()) throw error("required boolean is missing");
        if (node.isBoolean()) return node.booleanValue();
        throw error("expected a boolean but found " + describe());
    }

    public Boolean boolOrNull() {
        return isAbsent() ? null : bool();
    }

    /** The elements of a required array. */
    public List<NodeCursor> elements() {
        if (!isArray()) throw error("expected an array but found " + describe());
        List<NodeCursor> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(at(i));
        return out;
    }

    /** The elements of an optional array; absent means empty. */
    public List<NodeCursor> elementsOrEmpty() {
        return isAbsent() ? List.of() : elements();
    }

    public List<String> textList() {
        List<String> out = new ArrayList<>();
        for (NodeCursor c : elementsOrEmpty()) out.add(c.text());
        return out;
    }

    /** Length of a required array without copying its elements (large per-step vectors). */
    public int arrayLength() {
        if (!isArray()) throw error("expected an array but found " + describe());
        return node.size();
    }

    private long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw error("expected an integer but found the string \"" + s + "\"");
        }
    }

    private String describe() {
        if (isAbsent()) return "nothing";
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string \"" + abbreviate(node.textValue()) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
