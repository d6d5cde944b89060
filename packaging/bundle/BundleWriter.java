package packaging.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import packaging.bagit.BagPaths;
import packaging.bagit.BagSummary;
import packaging.bagit.BagWriter;
import packaging.bagit.FileDigest;
import packaging.manifest.MerkleTree;
import packaging.sign.ManifestSigner;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import store.Cancellation;
import store.CurioException;

/**
 * Writes a signed bundle: a BagIt bag whose payload is the exported files, plus the tag files
 * {@code curio-manifest.json} (with {@code artifacts}, {@code merkle_root} and {@code signature} filled
 * in), {@code signature.jws} (see {@link ManifestSigner}), {@code curio-signing.pub} and any caller tag
 * files such as the data card. Everything is written into the hidden sibling {@code .NAME.partial} and
 * renamed to NAME only after the tag manifest is complete and every file is forced to storage, so neither a
 * killed write nor a power cut after the rename leaves something that looks like a bundle;
 * a leftover {@code .partial} from a killed run is discarded on the next {@link #open}.
 *
 * <p>Artifact paths in the manifest are relative to the bundle root (they start with {@code data/}),
 * the same strings as in {@code manifest-sha256.txt}.
 */
public final class BundleWriter implements AutoCloseable {
    public static final String MANIFEST_FILE = "curio-manifest.json";
    public static final String SIGNATURE_FILE = "signature.jws";
    public static final String PUBLIC_KEY_FILE = SigningKeys.PUBLIC_KEY_FILE;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> OWNED_FIELDS = List.of("artifacts", "merkle_root", "signature");

    /** A payload file to copy: {@code path} relative to {@code data/}, '/'-separated. */
    public record Source(String path, Path file) { }

    public record Result(Path bundle, String manifestId, String merkleRoot, long payloadBytes, long payloadFiles) { }

    private final Path target;
    private final Path partial;
    private final BagWriter bag;
    private final Map<String, ObjectNode> artifactFields = new HashMap<>();
    private boolean committed;

    private BundleWriter(Path target, Path partial, BagWriter bag) {
        this.target = target;
        this.partial = partial;
        this.bag = bag;
    }

