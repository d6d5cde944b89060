package crash;

import java.nio.file.Path;
import java.util.List;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.Ingest;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSummary;
import store.ProgressSink;

/** Demo episodes ingested, validated and accepted into the subset {@link #NAME}, with a key pair to sign its export. */
record AcceptedSubset(Path data, Path catalog, Path privateKey, Path publicKey) {
    static final String NAME = "crash";
    static final String PASSPHRASE = "crash loop passphrase";

    static AcceptedSubset create(Path dir, int episodes) throws Exception {
        Path data = dir.resolve("data");
        new DemoGenerator("crash").generate(new DemoGenerator.Options(data, episodes, 11), ProgressSink.NONE, Cancellation.NEVER);
        Path db = dir.resolve("catalog.db");
        try (Catalog c = Catalog.open(db)) {
            new Ingest(c).run(List.of(data), ProgressSink.NONE, Cancellation.NEVER);
            List<String> ids = c.episodes().list().stream().map(EpisodeSummary::episodeId).toList();
            new ValidationService(c, new Validator(), 2, "crash").run(ids, ValidationProfile.defaults(), false, ProgressSink.NONE,
                    Cancellation.NEVER);
            for (String id : ids) c.annotations().decide(id, "accept", null, "crash");
            new Subsets(c).createFromIds(NAME, ids, true);
        }
        Path keys = dir.resolve("keys");
        SigningKeys.generate(keys, PASSPHRASE.toCharArray());
        return new AcceptedSubset(data, db, keys.resolve(SigningKeys.PRIVATE_KEY_FILE), keys.resolve(SigningKeys.PUBLIC_KEY_FILE));
    }

    SigningKey key() {
        return SigningKeys.load(privateKey, PASSPHRASE.toCharArray());
    }
}
