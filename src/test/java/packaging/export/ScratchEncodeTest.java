package packaging.export;

import java.nio.file.*;
import java.util.List;
import org.junit.jupiter.api.Test;
import pipeline.ingest.Ingest;
import pipeline.source.*;
import store.*;

class ScratchEncodeTest {
    @Test
    void run() throws Exception {
        Class<?> k = Class.forName("app.cli.BenchEncodeCommand");
        var ctor = k.getDeclaredConstructor(); ctor.setAccessible(true);
        Object cmd = ctor.newInstance();
        for (String[] f : new String[][] {{"frames", "300"}, {"width", "640"}, {"height", "480"}, {"fps", "30"}}) {
            var fl = k.getDeclaredField(f[0]); fl.setAccessible(true); fl.setInt(cmd, Integer.parseInt(f[1]));
        }
        var m = k.getDeclaredMethod("writeBag", Path.class, long.class, java.io.OutputStream.class); m.setAccessible(true);
        if (!Files.exists(Path.of("/tmp/encb/bags/t.mcap"))) m.invoke(cmd, Path.of("/tmp/encb/bags/t.mcap"), 1_700_000_000_000_000_000L, null);
        Path db = Path.of("/tmp/encb/c.db");
        Files.deleteIfExists(db);
        try (Catalog c = Catalog.open(db)) {
            var r = new Ingest(c).run(List.of(Path.of("/tmp/encb/bags")), ProgressSink.NONE, Cancellation.NEVER);
            EpisodeDetail e = c.episodes().find(r.ingested().get(0).episodeId()).orElseThrow();
            c.annotations().decide(e.summary().episodeId(), "accept", "x", "x");
            new packaging.subset.Subsets(c).createFromIds("s", List.of(e.summary().episodeId()), true);
            packaging.sign.SigningKeys.generate(Path.of("/tmp/encb/keys" + System.nanoTime()), "pw".toCharArray());
            Path kd = Files.list(Path.of("/tmp/encb")).filter(p -> p.getFileName().toString().startsWith("keys")).findFirst().orElseThrow();
            var key = packaging.sign.SigningKeys.load(kd.resolve("curio-signing.key"), "pw".toCharArray());
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                String[] last = {""};
                Path out = Path.of("/tmp/encb/out-b" + System.nanoTime());
                Exporter.export(c, new Exporter.Request("s", Exporter.Format.LEROBOT_V3, out, key, java.time.Duration.ofDays(1), "x"),
                    (done, total, msg) -> { if (!msg.equals(last[0])) { last[0] = msg; System.out.printf("%8.3f %s%n", (System.nanoTime() - t0) / 1e9, msg); } },
                    Cancellation.NEVER);
                System.out.printf("%8.3f end%n", (System.nanoTime() - t0) / 1e9);
            }
            StreamEntry s = e.streams().stream().filter(x -> x.kind() == StreamKind.VIDEO).findFirst().orElseThrow();
            FrameBuffer b = new FrameBuffer();
            for (int rep = 0; rep < 2; rep++) {
                long t0 = System.nanoTime();
                try (FrameSource src = Sources.open(Path.of(e.datasetRoot()), e, s)) {
                    for (int i = 0; i < src.frameCount(); i++) src.decode(i, b);
                }
                long t1 = System.nanoTime();
                try (FrameEncoder enc = new FrameEncoder(Path.of("/tmp/encb/out" + rep + ".mp4"), b.width(), b.height(), 30)) {
                    for (int i = 0; i < 300; i++) enc.write(b);
                }
                long t2 = System.nanoTime();
                System.out.printf("decode %.3f s, encode %.3f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
        }
    }
}
