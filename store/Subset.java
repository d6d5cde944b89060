package store;

import java.util.List;

/**
 * A named, frozen list of episodes to export.
 *
 * @param query how it was made: the {@code --where} text, or {@code episodes:ID,...}
 */
public record Subset(long id, String name, String query, long createdAtNs, List<String> episodeIds) {
    public Subset {
        episodeIds = List.copyOf(episodeIds);
    }
}
