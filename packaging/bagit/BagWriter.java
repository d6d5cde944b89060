package packaging.bagit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import store.Cancellation;
import store.CurioException;

/**
 * Writes a BagIt 1.0 bag (RFC 8493) in one pass: every payload and tag file is hashed while it is
 * written (1 MiB buffers), so memory stays flat and no file is read twice. Usage: {@link #create}, then
 * {@code addPayload} for each payload file, {@link #addTagFile} for extra tag files at the bag root (e.g.
 * {@code curio-manifest.json}), then {@link #finish} writes {@code manifest-sha256.txt},
 * {@code bag-info.txt} and finally {@code tagmanifest-sha256.txt} over every tag file.
 */
public final class BagWriter {
    public static final String BAGIT_TXT = "bagit.txt";
    public static final String BAG_INFO_TXT = "bag-info.txt";
    public static final String MANIFEST = "manifest-sha256.txt";
    public static final String TAG_MANIFEST = "tagmanifest-sha256.txt";
    public static final String DATA = "data/";

    static final int BUFFER = 1 << 20;
    private static final Set<String> GENERATED_INFO = Set.of("bagging-date", "payload-oxum", "bag-software-agent");

    private final Path root;
    private final String softwareAgent;
    private final Cancellation cancellation;
    private final LongConsumer progressBytes;
    private final List<FileDigest> payload = new ArrayList<>();
    private final List<FileDigest> tagFiles = new ArrayList<>();
    private final Set<String> written = new HashSet<>();
    private final byte[] buffer = new byte[BUFFER];
    private int openStreams;
    private boolean finished;

    private BagWriter(Path root, String softwareAgent, Cancellation cancellation, LongConsumer progressBytes) {
        this.root = root;
        this.softwareAgent = softwareAgent;
        this.cancellation = cancellation;
        this.progressBytes = progressBytes;
    }

    public static BagWriter create(Path root, String softwareAgent) {
        return create(root, softwareAgent, Cancellation.NEVER, n -> { });
    }

