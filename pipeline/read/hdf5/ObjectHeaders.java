package pipeline.read.hdf5;

import store.CurioException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the object headers of an HDF5 file before jHDF does, and refuses the file when one of them, or a structure
 * that leads to one, declares more bytes than the file holds after it.
 *
 * <p>jHDF 0.13 allocates what a file declares before reading it: a version 1 object header's size, a version 2
 * header's chunk size, a continuation's length, a B-tree node's size, a huge heap object's length. It maps a local
 * heap's or a heap block's declared extent, and when that runs past the end of the file the mapping fails and it reads
 * the extent into a buffer of that size instead. A few kilobytes could so make it ask for gigabytes. The walk follows
 * the structures jHDF follows, in the way it reads them (quirks included, so that the bytes checked are the bytes it
 * will read): from the root group, old-style groups through their symbol table's B-tree, symbol nodes and local heap;
 * new-style groups through their link messages, or the B-tree and fractal heap holding dense links; dense attributes;
 * and every header's continuation blocks. It also refuses the loops jHDF would follow until its stack ran out: a
 * continuation that leads back into its header, a B-tree node reached twice or deeper than its tree.
 *
 * <p>Where a structure is malformed in a way that makes jHDF fail on its own (a wrong signature, a field running off
 * its block), the walk leaves it, and what hangs from it, to jHDF's error: that costs no memory.
 */
final class ObjectHeaders {
    private static final long UNDEFINED = -1L;
    private static final int CONTINUATION = 0x10;
    /** A B-tree with more levels than this would hold more than 2^64 records, so it cannot be a whole one. */
    private static final int MAX_BTREE_V2_DEPTH = 64;

    private final FileChannel ch;
    private final String file;
    private final long base;
    /** The first address past the end of the file; addresses count from {@link #base}. */
    private final long end;
    private final int o;
    private final int l;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Set<Long> headers = new HashSet<>();
    private final Set<Long> symbolNodes = new HashSet<>();

    private record Pending(long address, String path) { }

    /** What one header holds that leads on to other structures. */
    private static final class Header {
        final List<long[]> symbolTables = new ArrayList<>();
        final List<long[]> denseLinks = new ArrayList<>();
        final List<long[]> denseAttributes = new ArrayList<>();
        final List<Link> links = new ArrayList<>();
    }

    private record Link(String name, long address) { }

    /** The structure being read ends before a field jHDF reads; jHDF fails there with an error of its own. */
    private static final class Unreadable extends RuntimeException {
        Unreadable() {
            super(null, null, false, false);
        }
    }

    private static final Unreadable UNREADABLE = new Unreadable();

    private ObjectHeaders(FileChannel ch, String file, Superblock.Info sb) throws IOException {
        this.ch = ch;
        this.file = file;
        this.base = sb.base();
        this.end = ch.size() - sb.base();
        this.o = sb.offsetSize();
        this.l = sb.lengthSize();
    }

