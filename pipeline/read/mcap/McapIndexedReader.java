package pipeline.read.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import pipeline.read.mcap.McapRecord.*;
import store.CurioException;

/**
 * Random-access MCAP reader: Footer, then the summary section, then messages through chunk and message
 * indexes. {@link #open} returns empty when the file has no summary section; callers then use the
 * streaming {@link McapReader}.
 */
public final class McapIndexedReader implements Closeable {
    private static final int FOOTER_RECORD = 1 + 8 + 20;

    private final ChannelInput in;
    private final SeekableByteChannel channel;
    private final String file;
    private final McapReader.Options options;
    private final Header header;
    private final Footer footer;
    final Map<Integer, Schema> schemas = new HashMap<>();
    final Map<Integer, Channel> channels = new HashMap<>();
    private final List<ChunkIndex> chunkIndexes = new ArrayList<>();
    private final List<AttachmentIndex> attachmentIndexes = new ArrayList<>();
    private final List<MetadataIndex> metadataIndexes = new ArrayList<>();
    private final List<SummaryOffset> summaryOffsets = new ArrayList<>();
    private Statistics statistics;

    private McapIndexedReader(SeekableByteChannel channel, String file, McapReader.Options options,
                              Header header, Footer footer) throws IOException {
        this.channel = channel;
        this.in = new ChannelInput(channel, file);
        this.file = file;
        this.options = options;
        this.header = header;
        this.footer = footer;
    }

