package pipeline.ingest;

import fuzz.FuzzHarness;
import java.util.List;
import store.Cancellation;
import store.CurioException;
import store.DatasetRef;

/** Reads ingest units the way {@link Ingest} does, minus the catalog: each unit's outcome, failures judged too. */
final class FuzzUnits {
    private FuzzUnits() { }

    static void read(FileTable files, List<EpisodeUnit> units) {
        for (EpisodeUnit u : units) {
            DatasetRef ref = new DatasetRef("fuzz", files.root().toString(), u.format(), null);
            for (EpisodeUnit.Outcome o : u.reader().read(new IngestContext(ref, files, Cancellation.NEVER))) {
                if (o instanceof EpisodeUnit.Failed f) f.errors().forEach(FuzzUnits::judge);
            }
        }
    }

    /** A failed episode carries coded errors; each must be one a user can look up. */
    private static void judge(CurioException e) {
        FuzzHarness.requireCoded(e);
    }
}
