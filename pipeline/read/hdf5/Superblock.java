package pipeline.read.hdf5;

import store.CurioException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks the HDF5 signature and the superblock's end-of-file address before jHDF parses anything, so a
 * non-HDF5 or truncated file fails fast with {@code hdf5.bad_file} instead of a late, obscure read error.
 */
final class Superblock {
    /**
     * What a walk of the object headers needs: where addresses count from, how wide addresses and lengths are, and
     * the root group's object header ({@code -1} when the superblock is of a version jHDF does not read either).
     */
    record Info(long base, int offsetSize, int lengthSize, long rootObjectHeader) { }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Superblock() { }

    /** True when an HDF5 signature sits at offset 0, 512, 1024, 2048, ... (user blocks shift it). */
    static boolean hasSignature(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return signatureOffset(ch) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Info check(FileChannel ch, String displayName) {
        try {
            long at = signatureOffset(ch);
            if (at < 0) throw bad(displayName, "no HDF5 signature (not an HDF5 file)");
            ByteBuffer b = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, at);
            b.flip();
            if (b.remaining() < 16) throw bad(displayName, "superblock is truncated");
            int version = b.get(8) & 0xff;
            int offsetSize;
            int lengthSize;
            int eofPos;
            int rootPos;
            if (version <= 1) {
                offsetSize = b.get(13) & 0xff;
                lengthSize = b.get(14) & 0xff;
                // v0: 24 fixed bytes, then base, free-space and EOF addresses; v1 adds 4 bytes before them. After
                // them the driver block's address and the root group's symbol table entry, whose second field is
                // the root group's object header.
                eofPos = (version == 0 ? 24 : 28) + 2 * offsetSize;
                rootPos = eofPos + 3 * offsetSize;
            } else {
                offsetSize = b.get(9) & 0xff;
                lengthSize = b.get(10) & 0xff;
                eofPos = 12 + 2 * offsetSize;
                rootPos = eofPos + offsetSize;
            }
            if (offsetSize != 8 && offsetSize != 4) throw bad(displayName, "unsupported offset size " + offsetSize);
            if (b.limit() < eofPos + offsetSize) throw bad(displayName, "superblock is truncated");
            long base = offsetSize == 8 ? b.getLong(eofPos - 2 * offsetSize) : b.getInt(eofPos - 2 * offsetSize) & 0xffffffffL;
            long eof = offsetSize == 8 ? b.getLong(eofPos) : b.getInt(eofPos) & 0xffffffffL;
            long size = ch.size();
            // Unlike every other address, the end of file counts from the start of the file, user block included
            // (the HDF5 library writes it so and reads it so).
            if (eof != -1L && eof > size) {
                throw bad(displayName, "file is truncated: superblock says " + eof + " bytes, file has " + size);
            }
            // jHDF reads superblocks 0 to 3 only, and refuses one whose base is not where its signature is.
            boolean readable = version <= 3 && base == at && b.limit() >= rootPos + offsetSize;
            long root = !readable ? -1 : offsetSize == 8 ? b.getLong(rootPos) : b.getInt(rootPos) & 0xffffffffL;
            return new Info(base, offsetSize, lengthSize, root);
        } catch (IOException e) {
            throw new CurioException("hdf5.bad_file", displayName, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static long signatureOffset(FileChannel ch) throws IOException {
        long size = ch.size();
        for (long at = 0; at + SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
            ByteBuffer b = ByteBuffer.allocate(SIGNATURE.length);
            ch.read(b, at);
            if (java.util.Arrays.equals(b.array(), SIGNATURE)) return at;
        }
        return -1;
    }

    private static CurioException bad(String file, String message) {
        return new CurioException("hdf5.bad_file", file, null, message);
    }
}
