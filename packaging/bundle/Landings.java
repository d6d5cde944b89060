package packaging.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import packaging.StrictJson;
import store.Catalog;

/**
 * An export records its bundle under the hidden partial name just before renaming it into place, then records the
 * final name, so the catalog never lacks a bundle that exists. A kill between those two steps leaves a record naming
 * the partial folder; these settle it: the bundle landed (it is at its name, with that manifest id) and the record
 * follows it, or it never did and, when the same export runs again, the record is forgotten.
 */
public final class Landings {
    private Landings() { }

    /** Before exporting to {@code target}: records left by a killed export to the same folder follow it or go. */
    public static void settle(Catalog catalog, Path target) {
        Path partial = BundleWriter.partialOf(target);
        for (String id : catalog.exportRecords().bundlesAt(partial.toString())) {
            if (id.equals(manifestId(target))) {
                catalog.exportRecords().moveBundle(id, target.toAbsolutePath().normalize().toString());
            } else {
                catalog.exportRecords().forgetUnlandedBundle(id, StrictJson.MAPPER.createObjectNode()
                        .put("path", partial.toString()).put("reason", "the export was stopped before the bundle was renamed into place")
                        .toString());
            }
        }
    }

    /** Every record naming a partial folder whose bundle did land is moved to the bundle (nothing is forgotten). */
    public static void settleLanded(Catalog catalog) {
        for (Map.Entry<String, String> e : catalog.exportRecords().bundlePaths().entrySet()) {
            Path recorded = Path.of(e.getValue());
            String name = recorded.getFileName() == null ? "" : recorded.getFileName().toString();
            if (!name.startsWith(".") || !name.endsWith(".partial") || name.length() <= ".partial".length() + 1) continue;
            Path target = recorded.resolveSibling(name.substring(1, name.length() - ".partial".length()));
            if (e.getKey().equals(manifestId(target))) catalog.exportRecords().moveBundle(e.getKey(), target.toString());
        }
    }

    /** The manifest id of the bundle at {@code folder}, or null when there is none to read. */
    static String manifestId(Path folder) {
        Path manifest = folder.resolve(BundleWriter.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) return null;
        try {
            JsonNode m = StrictJson.MAPPER.readTree(manifest.toFile());
            return m.path("manifest_id").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
