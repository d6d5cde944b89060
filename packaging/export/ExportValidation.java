package packaging.export;

import java.util.List;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;
import store.Subset;

/**
 * No bundle carries an episode of unknown quality: before anything is written, every episode of the subset that was
 * never validated, or whose files or manifest changed since it was, is validated now (only those), or the export is
 * refused naming them. The subset rules then see the fresh results, so a hard finding never reaches a bundle unseen.
 */
public final class ExportValidation {
    /**
     * @param validate false: refuse an export that would need validating instead of validating
     * @param profile  the profile the episodes needing it are validated under
     */
    public record Policy(boolean validate, ValidationProfile profile) {
        public static Policy validateWith(ValidationProfile profile) {
            return new Policy(true, profile);
        }

        public static Policy refuse() {
            return new Policy(false, null);
        }
    }

    private static final int THREADS = 2;

    private ExportValidation() { }

    /** The episodes of {@code subset} whose quality is unknown, in subset order. */
    public static List<String> unknownQuality(Catalog catalog, Subset subset) {
        return service(catalog).unknownQuality(subset.episodeIds());
    }

    /** Fails with {@code export.unvalidated}, naming them, when some episode of the subset is of unknown quality. */
    public static void refuseUnknownQuality(Catalog catalog, Subset subset) {
        refuse(subset, unknownQuality(catalog, subset));
    }

    static void ensure(Catalog catalog, Subset subset, Policy policy, ProgressSink progress, Cancellation cancel) {
        List<String> unknown = unknownQuality(catalog, subset);
        if (unknown.isEmpty()) return;
        if (!policy.validate()) refuse(subset, unknown);
        service(catalog).run(unknown, policy.profile(), true, progress, cancel);
    }

    private static void refuse(Subset subset, List<String> unknown) {
        if (unknown.isEmpty()) return;
        throw new CurioException("export.unvalidated", null, String.join(",", unknown), unknown.size() + " episode(s) of subset "
                + subset.name() + " have no validation of their files as they are now: " + String.join(", ", unknown)
                + "; validate them (curio validate) or export without --no-validate");
    }

    private static ValidationService service(Catalog catalog) {
        return new ValidationService(catalog, new Validator(), THREADS, "export");
    }
}
