package packaging.bagit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import packaging.Finding;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * Validates a BagIt bag by recomputing everything: the declaration, every payload file against every
 * payload manifest (each file read once whatever the number of manifests), the Payload-Oxum, and every
 * tag manifest. Problems come back as findings, never exceptions, so one run lists all of them.
 *
 * <p>Stricter than RFC 8493 in one way that a signed delivery needs: when the bag has a tag manifest,
 * a file outside {@code data/} that no tag manifest lists is reported as {@code bag.extra_file}.
 */
public final class BagVerifier {
    private static final Pattern MANIFEST_NAME = Pattern.compile("(tag)?manifest-([A-Za-z0-9]+)\\.txt");
    private static final Pattern OXUM = Pattern.compile("(\\d+)\\.(\\d+)");

    /**
     * @param payload the recomputed size and SHA-256 of every regular file under {@code data/}, by bag path,
     *                so callers can check their own manifests without reading the payload again
     */
    public record Result(List<Finding> findings, Map<String, FileDigest> payload) {
        public boolean ok() {
            return findings.isEmpty();
        }
    }

    /**
     * How much of the bag is read. {@link #STRUCTURE} checks everything but the payload's checksums (sizes, names,
     * links, manifests, tag files): seconds for any bag, so a delivery can refuse a bundle that does not hold
     * together before sending a byte.
     */
    public enum Depth { FULL, STRUCTURE }

    /** Larger than any tag file a real bag has (a payload manifest of a million files is about 100 MB less); beyond it a tag file is not read. */
    public static final long MAX_TAG_FILE_BYTES = 64L << 20;

    private final Path root;
    private final Depth depth;
    private final Cancellation cancellation;
    private final ProgressSink progress;
    private final List<Finding> findings = new ArrayList<>();
    private final byte[] buffer = new byte[BagWriter.BUFFER];
    private long doneBytes;
    private long totalBytes;

    private BagVerifier(Path root, Depth depth, Cancellation cancellation, ProgressSink progress) {
        this.root = root;
        this.depth = depth;
        this.cancellation = cancellation;
        this.progress = progress;
    }

    public static Result verify(Path root) {
        return verify(root, Cancellation.NEVER, ProgressSink.NONE);
    }

    /** @throws CurioException {@code bag.not_found} when root is not a folder */
    public static Result verify(Path root, Cancellation cancellation, ProgressSink progress) {
        return verify(root, Depth.FULL, cancellation, progress);
    }

