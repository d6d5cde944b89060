package ui.export;

import java.util.ArrayList;
import java.util.List;
import ui.Settings;

/**
 * Bucket destinations the user chose to remember, in the settings file: the bucket URL, endpoint, region and AWS
 * profile name. There is no place for a secret: credentials stay with the AWS SDK's own chain.
 */
final class SavedDestinations {
    /** A remembered bucket; blank fields are stored as empty. */
    record Saved(String url, String endpoint, String region, String profile) {
        Saved {
            url = url == null ? "" : url.strip();
            endpoint = endpoint == null ? "" : endpoint.strip();
            region = region == null ? "" : region.strip();
            profile = profile == null ? "" : profile.strip();
        }

        @Override
        public String toString() {
            return url + (endpoint.isEmpty() ? "" : " at " + endpoint) + (profile.isEmpty() ? "" : " (profile " + profile + ")");
        }
    }

    private static final String PREFIX = "deliver.bucket.";
    private static final int MAX = 20;

    private final Settings settings;

    SavedDestinations(Settings settings) {
        this.settings = settings;
    }

    List<Saved> list() {
        List<Saved> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String v = settings.get(PREFIX + i).orElse(null);
            if (v == null) break;
            String[] f = v.split("\\|", -1);
            if (f.length == 4) out.add(new Saved(f[0], f[1], f[2], f[3]));
        }
        return out;
    }

    /** Puts the destination first (once), keeping the most recent {@value #MAX}. */
    void remember(Saved s) {
        List<Saved> all = new ArrayList<>(list());
        all.remove(s);
        all.add(0, s);
        for (int i = 0; i < MAX; i++) {
            settings.put(PREFIX + i, i < all.size() ? String.join("|", all.get(i).url(), all.get(i).endpoint(), all.get(i).region(),
                    all.get(i).profile()) : null);
        }
        settings.save();
    }
}