    /** @throws CurioException {@code bundle.exists} when target already exists */
    public static BundleWriter open(Path target, String softwareAgent, Cancellation cancellation, LongConsumer progressBytes) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) throw new CurioException("bundle.exists", target.toString(), null, "the bundle folder already exists");
        Path partial = abs.resolveSibling("." + abs.getFileName() + ".partial");
        try {
            if (Files.exists(partial)) Tree.delete(partial);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", partial.toString(), null, "cannot remove a partial bundle: " + e.getMessage(), e);
        }
        return new BundleWriter(abs, partial, BagWriter.create(partial, softwareAgent, cancellation, progressBytes));
    }

    /** Writes a whole bundle from files in one call. */
    public static Result write(Path target, List<Source> sources, ObjectNode skeleton, SigningKey key, String softwareAgent) {
        try (BundleWriter w = open(target, softwareAgent, Cancellation.NEVER, n -> { })) {
            for (Source s : sources) w.addFile(s.path(), s.file(), null);
            return w.commit(skeleton, key, Map.of());
        }
    }

    /** @param fields extra fields for this file's artifact entry (lineage, consent refs...); may be null */
    public FileDigest addFile(String path, Path source, ObjectNode fields) {
        FileDigest d = bag.addPayload(path, source);
        remember(d.path(), fields);
        return d;
    }

    public FileDigest addStream(String path, InputStream in, ObjectNode fields) {
        FileDigest d = bag.addPayload(path, in);
        remember(d.path(), fields);
        return d;
    }

    /**
     * A finished file produced in the export's work folder (see {@link BagWriter#adoptPayload}).
     *
     * @param sha256 its hash if the producer already read it back after finishing it, else null
     */
    public FileDigest adoptFile(String path, Path produced, String sha256, ObjectNode fields) {
        FileDigest d = bag.adoptPayload(path, produced, sha256);
        remember(d.path(), fields);
        return d;
    }

    /** For payload produced by an encoder; hashed while written, recorded on close. */
    public OutputStream openFile(String path, ObjectNode fields) {
        remember(BagWriter.DATA + path, fields);
        return bag.openPayload(path);
    }

    /** A tag file at the bundle root, e.g. {@code DATA_CARD.md}; covered by the tag manifest, not the signature. */
    public void addTagFile(String name, byte[] content) {
        if (name.equals(MANIFEST_FILE) || name.equals(SIGNATURE_FILE) || name.equals(PUBLIC_KEY_FILE)) {
            throw new IllegalArgumentException(name + " is written by the bundle writer");
        }
        bag.addTagFile(name, content);
    }

    /**
     * Fills the manifest (keeping every skeleton field except artifacts, merkle_root and signature, which
     * the writer owns; manifest_id and created_at are generated when the skeleton has none), signs it,
     * finishes the bag and renames it into place.
     */
    public Result commit(ObjectNode skeleton, SigningKey key, Map<String, String> bagInfo) {
        if (committed) throw new IllegalStateException("already committed");
        List<FileDigest> payload = new ArrayList<>(bag.payload());
        payload.sort(Comparator.comparing(FileDigest::path));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("manifest_id", skeleton.hasNonNull("manifest_id") ? skeleton.get("manifest_id").asText()
                : "mf_" + UUID.randomUUID().toString().replace("-", ""));
        manifest.put("created_at", skeleton.hasNonNull("created_at") ? skeleton.get("created_at").asText()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        for (Map.Entry<String, JsonNode> e : skeleton.properties()) {
            if (!OWNED_FIELDS.contains(e.getKey()) && !manifest.has(e.getKey())) manifest.set(e.getKey(), e.getValue().deepCopy());
        }
        ArrayNode artifacts = manifest.putArray("artifacts");
        List<MerkleTree.Leaf> leaves = new ArrayList<>();
        for (FileDigest d : payload) {
            ObjectNode a = artifacts.addObject().put("path", d.path()).put("size_bytes", d.size()).put("sha256", d.sha256());
            ObjectNode extra = artifactFields.get(d.path());
            if (extra != null) {
                for (Map.Entry<String, JsonNode> e : extra.properties()) {
                    if (!a.has(e.getKey())) a.set(e.getKey(), e.getValue());
                }
            }
            leaves.add(new MerkleTree.Leaf(d.path(), d.sha256()));
        }
        String merkleRoot = MerkleTree.rootHex(leaves);
        if (manifest.get("bundle") instanceof ObjectNode bundle) {
            // The manifest cannot hold its own hash; the payload manifest pins every payload byte instead.
            bundle.put("sha256", sha256Hex(payloadManifestText(payload)));
            bundle.put("size_bytes", payload.stream().mapToLong(FileDigest::size).sum());
            bundle.put("artifact_count", payload.size());
        }
        manifest.put("merkle_root", merkleRoot);
        manifest.putObject("signature").put("alg", "EdDSA").put("key_id", key.keyId());
        byte[] text;
        try {
            text = (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        bag.addTagFile(MANIFEST_FILE, text);
        bag.addTagFile(SIGNATURE_FILE, (ManifestSigner.signJsonText(text, key) + "\n").getBytes(StandardCharsets.US_ASCII));
        bag.addTagFile(PUBLIC_KEY_FILE, SigningKeys.publicKeyPem(key.publicKey()).getBytes(StandardCharsets.US_ASCII));
        Map<String, String> info = new LinkedHashMap<>(bagInfo);
        info.putIfAbsent("External-Identifier", manifest.get("manifest_id").asText());
        BagSummary summary = bag.finish(info);
        try {
            Durability.tree(partial);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", partial.toString(), null, "cannot flush the bundle to storage: " + e.getMessage(), e);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Durability.directory(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new CurioException("bundle.exists", target.toString(), null, "the bundle folder appeared while writing", e);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", target.toString(), null, "cannot rename the finished bundle: " + e.getMessage(), e);
        }
        committed = true;
        return new Result(target, manifest.get("manifest_id").asText(), merkleRoot, summary.payloadBytes(), summary.payloadFiles());
    }

    /** Without a commit, removes the partial bundle so a failed export leaves nothing behind. */
    @Override
    public void close() {
        if (committed) return;
        try {
            Tree.delete(partial);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", partial.toString(), null, "cannot remove the partial bundle: " + e.getMessage(), e);
        }
    }

    /** The exact bytes {@code manifest-sha256.txt} will hold, so {@code bundle.sha256} can be checked with sha256sum. */
    private static byte[] payloadManifestText(List<FileDigest> sorted) {
        StringBuilder sb = new StringBuilder();
        for (FileDigest d : sorted) sb.append(d.sha256()).append("  ").append(BagPaths.encode(d.path())).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /**
     * Keeps the file's fields for its artifact entry. Their values are kept as given, not copied: thousands of files
     * (a blob per frame) share one lineage tree, and the manifest would otherwise hold a copy per file. Callers hand
     * over fields they no longer change.
     */
    private void remember(String bagPath, ObjectNode fields) {
        if (fields != null) artifactFields.put(bagPath, JSON.createObjectNode().setAll(fields));
    }
}
