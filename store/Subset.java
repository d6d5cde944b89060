package store;

import java.util.List;
import java.util.Map;

/**
 * A named, frozen list of episodes to export.
 *
 * @param query  how it was made: the {@code --where} text, or {@code episodes:ID,...}
 * @param spec   how the subset builder made it (where, sampling, split) as JSON, or null
 * @param splits the episodes of the validation split ({@code "validation"}); every other episode is in the train split
 */
public record Subset(long id, String name, String query, long createdAtNs, List<String> episodeIds, String spec,
                     Map<String, String> splits) {
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";

    public Subset {
        episodeIds = List.copyOf(episodeIds);
        splits = splits == null ? Map.of() : Map.copyOf(splits);
    }

    public Subset(long id, String name, String query, long createdAtNs, List<String> episodeIds) {
        this(id, name, query, createdAtNs, episodeIds, null, Map.of());
    }

    /** The split an episode is in. */
    public String split(String episodeId) {
        return splits.getOrDefault(episodeId, TRAIN);
    }
}
