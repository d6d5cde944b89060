package packaging.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import packaging.bagit.BagWriter;
import packaging.bundle.BundleWriter;
import store.CurioException;

/** A bundle's files in the order they are delivered. */
final class BundleFiles {
    /** A file and its path relative to the bundle, '/'-separated. */
    record File(Path path, String rel, long size) { }

    /** What goes last, in this order: the manifests that describe the payload, then the signature over them. */
    private static final List<String> LAST = List.of(BagWriter.BAGIT_TXT, BagWriter.BAG_INFO_TXT, BagWriter.MANIFEST,
            BundleWriter.MANIFEST_FILE, BagWriter.TAG_MANIFEST, BundleWriter.SIGNATURE_FILE);

    private BundleFiles() { }

    /** A file that describes or signs the payload, delivered only once the payload is there. */
    static boolean describesPayload(File f) {
        return LAST.contains(f.rel());
    }

    /**
     * Payload and other files first, then the bag's manifests, the Curio manifest and the signature, so no reader of
     * the destination sees a complete-looking bundle before its payload is there.
     */
    static List<File> inDeliveryOrder(Path bundle) {
        List<File> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(bundle)) {
            for (Path p : walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String rel = bundle.relativize(p).toString().replace('\\', '/');
                // Only regular files are sent: a link would send what lies outside the bundle.
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CurioException("deliver.bad_bundle", bundle.toString(), rel, rel + " is a link or special file; nothing was delivered");
                }
                out.add(new File(p, rel, Files.size(p)));
            }
        } catch (IOException e) {
            throw new CurioException("io.read_failed", bundle.toString(), null, "cannot list the bundle: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingInt((File f) -> LAST.indexOf(f.rel())).thenComparing(File::rel));
        return out;
    }
}
