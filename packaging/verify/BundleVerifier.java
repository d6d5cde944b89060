package packaging.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import packaging.Finding;
import packaging.StrictJson;
import packaging.bagit.BagPaths;
import packaging.bagit.BagVerifier;
import packaging.bagit.BagWriter;
import packaging.bagit.FileDigest;
import packaging.bundle.BundleWriter;
import packaging.manifest.MerkleTree;
import packaging.sign.Ed25519Keys;
import packaging.sign.Jws;
import packaging.sign.ManifestSigner;
import packaging.sign.SigningKeys;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * Verifies a bundle offline: the BagIt checksums, the artifact entries and Merkle root of
 * {@code curio-manifest.json} against the payload, and {@code signature.jws} over the manifest's
 * canonical form. With a pinned public key the signer must be that key; without one the key travels in
 * the bundle, which proves integrity but not who signed (the report's key id says who did).
 *
 * <p>The manifest fields relied on: {@code artifacts[].path} (bundle-relative), {@code .size_bytes},
 * {@code .sha256}, {@code merkle_root} (see {@link MerkleTree}) and {@code signature.key_id}; any other
 * field is covered by the signature but otherwise ignored.
 */
public final class BundleVerifier {
    private static final ObjectMapper JSON = StrictJson.MAPPER;
    private static final String MANIFEST = BundleWriter.MANIFEST_FILE;
    private static final String SIGNATURE = BundleWriter.SIGNATURE_FILE;

    private final Path bundle;
    private final List<Finding> findings = new ArrayList<>();

    private BundleVerifier(Path bundle) {
        this.bundle = bundle;
    }

    public static VerifyReport verify(Path bundle, Path pinnedPublicKey) {
        return verify(bundle, pinnedPublicKey, Cancellation.NEVER, ProgressSink.NONE);
    }

    /**
     * @param pinnedPublicKey a {@code curio-signing.pub} PEM the signer must match, or null
     * @throws CurioException {@code bundle.not_found} when the folder is missing, {@code keys.*} when the
     *         pinned key file cannot be read: input errors, as opposed to a bundle that fails verification
     */
    public static VerifyReport verify(Path bundle, Path pinnedPublicKey, Cancellation cancellation, ProgressSink progress) {
        if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)) {
            throw new CurioException("bundle.not_found", bundle.toString(), null, "no such bundle folder");
        }
        PublicKey pinned = pinnedPublicKey == null ? null : SigningKeys.loadPublic(pinnedPublicKey);
        return new BundleVerifier(bundle).run(pinned, BagVerifier.Depth.FULL, cancellation, progress);
    }

    /**
     * Everything {@link #verify} checks except the payload's checksums: names, links, sizes, manifests, tag files,
     * the Merkle root of the listed checksums and the signature. A delivery runs it before sending anything, so a
     * bundle that does not hold together is refused in seconds whatever its size.
     */
    public static VerifyReport structure(Path bundle) {
        if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)) {
            throw new CurioException("bundle.not_found", bundle.toString(), null, "no such bundle folder");
        }
        return new BundleVerifier(bundle).run(null, BagVerifier.Depth.STRUCTURE, Cancellation.NEVER, ProgressSink.NONE);
    }

    private VerifyReport run(PublicKey pinned, BagVerifier.Depth depth, Cancellation cancellation, ProgressSink progress) {
        BagVerifier.Result bag = BagVerifier.verify(bundle, depth, cancellation, progress);
        findings.addAll(bag.findings());
        if (!Files.isRegularFile(bundle.resolve(BagWriter.TAG_MANIFEST))) {
            findings.add(new Finding("bag.missing_file", BagWriter.TAG_MANIFEST, "a bundle needs its tag manifest"));
        }
        byte[] manifestText = readManifest();
        JsonNode manifest = manifestText == null ? null : parse(manifestText);
        if (manifest != null) {
            checkArtifacts(manifest, bag.payload());
        }
        String keyId = checkSignature(pinned, manifestText, manifest);
        return new VerifyReport(findings.isEmpty(), List.copyOf(findings), keyId);
    }

    private byte[] readManifest() {
        return readTagFile(MANIFEST, "manifest.missing");
    }

    /**
     * A file of the bundle's own (manifest, signature, public key), read only when it is a regular file (never
     * through a link: the walk reports links as {@code bag.link}) of a size a tag file can have.
     */
    private byte[] readTagFile(String name, String missingCode) {
        Path file = bundle.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isSymbolicLink(file)) findings.add(new Finding(missingCode, name, "the bundle has no " + name));
            return null;
        }
        try {
            long size = Files.size(file);
            if (size > BagVerifier.MAX_TAG_FILE_BYTES) {
                findings.add(new Finding("bag.tag_file_too_large", name, "a file of " + size + " bytes, above the "
                        + BagVerifier.MAX_TAG_FILE_BYTES + " a bundle's own file can need; not read"));
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            findings.add(new Finding(missingCode, name, "cannot read: " + e.getMessage()));
            return null;
        }
    }

    private JsonNode parse(byte[] text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject() && node.path("artifacts").isArray()) return node;
            findings.add(new Finding("manifest.malformed", MANIFEST, "not a JSON object with an artifacts array"));
        } catch (JsonProcessingException e) {
            boolean duplicate = StrictJson.isDuplicateKey(e);
            findings.add(new Finding(duplicate ? StrictJson.DUPLICATE_KEY : "manifest.malformed", MANIFEST,
                    (duplicate ? "a key given twice: " : "not JSON: ") + e.getOriginalMessage()));
        } catch (IOException e) {
            findings.add(new Finding("manifest.malformed", MANIFEST, "not JSON: " + e.getMessage()));
        }
        return null;
    }

    private void checkArtifacts(JsonNode manifest, Map<String, FileDigest> payload) {
        Set<String> listed = new HashSet<>();
        List<MerkleTree.Leaf> leaves = new ArrayList<>();
        for (JsonNode a : manifest.get("artifacts")) {
            String path = a.path("path").asText(null);
            String sha = a.path("sha256").asText(null);
            if (path == null || sha == null || !a.path("size_bytes").canConvertToLong()) {
                findings.add(new Finding("manifest.malformed", MANIFEST, "an artifact without path, size_bytes and sha256: " + a));
                continue;
            }
            String reason = BagPaths.unsafeReason(path);
            if (reason != null) {
                findings.add(new Finding("bag.path_escape", path, MANIFEST + " lists a path outside the bundle (" + reason + ")"));
                continue;
            }
            if (!listed.add(path)) {
                findings.add(new Finding("manifest.duplicate_artifact", path, MANIFEST + " lists the path a second time"));
                continue;
            }
            leaves.add(new MerkleTree.Leaf(path, sha));
            FileDigest actual = payload.get(path);
            if (actual == null) {
                findings.add(new Finding("manifest.artifact_mismatch", path, "listed in " + MANIFEST + " but not in the payload"));
            } else if (actual.size() != a.get("size_bytes").asLong()) {
                findings.add(new Finding("manifest.artifact_mismatch", path, "the file has " + actual.size()
                        + " bytes, " + MANIFEST + " says " + a.get("size_bytes").asLong()));
            } else if (actual.sha256() != null && !actual.sha256().equalsIgnoreCase(sha)) {
                findings.add(new Finding("manifest.artifact_mismatch", path, "the file's sha256 is " + actual.sha256()
                        + ", " + MANIFEST + " says " + sha));
            }
        }
        for (String path : payload.keySet()) {
            if (!listed.contains(path)) {
                findings.add(new Finding("manifest.artifact_mismatch", path, "a payload file that " + MANIFEST + " does not list"));
            }
        }
        try {
            String root = MerkleTree.rootHex(leaves);
            if (!root.equalsIgnoreCase(manifest.path("merkle_root").asText())) {
                findings.add(new Finding("manifest.merkle_mismatch", MANIFEST, "the artifacts' Merkle root is " + root
                        + ", merkle_root says " + manifest.path("merkle_root").asText(null)));
            }
        } catch (CurioException e) {
            findings.add(new Finding("manifest.malformed", MANIFEST, e.getMessage() + " (" + e.file() + ")"));
        }
    }

    /** @return the key id the signature verified with, or null */
    private String checkSignature(PublicKey pinned, byte[] manifestText, JsonNode manifest) {
        byte[] signature = readTagFile(SIGNATURE, "signature.missing");
        if (signature == null) return null;
        try {
            String compact = new String(signature, StandardCharsets.US_ASCII).strip();
            PublicKey expected = pinned != null ? pinned : bundledKey();
            Jws.Verified v = Jws.verifyDetailed(compact, expected);
            String keyId = Ed25519Keys.keyId(v.key());
            if (!keyId.equals(v.keyId())) {
                findings.add(new Finding("signature.key_mismatch", SIGNATURE, "the header kid " + v.keyId()
                        + " is not the fingerprint of the signing key, " + keyId));
            }
            if (manifest != null && !keyId.equals(manifest.path("signature").path("key_id").asText(null))) {
                findings.add(new Finding("signature.key_mismatch", MANIFEST, "signature.key_id names "
                        + manifest.path("signature").path("key_id").asText(null) + ", the bundle was signed by " + keyId));
            }
            byte[] canonical = manifestText == null ? null : canonicalOrNull(manifestText);
            if (manifestText != null && (canonical == null || !Arrays.equals(v.payload(), canonical))) {
                findings.add(new Finding("signature.payload_mismatch", MANIFEST, "the manifest differs from the one that was signed"));
            }
            return keyId;
        } catch (CurioException e) {
            // A broken bundled key, or a header key other than the bundled one, is the bundled key file's
            // problem; everything else (including a mismatch with the pinned key) is the signature's.
            boolean bundledKeyProblem = pinned == null && (e.code().startsWith("keys.") || e.code().equals("signature.key_mismatch"));
            String code = e.code().startsWith("keys.") ? "signature.malformed" : e.code();
            findings.add(new Finding(code, bundledKeyProblem ? BundleWriter.PUBLIC_KEY_FILE : SIGNATURE, e.getMessage()));
        }
        return null;
    }

    /** The key shipped in the bundle, which the JWS header's key must equal; null when absent (or a link). */
    private PublicKey bundledKey() {
        Path pub = bundle.resolve(BundleWriter.PUBLIC_KEY_FILE);
        if (!Files.isRegularFile(pub, LinkOption.NOFOLLOW_LINKS)) return null;
        try {
            if (Files.size(pub) > BagVerifier.MAX_TAG_FILE_BYTES) {
                throw new CurioException("keys.bad_file", BundleWriter.PUBLIC_KEY_FILE, null, "a public key file of "
                        + Files.size(pub) + " bytes is not one");
            }
        } catch (IOException e) {
            throw new CurioException("keys.bad_file", BundleWriter.PUBLIC_KEY_FILE, null, "cannot read: " + e.getMessage(), e);
        }
        return SigningKeys.loadPublic(pub);
    }

    private static byte[] canonicalOrNull(byte[] text) {
        try {
            return ManifestSigner.canonicalBytes(text);
        } catch (CurioException e) {
            return null;
        }
    }
}
