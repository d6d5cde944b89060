package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import store.Cancellation;
import store.CurioException;
import store.EpisodeDetail;
import store.Validations;

/** Runs every check of every dimension over one episode. */
public final class Validator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Check> checks;

    public Validator() {
        this(List.of(new IntegrityCheck(), new SchemaCheck(), new CompletenessCheck(), new TemporalCheck(),
                new RldsStepCheck(), new ActionCheck(), new PrivacyCheck(), new VideoQc()));
    }

    Validator(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public Outcome validate(EpisodeDetail episode, String datasetInfoJson, ValidationProfile profile, Cancellation cancel) {
        JsonNode manifest = parse(episode.manifestJson());
        JsonNode info = parse(datasetInfoJson);
        ValidationContext ctx = new ValidationContext(episode, Path.of(episode.datasetRoot()), manifest, info, profile,
                Contract.of(episode, manifest, profile), cancel);
        Findings findings = new Findings(profile);
        QcCollector qc = new QcCollector();
        for (Check check : checks) {
            cancel.check();
            try {
                if (check instanceof QcAware aware) aware.run(ctx, findings, qc); else check.run(ctx, findings);
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                // A check that cannot run says so, with its cause; it never reports a finding it did not make.
                findings.add(check.dimension(), "check.failed", null, null, null,
                        e instanceof CurioException c ? c.file() : null, e instanceof CurioException c ? c.field() : null,
                        check.getClass().getSimpleName() + " could not run: " + cause(e));
            }
        }
        List<Finding> list = findings.list();
        String state = EpisodeReport.stateOf(list);
        ObjectNode qcJson = qc.summary();
        return new Outcome(new EpisodeReport(episode.summary().episodeId(), state.equals("passed"), state, list, qcJson, false),
                qc.windows());
    }

    /** The report and the QC windows to store with it. */
    public record Outcome(EpisodeReport report, List<Validations.QcWindow> qcWindows) { }

    private static String cause(RuntimeException e) {
        if (e instanceof CurioException c) return c.code() + ": " + c.getMessage();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
