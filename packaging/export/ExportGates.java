package packaging.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import packaging.subset.QualityGates;
import pipeline.validate.ValidationProfile;
import store.Catalog;
import store.CurioException;
import store.Subset;

/**
 * The dataset gates an export checks after validating what needed it, so the gates judge fresh results: a subset that
 * fails one is refused, naming the failing gates, unless failing gates are allowed, which the bundle then records.
 *
 * @param thresholds  the profile's gates (seed 001's names), in order
 * @param profile     the profile's name, recorded with the results
 * @param allowFailed export even when a gate fails ({@code --allow-failed-gates})
 */
public record ExportGates(Map<String, Double> thresholds, String profile, boolean allowFailed) {
    public static ExportGates of(ValidationProfile p, boolean allowFailed) {
        return new ExportGates(p.gates(), p.name(), allowFailed);
    }

    /** The gates of the subset's episodes; fails with {@code export.gates_failed} when one fails and that is not allowed. */
    public QualityGates.Result check(Catalog catalog, Subset subset) {
        QualityGates.Result r = QualityGates.evaluate(catalog.index().snapshot(), subset.episodeIds(), thresholds, profile);
        if (!r.pass() && !allowFailed) {
            throw new CurioException("export.gates_failed", null, String.join(",", r.failing().stream().map(QualityGates.Gate::name).toList()),
                    "subset " + subset.name() + " fails the dataset gates of profile " + profile + ": " + r.describeFailing()
                            + "; export anyway with --allow-failed-gates (the bundle records it)");
        }
        return r;
    }

    /** The manifest's and data card's {@code quality_gates}: the results, and whether failing gates were allowed. */
    ObjectNode json(QualityGates.Result r) {
        return r.json().put("allow_failed_gates", allowFailed);
    }
}
