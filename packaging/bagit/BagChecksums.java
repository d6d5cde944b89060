package packaging.bagit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import packaging.Finding;

/** The SHA-256 a bag's own manifests record for its files, payload and tag files alike. */
public final class BagChecksums {
    private BagChecksums() { }

    /** Relative path to lowercase hex SHA-256, from {@code manifest-sha256.txt} and {@code tagmanifest-sha256.txt}. */
    public static Map<String, String> read(Path bag) throws IOException {
        Map<String, String> out = new HashMap<>();
        List<Finding> ignored = new ArrayList<>();
        for (String name : List.of(BagWriter.MANIFEST, BagWriter.TAG_MANIFEST)) {
            Path f = bag.resolve(name);
            if (Files.isRegularFile(f)) out.putAll(TagFileReader.manifest(f, name, ignored));
        }
        return out;
    }
}
