package packaging.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@link FeatureMap} as JSON, the one shape the CLI, the data card, the bundle manifest and each episode's
 * conversion summary print: {@code features: [{key, kind, dtype, shape, names, resampling, streams}]} and
 * {@code excluded_streams: [{episode_id, stream, reason, detail}]}.
 */
public final class Mapping {
    private Mapping() { }

    public static ArrayNode features(FeatureMap map) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (FeatureMap.Feature f : map.features()) out.add(feature(f, null));
        return out;
    }

    /** One feature; with {@code episodeId}, the streams that episode fills it from, else every episode's, merged. */
    public static ObjectNode feature(FeatureMap.Feature f, String episodeId) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("key", f.key());
        n.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
        n.put("dtype", f.dtype());
        ArrayNode shape = n.putArray("shape");
        if (f.kind() == FeatureMap.Kind.SERIES) shape.add(f.dims());
        else shape.add(f.height()).add(f.width()).add(f.kind() == FeatureMap.Kind.DEPTH ? 1 : 3);
        if (f.kind() == FeatureMap.Kind.SERIES) {
            f.names().forEach(n.putArray("names")::add);
            n.put("resampling", f.rule().id());
        }
        Set<String> streams = new LinkedHashSet<>();
        if (episodeId != null) streams.addAll(f.streams(episodeId));
        else f.pieces().keySet().forEach(id -> streams.addAll(f.streams(id)));
        streams.forEach(n.putArray("streams")::add);
        return n;
    }

    public static ArrayNode excluded(FeatureMap map) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (FeatureMap.Excluded e : map.excluded()) out.add(excluded(e));
        return out;
    }

    public static ObjectNode excluded(FeatureMap.Excluded e) {
        return JsonNodeFactory.instance.objectNode().put("episode_id", e.episodeId()).put("stream", e.stream())
                .put("reason", e.reason()).put("detail", e.detail());
    }
}
