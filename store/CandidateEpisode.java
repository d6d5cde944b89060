package store;

/**
 * One catalog episode as subset rules and {@code --where} expressions see it.
 *
 * @param hardFinding the last validation run left a hard finding (or the episode state says hard)
 * @param recalled    a recall names this episode
 */
public record CandidateEpisode(
        String episodeId,
        String dataset,
        String format,
        String task,
        String robot,
        String operator,
        double durationS,
        String validation,
        String review,
        String status,
        boolean hardFinding,
        boolean recalled) {

    /** Why the episode may never be exported, or null when it may. */
    public String exclusionReason(boolean requireAccepted) {
        if (recalled) return "recalled";
        if (hardFinding || "hard".equals(validation)) return "has a hard validation finding";
        if (requireAccepted && !"accept".equals(review)) return "not accepted (review state " + review + ")";
        return null;
    }
}
