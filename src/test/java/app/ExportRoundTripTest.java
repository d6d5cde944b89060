package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.sign.PassphraseSource;
import pipeline.demo.FrameCode;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.Sources;
import pipeline.source.StreamLocator;
import store.Catalog;
import store.EpisodeDetail;
import store.EpisodeSummary;
import store.StreamEntry;

/**
 * Curio reads what Curio writes: a LeRobot v3 export (episodes concatenated in one MP4, each located by
 * from/to timestamps) is ingested again, and every exported episode's frames, decoded through the player's
 * segment source, carry the frame numbers the demo painted into them, in order, with nothing lost or shifted.
 */
class ExportRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PassphraseSource PASS = PassphraseSource.of("round trip".toCharArray());

    @TempDir
    Path home;

    @Test
    void exportedLeRobotV3SegmentsDecodeToTheOriginalFrames() throws Exception {
        TestCliContext.Result demo = TestCliContext.run(home, "demo", "--episodes", "2", "--seed", "9",
                "--dir", home.resolve("demo").toString(), "--json");
        assertEquals(0, demo.exit(), demo.err());
        List<String> ids = new ArrayList<>();
        JSON.readTree(demo.out()).get("episodes").forEach(n -> ids.add(n.asText()));
        List<String> review = new ArrayList<>(List.of("review"));
        review.addAll(ids);
        review.addAll(List.of("--decision", "accept"));
        assertEquals(0, TestCliContext.run(home, review.toArray(String[]::new)).exit());
        assertEquals(0, TestCliContext.run(home, "subset", "create", "both", "--episodes", ids.get(0), ids.get(1)).exit());
        assertEquals(0, TestCliContext.run(home, PASS, "keys", "generate", "--out", home.resolve("keys").toString()).exit());
        Path bundle = home.resolve("bundle");
        TestCliContext.Result export = TestCliContext.run(home, PASS, "export", "both", "--format", "lerobot-v3",
                "--out", bundle.toString(), "--key", home.resolve("keys/curio-signing.key").toString(), "--on-mismatch", "intersect",
                "--json");
        assertEquals(0, export.exit(), export.err());

        Path again = home.resolve("again.db");
        TestCliContext.Result ingest = TestCliContext.run(home, "--catalog", again.toString(), "ingest",
                bundle.resolve("data").toString(), "--json");
        assertEquals(0, ingest.exit(), ingest.out() + ingest.err());
        JsonNode ingested = JSON.readTree(ingest.out()).get("ingested");
        assertEquals(2, ingested.size(), ingest.out());

        int segmentsChecked = 0;
        double latestStart = 0;
        try (Catalog catalog = Catalog.open(again)) {
            for (EpisodeSummary s : catalog.episodes().list()) {
                assertTrue(s.format().equals("lerobot-v3.0"), s.format());
                EpisodeDetail d = catalog.episodes().find(s.episodeId()).orElseThrow();
                for (StreamEntry stream : d.streams()) {
                    if (!stream.name().endsWith("cam_high")) continue;
                    StreamLocator loc = StreamLocator.of(stream);
                    assertEquals(StreamLocator.MP4, loc.container());
                    assertTrue(loc.fromS() != null && loc.toS() != null, "v3 video is a segment of a shared file");
                    latestStart = Math.max(latestStart, loc.fromS());
                    try (FrameSource src = Sources.open(Path.of(d.datasetRoot()), d, stream)) {
                        FrameBuffer f = new FrameBuffer();
                        int n = src.frameCount();
                        assertTrue(n > 100, "frames " + n);
                        for (int i : new int[]{0, 1, n / 2, n - 2, n - 1}) {
                            src.decode(i, f);
                            int shown = FrameCode.read((x, y) -> FrameCode.luma(f.pixel(x, y)), f.width(), f.height());
                            assertEquals(i, shown, "episode " + s.episodeId() + " frame " + i + " of the segment at "
                                    + loc.fromS() + " s");
                        }
                        segmentsChecked++;
                    }
                }
            }
        }
        assertEquals(2, segmentsChecked);
        assertTrue(latestStart > 1.0, "the second episode starts inside the shared MP4, at " + latestStart + " s");
    }
}
