package pipeline.read.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import pipeline.read.mcap.McapRecord.*;
import store.Cancellation;
import store.CurioException;

/**
 * Streaming MCAP reader: one forward pass over an {@link InputStream}, so the caller can hash the bytes
 * while they are parsed. Chunks are decompressed one at a time and their records yielded in place;
 * memory is bounded by the largest single record or uncompressed chunk (capped by {@link Options}).
 * CRCs (data section, summary, chunk, attachment) are checked unless they are 0 or checking is off.
 */
public final class McapReader implements Closeable {
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

    /**
     * @param emitChunks     also yield each {@link Chunk} header before the records inside it
     * @param maxRecordBytes largest record content or uncompressed chunk that will be buffered
     * @param messageData    channels whose message payloads are copied out, asked per message (null: all).
     *                       Other messages are yielded with an empty {@code data}: a scan that needs only
     *                       counts and times then never copies the bulk of the file. Skipped payloads are
     *                       still read, so CRCs and a hashing input see every byte.
     */
    public record Options(boolean validateCrcs, boolean emitChunks, long maxRecordBytes, IntPredicate messageData) {
        public static final Options DEFAULT = new Options(true, false, 1L << 30, null);

        public Options(boolean validateCrcs, boolean emitChunks, long maxRecordBytes) {
            this(validateCrcs, emitChunks, maxRecordBytes, null);
        }

        public Options withMessageData(IntPredicate channels) {
            return new Options(validateCrcs, emitChunks, maxRecordBytes, channels);
        }

        boolean wantsData(int channelId) {
            return messageData == null || messageData.test(channelId);
        }
    }

    /** Chunk buffers up to this size are kept for the next chunk instead of being reallocated per chunk. */
    private static final int REUSE_CHUNK_BYTES = 64 << 20;

    private final CrcSource src;
    private final String file;
    private final Options options;
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<Integer, Channel> channels = new HashMap<>();
    private boolean started;
    private boolean done;
    private boolean sawDataEnd;
    private byte[] chunk;
    private byte[] spareChunk;
    private int chunkEnd;
    private int chunkPos;
    private long chunkOffset;

    public McapReader(InputStream in, String fileNameForErrors) {
        this(in, fileNameForErrors, Options.DEFAULT);
    }

    public McapReader(InputStream in, String fileNameForErrors, Options options) {
        this.src = new CrcSource(in);
        this.file = fileNameForErrors;
        this.options = options;
    }

    /** Schemas seen so far, by id. */
    public Map<Integer, Schema> schemas() { return Collections.unmodifiableMap(schemas); }

    /** Channels seen so far, by id. */
    public Map<Integer, Channel> channels() { return Collections.unmodifiableMap(channels); }

    /** Bytes consumed from the input so far. */
    public long position() { return src.position(); }

    /** The next record, or {@code null} after the Footer and closing magic. */
    public McapRecord next() {
        try {
            if (!started) {
                readMagic("leading");
                started = true;
            }
            while (!done) {
                McapRecord r = chunk != null ? nextInChunk() : nextTopLevel();
                if (r != null) return remember(r);
            }
            return null;
        } catch (IOException e) {
            throw new CurioException("mcap.truncated", file, null,
                    "cannot read MCAP stream at offset " + src.position() + ": " + e.getMessage(), e);
        }
    }

    /** Visits every message with its channel and schema, in file order. */
    public void forEachMessage(Consumer<McapMessageView> visitor, Cancellation cancel) {
        McapRecord r;
        while ((r = next()) != null) {
            cancel.check();
            if (r instanceof Message m) visitor.accept(view(m, "offset " + src.position()));
        }
    }

    public void forEachMessage(Consumer<McapMessageView> visitor) {
        forEachMessage(visitor, Cancellation.NEVER);
    }

    McapMessageView view(Message m, String where) {
        Channel ch = channels.get(m.channelId());
        if (ch == null) {
            throw new CurioException("mcap.bad_record", file, "message.channel_id",
                    "message near " + where + " uses channel " + m.channelId() + " before any Channel record defines it");
        }
        Schema schema = ch.schemaId() == 0 ? null : schemas.get(ch.schemaId());
        if (ch.schemaId() != 0 && schema == null) {
            throw new CurioException("mcap.bad_record", file, "channel.schema_id",
                    "channel '" + ch.topic() + "' refers to schema " + ch.schemaId() + " that was never defined");
        }
        return new McapMessageView(ch, schema, m);
    }

    private McapRecord remember(McapRecord r) {
        if (r instanceof Schema s) schemas.put(s.id(), s);
        else if (r instanceof Channel c) channels.put(c.id(), c);
        return r;
    }

