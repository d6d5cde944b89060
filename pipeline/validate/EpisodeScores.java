package pipeline.validate;

import java.util.List;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;
import store.Validations;

/**
 * The figures of one validated episode that filters, the dashboard and the dataset gates read (docs/subsets.md):
 *
 * <ul>
 *   <li>quality score: 1 when validation passed, 0.5 with soft findings, 0 with a hard one, times the share of the
 *       cameras' QC windows without a QC problem (sharpness at least {@code qc_sharpness_min}, clipped highlights and
 *       crushed shadows at most {@code qc_clipped_max_ratio}, not black, not frozen); 1 when no camera was scored;</li>
 *   <li>sharpness: the mean Laplacian variance of those windows;</li>
 *   <li>exposure: the largest share of clipped highlights or crushed shadows in any window;</li>
 *   <li>dropped frames: the largest share of frames a camera lacks against its rate over its span.</li>
 * </ul>
 */
public final class EpisodeScores {
    private EpisodeScores() { }

    public static Validations.Scores of(EpisodeDetail episode, String state, List<Validations.QcWindow> windows,
                                        ValidationProfile profile) {
        double outcome = switch (state) {
            case "passed" -> 1.0;
            case "soft" -> 0.5;
            default -> 0.0;
        };
        double minSharp = profile.threshold("qc_sharpness_min");
        double maxClip = profile.threshold("qc_clipped_max_ratio");
        int clean = 0;
        double sharpSum = 0;
        int sharpCount = 0;
        Double exposure = null;
        for (Validations.QcWindow w : windows) {
            double high = w.clippedHigh() == null ? 0 : w.clippedHigh();
            double low = w.clippedLow() == null ? 0 : w.clippedLow();
            boolean sharp = w.sharpness() == null || w.sharpness() >= minSharp;
            if (!w.black() && !w.frozen() && high <= maxClip && low <= maxClip && sharp) clean++;
            if (w.sharpness() != null) {
                sharpSum += w.sharpness();
                sharpCount++;
            }
            exposure = Math.max(exposure == null ? 0 : exposure, Math.max(high, low));
        }
        double qc = windows.isEmpty() ? 1.0 : (double) clean / windows.size();
        return new Validations.Scores(outcome * qc, sharpCount == 0 ? null : sharpSum / sharpCount, exposure, dropped(episode));
    }

    /** The largest share of frames any camera lacks: 1 - frames / (rate x span + 1); null without a camera that says. */
    static Double dropped(EpisodeDetail episode) {
        Double worst = null;
        for (StreamEntry s : episode.streams()) {
            if (s.kind() != StreamKind.VIDEO || s.rateHz() == null || s.rateHz() <= 0 || s.frameCount() == null
                    || s.startNs() == null || s.endNs() == null || s.endNs() <= s.startNs()) {
                continue;
            }
            double expected = (s.endNs() - s.startNs()) / 1e9 * s.rateHz() + 1;
            double share = Math.max(0, 1 - s.frameCount() / expected);
            worst = worst == null ? share : Math.max(worst, share);
        }
        return worst;
    }
}
