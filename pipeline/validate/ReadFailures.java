package pipeline.validate;

import java.util.Locale;
import store.CurioException;

/**
 * What a check reports when a stream cannot be read: a file whose bytes do not parse is damaged
 * ({@code integrity.unreadable}, hard); a stream Curio has no decoder for leaves the check undone
 * ({@code check.failed} in the check's dimension, or {@code qc.unavailable} for QC), naming the cause.
 */
final class ReadFailures {
    private ReadFailures() { }

    /** Errors that say "Curio cannot do this", not "these bytes are broken". */
    static boolean isLimitation(CurioException e) {
        String c = e.code() == null ? "" : e.code().toLowerCase(Locale.ROOT);
        return c.contains("unsupported") || c.contains("unindexed") || c.startsWith("stream.") || c.startsWith("source.missing_topic");
    }

    static void report(Findings out, Dimension dimension, String stream, CurioException e, String doing) {
        String message = doing + ": " + e.code() + ": " + e.getMessage();
        if (isLimitation(e)) {
            out.add(dimension, "check.failed", stream, null, null, e.file(), e.field(), message);
        } else {
            out.add("integrity.unreadable", stream, null, null, e.file(), e.field(), message);
        }
    }
}
