package packaging.bagit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import packaging.Finding;

/** Parses BagIt tag files leniently: a bad line becomes a finding, the rest of the file is still read. */
final class TagFileReader {
    private static final Pattern MANIFEST_LINE = Pattern.compile("([0-9A-Fa-f]+)[ \\t]+(.+)");

    /** Labels RFC 8493 says appear at most once; two differing values would let two readers see two bags. */
    private static final java.util.Set<String> SINGLE = java.util.Set.of("BagIt-Version", "Tag-File-Character-Encoding",
            "Payload-Oxum", "Bagging-Date", "Bag-Size", "Bag-Group-Identifier", "Bag-Count");

    private TagFileReader() { }

    /** The finding for a tag file too large to be one; such a file is not read. */
    static Finding tooLarge(String name, long size) {
        return new Finding("bag.tag_file_too_large", name, "a tag file of " + size + " bytes, above the "
                + BagVerifier.MAX_TAG_FILE_BYTES + " any real bag needs; not read");
    }

    private static boolean fits(Path file, String name, List<Finding> findings) throws IOException {
        long size = Files.size(file);
        if (size <= BagVerifier.MAX_TAG_FILE_BYTES) return true;
        findings.add(tooLarge(name, size));
        return false;
    }

    /** "Label: value" lines with indented continuation lines joined; labels keep their first occurrence. */
    static Map<String, String> labels(Path file, String name, List<Finding> findings) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!fits(file, name, findings)) return labels;
        String last = null;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isEmpty()) continue;
                if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                    labels.put(last, labels.get(last) + " " + line.strip());
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    findings.add(new Finding("bag.bad_tag_file", name, "line " + n + " is not 'Label: value'"));
                    continue;
                }
                last = line.substring(0, colon).strip();
                if (labels.putIfAbsent(last, line.substring(colon + 1).strip()) != null && SINGLE.contains(last)) {
                    findings.add(new Finding("bag.duplicate_entry", name, "line " + n + " repeats " + last
                            + ", which a bag states once; the first is used"));
                }
            }
        }
        return labels;
    }

    /** Manifest entries: decoded path to checksum (lowercase); duplicates and bad lines become findings. */
    static Map<String, String> manifest(Path file, String name, List<Finding> findings) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        if (!fits(file, name, findings)) return entries;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                Matcher m = MANIFEST_LINE.matcher(line);
                if (!m.matches()) {
                    findings.add(new Finding("bag.bad_manifest", name, "line " + n + " is not '<checksum> <path>'"));
                    continue;
                }
                String path = BagPaths.decode(m.group(2));
                if (entries.putIfAbsent(path, m.group(1).toLowerCase(java.util.Locale.ROOT)) != null) {
                    findings.add(new Finding("bag.duplicate_entry", name, "line " + n + " lists " + path + " a second time"));
                }
            }
        }
        return entries;
    }
}
