package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import store.Cancellation;
import store.EpisodeDetail;

/**
 * What a check sees of one episode: its catalog entry, the manifest snapshot taken at ingest (null when the
 * format has none), the dataset's info (e.g. LeRobot info.json, or null), the profile, and the contract the
 * episode is judged by.
 */
public record ValidationContext(
        EpisodeDetail episode,
        Path datasetRoot,
        JsonNode manifest,
        JsonNode datasetInfo,
        ValidationProfile profile,
        Contract contract,
        Cancellation cancel) {

    public String format() {
        return episode.summary().format();
    }

    /** The episode's folder when the format keeps one folder per episode, else null. */
    public Path episodeFolder() {
        if (episode.relPath() == null) return null;
        Path p = datasetRoot.resolve(episode.relPath()).normalize();
        return java.nio.file.Files.isDirectory(p) ? p : null;
    }
}
