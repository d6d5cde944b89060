package store;

import java.util.Locale;

/**
 * What an episode can be filtered, faceted, sorted and charted by. {@link #whereName} is the field's name in the
 * {@code --where} language; {@link #label} is what the app shows.
 */
public enum EpisodeField {
    ID("id", "Episode", Kind.ID),
    DATASET("dataset", "Dataset", Kind.TEXT),
    FORMAT("format", "Format", Kind.TEXT),
    TASK("task", "Task", Kind.TEXT),
    ROBOT("robot", "Robot", Kind.TEXT),
    OPERATOR("operator", "Operator", Kind.TEXT),
    REVIEW("review", "Review", Kind.TEXT),
    VALIDATION("validation", "Validation", Kind.TEXT),
    STATUS("status", "Status", Kind.TEXT),
    FAILURE_MODE("failure_mode", "Failure mode", Kind.MULTI),
    CLUSTER("cluster", "Failure cluster", Kind.MULTI),
    SUBTASK("subtask", "Subtask label", Kind.MULTI),
    DURATION("duration", "Duration (s)", Kind.NUMBER),
    DATE("date", "Recording date", Kind.DATE),
    QUALITY("quality", "Quality score", Kind.NUMBER),
    SHARPNESS("sharpness", "Sharpness", Kind.NUMBER),
    EXPOSURE("exposure", "Exposure (clipped share)", Kind.NUMBER),
    DROPPED("dropped", "Dropped frames (share)", Kind.NUMBER),
    FAILURES("failures", "Failure marks", Kind.NUMBER),
    STREAMS("streams", "Streams", Kind.NUMBER);

    /**
     * TEXT: one value per episode; MULTI: any number (one per failure mark or subtask); NUMBER: a number, NaN when
     * unknown; DATE: the recording's UTC day; ID: the episode id.
     */
    public enum Kind { ID, TEXT, MULTI, NUMBER, DATE }

    public final String whereName;
    public final String label;
    public final Kind kind;

    EpisodeField(String whereName, String label, Kind kind) {
        this.whereName = whereName;
        this.label = label;
        this.kind = kind;
    }

    public boolean textual() {
        return kind == Kind.ID || kind == Kind.TEXT || kind == Kind.MULTI;
    }

    /** The field a {@code --where} name denotes, or null. */
    public static EpisodeField byWhereName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (EpisodeField f : values()) if (f.whereName.equals(n)) return f;
        return null;
    }
}
