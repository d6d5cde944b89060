package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tools that are not Curio's, for writing test inputs and reading exports back: the FFmpeg command line, DuckDB and
 * @mcap/core from npm (installed under target/node by .ci/run), Debian's python3 with h5py. A test that needs one
 * that is absent is skipped with the reason, never passed.
 */
final class IndependentTools {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path NODE = Path.of("target/node").toAbsolutePath();
    static final String PYTHON = "/usr/bin/python3";

    private IndependentTools() { }

    static void requireFfmpeg() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")) && Files.isExecutable(Path.of("/usr/bin/ffprobe")),
                "the FFmpeg command line (apt-get install ffmpeg) is needed to read videos back independently");
    }

    static void requireNodeModule(String module) {
        assumeTrue(Files.isDirectory(NODE.resolve("node_modules").resolve(module)),
                module + " is not installed under target/node (npm install in target/node with src/test/node/package.json)");
    }

    static void requireH5py() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "Debian's python3 is needed to write HDF5 with h5py");
        Process p = new ProcessBuilder(PYTHON, "-c", "import h5py, numpy").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "python3-h5py (apt-get install python3-h5py) is needed");
    }

    /** Runs a command, fails the test with its output unless it exits 0; returns stdout+stderr. */
    static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + text);
        return text;
    }

    /** A query through DuckDB; rows as JSON objects. */
    static JsonNode duck(String sql) throws IOException, InterruptedException {
        requireNodeModule("@duckdb/node-api");
        String text = run(List.of("node", Path.of("src/test/node/query.js").toAbsolutePath().toString(), NODE.toString(), sql), null);
        return JSON.readTree(text);
    }

    /** Writes ROS 2 messages with @mcap/core and @foxglove/rosmsg2-serialization (see src/test/node/ros2-messages.js). */
    static void ros2Messages(Path spec) throws IOException, InterruptedException {
        requireNodeModule("@mcap/core");
        requireNodeModule("@foxglove/rosmsg2-serialization");
        run(List.of("node", Path.of("src/test/node/ros2-messages.js").toAbsolutePath().toString(), NODE.toString(), spec.toString()), null);
    }

    static void python(String script, Path dir) throws IOException, InterruptedException {
        requireH5py();
        Path file = Files.createTempFile("curio-gen", ".py");
        Files.writeString(file, script);
        try {
            run(List.of(PYTHON, file.toString()), dir);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Frames FFmpeg decodes from {@code [fromS, toS)} of a video, as packed RGB rows (width*height*3 bytes each). */
    static List<byte[]> decodeWindow(Path mp4, double fromS, double toS, int width, int height)
            throws IOException, InterruptedException {
        requireFfmpeg();
        // -ss before -i seeks exactly (decoding from the keyframe before); frames whose time lies in the window are kept.
        Process p = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-i", mp4.toString(), "-vf",
                String.format(java.util.Locale.ROOT, "select='gte(t,%.6f)*lt(t,%.6f)'", fromS - 1e-4, toS - 1e-4),
                "-vsync", "0", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").start();
        byte[] all = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        int size = width * height * 3;
        assertEquals(0, all.length % size, "whole " + width + "x" + height + " frames from " + mp4);
        List<byte[]> frames = new ArrayList<>();
        for (int off = 0; off < all.length; off += size) frames.add(java.util.Arrays.copyOfRange(all, off, off + size));
        return frames;
    }

    /** The demo frame code painted into an RGB24 frame, or -1 when it cannot be read. */
    static int frameCode(byte[] rgb, int width, int height) {
        return pipeline.demo.FrameCode.read((x, y) -> {
            int o = (y * width + x) * 3;
            return pipeline.demo.FrameCode.luma((rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | rgb[o + 2] & 0xff);
        }, width, height);
    }

    /** Runs one of the scripts in src/test/python with Debian's python3 (h5py, numpy); fails the test unless it exits 0. */
    static String pythonScript(String script, String... args) throws IOException, InterruptedException {
        requireH5py();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, Path.of("src/test/python").resolve(script).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return run(cmd, null);
    }

    /** One picture file (JPEG, PNG) decoded by the FFmpeg command line, as packed RGB rows. */
    static byte[] decodeImage(Path image, int width, int height) throws IOException, InterruptedException {
        requireFfmpeg();
        Process p = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-i", image.toString(), "-f", "rawvideo", "-pix_fmt", "rgb24",
                "-").start();
        byte[] all = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals(width * height * 3, all.length, image + " is " + width + "x" + height);
        return all;
    }

    /** Frames in a video, counted by ffprobe decoding every one. */
    static int frameCount(Path mp4) throws IOException, InterruptedException {
        requireFfmpeg();
        return Integer.parseInt(run(List.of("/usr/bin/ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mp4.toString()), null).trim());
    }

    /** Width and height of a video's first stream, by ffprobe. */
    static int[] videoSize(Path mp4) throws IOException, InterruptedException {
        requireFfmpeg();
        String out = run(List.of("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height", "-of", "csv=p=0", mp4.toString()), null).trim();
        String[] wh = out.split(",");
        return new int[] {Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())};
    }
}
