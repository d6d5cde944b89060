package packaging.export.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming HDF5 writer, read back by three readers that are not it: Debian's h5py (the HDF5 C library), the
 * h5dump command line and jHDF. Covers every construct the exporters use: nested compact groups, scalar and array
 * attributes of each type, contiguous and frame-chunked datasets, an empty dataset.
 */
class Hdf5WriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void lookup3MatchesJhdfsImplementationOnEveryTailLength() {
        Random r = new Random(7);
        for (int n = 0; n < 64; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            assertEquals(io.jhdf.checksum.JenkinsLookup3HashLittle.hash(b), Lookup3.hash(b, 0, n), "length " + n);
        }
    }

    private Path sample() {
        Path file = dir.resolve("sample.hdf5");
        try (Hdf5Writer w = new Hdf5Writer(file)) {
            Hdf5Writer.Group root = w.root();
            root.attribute("sim", false);
            root.attribute("count", 42L);
            root.attribute("rate", 12.5);
            root.attribute("env_args", "{\"env_name\": \"Lift\", \"control_freq\": 20}");
            root.attribute("names", new String[] {"a", "bcd"});
            Hdf5Writer.Group obs = root.group("observations");
            ByteBuffer qpos = ByteBuffer.allocate(5 * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 15; i++) qpos.putFloat(i * 0.5f);
            obs.contiguous("qpos", Hdf5Writer.Type.FLOAT32, new long[] {5, 3}, qpos.array()).attribute("unit", "rad");
            ByteBuffer steps = ByteBuffer.allocate(5 * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 5; i++) steps.putLong(i - 2);
            root.contiguous("steps", Hdf5Writer.Type.INT64, new long[] {5}, steps.array());
            root.contiguous("done", Hdf5Writer.Type.BOOL, new long[] {5}, new byte[] {0, 0, 0, 0, 1});
            root.contiguous("states", Hdf5Writer.Type.FLOAT64, new long[] {5, 0}, new byte[0]);
            root.contiguous("split", Hdf5Writer.Type.string(6), new long[] {2},
                    Attributes.strings(new String[] {"demo_0", "demo_1"}, 6));
            Hdf5Writer.Dataset cam = obs.group("images").chunked("cam_high", Hdf5Writer.Type.UINT8, new long[] {5, 4, 6, 3}, 1);
            for (int f = 0; f < 5; f++) {
                byte[] frame = new byte[4 * 6 * 3];
                for (int i = 0; i < frame.length; i++) frame[i] = (byte) (f * 40 + i);
                cam.append(frame);
            }
        }
        return file;
    }

    @Test
    void h5pyReadsGroupsAttributesAndBothStorages() throws Exception {
        Path file = sample();
        JsonNode r = python("""
                import h5py, json, sys
                f = h5py.File(sys.argv[1], 'r')
                img = f['/observations/images/cam_high']
                out = {'sim': bool(f.attrs['sim']), 'sim_type': str(f.attrs['sim'].dtype), 'count': int(f.attrs['count']),
                       'rate': float(f.attrs['rate']), 'env': json.loads(f.attrs['env_args'])['control_freq'],
                       'names': [n.decode() for n in f.attrs['names']],
                       'qpos': f['/observations/qpos'][:].tolist(), 'qpos_dtype': str(f['/observations/qpos'].dtype),
                       'unit': f['/observations/qpos'].attrs['unit'].decode(),
                       'steps': f['/steps'][:].tolist(), 'done': f['/done'][:].tolist(), 'done_dtype': str(f['/done'].dtype),
                       'states': list(f['/states'].shape), 'split': [s.decode() for s in f['/split'][:]],
                       'img_shape': list(img.shape), 'img_dtype': str(img.dtype), 'chunks': list(img.chunks),
                       'frame3': img[3].flatten().tolist()}
                print(json.dumps(out))
                """, file);
        assertEquals(false, r.get("sim").asBoolean());
        assertEquals("bool", r.get("sim_type").asText());
        assertEquals(42, r.get("count").asInt());
        assertEquals(12.5, r.get("rate").asDouble());
        assertEquals(20, r.get("env").asInt());
        assertEquals(List.of("a", "bcd"), texts(r.get("names")));
        assertEquals("float32", r.get("qpos_dtype").asText());
        assertEquals(7.0, r.get("qpos").get(4).get(2).asDouble());
        assertEquals("rad", r.get("unit").asText());
        assertEquals(-2, r.get("steps").get(0).asInt());
        assertEquals("bool", r.get("done_dtype").asText());
        assertTrue(r.get("done").get(4).asBoolean());
        assertEquals("[5,0]", r.get("states").toString());
        assertEquals(List.of("demo_0", "demo_1"), texts(r.get("split")));
        assertEquals("[5,4,6,3]", r.get("img_shape").toString());
        assertEquals("uint8", r.get("img_dtype").asText());
        assertEquals("[1,4,6,3]", r.get("chunks").toString(), "one frame per chunk");
        for (int i = 0; i < 72; i++) assertEquals((3 * 40 + i) & 0xff, r.get("frame3").get(i).asInt());
    }

    @Test
    void h5dumpReadsTheFileWithoutErrors() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/h5dump")), "h5dump (apt-get install hdf5-tools) is needed");
        Path file = sample();
        Process p = new ProcessBuilder("/usr/bin/h5dump", "-p", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("CHUNKED ( 1, 4, 6, 3 )"), out);
        assertTrue(out.contains("H5T_ENUM"), out);
        assertTrue(!out.contains("h5dump error"), out);
    }

    @Test
    void jhdfReadsTheFile() {
        Path file = sample();
        try (HdfFile h = new HdfFile(file)) {
            Dataset img = h.getDatasetByPath("/observations/images/cam_high");
            assertArrayEquals(new int[] {5, 4, 6, 3}, img.getDimensions());
            Object frame = img.getData(new long[] {2, 0, 0, 0}, new int[] {1, 4, 6, 3});
            int[][][][] px = (int[][][][]) frame;
            assertEquals((2 * 40 + 5) & 0xff, px[0][0][1][2]);
            float[][] qpos = (float[][]) h.getDatasetByPath("/observations/qpos").getData();
            assertEquals(7.0f, qpos[4][2]);
            assertEquals("{\"env_name\": \"Lift\", \"control_freq\": 20}", h.getAttribute("env_args").getData());
        }
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new java.util.ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private JsonNode python(String script, Path file) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "Debian's python3 with h5py is needed");
        Path s = dir.resolve("read.py");
        Files.writeString(s, script);
        Process p = new ProcessBuilder("/usr/bin/python3", s.toString(), file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!err.contains("No module named 'h5py'"), "python3-h5py is needed");
        assertEquals(0, p.exitValue(), err);
        return JSON.readTree(out);
    }
}
