package packaging.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Pattern;
import store.CurioException;

/**
 * Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037). The protected header carries the key id and
 * the public key as an OKP JWK, so a bundle verifies offline; trusting that embedded key is the caller's
 * choice (pass an expected key to pin it).
 */
public final class Jws {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = packaging.StrictJson.MAPPER;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final int SIGNATURE_LENGTH = 64;

    /** A JWS whose signature held: its header, payload, the key that verified it and the header kid (may be null). */
    public record Verified(JsonNode header, byte[] payload, PublicKey key, String keyId) { }

    private Jws() { }

    /**
     * @param kid the key id for the header, or null to leave it out
     * @param pub the public key to embed as the header {@code jwk}, or null to leave it out
     */
    public static String signCompact(byte[] payload, PrivateKey key, String kid, PublicKey pub) {
        ObjectNode header = JSON.createObjectNode().put("alg", "EdDSA");
        if (kid != null) header.put("kid", kid);
        if (pub != null) {
            header.putObject("jwk").put("kty", "OKP").put("crv", "Ed25519").put("x", B64.encodeToString(Ed25519Keys.raw(pub)));
        }
        String signingInput = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload);
        try {
            Signature s = Signature.getInstance("Ed25519", Ed25519Keys.BC);
            s.initSign(Ed25519Keys.toBc(key));
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new CurioException("keys.bad_file", null, null, "cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Verifies and returns the payload; see {@link #verifyDetailed}. */
    public static byte[] verify(String compact, PublicKey expected) {
        return verifyDetailed(compact, expected).payload();
    }

    /**
     * @param expected the key the JWS must be signed with, or null to use the key in the header's jwk
     * @throws CurioException {@code signature.malformed} (not a compact EdDSA JWS, or no key to check with),
     *         {@code signature.key_mismatch} (the header names another key than the expected one),
     *         {@code signature.invalid} (the signature does not hold)
     */
    public static Verified verifyDetailed(String compact, PublicKey expected) {
        String[] parts = compact.strip().split("\\.", -1);
        if (parts.length != 3) throw malformed("a compact JWS has 3 dot-separated parts, not " + parts.length);
        JsonNode header = parseHeader(decode(parts[0], "header"));
        byte[] payload = decode(parts[1], "payload");
        byte[] signature = decode(parts[2], "signature");
        PublicKey headerKey = header.has("jwk") ? jwkKey(header.get("jwk")) : null;
        PublicKey key;
        if (expected != null) {
            if (headerKey != null && !Ed25519Keys.sameKey(headerKey, expected)) {
                throw new CurioException("signature.key_mismatch", null, null, "signed with key "
                        + Ed25519Keys.keyId(headerKey) + ", expected " + Ed25519Keys.keyId(expected));
            }
            key = expected;
        } else if (headerKey != null) {
            key = headerKey;
        } else {
            throw malformed("the header has no jwk and no key was given to verify with");
        }
        boolean ok = false;
        if (signature.length == SIGNATURE_LENGTH) {
            try {
                Signature s = Signature.getInstance("Ed25519", Ed25519Keys.BC);
                s.initVerify(Ed25519Keys.toBc(key));
                s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                ok = s.verify(signature);
            } catch (GeneralSecurityException e) {
                ok = false;
            }
        }
        if (!ok) throw new CurioException("signature.invalid", null, null, "the Ed25519 signature does not verify");
        String kid = header.hasNonNull("kid") ? header.get("kid").asText() : null;
        return new Verified(header, payload, key, kid);
    }

    private static JsonNode parseHeader(byte[] bytes) {
        JsonNode header;
        try {
            header = STRICT.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (packaging.StrictJson.isDuplicateKey(e)) {
                throw new CurioException(packaging.StrictJson.DUPLICATE_KEY, null, "header",
                        "the protected header gives a key twice: " + e.getOriginalMessage());
            }
            throw malformed("the protected header is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("the protected header is not JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) throw malformed("the protected header is not a JSON object");
        if (!"EdDSA".equals(header.path("alg").asText(null))) {
            throw malformed("unsupported alg " + header.get("alg") + " (only EdDSA)");
        }
        if (header.has("crit")) throw malformed("critical header extensions are not supported: " + header.get("crit"));
        return header;
    }

    private static PublicKey jwkKey(JsonNode jwk) {
        if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())
                || !jwk.path("x").isTextual()) {
            throw malformed("the header jwk is not an Ed25519 OKP key: " + jwk);
        }
        byte[] x = decode(jwk.get("x").asText(), "jwk x");
        if (x.length != 32) throw malformed("the header jwk x has " + x.length + " bytes, not 32");
        return Ed25519Keys.fromRaw(x);
    }

    private static byte[] decode(String part, String what) {
        if (!B64URL.matcher(part).matches()) throw malformed("the " + what + " is not unpadded base64url");
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed("the " + what + " is not base64url: " + e.getMessage());
        }
    }

    private static CurioException malformed(String message) {
        return new CurioException("signature.malformed", null, null, message);
    }
}
