package pipeline.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import store.CurioException;

/**
 * How readers that need random access (parquet, HDF5, MP4) get at a file. Ingest passes one whose channel
 * hashes the file while the reader seeks around in it, so the file is read from disk once; everyone else
 * uses {@link #PLAIN}. The opener owns the channel: it opens it, runs {@code body}, and closes it.
 */
public interface ChannelOpener {
    /** @param label the file as named in errors (relative to the folder being read) */
    <T> T read(Path file, String label, Body<T> body);

    @FunctionalInterface
    interface Body<T> {
        T apply(FileChannel ch) throws IOException;
    }

    ChannelOpener PLAIN = new ChannelOpener() {
        @Override
        public <T> T read(Path file, String label, Body<T> body) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return body.apply(ch);
            } catch (IOException e) {
                throw new CurioException("io.read_failed", label, null, "cannot read: " + e.getMessage(), e);
            }
        }
    };
}
