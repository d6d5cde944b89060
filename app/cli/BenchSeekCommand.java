package app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import pipeline.source.SeekBenchmark;
import store.CurioException;

@Command(name = "seek", mixinStandardHelpOptions = true,
        description = {"Exact random seeks vs. their floor: FFmpeg's own decoder put on the preceding keyframe by av_seek_frame "
                + "(untimed), then timed decoding every frame from that keyframe through the target and converting it.",
                "Prints seeks, seek_ms_median, floor_ms_median, ratio, and exact: the seeks whose picture equals the floor's "
                        + "decode of the same frame."})
final class BenchSeekCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "video file (default: a generated 720p30 H.264 clip, 2 s keyframe interval)")
    Path file;

    @Option(names = "--seeks", defaultValue = "60", description = "number of random seeks (default: ${DEFAULT-VALUE})")
    int seeks;

    @Override
    public Integer call() throws Exception {
        CurioCli root = bench.root;
        Path clip = file;
        Path tmp = null;
        if (clip == null) {
            tmp = Files.createTempFile("curio-bench-", ".mp4");
            clip = SeekBenchmark.writeClip(tmp, 20);
        } else if (!Files.isRegularFile(clip)) {
            throw new CurioException("bench.missing_file", clip.toString(), null, "no such file");
        }
        try {
            SeekBenchmark.Result r = SeekBenchmark.run(clip, seeks, 42);
            if (root.json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("seeks", r.seeks());
                doc.put("seek_ms_median", round(r.seekMsMedian()));
                doc.put("floor_ms_median", round(r.floorMsMedian()));
                doc.put("ratio", round(r.ratio()));
                doc.put("exact", r.exact());
                Output.printJson(root.context().out(), doc);
            } else {
                root.context().out().printf("%d seeks (%d showed the floor's picture of the frame): median %.2f ms; floor (keyframe ->"
                        + " frame) median %.2f ms; ratio %.2f%n", r.seeks(), r.exact(), r.seekMsMedian(),
                        r.floorMsMedian(), r.ratio());
            }
            return ExitCodes.OK;
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
