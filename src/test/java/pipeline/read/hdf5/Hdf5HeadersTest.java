package pipeline.read.hdf5;

import io.jhdf.HdfFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import store.CurioException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Object headers checked against the file before jHDF reads them, on files the HDF5 library wrote (through Debian's
 * h5py): in the original format (version 1 headers, groups as symbol tables) and in the newer one h5py writes with
 * {@code libver="latest"} (version 2 headers; past eight links or attributes a group keeps them in a B-tree and a
 * fractal heap). A valid file reads; one header patched to declare gigabytes is refused, naming the object, before
 * jHDF allocates what it declares.
 */
class Hdf5HeadersTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int T = 5;
    /** Far more than any of these files holds, and what jHDF would have allocated for it. */
    private static final int GIGABYTES = 0x7ffffff0;
    private static final long ALLOCATION_BOUND = 16L << 20;
    /** What fuzzing found while jHDF's allocations went unchecked (docs/reliability.md), kept as regression inputs. */
    private static final Path FINDINGS = Path.of("src/test/resources/pipeline/ingest/Hdf5FuzzTestInputs/hdf5");

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "Debian's python3 is needed to write HDF5 with h5py");
        String script = """
                import json, sys, h5py, numpy as np
                out, T = sys.argv[1], int(sys.argv[2])
                def robomimic(name, **options):
                    with h5py.File(out + "/" + name, "w", **options) as f:
                        data = f.create_group("data")
                        data.attrs["total"] = 9 * T
                        data.attrs["env_args"] = json.dumps({"env_name": "Lift"})
                        for i in range(8):
                            data.attrs["note_%d" % i] = i
                        for i in range(9):
                            demo = data.create_group("demo_%d" % i)
                            demo.create_dataset("actions", data=np.arange(T * 7, dtype=np.float64).reshape(T, 7) + 100 * i)
                            demo.create_group("obs").create_dataset("robot0_eef_pos", data=np.zeros((T, 3)))
                robomimic("earliest.hdf5")
                robomimic("latest.hdf5", libver="latest")
                robomimic("user-block.hdf5", userblock_size=512)
                with h5py.File(out + "/linked-back.hdf5", "w") as f:
                    demo = f.create_group("data").create_group("demo_0")
                    demo.create_dataset("actions", data=np.zeros((T, 7)))
                    demo["obs"] = demo
                """;
        Process p = new ProcessBuilder(PYTHON, "-c", script, dir.toString(), Integer.toString(T))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "h5py timed out");
        assumeTrue(!(p.exitValue() != 0 && log.contains("No module named")), "python3-h5py is needed: " + log);
        assertEquals(0, p.exitValue(), log);
    }

    @Test
    void filesTheHdf5LibraryWroteRead() {
        for (String name : List.of("earliest.hdf5", "latest.hdf5", "user-block.hdf5")) {
            try (Hdf5EpisodeFile f = Hdf5EpisodeFile.open(dir.resolve(name), name)) {
                assertEquals(Hdf5Layout.ROBOMIMIC, f.layout(), name);
                assertEquals(9, f.episodes().size(), name);
                assertEquals(10, f.dataAttributes().size(), name);
                Hdf5Episode last = f.episodes().get(8);
                assertEquals(List.of("actions", "obs/robot0_eef_pos"),
                        last.datasets().stream().map(Hdf5DatasetInfo::name).sorted().toList(), name);
                assertArrayEquals(new double[] {807, 808, 809, 810, 811, 812, 813},
                        f.readRows(last, "actions", 1, 1)[0], name);
            }
        }
    }

    @Test
    void aVersion1HeaderDeclaringGigabytesIsRefusedBeforeJhdfAllocatesThem() throws Exception {
        Path file = copy("earliest.hdf5", "v1-header.hdf5");
        long header = address(file, "/data/demo_3/actions");
        assertEquals(1, readByte(file, header), "a version 1 header");
        // Its 4-byte size of messages follows the version, a reserved byte, the message count and the reference count.
        writeInt(file, header + 8, GIGABYTES);

        CurioException e = refused(file);
        assertEquals("/data/demo_3/actions", e.field());
        assertTrue(e.getMessage().contains("declares " + GIGABYTES + " bytes"), e.getMessage());
    }

    @Test
    void aVersion2HeaderDeclaringGigabytesIsRefusedBeforeJhdfAllocatesThem() throws Exception {
        Path file = copy("latest.hdf5", "v2-header.hdf5");
        // Reached through /data's dense links: a B-tree of names and a fractal heap of link messages.
        long header = address(file, "/data/demo_3/actions");
        byte[] signature = new byte[4];
        for (int i = 0; i < 4; i++) signature[i] = (byte) readByte(file, header + i);
        assertEquals("OHDR", new String(signature, StandardCharsets.US_ASCII), "a version 2 header");
        int flags = readByte(file, header + 5);
        long size = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        // The low two flag bits say how wide the chunk size is; widen it to four bytes to declare gigabytes.
        writeByte(file, header + 5, (flags & ~3) | 2);
        writeInt(file, size, GIGABYTES);

        CurioException e = refused(file);
        assertEquals("/data/demo_3/actions", e.field());
        assertTrue(e.getMessage().contains("declares " + GIGABYTES + " bytes"), e.getMessage());
    }

    @Test
    void theFuzzFindingsAreRefusedNamingWhatDeclaredTooMuch() {
        assertEquals("/observations/images", refused(FINDINGS.resolve("v1-object-header-claims-560MiB-in-10KB")).field());
        assertEquals("/data/demo_1/actions", refused(FINDINGS.resolve("v1-object-header-claims-1.8GiB-in-8KB")).field());
        assertEquals("/data", refused(FINDINGS.resolve("fractal-heap-indirect-block-claims-512MiB-in-14KB")).field());
        assertEquals("/data/demo_1/actions", refused(FINDINGS.resolve("contiguous-dataset-claims-1.3GiB-in-8KB")).field());
    }

    /** Chunks never written read as the fill value, so only the read itself can tell the shape is not in the file. */
    @Test
    void chunkedReadsOfMoreThanTheFileCouldHoldAreRefused() {
        for (String input : List.of("chunked-frame-claims-1.7GiB-in-10KB", "chunks-claim-1.25GiB-in-10KB")) {
            try (Hdf5EpisodeFile f = Hdf5EpisodeFile.open(FINDINGS.resolve(input), "episode.hdf5")) {
                Hdf5Episode episode = f.episodes().get(0);
                assertEquals("/observations/images/cam_high", refused(() -> f.readFrame(episode, "cam_high", 0)).field());
            }
        }
    }

    /** As for any attribute Curio cannot read, the file still opens and the value says why. */
    @Test
    void anAttributeWhoseHeapRunsPastTheFileIsUnreadable() {
        Object env = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            long before = allocated();
            try (Hdf5EpisodeFile f = Hdf5EpisodeFile.open(FINDINGS.resolve("global-heap-collection-claims-256MiB-in-8KB"))) {
                long used = allocated() - before;
                assertTrue(used < ALLOCATION_BOUND, "opening allocated " + (used >> 20) + " MiB");
                return f.dataAttributes().get("env");
            }
        });
        assertTrue(String.valueOf(env).startsWith("<unreadable: its global heap collection"), String.valueOf(env));
    }

    @Test
    void aGroupLinkedBackIntoItselfIsListedOnce() {
        try (Hdf5EpisodeFile f = Hdf5EpisodeFile.open(dir.resolve("linked-back.hdf5"))) {
            assertEquals(List.of("actions"), f.episodes().get(0).datasets().stream().map(Hdf5DatasetInfo::name).toList());
        }
    }

    private static CurioException refused(Path file) {
        return refused(() -> Hdf5EpisodeFile.open(file, "episode.hdf5").close());
    }

    /** Runs a read that must be refused, within seconds and without allocating anything like what the file declares. */
    private static CurioException refused(Executable read) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            long before = allocated();
            CurioException e = assertThrows(CurioException.class, read);
            long used = allocated() - before;
            assertEquals("hdf5.bad_file", e.code(), e.toString());
            assertEquals("episode.hdf5", e.file());
            assertTrue(used < ALLOCATION_BOUND, "refusing allocated " + (used >> 20) + " MiB: " + e);
            return e;
        });
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static Path copy(String from, String to) throws IOException {
        return Files.copy(dir.resolve(from), dir.resolve(to));
    }

    /** Where jHDF finds an object's header in the unpatched file. */
    private static long address(Path file, String path) {
        try (HdfFile hdf = new HdfFile(file)) {
            return hdf.getByPath(path).getAddress();
        }
    }

    private static int readByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            return b.get(0) & 0xff;
        }
    }

    private static void writeByte(Path file, long at, int value) throws IOException {
        write(file, at, ByteBuffer.allocate(1).put(0, (byte) value));
    }

    private static void writeInt(Path file, long at, int value) throws IOException {
        write(file, at, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    private static void write(Path file, long at, ByteBuffer bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(bytes, at);
        }
    }
}
