package pipeline.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects findings, giving each the dimension of its code and the severity the profile assigns. */
public final class Findings {
    private final ValidationProfile profile;
    private final List<Finding> list = new ArrayList<>();

    public Findings(ValidationProfile profile) {
        this.profile = profile;
    }

    public void add(String code, String stream, Long tStartNs, Long tEndNs, String file, String field, String message) {
        Codes.Code c = Codes.get(code);
        if (c.dimension() == null) throw new IllegalArgumentException(code + " needs the dimension it is reported for");
        add(c.dimension(), code, stream, tStartNs, tEndNs, file, field, message);
    }

    /** A finding of a code whose dimension is the one it is reported for ({@code check.failed}). */
    public void add(Dimension dimension, String code, String stream, Long tStartNs, Long tEndNs, String file, String field,
                    String message) {
        if (profile.isDisabled(code)) return;
        Codes.get(code);
        list.add(new Finding(dimension, code, profile.severityOf(code), stream, tStartNs, tEndNs, file, field, message));
    }

    public void file(String code, String file, String field, String message) {
        add(code, null, null, null, file, field, message);
    }

    public void stream(String code, String stream, Long t0, Long t1, String message) {
        add(code, stream, t0, t1, null, null, message);
    }

    public List<Finding> list() {
        return List.copyOf(list);
    }
}
