package pipeline.validate;

/** One dimension's checks over one episode. */
public interface Check {
    void run(ValidationContext ctx, Findings out);

    /** The dimension a failure of this check leaves unknown. */
    Dimension dimension();
}
