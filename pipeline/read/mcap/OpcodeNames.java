package pipeline.read.mcap;

/**
 * Display names of MCAP opcodes, built once: every record parsed carries one in its error context, and formatting
 * it per record was a measurable share of reading a bag's joint states.
 */
final class OpcodeNames {
    private static final String[] NAMES = build("Invalid", "Header", "Footer", "Schema", "Channel", "Message", "Chunk",
            "MessageIndex", "ChunkIndex", "Attachment", "AttachmentIndex", "Statistics", "Metadata", "MetadataIndex",
            "SummaryOffset", "DataEnd");

    private OpcodeNames() { }

    static String of(int opcode) {
        if (opcode >= 0 && opcode < NAMES.length) return NAMES[opcode];
        return String.format("Unknown(0x%02X)", opcode);
    }

    private static String[] build(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) out[i] = names[i] + String.format("(0x%02X)", i);
        return out;
    }
}
