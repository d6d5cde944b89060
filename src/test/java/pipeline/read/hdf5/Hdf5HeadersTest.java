package pipeline.read.hdf5;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files the HDF5 library wrote (through Debian's h5py) read: in the original format (version 1 headers, groups as
 * symbol tables), in the newer one h5py writes with {@code libver="latest"} (version 2 headers; past eight links or
 * attributes a group keeps them in a B-tree and a fractal heap), and behind a user block.
 */
class Hdf5HeadersTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int T = 5;

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
}