    /** Opens a file read-only; empty when it has no summary section (the channel is then closed). */
    public static Optional<McapIndexedReader> open(Path path) {
        SeekableByteChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CurioException("mcap.io", path.toString(), null, "cannot open: " + e.getMessage(), e);
        }
        try {
            Optional<McapIndexedReader> r = open(ch, path.toString(), McapReader.Options.DEFAULT);
            if (r.isEmpty()) ch.close();
            return r;
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException re) throw re;
            throw new CurioException("mcap.io", path.toString(), null, "cannot close: " + e.getMessage(), e);
        }
    }

    /** Reads header, footer and summary; empty when {@code summary_start} is 0. Takes ownership of {@code ch}. */
    public static Optional<McapIndexedReader> open(SeekableByteChannel ch, String file, McapReader.Options options) {
        try {
            ChannelInput in = new ChannelInput(ch, file);
            if (in.size() < 2L * McapReader.MAGIC.length + FOOTER_RECORD) {
                checkMagic(in.readAt(0, Math.min(in.size(), 8), "magic"), file, "leading");
                throw new CurioException("mcap.truncated", file, "footer",
                        "file is " + in.size() + " bytes, too short to hold a Footer and both magics");
            }
            checkMagic(in.readAt(0, 8, "magic"), file, "leading");
            long footerOffset = in.size() - 8 - FOOTER_RECORD;
            byte[] tail = in.readAt(footerOffset, FOOTER_RECORD + 8L, "footer");
            if (!Arrays.equals(Arrays.copyOfRange(tail, FOOTER_RECORD, tail.length), McapReader.MAGIC)
                    || tail[0] != McapRecord.FOOTER) {
                throw new CurioException("mcap.truncated", file, "footer",
                        "no Footer and trailing magic at the end of the file (truncated or still being written)");
            }
            Footer footer = (Footer) RecordParser.parse(McapRecord.FOOTER, tail, 9, 29, file, footerOffset);
            Header header = (Header) readRecordAt(in, 8, McapRecord.HEADER, file, options.maxRecordBytes());
            if (footer.summaryStart() == 0) return Optional.empty();
            McapIndexedReader r = new McapIndexedReader(ch, file, options, header, footer);
            r.readSummary(footerOffset);
            return Optional.of(r);
        } catch (IOException e) {
            throw new CurioException("mcap.io", file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkMagic(byte[] magic, String file, String which) {
        if (magic.length < McapReader.MAGIC.length
                && Arrays.equals(magic, Arrays.copyOf(McapReader.MAGIC, magic.length))) {
            throw new CurioException("mcap.truncated", file, "magic", "file ends inside the " + which + " magic");
        }
        if (!Arrays.equals(magic, McapReader.MAGIC)) {
            throw new CurioException("mcap.bad_magic", file, "magic", "the " + which + " magic bytes are not \\x89MCAP0\\r\\n");
        }
    }

    static McapRecord readRecordAt(ChannelInput in, long offset, int expectedOpcode, String file, long max)
            throws IOException {
        byte[] head = in.readAt(offset, 9, McapRecord.opcodeName(expectedOpcode));
        if ((head[0] & 0xFF) != expectedOpcode) {
            throw new CurioException("mcap.bad_record", file, McapRecord.opcodeName(expectedOpcode), "expected "
                    + McapRecord.opcodeName(expectedOpcode) + " at offset " + offset + " but found "
                    + McapRecord.opcodeName(head[0] & 0xFF));
        }
        long len = new LeCursor(head, 1, 9, file, "").u64("length");
        if (len < 0 || len > max) {
            throw new CurioException("mcap.bad_record", file, McapRecord.opcodeName(expectedOpcode),
                    McapRecord.opcodeName(expectedOpcode) + " at offset " + offset + " is longer than " + max + " bytes");
        }
        byte[] content = in.readAt(offset + 9, len, McapRecord.opcodeName(expectedOpcode));
        return RecordParser.parse(expectedOpcode, content, 0, content.length, file, offset);
    }

    private void readSummary(long footerOffset) throws IOException {
        long start = footer.summaryStart();
        long end = footer.summaryOffsetStart() != 0 ? footer.summaryOffsetStart() : footerOffset;
        if (start < 8 || start > footerOffset || end < start || end > footerOffset) {
            throw new CurioException("mcap.bad_record", file, "footer.summary_start",
                    "summary section [" + start + ", " + end + ") lies outside the file");
        }
        // Read through the Footer's summary_offset_start so one buffer serves the CRC and the parse.
        long crcEnd = footerOffset + 1 + 8 + 16;
        if (crcEnd - start > options.maxRecordBytes()) {
            throw new CurioException("mcap.bad_record", file, "summary", "summary section is larger than "
                    + options.maxRecordBytes() + " bytes");
        }
        byte[] bytes = in.readAt(start, crcEnd - start, "summary");
        if (options.validateCrcs() && footer.summaryCrc() != 0) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if (crc.getValue() != footer.summaryCrc()) {
                throw new CurioException("mcap.crc_mismatch", file, "footer.summary_crc",
                        "summary_crc " + footer.summaryCrc() + " but the summary section hashes to " + crc.getValue());
            }
        }
        int pos = 0;
        int limit = (int) (footerOffset - start);
        while (pos < limit) {
            if (limit - pos < 9) throw new CurioException("mcap.bad_record", file, "summary", "incomplete record in summary");
            int opcode = bytes[pos] & 0xFF;
            long len = new LeCursor(bytes, pos + 1, pos + 9, file, "summary").u64("length");
            if (len < 0 || len > limit - pos - 9) {
                throw new CurioException("mcap.bad_record", file, "summary", McapRecord.opcodeName(opcode)
                        + " at offset " + (start + pos) + " overruns the summary section");
            }
            McapRecord r = RecordParser.parse(opcode, bytes, pos + 9, pos + 9 + (int) len, file, start + pos);
            pos += 9 + (int) len;
            if (r instanceof Schema s) schemas.put(s.id(), s);
            else if (r instanceof Channel c) channels.put(c.id(), c);
            else if (r instanceof ChunkIndex ci) chunkIndexes.add(ci);
            else if (r instanceof AttachmentIndex ai) attachmentIndexes.add(ai);
            else if (r instanceof MetadataIndex mi) metadataIndexes.add(mi);
            else if (r instanceof SummaryOffset so) summaryOffsets.add(so);
            else if (r instanceof Statistics st) statistics = st;
        }
        chunkIndexes.sort(Comparator.comparingLong(ChunkIndex::messageStartTime)
                .thenComparingLong(ChunkIndex::chunkStartOffset));
    }

    public Header header() { return header; }
    public Footer footer() { return footer; }
    public Map<Integer, Schema> schemas() { return Collections.unmodifiableMap(schemas); }
    public Map<Integer, Channel> channels() { return Collections.unmodifiableMap(channels); }
    /** Sorted by message_start_time, then file offset. */
    public List<ChunkIndex> chunkIndexes() { return Collections.unmodifiableList(chunkIndexes); }
    public List<AttachmentIndex> attachmentIndexes() { return Collections.unmodifiableList(attachmentIndexes); }
    public List<MetadataIndex> metadataIndexes() { return Collections.unmodifiableList(metadataIndexes); }
    public List<SummaryOffset> summaryOffsets() { return Collections.unmodifiableList(summaryOffsets); }
    public Optional<Statistics> statistics() { return Optional.ofNullable(statistics); }

    /**
     * Messages matching {@code filter}. With chunk indexes they come in log_time order (ties in file order),
     * holding at most the chunks whose time ranges overlap. A file with a summary but no chunk indexes is
     * scanned sequentially and its messages come in file order.
     */
    public McapMessageIterator messages(MessageFilter filter) {
        if (chunkIndexes.isEmpty()) return McapMessageIterator.sequential(this, filter);
        return McapMessageIterator.indexed(this, filter);
    }

    /**
     * The log times of one channel's messages, sorted, read from the message indexes alone: no chunk is read or
     * decompressed, which for a camera topic is the difference between reading a few kilobytes and the whole file.
     * Empty when the file has no chunk indexes or a chunk has no message indexes (then iterate {@link #messages}).
     */
    public Optional<long[]> indexedLogTimes(int channelId) {
        if (chunkIndexes.isEmpty()) return Optional.empty();
        long[] times = new long[64];
        int n = 0;
        for (ChunkIndex ci : chunkIndexes) {
            if (ci.messageIndexOffsets().isEmpty()) return Optional.empty();
            Long offset = ci.messageIndexOffsets().get(channelId);
            if (offset == null) continue;
            MessageIndex index = (MessageIndex) readAt(offset, McapRecord.MESSAGE_INDEX);
            for (MessageIndexEntry e : index.records()) {
                if (n == times.length) times = Arrays.copyOf(times, n * 2);
                times[n++] = e.logTime();
            }
        }
        times = Arrays.copyOf(times, n);
        Arrays.sort(times);
        return Optional.of(times);
    }

    public Attachment readAttachment(AttachmentIndex index) {
        return (Attachment) readAt(index.offset(), McapRecord.ATTACHMENT);
    }

    public Metadata readMetadata(MetadataIndex index) {
        return (Metadata) readAt(index.offset(), McapRecord.METADATA);
    }

    private McapRecord readAt(long offset, int opcode) {
        try {
            return readRecordAt(in, offset, opcode, file, options.maxRecordBytes());
        } catch (IOException e) {
            throw new CurioException("mcap.io", file, null, "cannot read at " + offset + ": " + e.getMessage(), e);
        }
    }

    ChannelInput input() { return in; }
    String file() { return file; }
    McapReader.Options options() { return options; }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new CurioException("mcap.io", file, null, "cannot close: " + e.getMessage(), e);
        }
    }
}
