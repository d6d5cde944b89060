package packaging.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import packaging.bundle.BackgroundFlush;
import store.Cancellation;
import store.ProgressSink;

/**
 * One export format. The exporter owns everything around the payload (validation, the plan of segments, the shared
 * {@link FeatureMap} and clock, provenance, the bundle manifest, the data card's common part, signing), so a format
 * only says what it makes of the mapping, writes its files into the work folder, and describes them.
 */
public interface ExportFormat {
    /** The id {@code curio export --format} takes and the bundle manifest names. */
    String id();

    /** The version of the layout written, named in the bundle manifest next to the id. */
    String version();

    /** The profile of a format that has several (HDF5: aloha, robomimic), else null. */
    default String profile() {
        return null;
    }

    /** The key of this format's section in the data card and the bundle manifest. */
    default String section() {
        return id();
    }

    /** False for a format that references the raw files instead of writing their streams (no mapping, no clock). */
    default boolean mapsStreams() {
        return true;
    }

    /**
     * The shared mapping as this format holds it: features it has no place for leave the map, each of their streams
     * listed as excluded with a reason ({@link FeatureMap#without}). Fails, before anything is written, when the
     * format cannot be written from this mapping at all.
     */
    FeatureMap plan(FeatureMap shared);

    /** Where each feature of {@code map} lands in the written layout (feature key to path), in feature order. */
    Map<String, String> layout(FeatureMap map);

    /** Writes the payload into {@code job.work()}. Reports progress and stops on cancel, as every writer does. */
    Written write(Job job);

    /** The format's section of {@code DATA_CARD.md}, from its {@link Written#card()} section. */
    String markdown(JsonNode section);

    /**
     * What a format is given to write.
     *
     * @param map         the mapping {@link #plan} returned; null for a format that does not map streams
     * @param planKey     identifies the plan, so work a killed export left behind is reused only for the same plan
     * @param datasetName a file-name-safe name for the dataset (from the subset)
     * @param flush       takes finished files, so the disk writes them while the export goes on
     */
    record Job(ExportPlan plan, FeatureMap map, Path work, String planKey, FileSizeLimits limits, String datasetName,
               ProgressSink progress, Cancellation cancel, BackgroundFlush flush) { }

    /**
     * What a format wrote.
     *
     * @param produced the payload files, with their lineage
     * @param stats    per exported segment, its rows; the data card lists them for every format alike
     * @param card     the format's data-card section (also the bundle manifest's, without the per-episode lists)
     * @param settings effective settings the conversion summaries record next to the shared ones
     */
    record Written(List<Produced> produced, Stats stats, ObjectNode card, ObjectNode settings) { }

    /**
     * Rows of the export: for each segment in plan order, its rows on the shared clock and what happened to its
     * cameras; totals over all of them.
     *
     * @param masterCamera the camera whose frames the rows follow, or null for a constant grid
     */
    record Stats(List<EpisodeOut> episodes, String masterCamera, long frames, int videosCopied, int videosEncoded,
                 int redactedFrames) {
        public Stats {
            episodes = List.copyOf(episodes);
        }

        /** Totals from the episodes' own counts. */
        public static Stats of(List<EpisodeOut> episodes, String masterCamera) {
            long frames = 0;
            int copied = 0;
            int encoded = 0;
            int redacted = 0;
            for (EpisodeOut ep : episodes) {
                frames += ep.length();
                for (CameraVideo.Span s : ep.videos().values()) {
                    if (s.mode().equals("remux")) copied++; else encoded++;
                }
                redacted += ep.redactedFrames();
            }
            return new Stats(episodes, masterCamera, frames, copied, encoded, redacted);
        }
    }
}
