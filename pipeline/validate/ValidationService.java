package pipeline.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import pipeline.Digests;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;
import store.EpisodeSummary;
import store.FileEntry;
import store.NearDuplicates;
import store.ProgressSink;
import store.Validations;

/**
 * Validates many episodes in parallel on a bounded pool and stores each result in its own transaction.
 * An episode whose files (size, mtime) and profile are unchanged since its last run is not validated again.
 */
public final class ValidationService {
    /** Bumped whenever the checks change, so stored results of older checks are not reused. */
    static final String CHECKS_VERSION = "checks-3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ValidationService.class);

    private final Catalog catalog;
    private final Validator validator;
    private final int threads;
    private final String actor;

    public ValidationService(Catalog catalog, Validator validator, int threads, String actor) {
        this.catalog = catalog;
        this.validator = validator;
        this.threads = Math.max(1, threads);
        this.actor = actor;
    }

    /** @param episodeIds the episodes to validate; empty means all */
    public List<EpisodeReport> run(List<String> episodeIds, ValidationProfile profile, boolean force,
                                   ProgressSink progress, Cancellation cancel) {
        List<String> ids = episodeIds.isEmpty()
                ? catalog.episodes().list().stream().map(EpisodeSummary::episodeId).toList() : episodeIds;
        for (String id : ids) {
            if (catalog.episodes().find(id).isEmpty()) {
                throw new CurioException("validate.no_episode", null, "episode_id", "no episode " + id + " in the catalog");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, ids.size())));
        AtomicLong done = new AtomicLong();
        NearDuplicateFinder duplicates = new NearDuplicateFinder(catalog, profile);
        try {
            List<Future<EpisodeReport>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> {
                    cancel.check();
                    EpisodeReport r = one(id, profile, force, duplicates, cancel);
                    progress.update(done.incrementAndGet(), ids.size(), id);
                    return r;
                }));
            }
            List<EpisodeReport> out = new ArrayList<>();
            for (Future<EpisodeReport> f : futures) out.add(get(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private EpisodeReport one(String id, ValidationProfile profile, boolean force, NearDuplicateFinder duplicates,
                              Cancellation cancel) {
        EpisodeDetail episode = catalog.episodes().find(id).orElseThrow();
        String fingerprint = fingerprint(episode, profile);
        if (!force && catalog.validations().fingerprint(id).filter(fingerprint::equals).isPresent()) {
            return fromCatalog(id);
        }
        Validator.Outcome outcome = validator.validate(episode, catalog.episodes().datasetInfoJson(id), profile, cancel);
        List<Finding> findings = new ArrayList<>(outcome.report().findings());
        NearDuplicates.Signature signature = null;
        List<NearDuplicates.Pair> pairs = List.of();
        if (duplicates.enabled()) {
            try {
                signature = NearDuplicateFinder.signature(episode, cancel);
                pairs = duplicates.match(signature);
            } catch (CurioException e) {
                // Near-duplicates are a hint: an episode whose signature cannot be made keeps every other result.
                LOG.warn("no near-duplicate signature for {}: {}", id, e.toString());
                signature = null;
            }
            for (NearDuplicates.Pair p : pairs) findings.add(NearDuplicateFinder.finding(id, p, profile, signature.camera()));
        }
        String state = EpisodeReport.stateOf(findings);
        EpisodeReport r = new EpisodeReport(id, state.equals("passed"), state, findings, outcome.report().qc(), false);
        List<Validations.FindingRow> rows = r.findings().stream().map(ValidationService::row).toList();
        catalog.validations().save(new Validations.Run(id, profile.name(), fingerprint, r.passed(), r.state(), rows,
                outcome.qcWindows(), r.qc().toString(), EpisodeScores.of(episode, state, outcome.qcWindows(), profile)), actor);
        if (signature != null) {
            catalog.nearDuplicates().record(signature, pairs, p -> row(NearDuplicateFinder.finding(p.other(id), p, profile, null)));
        }
        return r;
    }

    private static Validations.FindingRow row(Finding f) {
        return new Validations.FindingRow(f.dimension().json(), f.code(), f.severity().json(), f.stream(), f.tStartNs(),
                f.tEndNs(), f.file(), f.field(), f.message());
    }

    private EpisodeReport fromCatalog(String id) {
        List<Finding> findings = new ArrayList<>();
        for (Validations.FindingRow row : catalog.validations().findings(id)) {
            findings.add(new Finding(Dimension.parse(row.dimension()), row.code(),
                    Severity.parse(row.severity()), row.stream(), row.tStartNs(), row.tEndNs(), row.file(), row.field(),
                    row.message()));
        }
        String state = EpisodeReport.stateOf(findings);
        String qc = catalog.validations().qcSummaryJson(id);
        try {
            return new EpisodeReport(id, state.equals("passed"), state, findings,
                    qc == null ? JSON.createObjectNode() : JSON.readTree(qc), true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The episodes among {@code episodeIds} whose quality is unknown: never validated, or whose files, manifest or
     * the checks changed since their last run (under whatever profile that ran).
     */
    public List<String> unknownQuality(List<String> episodeIds) {
        List<String> out = new ArrayList<>();
        for (String id : episodeIds) {
            EpisodeDetail episode = catalog.episodes().find(id).orElse(null);
            if (episode == null) continue;
            String content = contentFingerprint(episode);
            boolean current = catalog.validations().fingerprint(id).filter(f -> f.startsWith(content + ":")).isPresent();
            if (!current) out.add(id);
        }
        return out;
    }

    /** What the result depends on: what {@link #contentFingerprint} covers, then the profile. */
    static String fingerprint(EpisodeDetail episode, ValidationProfile profile) {
        return contentFingerprint(episode) + ":" + profile.fingerprint();
    }

    /** The checks, the manifest and each file's size and mtime now. */
    static String contentFingerprint(EpisodeDetail episode) {
        StringBuilder sb = new StringBuilder(CHECKS_VERSION).append('\n');
        sb.append(episode.manifestJson() == null ? "-" : Digests.sha256Hex(episode.manifestJson())).append('\n');
        Path root = Path.of(episode.datasetRoot());
        for (FileEntry f : episode.files()) {
            sb.append(f.relPath()).append('|').append(f.sha256()).append('|');
            try {
                BasicFileAttributes a = Files.readAttributes(root.resolve(f.relPath()), BasicFileAttributes.class);
                sb.append(a.size()).append('|').append(a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                sb.append("missing");
            }
            sb.append('\n');
        }
        return Digests.sha256Hex(sb.toString());
    }

    private static EpisodeReport get(Future<EpisodeReport> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }
}
