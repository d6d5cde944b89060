package packaging.export.rlds;

import java.util.LinkedHashMap;
import java.util.Map;
import packaging.export.FeatureMap;

/**
 * Where each feature goes in an RLDS step, named so that reading the dataset back (Curio's TFDS ingest, or any
 * Open-X loader) gives the same feature: cameras and depth maps {@code observation/<camera>}, {@code
 * observation.<name>} series {@code observation/<name>}, {@code action} itself, {@code next.reward} the step's
 * {@code reward}, {@code next.done} its {@code is_terminal}, {@code observation.discount} its {@code discount}; keys in
 * other namespaces ({@code next.success}, {@code annotation.*}) keep their name.
 */
final class StepKeys {
    private StepKeys() { }

    /** Feature key to the step key (without {@code steps/}), in feature order. */
    static Map<String, String> of(FeatureMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FeatureMap.Feature f : map.features()) {
            String k = f.key();
            String key = switch (f.kind()) {
                case VIDEO -> "observation/" + FeatureMap.cameraName(k);
                case DEPTH -> "observation/" + FeatureMap.cameraName(k.substring("observation.depth.".length()));
                default -> switch (k) {
                    case "next.reward" -> "reward";
                    case "next.done" -> "is_terminal";
                    case "observation.discount" -> "discount";
                    default -> k.startsWith("observation.") ? "observation/" + k.substring("observation.".length()) : k;
                };
            };
            // A depth map named like a camera gets its own key.
            if (out.containsValue(key)) key = key + "_" + (f.kind() == FeatureMap.Kind.DEPTH ? "depth" : "2");
            out.put(k, key);
        }
        return out;
    }
}