    /**
     * @param depth with {@link Depth#STRUCTURE} the payload's checksums are not computed and the result's payload
     *              digests carry sizes only (a null SHA-256)
     * @throws CurioException {@code bag.not_found} when root is not a folder (or is a link to one)
     */
    public static Result verify(Path root, Depth depth, Cancellation cancellation, ProgressSink progress) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new CurioException("bag.not_found", root.toString(), null, "not a folder");
        }
        try {
            return new BagVerifier(root, depth, cancellation, progress).run();
        } catch (IOException e) {
            throw new CurioException("io.read_failed", root.toString(), null, "cannot read the bag: " + e.getMessage(), e);
        }
    }

    private Result run() throws IOException {
        checkDeclaration();
        Map<String, Map<String, String>> payloadManifests = new TreeMap<>();
        Map<String, Map<String, String>> tagManifests = new TreeMap<>();
        readManifests(payloadManifests, tagManifests);
        Map<String, FileDigest> actual = new TreeMap<>();
        if (!Files.isDirectory(root.resolve("data"))) {
            findings.add(new Finding("bag.missing_file", BagWriter.DATA, "the bag has no data/ folder"));
        } else {
            checkPayload(payloadManifests, actual);
        }
        checkOxum(actual);
        checkTagFiles(tagManifests);
        progress.update(totalBytes, totalBytes, "verified");
        return new Result(List.copyOf(findings), actual);
    }

    private void checkDeclaration() throws IOException {
        Path file = root.resolve(BagWriter.BAGIT_TXT);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // A link in its place is reported by the walk of the tag files; it is never read.
            findings.add(new Finding("bag.bad_declaration", BagWriter.BAGIT_TXT, "bagit.txt is missing"));
            return;
        }
        Map<String, String> labels = TagFileReader.labels(file, BagWriter.BAGIT_TXT, findings);
        String version = labels.get("BagIt-Version");
        if (!"1.0".equals(version) && !"0.97".equals(version)) {
            findings.add(new Finding("bag.bad_declaration", BagWriter.BAGIT_TXT, "unsupported BagIt-Version: " + version));
        }
        String encoding = labels.get("Tag-File-Character-Encoding");
        if (encoding == null || !encoding.equalsIgnoreCase("UTF-8")) {
            findings.add(new Finding("bag.bad_declaration", BagWriter.BAGIT_TXT,
                    "Tag-File-Character-Encoding must be UTF-8, not " + encoding));
        }
    }

    private void readManifests(Map<String, Map<String, String>> payload, Map<String, Map<String, String>> tags)
            throws IOException {
        try (var files = Files.list(root)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String name = p.getFileName().toString();
                Matcher m = MANIFEST_NAME.matcher(name);
                if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                String alg = m.group(2).toLowerCase(Locale.ROOT);
                if (!MultiDigest.supported(alg)) {
                    findings.add(new Finding("bag.unsupported_algorithm", name, "cannot check " + alg + " checksums"));
                    continue;
                }
                boolean tag = m.group(1) != null;
                Map<String, String> entries = TagFileReader.manifest(p, name, findings);
                entries.keySet().removeIf(path -> escapes(name, path));
                for (String path : entries.keySet()) {
                    if (path.startsWith(BagWriter.DATA) == tag) {
                        findings.add(new Finding("bag.bad_manifest", name, (tag ? "a tag manifest lists payload file "
                                : "a payload manifest lists a file outside data/: ") + path));
                    }
                }
                entries.keySet().removeIf(path -> path.startsWith(BagWriter.DATA) == tag);
                (tag ? tags : payload).put(alg, entries);
            }
        }
        if (payload.isEmpty()) {
            findings.add(new Finding("bag.missing_file", BagWriter.MANIFEST, "the bag has no payload manifest"));
        }
    }

    private boolean escapes(String manifest, String path) {
        String reason = BagPaths.unsafeReason(path);
        if (reason == null) return false;
        findings.add(new Finding("bag.path_escape", path, manifest + " lists a path outside the bag (" + reason + ")"));
        return true;
    }

    private void checkPayload(Map<String, Map<String, String>> manifests, Map<String, FileDigest> actual) throws IOException {
        TreeMap<String, Path> onDisk = walk(root.resolve("data"), BagWriter.DATA);
        Set<String> algorithms = new LinkedHashSet<>(manifests.keySet());
        algorithms.add("sha256");
        for (Map.Entry<String, Path> e : onDisk.entrySet()) {
            String path = e.getKey();
            if (depth == Depth.STRUCTURE) {
                actual.put(path, new FileDigest(path, Files.size(e.getValue()), null));
                if (manifests.values().stream().noneMatch(m -> m.containsKey(path)) && !manifests.isEmpty()) {
                    findings.add(new Finding("bag.extra_file", path, "a payload file that no manifest lists"));
                }
                continue;
            }
            MultiDigest.Result r = hash(e.getValue(), algorithms);
            actual.put(path, new FileDigest(path, r.size(), r.hex().get("sha256")));
            boolean listed = false;
            for (Map.Entry<String, Map<String, String>> m : manifests.entrySet()) {
                String expected = m.getValue().get(path);
                if (expected == null) continue;
                listed = true;
                if (!expected.equals(r.hex().get(m.getKey()))) {
                    findings.add(new Finding("bag.checksum_mismatch", path, "the " + m.getKey() + " of the file is "
                            + r.hex().get(m.getKey()) + ", manifest-" + m.getKey() + ".txt says " + expected));
                }
            }
            if (!listed && !manifests.isEmpty()) {
                findings.add(new Finding("bag.extra_file", path, "a payload file that no manifest lists"));
            }
        }
        reportMissing(manifests, onDisk.keySet());
    }

    private void checkOxum(Map<String, FileDigest> actual) throws IOException {
        Path file = root.resolve(BagWriter.BAG_INFO_TXT);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return;
        String oxum = TagFileReader.labels(file, BagWriter.BAG_INFO_TXT, findings).get("Payload-Oxum");
        if (oxum == null) return;
        Matcher m = OXUM.matcher(oxum);
        long bytes = actual.values().stream().mapToLong(FileDigest::size).sum();
        if (!m.matches() || m.group(1).length() > 18 || m.group(2).length() > 18) {
            findings.add(new Finding("bag.oxum_mismatch", BagWriter.BAG_INFO_TXT, "Payload-Oxum is not <bytes>.<files>: " + oxum));
        } else if (Long.parseLong(m.group(1)) != bytes || Long.parseLong(m.group(2)) != actual.size()) {
            findings.add(new Finding("bag.oxum_mismatch", BagWriter.BAG_INFO_TXT,
                    "Payload-Oxum says " + oxum + ", the payload has " + bytes + "." + actual.size()));
        }
    }

    private void checkTagFiles(Map<String, Map<String, String>> manifests) throws IOException {
        if (manifests.isEmpty()) return;
        Set<String> listed = new HashSet<>();
        manifests.values().forEach(m -> listed.addAll(m.keySet()));
        Set<String> present = new HashSet<>();
        for (String path : new TreeSet<>(listed)) {
            Path file = root.resolve(path);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) continue;
            present.add(path);
            if (Files.size(file) > MAX_TAG_FILE_BYTES) {
                findings.add(TagFileReader.tooLarge(path, Files.size(file)));
                continue;
            }
            MultiDigest.Result r = hash(file, manifests.keySet());
            for (Map.Entry<String, Map<String, String>> m : manifests.entrySet()) {
                String expected = m.getValue().get(path);
                if (expected != null && !expected.equals(r.hex().get(m.getKey()))) {
                    findings.add(new Finding("bag.checksum_mismatch", path, "the " + m.getKey()
                            + " of the tag file differs from tagmanifest-" + m.getKey() + ".txt"));
                }
            }
        }
        reportMissing(manifests, present);
        for (String path : walkTags().keySet()) {
            boolean bagitFile = path.equals(BagWriter.BAGIT_TXT) || path.equals(BagWriter.BAG_INFO_TXT)
                    || (path.indexOf('/') < 0 && MANIFEST_NAME.matcher(path).matches());
            if (!bagitFile && !listed.contains(path)) {
                findings.add(new Finding("bag.extra_file", path, "a tag file that no tag manifest lists"));
            }
        }
    }

    private void reportMissing(Map<String, Map<String, String>> manifests, Set<String> present) {
        Set<String> reported = new HashSet<>();
        for (Map.Entry<String, Map<String, String>> m : manifests.entrySet()) {
            for (String path : m.getValue().keySet()) {
                if (!present.contains(path) && reported.add(path)) {
                    findings.add(new Finding("bag.missing_file", path, "listed in the manifest but not in the bag"));
                }
            }
        }
    }

    private MultiDigest.Result hash(Path file, Set<String> algorithms) throws IOException {
        return MultiDigest.hash(file, algorithms, buffer, cancellation, n -> {
            doneBytes += n;
            progress.update(doneBytes, totalBytes, "verifying checksums");
        });
    }

    /** Regular files under dir by bag path; links and special files are findings, never followed. */
    private TreeMap<String, Path> walk(Path dir, String prefix) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return prefix.isEmpty() && d.equals(root.resolve("data")) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String path = prefix + dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (attrs.isRegularFile()) {
                    files.put(path, file);
                    totalBytes += attrs.size();
                } else {
                    findings.add(new Finding("bag.link", path, attrs.isSymbolicLink()
                            ? "a symbolic link in the bag; it is not followed" : "not a regular file (a device or socket) in the bag"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                String path = prefix + dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                findings.add(new Finding("bag.missing_file", path, "cannot be read: " + e.getMessage()));
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private TreeMap<String, Path> walkTags() throws IOException {
        return walk(root, "");
    }
}
