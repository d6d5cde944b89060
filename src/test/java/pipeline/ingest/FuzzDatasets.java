package pipeline.ingest;

import fuzz.FuzzHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import pipeline.read.lerobot.LeRobotDataset;
import pipeline.read.lerobot.LeRobotEpisode;
import pipeline.read.lerobot.V3DatasetWriter;

/** Valid datasets the ingest fuzz targets damage one file of. */
final class FuzzDatasets {
    private FuzzDatasets() { }

    static Path lerobotV3(String name) {
        Path root = FuzzHarness.scratch(name).resolve("dataset");
        try {
            fuzz.FuzzHarness.deleteTree(root);
            return V3DatasetWriter.write(root, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ingest's reading of the dataset, then every frame of every episode through the dataset's own reader. */
    static void ingestLeRobot(Path root) {
        FileTable files = new FileTable(root);
        FuzzUnits.read(files, LeRobotFormat.units(files));
        LeRobotDataset ds = LeRobotDataset.open(root);
        for (LeRobotEpisode ep : ds.episodes()) {
            if (!ds.problems(ep).isEmpty()) continue;
            try (var frames = ds.openFrames(ep, null)) {
                while (frames.next() != null) { }
            }
        }
    }
}
