package packaging.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * File-name-safe names for the exported segments of formats that give each one a folder or a file: the episode id with
 * anything but letters, digits, {@code _}, {@code -}, {@code .} turned into {@code _}, and {@code -partN} after it
 * when an episode has several accepted segments. Ids that clash after cleaning get {@code -2}, {@code -3}.
 */
public final class SegmentNames {
    private SegmentNames() { }

    /** One name per segment, in plan order. */
    public static List<String> of(ExportPlan plan) {
        Map<String, Integer> perEpisode = new HashMap<>();
        plan.segments().forEach(s -> perEpisode.merge(s.episodeId(), 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        Set<String> used = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (SegmentPlan s : plan.segments()) {
            String base = FeatureMap.sanitize(s.episodeId());
            if (base.isEmpty()) base = "episode";
            if (perEpisode.get(s.episodeId()) > 1) base += "-part" + seen.merge(s.episodeId(), 1, Integer::sum);
            String name = base;
            for (int n = 2; !used.add(name); n++) name = base + "-" + n;
            out.add(name);
        }
        return out;
    }
}
