package packaging.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import pipeline.Digests;
import store.CurioException;

/**
 * The Merkle root over a bundle's artifacts, in the style of RFC 6962 (Certificate Transparency) section
 * 2.1, so one 32-byte value commits to every artifact's path and content:
 * <ul>
 *   <li>leaves are sorted by the UTF-8 bytes of their path (unsigned), so the root does not depend on
 *       the order artifacts were written in; duplicate paths are refused;</li>
 *   <li>leaf hash = SHA-256(0x00 || utf8(path) || 0x00 || sha256 of the artifact as 32 raw bytes);
 *       the 0x00 prefix is RFC 6962's leaf domain separator, the second 0x00 ends the path (a path never
 *       contains NUL);</li>
 *   <li>node hash = SHA-256(0x01 || left || right);</li>
 *   <li>for n leaves, the left subtree holds the first k leaves, k the largest power of two below n
 *       (RFC 6962's split), so no leaf is ever duplicated to fill the tree;</li>
 *   <li>the root of no leaves is SHA-256 of the empty string, as in RFC 6962.</li>
 * </ul>
 * The manifest stores the root as lowercase hex in {@code merkle_root}.
 */
public final class MerkleTree {
    /** @param path the artifact's path as the manifest writes it; @param sha256 lowercase or uppercase hex */
    public record Leaf(String path, String sha256) { }

    private static final Comparator<byte[]> UTF8_ORDER = Arrays::compareUnsigned;

    private MerkleTree() { }

    public static String rootHex(List<Leaf> leaves) {
        return HexFormat.of().formatHex(root(leaves));
    }

    public static byte[] root(List<Leaf> leaves) {
        List<Leaf> sorted = new ArrayList<>(leaves);
        sorted.sort(Comparator.comparing(l -> l.path().getBytes(StandardCharsets.UTF_8), UTF8_ORDER));
        List<byte[]> hashes = new ArrayList<>(sorted.size());
        byte[] previous = null;
        for (Leaf leaf : sorted) {
            byte[] path = leaf.path().getBytes(StandardCharsets.UTF_8);
            if (previous != null && Arrays.equals(previous, path)) {
                throw new CurioException("manifest.duplicate_artifact", leaf.path(), null, "listed twice");
            }
            previous = path;
            hashes.add(leafHash(path, leaf.sha256()));
        }
        if (hashes.isEmpty()) return Digests.sha256().digest();
        return subtree(hashes, 0, hashes.size());
    }

    static byte[] leafHash(byte[] path, String sha256Hex) {
        byte[] content;
        try {
            content = HexFormat.of().parseHex(sha256Hex);
        } catch (IllegalArgumentException e) {
            throw new CurioException("manifest.bad_sha256", new String(path, StandardCharsets.UTF_8), "sha256",
                    "not hex: " + sha256Hex, e);
        }
        if (content.length != 32) {
            throw new CurioException("manifest.bad_sha256", new String(path, StandardCharsets.UTF_8), "sha256",
                    "a SHA-256 has 32 bytes, not " + content.length);
        }
        MessageDigest md = Digests.sha256();
        md.update((byte) 0x00);
        md.update(path);
        md.update((byte) 0x00);
        md.update(content);
        return md.digest();
    }

    /** Hash of leaves [from, to); recursion depth is log2(n), so millions of leaves are fine. */
    private static byte[] subtree(List<byte[]> hashes, int from, int to) {
        int n = to - from;
        if (n == 1) return hashes.get(from);
        int k = Integer.highestOneBit(n - 1);
        MessageDigest md = Digests.sha256();
        md.update((byte) 0x01);
        md.update(subtree(hashes, from, from + k));
        md.update(subtree(hashes, from + k, to));
        return md.digest();
    }
}
