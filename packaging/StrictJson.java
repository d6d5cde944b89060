package packaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON a bundle, a signature or a notice carries with duplicate keys refused. JSON leaves a repeated key
 * undefined, so two readers (Curio's, the canonicaliser the signature is computed over, a customer's) may keep
 * different values of one signed document; a document with a key twice is therefore never trusted.
 */
public final class StrictJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The finding and error code for a JSON object that has a key twice. */
    public static final String DUPLICATE_KEY = "json.duplicate_key";

    private StrictJson() { }

    /** Whether a parse failed on a repeated key (rather than on text that is not JSON). */
    public static boolean isDuplicateKey(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m != null && m.startsWith("Duplicate field");
    }
}
