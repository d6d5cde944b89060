package packaging.bagit;

/**
 * A file of a bag with its size and SHA-256.
 *
 * @param path   relative to the bag root, '/'-separated (payload files start with {@code data/})
 * @param size   bytes
 * @param sha256 lowercase hex; null when the bag was checked for its structure only (see {@link BagVerifier.Depth})
 */
public record FileDigest(String path, long size, String sha256) {
}
