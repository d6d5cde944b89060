package pipeline.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pipeline.HashingFileChannel;
import pipeline.Sha256InputStream;
import pipeline.read.ChannelOpener;
import pipeline.read.PathGuard;
import pipeline.read.rlds.FileOpener;
import store.CurioException;
import store.FileEntry;

/**
 * The files of one dataset root as this run saw them. Each file is hashed once per run even when several
 * episodes share it (LeRobot v3), and parsers that stream a file hash it in the same pass
 * ({@link #parse}) so large files are read from disk only once.
 */
final class FileTable {
    private final Path root;
    private final Path realRoot;
    private final Map<String, FileEntry> entries = new ConcurrentHashMap<>();

    FileTable(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new CurioException("io.read_failed", root.toString(), null, "cannot open folder: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    /** The path of {@code p} relative to the root, with forward slashes. */
    String rel(Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** A path written inside a dataset file, resolved inside the root or rejected. */
    Path resolve(String rel, String referencingFile, String field) {
        return PathGuard.resolve(root, rel, referencingFile, field);
    }

    /** Rejects a file found by walking that is a link to somewhere outside the root. */
    Path inside(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (!abs.toRealPath().startsWith(realRoot)) {
                throw new CurioException(PathGuard.ESCAPES_ROOT, rel(abs), null,
                        "links to a file outside the dataset folder; not followed");
            }
        } catch (IOException e) {
            throw new CurioException("ingest.file_missing", rel(abs), null, "cannot read: " + e.getMessage(), e);
        }
        return abs;
    }

    /**
     * Every file below {@code dir}, relative to the root, sorted. Folder links are not entered and hidden
     * entries (editor droppings, staging folders) are skipped; links to files stay listed so reading them
     * fails with {@code path.escapes_root} when they point outside.
     */
    List<String> walk(Path dir) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !p.equals(dir) && !hidden(dir, p))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                    .forEach(p -> out.add(rel(p)));
        } catch (IOException | UncheckedIOException e) {
            throw new CurioException("io.read_failed", rel(dir), null, "cannot list folder: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    private static boolean hidden(Path dir, Path p) {
        for (Path part : dir.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    Path path(String rel) {
        return root.resolve(rel);
    }

    /** Size, mtime and SHA-256 of a file, hashing it unless this run already did. */
    FileEntry entry(String rel) {
        FileEntry cached = entries.get(rel);
        if (cached != null) return cached;
        parse(rel, in -> null);
        return entries.get(rel);
    }

    /**
     * Runs {@code parser} over the file's bytes while hashing them: the parser's reads feed the digest, and
     * whatever it leaves unread is hashed afterwards, so the file is read once.
     */
    <T> T parse(String rel, StreamParser<T> parser) {
        Path p = inside(root.resolve(rel));
        BasicFileAttributes attrs = attributes(p, rel);
        if (entries.containsKey(rel)) {
            try (InputStream in = Files.newInputStream(p)) {
                return parser.parse(in);
            } catch (IOException e) {
                throw readFailed(rel, e);
            }
        }
        try (Sha256InputStream in = Sha256InputStream.open(p)) {
            // Parsers (Jackson, McapReader) close what they are given; the rest must still be hashed.
            T result = parser.parse(new FilterInputStream(in) {
                @Override
                public void close() {
                    // shield: the outer try closes the file
                }
            });
            // The parser may stop before the end (footer-only formats); the hash must not.
            record(rel, attrs, in.finish());
            return result;
        } catch (IOException e) {
            throw readFailed(rel, e);
        }
    }

    /**
     * Runs a random-access parser (parquet footer, HDF5 headers, MP4 atoms) over a channel that hashes the
     * file in file order as the parser's reads reach further in ({@link HashingFileChannel}), so the file is
     * read from disk once plus the header or footer bytes the parser revisits.
     */
    <T> T parseChannel(String rel, ChannelParser<T> parser) {
        Path p = inside(root.resolve(rel));
        BasicFileAttributes attrs = attributes(p, rel);
        if (entries.containsKey(rel)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                return parser.parse(ch);
            } catch (IOException e) {
                throw readFailed(rel, e);
            }
        }
        HashingFileChannel ch;
        try {
            ch = HashingFileChannel.open(p);
        } catch (IOException e) {
            throw readFailed(rel, e);
        }
        boolean ok = false;
        try {
            T result = parser.parse(ch);
            record(rel, attrs, ch.finish());
            ok = true;
            return result;
        } catch (IOException e) {
            throw readFailed(rel, e);
        } finally {
            closeQuietly(ch, ok);
        }
    }

    /** Lets readers under {@code pipeline.read} reach files through {@link #parseChannel}. */
    ChannelOpener channelOpener() {
        return new ChannelOpener() {
            @Override
            public <T> T read(Path file, String label, ChannelOpener.Body<T> body) {
                return parseChannel(rel(file), body::apply);
            }
        };
    }

    private void record(String rel, BasicFileAttributes attrs, String sha) {
        long mtime = attrs.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                + attrs.lastModifiedTime().toInstant().getNano();
        entries.put(rel, new FileEntry(rel, attrs.size(), mtime, sha));
    }

    private static void closeQuietly(HashingFileChannel ch, boolean parsed) {
        try {
            // After a failed parse nobody records the digest: do not read the rest of the file for it.
            if (parsed) ch.close();
            else ch.abandon();
        } catch (IOException e) {
            // the digest is already recorded (or not wanted); a close failure changes nothing read
        }
    }

    /** Lets a streaming reader (TFRecord shards, step logs) read files through {@link #parse}, hashing as it goes. */
    FileOpener opener() {
        return (file, label, body) -> parse(rel(file), in -> {
            body.accept(in);
            return null;
        });
    }

    /** Size and mtime (ns) without reading the file, for the incremental check. */
    static long[] stat(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) a = Files.readAttributes(p, BasicFileAttributes.class);
        return new long[]{a.size(), a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                + a.lastModifiedTime().toInstant().getNano()};
    }

    private static BasicFileAttributes attributes(Path p, String rel) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) throw new CurioException("ingest.file_missing", rel, null, "not a regular file");
            return a;
        } catch (IOException e) {
            throw new CurioException("ingest.file_missing", rel, null, "file is missing or unreadable: " + e.getMessage(), e);
        }
    }

    private static CurioException readFailed(String rel, IOException e) {
        return new CurioException("io.read_failed", rel, null, "cannot read: " + e.getMessage(), e);
    }

    @FunctionalInterface
    interface StreamParser<T> {
        T parse(InputStream in) throws IOException;
    }

    @FunctionalInterface
    interface ChannelParser<T> {
        T parse(FileChannel ch) throws IOException;
    }
}
