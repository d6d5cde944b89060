package pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzz.FuzzHarness;
import java.nio.file.Path;
import java.util.List;
import pipeline.read.hdf5.Hdf5DatasetInfo;
import pipeline.read.hdf5.Hdf5Episode;
import pipeline.read.hdf5.Hdf5EpisodeFile;
import pipeline.read.hdf5.ImageStream;

/**
 * An HDF5 episode file read through jHDF: ingest's scan (layout, episodes, datasets, image streams, attributes),
 * then the first rows of every numeric dataset and the first frame of every image stream, as the players read them.
 */
class Hdf5FuzzTest {
    private static final Path ROOT = FuzzHarness.scratch("hdf5");
    private static final Path FILE = ROOT.resolve("episode_0.hdf5");

    @FuzzTest(maxDuration = FuzzHarness.CI_DURATION)
    void hdf5(byte[] input) {
        FuzzHarness.write(FILE, input);
        FuzzHarness.check(input, () -> {
            FileTable files = new FileTable(ROOT);
            FuzzUnits.read(files, List.of(Hdf5Format.unit(files, FILE)));
            try (Hdf5EpisodeFile h = Hdf5EpisodeFile.open(FILE)) {
                for (Hdf5Episode ep : h.episodes()) {
                    for (Hdf5DatasetInfo d : ep.datasets()) {
                        if (d.rank() == 0 || d.rowWidth() == 0 || "string".equals(d.dtype())) continue;
                        if (ep.images().stream().anyMatch(i -> i.datasetName().equals(d.name()))) continue;
                        h.readRows(ep, d.name(), 0, (int) Math.min(4, d.shape().get(0)));
                    }
                    for (ImageStream img : ep.images()) {
                        if (img.frames() > 0) h.readFrame(ep, img.name(), 0);
                    }
                }
            }
        });
    }
}
