package pipeline.read.rosbag2;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pipeline.read.PathGuard;
import store.Cancellation;
import store.CurioException;

/**
 * A rosbag2 folder: metadata.yaml plus its storage files. sqlite3 storage is read here through
 * {@link Db3Reader}. For mcap storage the storage id and the vetted file list are exposed (ingest and the
 * frame sources hand those files to the MCAP reader), and {@link #messages(String)} reads one topic from either.
 */
public final class Rosbag2Bag {
    public static final String METADATA_FILE = "metadata.yaml";

    private final Path folder;
    private final Rosbag2Metadata metadata;
    private final List<Path> storageFiles;

    private Rosbag2Bag(Path folder, Rosbag2Metadata metadata, List<Path> storageFiles) {
        this.folder = folder;
        this.metadata = metadata;
        this.storageFiles = storageFiles;
    }

    public static Rosbag2Bag open(Path bagFolder) {
        Path folder = bagFolder.toAbsolutePath().normalize();
        Rosbag2Metadata md = Rosbag2Metadata.read(folder.resolve(METADATA_FILE), METADATA_FILE);
        List<String> rel = md.relativeFilePaths();
        String field = Rosbag2Metadata.ROOT_KEY + ".relative_file_paths";
        if (rel.isEmpty() && !md.files().isEmpty()) {
            rel = md.files().stream().map(BagFileInfo::path).toList();
            field = Rosbag2Metadata.ROOT_KEY + ".files";
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < rel.size(); i++) {
            String f = field + "[" + i + "]";
            Path p = PathGuard.resolve(folder, rel.get(i), METADATA_FILE, f);
            if (!Files.isRegularFile(p)) {
                throw new CurioException("rosbag2.file_missing", METADATA_FILE, f, "storage file listed in metadata.yaml is missing: " + rel.get(i));
            }
            files.add(p);
        }
        if (!md.isSqlite() && !md.isMcap()) {
            throw new CurioException("rosbag2.unsupported_storage", METADATA_FILE, Rosbag2Metadata.ROOT_KEY + ".storage_identifier",
                    "unknown storage plugin '" + md.storageIdentifier() + "' (expected sqlite3 or mcap)");
        }
        if (!md.compressionFormat().isEmpty() && !"zstd".equalsIgnoreCase(md.compressionFormat())) {
            throw new CurioException("rosbag2.unsupported_compression", METADATA_FILE, Rosbag2Metadata.ROOT_KEY + ".compression_format",
                    "compression '" + md.compressionFormat() + "' is not supported (only zstd)");
        }
        return new Rosbag2Bag(folder, md, List.copyOf(files));
    }

    public Path folder() { return folder; }
    public Rosbag2Metadata metadata() { return metadata; }
    public String storageIdentifier() { return metadata.storageIdentifier(); }

    /** The storage files in metadata order, resolved inside the folder (never outside it). */
    public List<Path> storageFiles() { return storageFiles; }

    /**
     * Opens one sqlite3 storage file. A FILE-compressed bag stores each .db3 zstd-compressed; it is
     * inflated into the system temp folder (never beside the raw file) and deleted when the reader closes.
     */
    public Db3Reader openDb3(int index) {
        return openDb3(index, folder.relativize(storageFiles.get(index)).toString());
    }

    /** The same, naming the file {@code label} in errors (e.g. its path relative to a dataset root). */
    public Db3Reader openDb3(int index, String label) {
        requireSqlite();
        Path file = storageFiles.get(index);
        if (!metadata.isFileCompressed()) return Db3Reader.open(file, label, metadata.isMessageCompressed());
        Path tmp = null;
        try {
            tmp = Files.createTempFile("curio-rosbag2-", ".db3");
            try (InputStream in = new ZstdInputStream(Files.newInputStream(file))) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return Db3Reader.open(tmp, label, false, tmp);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new CurioException("rosbag2.decompress_failed", label, null, "zstd FILE decompression failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Every message of every storage file, merged in timestamp order. */
    public MessageCursor messages() {
        requireSqlite();
        List<MessageCursor> cursors = new ArrayList<>();
        List<Db3Reader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < storageFiles.size(); i++) {
                Db3Reader r = openDb3(i);
                readers.add(r);
                MessageCursor c = r.messages();
                cursors.add(new ClosingCursor(c, r));
            }
        } catch (RuntimeException e) {
            cursors.forEach(MessageCursor::close);
            readers.forEach(Db3Reader::close);
            throw e;
        }
        return new MergedCursor(cursors);
    }

    /**
     * One topic's messages over every storage file, merged in timestamp order, for either storage: sqlite3 files
     * are queried for that topic alone, mcap files are read through their chunk index (a file without a summary
     * is refused, as the MCAP frame and series sources refuse it). Files that never saw the topic add nothing.
     */
    public MessageCursor messages(String topic) {
        if (metadata.isMcap() && (metadata.isFileCompressed() || metadata.isMessageCompressed())) {
            throw new CurioException("rosbag2.unsupported_compression", METADATA_FILE, Rosbag2Metadata.ROOT_KEY + ".compression_mode",
                    "rosbag2 " + metadata.compressionMode() + " compression of mcap storage is not supported (MCAP's own chunk compression is)");
        }
        TopicMetadata declared = metadata.topics().stream().map(TopicCount::topic).filter(t -> t.name().equals(topic))
                .findFirst().orElse(null);
        List<MessageCursor> cursors = new ArrayList<>();
        try {
            for (int i = 0; i < storageFiles.size(); i++) {
                String label = folder.relativize(storageFiles.get(i)).toString();
                if (metadata.isMcap()) {
                    cursors.add(McapTopicCursor.open(storageFiles.get(i), label, topic, declared));
                } else {
                    Db3Reader r = openDb3(i, label);
                    try {
                        cursors.add(new ClosingCursor(r.messages(topic), r));
                    } catch (RuntimeException e) {
                        r.close();
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            cursors.forEach(MessageCursor::close);
            throw e;
        }
        return new MergedCursor(cursors);
    }

    /** Per-topic totals over all storage files, keyed by topic name in first-seen order. */
    public Map<String, TopicSummary> topicSummaries(Cancellation cancel) {
        requireSqlite();
        Map<String, TopicSummary> out = new LinkedHashMap<>();
        for (int i = 0; i < storageFiles.size(); i++) {
            cancel.check();
            try (Db3Reader r = openDb3(i)) {
                for (TopicSummary s : r.topicSummaries()) out.merge(s.topic().name(), s, TopicSummary::plus);
            }
        }
        return out;
    }

    private void requireSqlite() {
        if (!metadata.isSqlite()) {
            throw new CurioException("rosbag2.unsupported_storage", METADATA_FILE, Rosbag2Metadata.ROOT_KEY + ".storage_identifier",
                    "storage is '" + metadata.storageIdentifier() + "': read its files with the MCAP reader");
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: it is in the temp folder
        }
    }

    /** Closes the file's reader (and its temp copy) together with its cursor. */
    private record ClosingCursor(MessageCursor inner, Db3Reader reader) implements MessageCursor {
        @Override public boolean hasNext() { return inner.hasNext(); }
        @Override public BagMessage next() { return inner.next(); }
        @Override public void close() {
            inner.close();
            reader.close();
        }
    }
}
