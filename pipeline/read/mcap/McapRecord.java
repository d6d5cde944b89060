package pipeline.read.mcap;

import java.util.List;
import java.util.Map;

/**
 * One MCAP record, one Java record per opcode of the MCAP 0 specification. Byte arrays are owned by
 * the record (readers hand out fresh arrays), maps keep file order.
 */
public sealed interface McapRecord {
    int HEADER = 0x01, FOOTER = 0x02, SCHEMA = 0x03, CHANNEL = 0x04, MESSAGE = 0x05, CHUNK = 0x06,
            MESSAGE_INDEX = 0x07, CHUNK_INDEX = 0x08, ATTACHMENT = 0x09, ATTACHMENT_INDEX = 0x0A,
            STATISTICS = 0x0B, METADATA = 0x0C, METADATA_INDEX = 0x0D, SUMMARY_OFFSET = 0x0E, DATA_END = 0x0F;

    /** The opcode this record is serialized with. */
    int opcode();

    /** Human-readable opcode name for error messages, e.g. {@code Chunk(0x06)}. */
    /** "Message(0x05)", for error contexts and messages. */
    static String opcodeName(int opcode) {
        return OpcodeNames.of(opcode);
    }

    record Header(String profile, String library) implements McapRecord {
        public int opcode() { return HEADER; }
    }

    record Footer(long summaryStart, long summaryOffsetStart, long summaryCrc) implements McapRecord {
        public int opcode() { return FOOTER; }
    }

    record Schema(int id, String name, String encoding, byte[] data) implements McapRecord {
        public int opcode() { return SCHEMA; }
    }

    /** {@code schemaId} 0 means the channel has no schema. */
    record Channel(int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
            implements McapRecord {
        public int opcode() { return CHANNEL; }
    }

    /** {@code sequence} is an unsigned u32 kept in a long. */
    record Message(int channelId, long sequence, long logTime, long publishTime, byte[] data) implements McapRecord {
        public int opcode() { return MESSAGE; }
    }

    /**
     * A chunk's header. The compressed records themselves are not kept: the streaming reader yields the
     * records inside the chunk right after this one, which keeps memory at one uncompressed chunk.
     */
    record Chunk(long messageStartTime, long messageEndTime, long uncompressedSize, long uncompressedCrc,
                 String compression, long recordsLength) implements McapRecord {
        public int opcode() { return CHUNK; }
    }

    record MessageIndexEntry(long logTime, long offset) { }

    record MessageIndex(int channelId, List<MessageIndexEntry> records) implements McapRecord {
        public int opcode() { return MESSAGE_INDEX; }
    }

    record ChunkIndex(long messageStartTime, long messageEndTime, long chunkStartOffset, long chunkLength,
                      Map<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression,
                      long compressedSize, long uncompressedSize) implements McapRecord {
        public int opcode() { return CHUNK_INDEX; }
    }

    record Attachment(long logTime, long createTime, String name, String mediaType, byte[] data, long crc)
            implements McapRecord {
        public int opcode() { return ATTACHMENT; }
    }

    record AttachmentIndex(long offset, long length, long logTime, long createTime, long dataSize, String name,
                           String mediaType) implements McapRecord {
        public int opcode() { return ATTACHMENT_INDEX; }
    }

    record Statistics(long messageCount, int schemaCount, long channelCount, long attachmentCount,
                      long metadataCount, long chunkCount, long messageStartTime, long messageEndTime,
                      Map<Integer, Long> channelMessageCounts) implements McapRecord {
        public int opcode() { return STATISTICS; }
    }

    record Metadata(String name, Map<String, String> metadata) implements McapRecord {
        public int opcode() { return METADATA; }
    }

    record MetadataIndex(long offset, long length, String name) implements McapRecord {
        public int opcode() { return METADATA_INDEX; }
    }

    record SummaryOffset(int groupOpcode, long groupStart, long groupLength) implements McapRecord {
        public int opcode() { return SUMMARY_OFFSET; }
    }

    record DataEnd(long dataSectionCrc) implements McapRecord {
        public int opcode() { return DATA_END; }
    }
}