    /**
     * @param root          an empty or not yet existing folder
     * @param progressBytes told the number of payload bytes after each buffer written
     */
    public static BagWriter create(Path root, String softwareAgent, Cancellation cancellation, LongConsumer progressBytes) {
        try {
            Files.createDirectories(root.resolve("data"));
            try (var entries = Files.list(root)) {
                if (entries.anyMatch(p -> !p.getFileName().toString().equals("data"))) {
                    throw new CurioException("bag.not_empty", root.toString(), null, "the bag folder is not empty");
                }
            }
        } catch (IOException e) {
            throw new CurioException("io.write_failed", root.toString(), null, "cannot create the bag: " + e.getMessage(), e);
        }
        BagWriter w = new BagWriter(root, softwareAgent, cancellation, progressBytes);
        w.writeTag(BAGIT_TXT, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".getBytes(StandardCharsets.UTF_8));
        return w;
    }

    /** @param path relative to {@code data/}, '/'-separated */
    public FileDigest addPayload(String path, Path source) {
        try (InputStream in = Files.newInputStream(source)) {
            return addPayload(path, in);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", source.toString(), null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Copies the stream to {@code data/path}; the caller closes the stream. */
    public FileDigest addPayload(String path, InputStream in) {
        String bagPath = payloadPath(path);
        try (DigestingOutputStream out = open(bagPath)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                cancellation.check();
                out.write(buffer, 0, n);
                progressBytes.accept(n);
            }
            out.close();
            FileDigest d = new FileDigest(bagPath, out.count(), out.sha256Hex());
            payload.add(d);
            return d;
        } catch (IOException e) {
            throw new CurioException("io.write_failed", root.resolve(bagPath).toString(), null, "cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * Takes a finished file produced elsewhere on the same disk (e.g. an MP4 written by FFmpeg, which must
     * seek and so cannot stream through {@link #openPayload}) into {@code data/path} by a hard link, falling
     * back to a copy across file systems. The producer's file stays where it was, so a killed export can resume
     * from it; the bag's copy is never written again. A hard link to the very file the producer hashed takes
     * {@code knownSha256} (may be null); anything else is hashed here, and a copy must match it.
     */
    public FileDigest adoptPayload(String path, Path produced, String knownSha256) {
        String bagPath = payloadPath(path);
        if (!written.add(bagPath)) throw new CurioException("bag.duplicate_path", bagPath, null, "written twice");
        Path target = root.resolve(bagPath);
        try {
            Files.createDirectories(target.getParent());
            boolean linked;
            try {
                Files.createLink(target, produced);
                linked = true;
            } catch (UnsupportedOperationException | IOException linkFailed) {
                // Work folder on another file system, or one without hard links (FAT on a USB stick): copy.
                Files.copy(produced, target);
                linked = false;
            }
            FileDigest d;
            if (linked && knownSha256 != null) {
                long size = Files.size(target);
                progressBytes.accept(size);
                d = new FileDigest(bagPath, size, knownSha256);
            } else {
                MultiDigest.Result r = MultiDigest.hash(target, Set.of("sha256"), buffer, cancellation, progressBytes);
                d = new FileDigest(bagPath, r.size(), r.hex().get("sha256"));
                if (knownSha256 != null && !knownSha256.equals(d.sha256())) {
                    throw new CurioException("bag.copy_mismatch", bagPath, null, "the copy of " + produced + " differs from the file written");
                }
            }
            payload.add(d);
            return d;
        } catch (IOException e) {
            throw new CurioException("io.write_failed", root.resolve(bagPath).toString(), null, "cannot take " + produced + " into the bag: " + e.getMessage(), e);
        }
    }

    /**
     * For payload produced by a writer (e.g. a Parquet or MP4 encoder): the file is hashed as it is written
     * and recorded when the returned stream is closed.
     */
    public OutputStream openPayload(String path) {
        String bagPath = payloadPath(path);
        DigestingOutputStream digesting = open(bagPath);
        openStreams++;
        return new FilterOutputStream(digesting) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                cancellation.check();
                digesting.write(b, off, len);
                progressBytes.accept(len);
            }

            @Override
            public void close() throws IOException {
                if (closed) return;
                closed = true;
                openStreams--;
                digesting.close();
                payload.add(new FileDigest(bagPath, digesting.count(), digesting.sha256Hex()));
            }
        };
    }

    /** A tag file at the bag root (or a sub-folder other than data/), listed in the tag manifest. */
    public FileDigest addTagFile(String name, byte[] content) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(BAGIT_TXT) || lower.equals(BAG_INFO_TXT) || lower.startsWith("manifest-")
                || lower.startsWith("tagmanifest-") || name.startsWith(DATA) || name.equals("data")) {
            throw new IllegalArgumentException("reserved BagIt name: " + name);
        }
        return writeTag(name, content);
    }

    public List<FileDigest> payload() {
        return List.copyOf(payload);
    }

    /** Writes the payload manifest, bag-info.txt (caller fields after the generated ones) and the tag manifest. */
    public BagSummary finish(Map<String, String> bagInfo) {
        if (finished) throw new IllegalStateException("finish() was already called");
        if (openStreams > 0) throw new IllegalStateException(openStreams + " payload stream(s) still open");
        finished = true;
        List<FileDigest> sorted = new ArrayList<>(payload);
        sorted.sort(Comparator.comparing(FileDigest::path));
        writeTag(MANIFEST, manifestText(sorted));
        long bytes = sorted.stream().mapToLong(FileDigest::size).sum();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Bagging-Date", LocalDate.now(ZoneOffset.UTC).toString());
        info.put("Payload-Oxum", bytes + "." + sorted.size());
        info.put("Bag-Software-Agent", softwareAgent);
        bagInfo.forEach((label, value) -> {
            if (GENERATED_INFO.contains(label.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(label + " is computed by the bag writer");
            }
            info.put(label, value);
        });
        writeTag(BAG_INFO_TXT, bagInfoText(info));
        List<FileDigest> tags = new ArrayList<>(tagFiles);
        tags.sort(Comparator.comparing(FileDigest::path));
        writeTag(TAG_MANIFEST, manifestText(tags));
        return new BagSummary(bytes, sorted.size(), sorted);
    }

    private String payloadPath(String path) {
        String reason = BagPaths.unsafeReason(path);
        if (reason != null) throw new CurioException("bag.bad_path", path, null, reason);
        return DATA + path;
    }

    private FileDigest writeTag(String name, byte[] content) {
        String reason = BagPaths.unsafeReason(name);
        if (reason != null) throw new CurioException("bag.bad_path", name, null, reason);
        try (DigestingOutputStream out = open(name)) {
            out.write(content);
            out.close();
            FileDigest d = new FileDigest(name, out.count(), out.sha256Hex());
            if (!name.equals(TAG_MANIFEST)) tagFiles.add(d);
            return d;
        } catch (IOException e) {
            throw new CurioException("io.write_failed", root.resolve(name).toString(), null, "cannot write: " + e.getMessage(), e);
        }
    }

    private DigestingOutputStream open(String bagPath) {
        if (finished && !bagPath.equals(MANIFEST) && !bagPath.equals(BAG_INFO_TXT) && !bagPath.equals(TAG_MANIFEST)) {
            throw new IllegalStateException("the bag is finished");
        }
        if (!written.add(bagPath)) throw new CurioException("bag.duplicate_path", bagPath, null, "written twice");
        Path target = root.resolve(bagPath);
        try {
            Files.createDirectories(target.getParent());
            return new DigestingOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (FileAlreadyExistsException e) {
            throw new CurioException("bag.duplicate_path", bagPath, null, "already exists", e);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", target.toString(), null, "cannot create: " + e.getMessage(), e);
        }
    }

    private static byte[] manifestText(List<FileDigest> entries) {
        StringBuilder sb = new StringBuilder();
        for (FileDigest d : entries) sb.append(d.sha256()).append("  ").append(BagPaths.encode(d.path())).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bagInfoText(Map<String, String> info) {
        StringBuilder sb = new StringBuilder();
        info.forEach((label, value) -> {
            if (label.isBlank() || label.contains(":") || !label.equals(label.strip()) || label.matches(".*[\\r\\n].*")) {
                throw new IllegalArgumentException("not a bag-info label: '" + label + "'");
            }
            // Multi-line values become RFC 8493 continuation lines (indented), never new labels.
            sb.append(label).append(": ").append(value.replaceAll("\\r\\n|\\r|\\n", "\n  ")).append('\n');
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
