package packaging.export;

import java.nio.file.Path;
import java.util.List;

/**
 * A payload file an exporter made in the work folder.
 *
 * @param path     relative to the dataset root (the bag's {@code data/})
 * @param role     the payload role in the manifest, e.g. robotics_episode_video
 * @param segments the exported segments whose content it holds (its lineage)
 * @param sha256   its hash when the writer already computed it from the finished file, else null
 */
public record Produced(String path, Path file, String role, List<SegmentPlan> segments, String processing, String sha256) { }
