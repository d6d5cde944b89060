package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import pipeline.Digests;
import pipeline.read.PathGuard;
import store.CurioException;
import store.FileEntry;

/**
 * Every file recorded at ingest is still there, as long as it was, with the same SHA-256; the manifest's own
 * checksums (when it declares them) agree; and nothing unlisted sits in the episode's folder.
 */
final class IntegrityCheck implements Check {
    @Override
    public Dimension dimension() {
        return Dimension.INTEGRITY;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        Map<String, String> declared = declaredChecksums(ctx);
        Set<String> known = new HashSet<>();
        for (FileEntry f : ctx.episode().files()) {
            ctx.cancel().check();
            known.add(f.relPath());
            Path p;
            try {
                p = PathGuard.resolve(ctx.datasetRoot(), f.relPath(), f.relPath(), "files.rel_path");
            } catch (CurioException e) {
                out.file("integrity.file_missing", f.relPath(), null, e.getMessage());
                continue;
            }
            if (!Files.isRegularFile(p)) {
                out.file("integrity.file_missing", f.relPath(), null, "recorded at ingest, now gone");
                continue;
            }
            long size;
            try {
                size = Files.size(p);
            } catch (IOException e) {
                out.file("integrity.file_missing", f.relPath(), null, "cannot read: " + e.getMessage());
                continue;
            }
            if (size < f.sizeBytes()) {
                out.file("integrity.truncated", f.relPath(), null,
                        "now " + size + " bytes, " + f.sizeBytes() + " at ingest");
                continue;
            }
            String actual = Digests.sha256Hex(p);
            if (!actual.equals(f.sha256())) {
                out.file("integrity.sha256_mismatch", f.relPath(), null,
                        "SHA-256 is " + actual + ", the catalog recorded " + f.sha256());
            }
            String inManifest = declared.get(f.relPath());
            if (inManifest != null && !inManifest.equalsIgnoreCase(actual)) {
                out.file("integrity.sha256_mismatch", f.relPath(), "checksums",
                        "SHA-256 is " + actual + ", the manifest declares " + inManifest);
            }
        }
        for (String rel : declared.keySet()) {
            if (!known.contains(rel)) {
                Path p = ctx.datasetRoot().resolve(rel).normalize();
                if (!Files.isRegularFile(p)) out.file("integrity.file_missing", rel, "checksums", "the manifest lists it; it does not exist");
            }
        }
        Path folder = ctx.episodeFolder();
        if (folder != null) extraFiles(ctx, folder, known, declared.keySet(), out);
    }

    /** The manifest's "checksums" block, keys made relative to the dataset root like the catalog's paths. */
    private static Map<String, String> declaredChecksums(ValidationContext ctx) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode m = ctx.manifest();
        // Only a declared contract gives "checksums" its meaning; a lab's own manifest may use the name otherwise.
        if (m == null || !ctx.contract().usesEpisodeManifest() || !m.path("checksums").isObject()) return out;
        String prefix = ctx.episode().relPath() == null || ctx.episode().relPath().isEmpty() ? "" : ctx.episode().relPath() + "/";
        for (Iterator<Map.Entry<String, JsonNode>> it = m.get("checksums").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(prefix + e.getKey(), e.getValue().asText().replaceFirst("^sha256:", ""));
        }
        return out;
    }

    private static void extraFiles(ValidationContext ctx, Path folder, Set<String> known, Set<String> declared, Findings out) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String rel = ctx.datasetRoot().relativize(p).toString().replace('\\', '/');
                if (!known.contains(rel) && !declared.contains(rel)) {
                    out.file("integrity.extra_file", rel, null, "not listed by the catalog or the manifest");
                }
            });
        } catch (IOException e) {
            out.file("integrity.file_missing", ctx.episode().relPath(), null, "cannot list the episode folder: " + e.getMessage());
        }
    }
}
