package app.cli;

/** Documented in `curio --help` and the README. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int INPUT = 2;
    /** curio verify: the bundle was read but failed a check. */
    public static final int VERIFY_FAILED = 3;
    /** curio subset gates: a dataset gate of the profile fails. */
    public static final int GATES_FAILED = 3;

    private ExitCodes() { }
}
