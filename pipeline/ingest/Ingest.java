package pipeline.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.DatasetRef;
import store.EpisodeWrite;
import store.FileEntry;
import store.IngestIndex;
import store.ProgressSink;

/**
 * Ingests every episode found under the given paths into the catalog. Units are read in parallel on a
 * bounded pool, their files too where a unit has several; one catalog thread writes the results. Each episode is written in its own transaction, so one bad episode never stops (or
 * half-writes) the others. A unit whose files all have the size and mtime the catalog recorded is not
 * read again; missing files mark the episode 'missing', changed ones re-read it and mark it 'changed'.
 */
public final class Ingest {
    public static final int DEFAULT_THREADS = 2;

    /**
     * @param datasetName the catalog name for datasets found, instead of their folder names (null: folder names)
     * @param threads     size of the reading pool
     */
    public record Options(String datasetName, int threads) {
        public static final Options DEFAULT = new Options(null, DEFAULT_THREADS);
    }

    private final Catalog catalog;
    private final Options options;

    public Ingest(Catalog catalog, Options options) {
        this.catalog = catalog;
        this.options = options;
    }

    public Ingest(Catalog catalog) {
        this(catalog, Options.DEFAULT);
    }

    public IngestReport run(List<Path> paths, ProgressSink progress, Cancellation cancel) {
        Discovery discovery = new Discovery(cancel);
        progress.update(0, -1, "looking for episodes");
        for (Path p : paths) discovery.add(p);
        List<IngestReport.Episode> ingested = new ArrayList<>();
        List<IngestReport.Episode> unchanged = new ArrayList<>();
        List<IngestReport.Failure> failed = new ArrayList<>();
        discovery.failures().forEach(f -> failed.add(new IngestReport.Failure(f.path(), f.errors())));

        IngestIndex index = catalog.ingestIndex();
        Set<String> reserved = new HashSet<>();
        List<Job> jobs = new ArrayList<>();
        for (Discovery.Group g : discovery.groups()) {
            String root = g.root.toString();
            String name = index.datasetName(root, options.datasetName() != null ? options.datasetName() : g.preferredName, reserved);
            reserved.add(name);
            IngestIndex.Snapshot snap = index.snapshot(root);
            Set<String> claimed = new HashSet<>();
            for (EpisodeUnit u : g.units) {
                Job job = plan(g, name, snap, u);
                job.stored.forEach(s -> claimed.add(s.episodeId()));
                jobs.add(job);
            }
            for (IngestIndex.StoredEpisode s : snap.episodes()) {
                if (claimed.contains(s.episodeId()) || !underWalkedPath(g.root.resolve(base(s.relPath())), paths)) continue;
                if (Files.exists(g.root.resolve(base(s.relPath())))) continue;
                index.markStatus(s.episodeId(), "missing", "episode location is gone: " + base(s.relPath()));
                failed.add(new IngestReport.Failure(g.root.resolve(s.relPath()).toString(), List.of(new CurioException(
                        "ingest.file_missing", base(s.relPath()), null, "episode " + s.episodeId() + " is no longer on disk"))));
            }
        }

        AtomicLong done = new AtomicLong();
        long total = jobs.size();
        int threads = Math.max(1, options.threads());
        // No spare threads: a worker waiting on another's file helps or waits, so at most `threads` files are
        // read at once and memory stays at that many chunk buffers.
        ForkJoinPool pool = new ForkJoinPool(threads, Ingest::worker, null, false, threads, threads, 1, p -> true,
                30, TimeUnit.SECONDS);
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "curio-catalog"));
        try {
            List<Future<Future<JobResult>>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    cancel.check();
                    Staged staged = read(job, cancel);
                    return writer.submit(() -> {
                        JobResult r = write(staged);
                        progress.update(done.incrementAndGet(), total, job.unit.location().getFileName().toString());
                        return r;
                    });
                }));
            }
            for (Future<Future<JobResult>> f : futures) {
                JobResult r = await(await(f, pool), pool);
                ingested.addAll(r.ingested);
                unchanged.addAll(r.unchanged);
                failed.addAll(r.failed);
            }
        } finally {
            pool.shutdownNow();
            writer.shutdownNow();
        }
        return new IngestReport(ingested, unchanged, failed);
    }

    /**
     * Reading threads are fork-join workers so a unit can hash its files in parallel
     * ({@link IngestContext#entries}) on the same bounded pool without starving other units.
     */
    private static final java.util.concurrent.atomic.AtomicInteger WORKERS = new java.util.concurrent.atomic.AtomicInteger();

    private static ForkJoinWorkerThread worker(ForkJoinPool pool) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        // The pool index is only assigned once the worker registers, after this factory returns.
        t.setName("curio-ingest-" + WORKERS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private record Job(Discovery.Group group, DatasetRef dataset, EpisodeUnit unit, List<IngestIndex.StoredEpisode> stored,
                       Set<String> missing, Set<String> changed) { }

    private static final class JobResult {
        final List<IngestReport.Episode> ingested = new ArrayList<>();
        final List<IngestReport.Episode> unchanged = new ArrayList<>();
        final List<IngestReport.Failure> failed = new ArrayList<>();
    }

    /** Compares the unit's files with what the catalog recorded; only stats the files, never reads them. */
    private Job plan(Discovery.Group g, String name, IngestIndex.Snapshot snap, EpisodeUnit u) {
        DatasetRef ref = new DatasetRef(name, g.root.toString(), u.format(), null);
        List<IngestIndex.StoredEpisode> stored = snap.episodes().stream().filter(s -> u.owns(s.relPath())).toList();
        Set<String> missing = new LinkedHashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        if (stored.isEmpty()) return new Job(g, ref, u, stored, missing, changed);
        Set<String> known = new LinkedHashSet<>(u.files());
        stored.forEach(s -> known.addAll(s.files()));
        for (String rel : known) {
            FileEntry before = snap.files().get(rel);
            Path p = g.root.resolve(rel);
            if (!Files.exists(p)) {
                if (before != null) missing.add(rel); else changed.add(rel);
                continue;
            }
            try {
                long[] st = FileTable.stat(p);
                if (before == null || before.sizeBytes() != st[0] || before.mtimeNs() != st[1]) changed.add(rel);
            } catch (IOException e) {
                missing.add(rel);
            }
        }
        return new Job(g, ref, u, stored, missing, changed);
    }

    /** What reading a unit produced, handed to the catalog thread; null outcomes: nothing to read. */
    private record Staged(Job job, List<EpisodeUnit.Outcome> outcomes) { }

    /**
     * Runs on a reading thread and touches no catalog: the catalog is written by one thread
     * ({@link #write}) so commits (each an fsync) never hold up hashing.
     */
    private static Staged read(Job job, Cancellation cancel) {
        if (!job.stored.isEmpty() && (!job.missing.isEmpty() || job.changed.isEmpty())) return new Staged(job, null);
        List<EpisodeUnit.Outcome> outcomes;
        try {
            outcomes = job.unit.reader().read(new IngestContext(job.dataset, job.group.files, cancel));
        } catch (CurioException e) {
            outcomes = List.of(new EpisodeUnit.Failed(job.unit.location().toString(), List.of(e)));
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            outcomes = List.of(new EpisodeUnit.Failed(job.unit.location().toString(), List.of(new CurioException(
                    "ingest.internal", job.group.files.rel(job.unit.location()), null, String.valueOf(e), e))));
        }
        return new Staged(job, outcomes);
    }

    private JobResult write(Staged staged) {
        Job job = staged.job;
        JobResult out = new JobResult();
        IngestIndex index = catalog.ingestIndex();
        if (!job.stored.isEmpty() && !job.missing.isEmpty()) {
            String detail = "missing since last ingest: " + String.join(", ", job.missing);
            List<CurioException> errors = job.missing.stream().map(rel -> new CurioException("ingest.file_missing", rel, null,
                    "file recorded at the last ingest is gone")).toList();
            for (IngestIndex.StoredEpisode s : job.stored) {
                index.markStatus(s.episodeId(), "missing", detail);
                out.failed.add(new IngestReport.Failure(job.group.root.resolve(s.relPath()).toString(), errors));
            }
            return out;
        }
        if (!job.stored.isEmpty() && job.changed.isEmpty()) {
            for (IngestIndex.StoredEpisode s : job.stored) {
                if ("missing".equals(s.status())) index.markStatus(s.episodeId(), "ok", null);
                out.unchanged.add(new IngestReport.Episode(s.episodeId(), job.dataset.name(), s.format(), List.of()));
            }
            return out;
        }
        for (EpisodeUnit.Outcome o : staged.outcomes) {
            if (o instanceof EpisodeUnit.Failed f) {
                out.failed.add(new IngestReport.Failure(f.path(), f.errors()));
                continue;
            }
            EpisodeWrite w = ((EpisodeUnit.Written) o).episode();
            try {
                catalog.episodes().upsert(w);
            } catch (CurioException e) {
                out.failed.add(new IngestReport.Failure(job.group.root.resolve(w.relPath()).toString(), List.of(e)));
                continue;
            }
            if (!job.stored.isEmpty()) {
                index.markStatus(w.episodeId(), "changed", "changed since last ingest: " + String.join(", ", job.changed));
            }
            out.ingested.add(new IngestReport.Episode(w.episodeId(), w.dataset().name(), w.format(),
                    w.streams().stream().map(Streams::summary).toList()));
        }
        return out;
    }

    private static <T> T await(Future<T> f, ExecutorService pool) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String base(String relPath) {
        int hash = relPath.indexOf('#');
        return hash < 0 ? relPath : relPath.substring(0, hash);
    }

    private static boolean underWalkedPath(Path p, List<Path> paths) {
        for (Path w : paths) if (p.startsWith(w.toAbsolutePath().normalize())) return true;
        return false;
    }
}
