package packaging.deliver;

import java.net.URI;
import java.nio.file.Path;
import store.CurioException;

/** Where a bundle is delivered: a folder (a USB drive, a share) or a prefix in an S3-compatible bucket. */
public sealed interface Destination {
    /** How the destination is written in records and shown to users; for a bucket, {@code s3://BUCKET/PREFIX}. */
    String display();

    String kind();

    record Folder(Path dir) implements Destination {
        @Override
        public String display() {
            return dir.toAbsolutePath().normalize().toString();
        }

        @Override
        public String kind() {
            return "folder";
        }
    }

    /**
     * A bucket prefix. {@code endpoint} (for S3-compatible servers; path-style addressing is used with it), {@code region}
     * and {@code profile} (a name in {@code ~/.aws}) may be null; credentials always come from the SDK's standard chain.
     *
     * @param prefix without leading or trailing slash, possibly empty
     */
    record Bucket(String bucket, String prefix, URI endpoint, String region, String profile) implements Destination {
        @Override
        public String display() {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }

        @Override
        public String kind() {
            return "s3";
        }

        /** The key of a name under the prefix. */
        public String key(String name) {
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }
    }

    /**
     * @param to a folder path or {@code s3://BUCKET[/PREFIX]}
     * @throws CurioException {@code deliver.bad_destination} for an unusable bucket URL or endpoint
     */
    static Destination parse(String to, String endpoint, String region, String profile) {
        if (to == null || to.isBlank()) throw bad(to, "--to", "a destination is needed: a folder or s3://BUCKET/PREFIX");
        if (!to.startsWith("s3://")) {
            if (endpoint != null || region != null || profile != null) {
                throw bad(to, "--endpoint", "--endpoint, --region and --profile apply to s3:// destinations only");
            }
            return new Folder(Path.of(to));
        }
        String rest = to.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw bad(to, "bucket", "'" + bucket + "' is not a bucket name (3-63 lowercase letters, digits, dots, hyphens)");
        }
        if (prefix.startsWith("/") || prefix.contains("//")) throw bad(to, "prefix", "the prefix has an empty path segment");
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw bad(endpoint, "--endpoint", "not a URL: " + e.getMessage());
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw bad(endpoint, "--endpoint", "the endpoint must be an http:// or https:// URL with a host");
            }
        }
        return new Bucket(bucket, prefix, uri, blankToNull(region), blankToNull(profile));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static CurioException bad(String file, String field, String message) {
        return new CurioException("deliver.bad_destination", file, field, message);
    }
}