    /** @throws CurioException {@code hdf5.bad_file} naming the object whose header, or group index, is corrupt */
    static void check(FileChannel ch, Superblock.Info sb, String file) {
        if (sb.rootObjectHeader() < 0) return;
        try {
            new ObjectHeaders(ch, file, sb).walk(sb.rootObjectHeader());
        } catch (IOException e) {
            throw new CurioException("hdf5.bad_file", file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private void walk(long root) throws IOException {
        pending.add(new Pending(root, "/"));
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            if (!headers.add(p.address)) continue;
            Header h = new Header();
            try {
                header(p.address, p.path, h);
            } catch (Unreadable e) {
                // jHDF fails on this header; what was found before the failure is still checked below.
            }
            for (long[] st : h.symbolTables) {
                try {
                    symbolTable(st[0], st[1], p.path);
                } catch (Unreadable e) {
                    // as above: jHDF cannot list this group
                }
            }
            for (long[] dense : h.denseLinks) {
                try {
                    denseLinks(dense[0], dense[1], p.path);
                } catch (Unreadable e) {
                    // as above
                }
            }
            for (Link k : h.links) pending.add(new Pending(k.address, child(p.path, k.name)));
            for (long[] dense : h.denseAttributes) {
                try {
                    denseAttributes(dense[0], dense[1], p.path);
                } catch (Unreadable e) {
                    // as above: jHDF cannot read these attributes
                }
            }
        }
    }

    private static String child(String parent, String name) {
        return parent.endsWith("/") ? parent + name : parent + "/" + name;
    }

    // ---- object headers ----

    private void header(long address, String path, Header h) throws IOException {
        if (read(address, 1).u8() == 1) {
            Cursor prefix = read(address, 12);
            prefix.skip(2);
            int messages = prefix.u16();
            prefix.skip(4);
            long size = prefix.u32();
            // The messages start 16 bytes in: the 12-byte prefix is padded to a multiple of eight.
            long chunk = address + 16;
            require(chunk, size, path, "the object header of " + path + " (at address " + address + ") declares "
                    + size + " bytes of messages");
            messages(1, chunk, read(chunk, size), false, messages, h, path);
        } else {
            Cursor prefix = read(address, 6);
            if (!prefix.signature("OHDR") || prefix.u8() != 2) throw UNREADABLE;
            int flags = prefix.u8();
            long at = address + 6;
            if ((flags & 0x20) != 0) at = skipRead(at, 16);
            if ((flags & 0x10) != 0) at = skipRead(at, 4);
            int width = 1 << (flags & 3);
            long size = read(at, width).uint(width);
            at += width;
            require(at, size < 0 ? Long.MAX_VALUE : size + 4, path, "the object header of " + path + " (at address "
                    + address + ") declares " + Long.toUnsignedString(size) + " bytes of messages");
            messages(2, at, read(at, size), (flags & 0x04) != 0, Integer.MAX_VALUE, h, path);
        }
    }

    private long skipRead(long at, int n) throws IOException {
        read(at, n);
        return at + n;
    }

    /**
     * The messages of a header's first chunk and, depth first as jHDF reads them, of its continuation blocks. Version
     * 1 headers stop at their declared message count, counted over all blocks, so the order matters.
     */
    private void messages(int version, long firstAddress, Cursor first, boolean creationOrder, int maxMessages,
                          Header h, String path) throws IOException {
        Deque<Cursor> blocks = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        seen.add(firstAddress);
        blocks.push(first);
        int count = 0;
        while (!blocks.isEmpty()) {
            Cursor c = blocks.peek();
            if (version == 1 ? c.remaining() <= 4 || count >= maxMessages : c.remaining() < 8) {
                blocks.pop();
                continue;
            }
            int type;
            int size;
            if (version == 1) {
                c.alignTo8();
                type = c.u16();
                size = c.u16();
                c.skip(4);
            } else {
                type = c.u8();
                size = c.u16();
                c.skip(creationOrder ? 3 : 1);
            }
            Cursor data = c.slice(size);
            count++;
            if (type != CONTINUATION) {
                message(type, data, h);
                continue;
            }
            long at = data.address(o);
            // jHDF reads the length with the width of an address, not of a length.
            long length = data.uint(o);
            require(at, length, path, "the object header of " + path + " continues at address " + at + " for "
                    + Long.toUnsignedString(length) + " bytes");
            if (!seen.add(at)) {
                throw refuse(path, "the object header of " + path + " reaches its continuation block at address " + at
                        + " twice");
            }
            Cursor next = read(at, length);
            if (version == 2 && !next.signature("OCHK")) throw UNREADABLE;
            blocks.push(next);
        }
    }

    private void message(int type, Cursor m, Header h) {
        switch (type) {
            case 0x02 -> {
                // Link info: links are dense when the name index's address is defined.
                m.skip(1);
                int flags = m.u8();
                if ((flags & 1) != 0) m.skip(8);
                long heap = m.address(o);
                long names = m.address(o);
                if (names != UNDEFINED) h.denseLinks.add(new long[] {heap, names});
            }
            case 0x06 -> {
                Link k = link(m);
                if (k != null) h.links.add(k);
            }
            case 0x11 -> h.symbolTables.add(new long[] {m.address(o), m.address(o)});
            case 0x15 -> {
                // Attribute info: attributes are dense when the fractal heap's address is defined.
                if (m.u8() != 0) throw UNREADABLE;
                int flags = m.u8();
                if ((flags & 1) != 0) m.skip(2);
                long heap = m.address(o);
                long names = m.address(o);
                if (heap != UNDEFINED) h.denseAttributes.add(new long[] {heap, names});
            }
            default -> {
                // Other messages hold no address jHDF follows while listing groups and attributes.
            }
        }
    }

    /** A link message; the hard link it holds, or null for a soft or external link. */
    private Link link(Cursor m) {
        if (m.u8() != 1) throw UNREADABLE;
        int flags = m.u8();
        int type = (flags & 0x08) != 0 ? m.u8() : 0;
        if ((flags & 0x04) != 0) m.skip(8);
        if ((flags & 0x10) != 0) m.skip(1);
        int width = 1 << (flags & 3);
        long length = m.uint(width);
        if (length < 0 || length > m.remaining()) throw UNREADABLE;
        String name = m.string((int) length);
        return type == 0 ? new Link(name, m.address(o)) : null;
    }

    // ---- old-style groups: symbol table B-tree, symbol nodes, local heap ----

    private void symbolTable(long tree, long heap, String path) throws IOException {
        List<Long> nodes = new ArrayList<>();
        groupTree(tree, -1, new HashSet<>(), nodes, path);
        LocalHeap names = localHeap(heap, path);
        for (long node : nodes) {
            if (!symbolNodes.add(node)) continue;
            Cursor c = read(node, 8);
            if (!c.signature("SNOD")) throw UNREADABLE;
            c.skip(2);
            short entries = (short) c.u16();
            int entrySize = 2 * o + 24;
            for (int i = 0; i < entries; i++) {
                Cursor e = read(node + 8 + (long) i * entrySize, entrySize);
                long nameOffset = e.uint(o);
                long address = e.address(o);
                long cache = e.u32();
                // 0: an object of any kind; 1: a group, its header read when it is opened; 2: a soft link.
                if (cache <= 1) pending.add(new Pending(address, child(path, names.name(nameOffset))));
            }
        }
    }

    /** A B-tree (version 1) of a group: the addresses of its symbol nodes, in order. */
    private void groupTree(long address, int parentLevel, Set<Long> seen, List<Long> nodes, String path)
            throws IOException {
        if (!seen.add(address)) {
            throw refuse(path, "the B-tree of group " + path + " reaches its node at address " + address + " twice");
        }
        Cursor c = read(address, 6);
        if (!c.signature("TREE") || c.u8() != 0) throw UNREADABLE;
        // jHDF reads the level as a signed byte and treats any level above 0 as an inner node.
        int level = (byte) c.u8();
        if (parentLevel >= 0 && level != parentLevel - 1) {
            throw refuse(path, "the B-tree of group " + path + " has a node at address " + address + " at level "
                    + level + " under a node at level " + parentLevel);
        }
        int entries = read(address + 6, 8 * o).u16();
        long keys = address + 8 + 2L * o;
        Cursor k = read(keys, (2L * entries + 1) * l + 2L * entries * o);
        for (int i = 0; i < entries; i++) {
            // The key before each child is a length wide in a leaf, and (as jHDF reads it) an address wide above.
            k.skip(level > 0 ? o : l);
            long child = k.address(o);
            if (level > 0) {
                groupTree(child, level, seen, nodes, path);
            } else {
                nodes.add(child);
            }
        }
    }

    /** A local heap: where its names are. */
    private final class LocalHeap {
        final long data;
        final long size;

        LocalHeap(long data, long size) {
            this.data = data;
            this.size = size;
        }

        /** The name at an offset, for messages only: {@code ?} where jHDF would fail to read it. */
        String name(long offset) throws IOException {
            if (offset < 0 || offset >= size) return "?";
            Cursor c = read(data + offset, Math.min(256, size - offset));
            return c.cString();
        }
    }

    private LocalHeap localHeap(long address, String path) throws IOException {
        Cursor c = read(address, 8 + 2L * l + o);
        if (!c.signature("HEAP")) throw UNREADABLE;
        c.skip(4);
        long size = c.uint(l);
        c.skip(l);
        long data = c.address(o);
        require(data, size, path, "the local heap of group " + path + " (at address " + address + ") declares "
                + Long.toUnsignedString(size) + " bytes");
        return new LocalHeap(data, size);
    }

    // ---- dense links and attributes: version 2 B-trees and fractal heaps ----

    private void denseLinks(long heapAddress, long names, String path) throws IOException {
        List<Cursor> records = btreeV2(names, 5, path);
        FractalHeap heap = new FractalHeap(heapAddress, path);
        for (Cursor r : records) {
            if (r.remaining() != 11) throw UNREADABLE;
            r.skip(4);
            Link k = link(heap.object(r, path));
            if (k != null) pending.add(new Pending(k.address, child(path, k.name)));
        }
    }

    private void denseAttributes(long heapAddress, long names, String path) throws IOException {
        FractalHeap heap = new FractalHeap(heapAddress, path);
        for (Cursor r : btreeV2(names, 8, path)) {
            if (r.remaining() != 17) throw UNREADABLE;
            heap.object(r.slice(8), path);
        }
    }

    /** The records of a version 2 B-tree whose records are of one type, each as a cursor over its bytes. */
    private List<Cursor> btreeV2(long address, int recordType, String path) throws IOException {
        Cursor c = read(address, 16L + o + 2 + l + 4);
        if (!c.signature("BTHD") || c.u8() != 0) throw UNREADABLE;
        c.skip(1);
        int nodeSize = c.int32();
        int recordSize = c.u16();
        int depth = c.u16();
        c.skip(2);
        long root = c.address(o);
        int rootRecords = c.u16();
        int total = c.intOf(l);
        BTreeV2 tree = new BTreeV2(nodeSize, recordSize, recordType, path);
        tree.node(root, depth, rootRecords, total);
        // jHDF reads the whole tree before it finds records of another type than the caller's.
        if (tree.otherType) throw UNREADABLE;
        return tree.records;
    }

    private final class BTreeV2 {
        final int nodeSize;
        final int recordSize;
        final int recordType;
        final String path;
        final Set<Long> seen = new HashSet<>();
        final List<Cursor> records = new ArrayList<>();
        boolean otherType;

        BTreeV2(int nodeSize, int recordSize, int recordType, String path) {
            this.nodeSize = nodeSize;
            this.recordSize = recordSize;
            this.recordType = recordType;
            this.path = path;
        }

        void node(long address, int depth, int count, int total) throws IOException {
            if (!seen.add(address)) {
                throw refuse(path, "a B-tree of " + path + " reaches its node at address " + address + " twice");
            }
            require(address, nodeSize, path, "a B-tree of " + path + " declares nodes of " + nodeSize
                    + " bytes (one at address " + address + ")");
            Cursor c = read(address, nodeSize);
            boolean leaf;
            if (c.signature("BTLF")) {
                leaf = true;
            } else {
                c.rewind();
                if (!c.signature("BTIN")) throw UNREADABLE;
                leaf = false;
            }
            if (c.u8() != 0) throw UNREADABLE;
            int type = c.u8();
            for (int i = 0; i < count; i++) {
                Cursor r = c.slice(recordSize);
                // The record types jHDF reads, and the sizes it requires of them; it fails on any other.
                boolean readable = type == 5 ? recordSize == 11
                        : type == 8 ? recordSize == 17
                        : type == 1 && recordSize >= 24;
                if (!readable) throw UNREADABLE;
                if (type == recordType) records.add(r);
                else otherType = true;
            }
            if (leaf) return;
            if (depth <= 0 || depth > MAX_BTREE_V2_DEPTH) {
                throw refuse(path, "a B-tree of " + path + " has an inner node at address " + address
                        + " at depth " + depth);
            }
            for (int i = 0; i <= count; i++) {
                long child = c.address(o);
                int childCount = c.intOf(numberOfRecordsSize(depth, total));
                int childTotal = depth > 1 ? c.intOf(totalRecordsSize(depth)) : -1;
                node(child, depth - 1, childCount, childTotal);
            }
        }

        /** As jHDF sizes a child pointer's record count (its own arithmetic, so the same bytes are read). */
        private int numberOfRecordsSize(int depth, int total) {
            if (recordSize == 0) throw UNREADABLE;
            int size = nodeSize - 10;
            if (depth > 1) size -= bytesFor(total) * 2 + o;
            return bytesFor(size / recordSize);
        }

        private int totalRecordsSize(int depth) {
            return (BigInteger.valueOf(nodeSize / recordSize).pow(depth).bitLength() + 8) / 8;
        }

        private static int bytesFor(int number) {
            return (Integer.numberOfTrailingZeros(Integer.highestOneBit(number)) + 8) / 8;
        }
    }

    /** A fractal heap as jHDF reads it: its root block, direct or indirect, then objects by heap ID. */
    private final class FractalHeap {
        final long address;
        final int idLength;
        final long hugeObjects;
        final int tableWidth;
        final int startingBlockSize;
        final int maxDirectBlockSize;
        final int offsetBytes;
        final int lengthBytes;
        final TreeMap<Long, long[]> directBlocks = new TreeMap<>();
        /** jHDF sizes each direct block by a counter it advances before reading the block. */
        int blockIndex;

        FractalHeap(long address, String path) throws IOException {
            this.address = address;
            Cursor c = read(address, 4 + 1 + 2 + 2 + 1 + 4 + 12L * l + 3L * o + 2 + 2 + 2 + 2 + 4);
            if (!c.signature("FRHP") || c.u8() != 0) throw UNREADABLE;
            idLength = c.u16();
            int filters = c.u16();
            c.skip(1);
            long maxManagedObject = c.u32();
            c.skip(l);
            hugeObjects = c.address(o);
            c.skip(l + o + 8L * l);
            tableWidth = c.u16();
            startingBlockSize = c.intOf(l);
            maxDirectBlockSize = c.intOf(l);
            int maxHeapBits = c.u16();
            offsetBytes = (maxHeapBits + 7) / 8;
            lengthBytes = bytesToHold(Math.min(maxDirectBlockSize, maxManagedObject));
            c.skip(2);
            long root = c.address(o);
            int rows = c.u16();
            if (filters > 0 || root == UNDEFINED) return;
            if (rows == 0) {
                directBlock(root, path);
                return;
            }
            int rowSize = o;
            int size = 4 + 1 + o + offsetBytes + rows * tableWidth * rowSize + 4;
            requireIndirect(root, size, rows, path);
            Cursor b = read(root, size);
            if (!b.signature("FHIB") || b.u8() != 0 || b.address(o) != address) throw UNREADABLE;
            b.skip(offsetBytes);
            List<Long> children = new ArrayList<>();
            for (int i = 0; i < rows * tableWidth; i++) {
                long child = b.uint(rowSize);
                if (child == UNDEFINED) break;
                children.add(child);
            }
            for (long child : children) {
                if (blockSize(blockIndex++) == -1) {
                    // A block too big to be direct is an indirect one, which jHDF reads at the heap's own address.
                    requireIndirect(address, size, rows, path);
                    throw UNREADABLE;
                }
                directBlock(child, path);
            }
        }

        private void requireIndirect(long at, int size, int rows, String path) {
            require(at, size < 0 ? Long.MAX_VALUE : size, path, "a fractal heap of " + path
                    + " has an indirect block at address " + at + " of " + rows + " rows of " + tableWidth + " blocks");
        }

        private void directBlock(long at, String path) throws IOException {
            Cursor c = read(at, 4 + 1 + o + offsetBytes + 4L);
            if (!c.signature("FHDB") || c.u8() != 0 || c.address(o) != address) throw UNREADABLE;
            long offset = c.uint(offsetBytes);
            int size = blockSize(blockIndex);
            if (size < 0) throw UNREADABLE;
            require(at, size, path, "a fractal heap of " + path + " has a direct block at address " + at
                    + " of " + size + " bytes");
            directBlocks.put(offset, new long[] {at, size});
        }

        private int blockSize(int index) {
            if (tableWidth == 0) throw UNREADABLE;
            int row = index / tableWidth;
            if (row < 2) return startingBlockSize;
            if (row - 1 >= 31) throw UNREADABLE;
            int size = startingBlockSize * (1 << (row - 1));
            return size < maxDirectBlockSize ? size : -1;
        }

        /** The bytes of the object a heap ID names, checked to lie in the file. */
        Cursor object(Cursor id, String path) throws IOException {
            if (id.remaining() != idLength) throw UNREADABLE;
            int flags = id.u8();
            if ((flags >> 6) != 0) throw UNREADABLE;
            int type = (flags >> 4) & 3;
            if (type == 0) {
                long offset = id.uint(offsetBytes);
                int length = id.intOf(lengthBytes);
                var block = offset < 0 ? null : directBlocks.floorEntry(offset);
                if (block == null) throw UNREADABLE;
                long start = offset - block.getKey();
                long blockSize = block.getValue()[1];
                if (start > blockSize || length > blockSize - start) throw UNREADABLE;
                return read(block.getValue()[0] + start, length);
            }
            if (type != 1 || hugeObjects <= 0) throw UNREADABLE;
            List<Cursor> huge = btreeV2(hugeObjects, 1, path);
            if (huge.size() != 1 || huge.get(0).remaining() < 24) throw UNREADABLE;
            Cursor r = huge.get(0);
            long at = r.uint(8);
            // jHDF casts the 8-byte length to an int.
            int length = (int) r.uint(8);
            if ((at < 0 && at != UNDEFINED) || length < 0) throw UNREADABLE;
            require(at, length, path, "a fractal heap of " + path + " has an object at address " + at
                    + " of " + length + " bytes");
            return read(at, length);
        }
    }

    private static int bytesToHold(long number) {
        if (number < 0) throw UNREADABLE;
        return number == 0 ? 1 : (64 - Long.numberOfLeadingZeros(number) + 7) / 8;
    }

    // ---- reading ----

    /**
     * Refuses the file unless {@code size} bytes from {@code address} lie inside it. jHDF allocates the bytes before it
     * reads them, so an address outside the file does not spare the allocation.
     */
    private void require(long address, long size, String path, String what) {
        if (address < 0 || address > end) throw refuse(path, what + ", past the end of the file");
        if (size < 0 || size > end - address) {
            throw refuse(path, what + ", but the file holds only " + (end - address) + " bytes from there on");
        }
    }

    private CurioException refuse(String path, String message) {
        return new CurioException("hdf5.bad_file", file, path, message);
    }

    /** {@code size} bytes at an address, or {@link Unreadable} where the file ends first (jHDF's read fails there). */
    private Cursor read(long address, long size) throws IOException {
        if (address < 0 || size < 0 || address > end || size > end - address || size > Integer.MAX_VALUE) {
            throw UNREADABLE;
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        long at = base + address;
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) throw UNREADABLE;
        }
        return new Cursor(b.flip().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Little-endian fields of one structure; a field past its end is {@link Unreadable}, as it is to jHDF. */
    private static final class Cursor {
        private final ByteBuffer b;

        Cursor(ByteBuffer b) {
            this.b = b;
        }

        int remaining() {
            return b.remaining();
        }

        void rewind() {
            b.rewind();
        }

        void skip(long n) {
            if (n < 0 || n > b.remaining()) throw UNREADABLE;
            b.position(b.position() + (int) n);
        }

        /** jHDF aligns each version 1 message on eight bytes from the start of its block. */
        void alignTo8() {
            int p = b.position();
            if (p % 8 != 0) skip(8 - p % 8);
        }

        boolean signature(String s) {
            if (b.remaining() < s.length()) throw UNREADABLE;
            for (int i = 0; i < s.length(); i++) {
                if (b.get() != s.charAt(i)) return false;
            }
            return true;
        }

        int u8() {
            return (int) uint(1);
        }

        int u16() {
            return (int) uint(2);
        }

        long u32() {
            return uint(4);
        }

        /** A signed 4-byte field that jHDF refuses when negative. */
        int int32() {
            long v = uint(4);
            if (v > Integer.MAX_VALUE) throw UNREADABLE;
            return (int) v;
        }

        /** An unsigned field of {@code n} bytes that jHDF reads as an int, refusing what does not fit. */
        int intOf(int n) {
            long v = uint(n);
            if (v < 0 || v > Integer.MAX_VALUE) throw UNREADABLE;
            return (int) v;
        }

        /** An unsigned field of 1 to 8 bytes (8 bytes may come back negative, i.e. at least 2^63). */
        long uint(int n) {
            if (n < 1 || n > 8 || n > b.remaining()) throw UNREADABLE;
            long v = 0;
            for (int i = 0; i < n; i++) v |= (b.get() & 0xffL) << (8 * i);
            return v;
        }

        /** An address: {@link #UNDEFINED} when all its bits are set, as jHDF reads an 8-byte one. */
        long address(int n) {
            long v = uint(n);
            return v < 0 && v != UNDEFINED ? Long.MAX_VALUE : v;
        }

        Cursor slice(int n) {
            if (n < 0 || n > b.remaining()) throw UNREADABLE;
            ByteBuffer s = b.slice(b.position(), n).order(ByteOrder.LITTLE_ENDIAN);
            b.position(b.position() + n);
            return new Cursor(s);
        }

        String string(int n) {
            byte[] bytes = new byte[n];
            b.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String cString() {
            int start = b.position();
            int n = 0;
            while (start + n < b.limit() && b.get(start + n) != 0) n++;
            return string(n);
        }
    }
}
