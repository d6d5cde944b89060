package pipeline.validate;

/** The six quality dimensions of the ingest contract, sampled-frame QC of video streams, and near-duplicates. */
public enum Dimension {
    INTEGRITY("integrity"),
    SCHEMA("schema"),
    TEMPORAL("temporal"),
    COMPLETENESS("completeness"),
    ACTION_VALIDITY("action_validity"),
    PRIVACY("privacy"),
    QC("qc"),
    /** Properties of an episode among the others (near-duplicates). */
    QUALITY("quality");

    private final String json;

    Dimension(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Dimension parse(String json) {
        for (Dimension d : values()) if (d.json.equals(json)) return d;
        throw new IllegalArgumentException("unknown dimension " + json);
    }
}