    private void readMagic(String which) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        int n = src.readUpTo(magic, 0, magic.length);
        if (n < magic.length && Arrays.equals(Arrays.copyOf(magic, n), Arrays.copyOf(MAGIC, n))) {
            throw new CurioException("mcap.truncated", file, "magic",
                    "file ends inside the " + which + " magic at offset " + src.position());
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CurioException("mcap.bad_magic", file, "magic",
                    "the " + which + " magic bytes are not \\x89MCAP0\\r\\n; not an MCAP (version 0) file");
        }
    }

    private McapRecord nextTopLevel() throws IOException {
        long recordOffset = src.position();
        byte[] head = new byte[9];
        src.crcOn(false);
        int n = src.readUpTo(head, 0, 9);
        src.crcOn(true);
        if (n == 0) {
            throw new CurioException("mcap.truncated", file, null,
                    "file ends at offset " + recordOffset + " without a Footer record");
        }
        int opcode = head[0] & 0xFF;
        if (n < 9) throw truncated(opcode, recordOffset, null);
        if (opcode != McapRecord.DATA_END) src.updateCrc(head, 0, 9);
        long length = new LeCursor(head, 1, 9, file, "").u64("length");
        try {
            return switch (opcode) {
                case McapRecord.CHUNK -> startChunk(recordOffset, length);
                case McapRecord.DATA_END -> dataEnd(recordOffset, length);
                case McapRecord.FOOTER -> footer(recordOffset, length);
                case 0 -> throw new CurioException("mcap.bad_record", file, "opcode",
                        "invalid opcode 0x00 at offset " + recordOffset);
                default -> {
                    if (opcode > McapRecord.DATA_END) {
                        src.skipFully(checkedLength(opcode, recordOffset, length, Long.MAX_VALUE));
                        yield null;
                    }
                    if (opcode == McapRecord.MESSAGE && options.messageData() != null && length >= MESSAGE_HEADER_BYTES) {
                        yield topLevelMessage(recordOffset, length);
                    }
                    byte[] content = readContent(opcode, recordOffset, length);
                    yield RecordParser.parse(opcode, content, 0, content.length, file, recordOffset);
                }
            };
        } catch (ChunkCodec.PrematureEnd e) {
            throw truncated(opcode, recordOffset, e);
        }
    }

    private static final int MESSAGE_HEADER_BYTES = 22;
    /** Far longer than any registered compression name; a longer one is damage, not a name. */
    private static final int MAX_COMPRESSION_NAME = 256;

    /** Reads the message's fixed fields first so an unwanted payload can be skipped instead of buffered. */
    private McapRecord topLevelMessage(long recordOffset, long length) throws IOException {
        long max = Math.min(options.maxRecordBytes(), Integer.MAX_VALUE - 16);
        checkedLength(McapRecord.MESSAGE, recordOffset, length, max);
        byte[] head = new byte[MESSAGE_HEADER_BYTES];
        src.readFully(head, 0, head.length);
        int channelId = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
        if (!options.wantsData(channelId)) {
            src.skipFully(length - head.length);
            return RecordParser.message(head, 0, head.length, false, file, recordOffset);
        }
        byte[] payload = src.readGrowing((int) length - head.length);
        byte[] content = new byte[(int) length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(payload, 0, content, head.length, payload.length);
        return RecordParser.message(content, 0, content.length, true, file, recordOffset);
    }

    private CurioException truncated(int opcode, long recordOffset, Throwable cause) {
        return new CurioException("mcap.truncated", file, McapRecord.opcodeName(opcode),
                "file ends inside record " + McapRecord.opcodeName(opcode) + " that starts at offset " + recordOffset,
                cause);
    }

    private long checkedLength(int opcode, long recordOffset, long length, long max) {
        if (length < 0 || length > max) {
            throw new CurioException("mcap.bad_record", file, McapRecord.opcodeName(opcode),
                    McapRecord.opcodeName(opcode) + " at offset " + recordOffset + " declares length "
                            + Long.toUnsignedString(length) + ", above the limit of " + max + " bytes");
        }
        return length;
    }

    private byte[] readContent(int opcode, long recordOffset, long length) throws IOException {
        long max = Math.min(options.maxRecordBytes(), Integer.MAX_VALUE - 16);
        return src.readGrowing((int) checkedLength(opcode, recordOffset, length, max));
    }

    private McapRecord startChunk(long recordOffset, long length) throws IOException {
        checkedLength(McapRecord.CHUNK, recordOffset, length, Long.MAX_VALUE);
        byte[] fixed = new byte[32];
        if (length < fixed.length) throw badChunk(recordOffset, "record is shorter than its fixed fields");
        src.readFully(fixed, 0, 32);
        long compressionLength = new LeCursor(fixed, 28, 32, file, "").u32("compression");
        if (length < 32 + compressionLength + 8) throw badChunk(recordOffset, "compression string overruns the record");
        if (compressionLength > MAX_COMPRESSION_NAME) {
            throw badChunk(recordOffset, "a compression name of " + compressionLength + " bytes is not one of \"\", zstd, lz4");
        }
        byte[] rest = new byte[(int) compressionLength + 8];
        src.readFully(rest, 0, rest.length);
        byte[] header = new byte[fixed.length + rest.length];
        System.arraycopy(fixed, 0, header, 0, 32);
        System.arraycopy(rest, 0, header, 32, rest.length);
        Chunk c = RecordParser.chunkHeader(new LeCursor(header, 0, header.length, file, "Chunk at offset " + recordOffset));
        long trailing = length - header.length - c.recordsLength();
        if (c.recordsLength() < 0 || trailing < 0) throw badChunk(recordOffset, "records length overruns the record");
        Chunk checked = options.validateCrcs() ? c : new Chunk(c.messageStartTime(), c.messageEndTime(),
                c.uncompressedSize(), 0, c.compression(), c.recordsLength());
        byte[] records = ChunkCodec.decompress(checked, src, Math.min(options.maxRecordBytes(), Integer.MAX_VALUE - 16),
                file, recordOffset, spareChunk);
        if (records.length <= REUSE_CHUNK_BYTES) spareChunk = records;
        chunk = records;
        chunkEnd = (int) c.uncompressedSize();
        chunkPos = 0;
        chunkOffset = recordOffset;
        src.skipFully(trailing);
        return options.emitChunks() ? c : null;
    }

    private CurioException badChunk(long recordOffset, String why) {
        return new CurioException("mcap.bad_record", file, "chunk", "Chunk at offset " + recordOffset + ": " + why);
    }

    private McapRecord nextInChunk() {
        if (chunkPos >= chunkEnd) {
            chunk = null;
            return null;
        }
        int at = chunkPos;
        if (chunkEnd - at < 9) {
            throw new CurioException("mcap.bad_record", file, "chunk.records", where(at) + ": incomplete record header");
        }
        int opcode = chunk[at] & 0xFF;
        long length = new LeCursor(chunk, at + 1, at + 9, file, "").u64("length");
        if (length < 0 || length > chunkEnd - at - 9) {
            throw new CurioException("mcap.bad_record", file, "chunk.records",
                    where(at) + ": " + McapRecord.opcodeName(opcode) + " length overruns the chunk");
        }
        chunkPos = at + 9 + (int) length;
        if (opcode == McapRecord.CHUNK) {
            throw new CurioException("mcap.bad_record", file, "chunk.records", where(at) + ": chunks cannot nest");
        }
        if (opcode == McapRecord.MESSAGE && options.messageData() != null && length >= MESSAGE_HEADER_BYTES) {
            int channelId = (chunk[at + 9] & 0xFF) | (chunk[at + 10] & 0xFF) << 8;
            return RecordParser.message(chunk, at + 9, chunkPos, options.wantsData(channelId), file, chunkOffset);
        }
        return RecordParser.parse(opcode, chunk, at + 9, chunkPos, file, chunkOffset);
    }

    /** Built only when an error is reported: string concatenation per record is measurable on large files. */
    private String where(int innerOffset) {
        return "chunk at offset " + chunkOffset + ", inner offset " + innerOffset;
    }

    private McapRecord dataEnd(long recordOffset, long length) throws IOException {
        long expected = src.crcValue();
        src.crcOn(false);
        byte[] content = readContent(McapRecord.DATA_END, recordOffset, length);
        src.crcOn(true);
        DataEnd d = (DataEnd) RecordParser.parse(McapRecord.DATA_END, content, 0, content.length, file, recordOffset);
        if (options.validateCrcs() && d.dataSectionCrc() != 0 && d.dataSectionCrc() != expected) {
            throw new CurioException("mcap.crc_mismatch", file, "data_end.data_section_crc",
                    "data_section_crc " + d.dataSectionCrc() + " but the data section hashes to " + expected);
        }
        // The summary CRC starts at the first byte after Data End (the summary, or the Footer when there is none).
        src.resetCrc();
        sawDataEnd = true;
        return d;
    }

    private McapRecord footer(long recordOffset, long length) throws IOException {
        if (length < 20) throw truncatedFooter(recordOffset);
        byte[] content = new byte[20];
        src.readFully(content, 0, 16);
        long expected = src.crcValue();
        src.readFully(content, 16, 4);
        Footer f = (Footer) RecordParser.parse(McapRecord.FOOTER, content, 0, 20, file, recordOffset);
        src.skipFully(length - 20);
        if (options.validateCrcs() && sawDataEnd && f.summaryCrc() != 0 && f.summaryCrc() != expected) {
            throw new CurioException("mcap.crc_mismatch", file, "footer.summary_crc",
                    "summary_crc " + f.summaryCrc() + " but the summary section hashes to " + expected);
        }
        readMagic("trailing");
        done = true;
        return f;
    }

    private CurioException truncatedFooter(long recordOffset) {
        return new CurioException("mcap.bad_record", file, "footer",
                "Footer at offset " + recordOffset + " is shorter than its 20 bytes of fields");
    }

    @Override
    public void close() {
        try {
            src.close();
        } catch (IOException e) {
            throw new CurioException("mcap.io", file, null, "cannot close MCAP input: " + e.getMessage(), e);
        }
    }
}
