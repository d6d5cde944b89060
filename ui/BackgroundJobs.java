package ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * The app's background jobs (ingest, demo, validation, export, delivery, recall...), each a {@link Task} with its
 * own title, progress, message and cancel, run on the background executor; several may run at once. A job that
 * uses the catalog is tracked until its work has really returned, so the catalog is never closed under it. Every
 * failure, a job's or an unexpected one of other background work, is kept in {@link #failures()} for the user to
 * read and dismiss, not only logged.
 *
 * <p>All methods and properties are for the FX thread, except {@link #report}, which may be called from any thread.
 */
public final class BackgroundJobs {
    /** A step of the headless pipeline, given progress and cancel. */
    @FunctionalInterface
    public interface Job<T> {
        T run(ProgressSink progress, Cancellation cancel) throws Exception;
    }

    /** What a job needs besides the executor; jobs of one kind are not started twice at once by the UI. */
    public enum Kind {
        INGEST(true), DEMO(true), VALIDATE(true), SUBSET(true), EXPORT(true), DELIVER(true), RECALL(true),
        /** Suggesting failure clusters and saving the board's decisions. */
        CLUSTER(true),
        /** Verifying a bundle, generating a key and loading a validation profile read and write files, never the catalog. */
        BUNDLE(false), KEY(false), PROFILE(false);

        final boolean usesCatalog;

        Kind(boolean usesCatalog) {
            this.usesCatalog = usesCatalog;
        }
    }

    /** A failure for the user: which job (or work), the error code when it has one, and what went wrong. */
    public record Failure(String title, String code, String message) {
        @Override
        public String toString() {
            return title + " failed: " + (code == null ? "" : code + ": ") + message;
        }
    }

    /** One job as the UI shows it: a {@link Task} whose cancel stops the pipeline through its {@link Cancellation}. */
    public static final class Running<T> extends Task<T> {
        private final Kind kind;
        private final Job<T> job;
        private final Cancellation cancellation = new Cancellation();

        Running(String title, Kind kind, Job<T> job) {
            this.kind = kind;
            this.job = job;
            updateTitle(title);
            updateMessage("starting");
            updateProgress(-1, 1);
        }

        public Kind kind() {
            return kind;
        }

        /**
         * Asks the pipeline to stop at its next check instead of interrupting the thread (an interrupt closes file
         * channels mid-write). The task stays listed until its work has returned, so nothing looks stopped early.
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (cancellation.isCancelled()) return false;
            cancellation.cancel();
            updateMessage("cancelling…");
            return true;
        }

        public boolean cancelRequested() {
            return cancellation.isCancelled();
        }

        @Override
        protected T call() throws Exception {
            ProgressSink sink = (done, total, message) -> {
                if (total > 0) updateProgress(done, total); else updateProgress(-1, 1);
                updateMessage(message);
            };
            return job.run(sink, cancellation);
        }
    }

    private final Executor background;
    private final ObservableList<Running<?>> running = FXCollections.observableArrayList();
    /** One wrapper for everyone: it listens to {@link #running} weakly, so a wrapper made per call could lose its listeners. */
    private final ObservableList<Running<?>> runningView = FXCollections.unmodifiableObservableList(running);
    private final ObservableList<Failure> failures = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty message = new SimpleStringProperty("Ready");
    private final Executor fx;

    public BackgroundJobs(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
        busy.bind(Bindings.isNotEmpty(running));
    }

    /** The jobs under way, newest last; a job leaves the list once its work has returned. */
    public ObservableList<Running<?>> running() {
        return runningView;
    }

    /** Failures the user has not dismissed yet, newest last. */
    public ObservableList<Failure> failures() {
        return failures;
    }

    /** True while any job runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True while a job of {@code kind} runs. */
    public BooleanBinding running(Kind kind) {
        return Bindings.createBooleanBinding(() -> running.stream().anyMatch(r -> r.kind() == kind), running);
    }

    /** The last status line: what a job said when it finished, or what the UI said. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** Shows a message in the status bar (e.g. after a selection). */
    public void say(String text) {
        message.set(text);
    }

    /** Titles of the running jobs that use the catalog: while there are any, it must stay open. */
    public List<String> catalogJobs() {
        List<String> out = new ArrayList<>();
        for (Running<?> r : running) if (r.kind().usesCatalog) out.add(r.getTitle());
        return out;
    }

    /** Asks every running job to stop (closing the window). */
    public void cancelAll() {
        for (Running<?> r : List.copyOf(running)) r.cancel();
    }

    /**
     * Records a failure for the user; callable from any thread. A {@link CurioException} keeps its code; anything
     * else is a bug and is logged with its stack trace too.
     */
    public void report(String title, Throwable error) {
        Failure f;
        if (error instanceof CurioException e) {
            f = new Failure(title, e.code(), e.getMessage() + (e.file() == null ? "" : " (" + e.file() + ")"));
        } else {
            org.slf4j.LoggerFactory.getLogger(BackgroundJobs.class).error("{} failed", title, error);
            f = new Failure(title, null, String.valueOf(error));
        }
        fx.execute(() -> {
            failures.add(f);
            message.set(f.toString());
        });
    }

    /** Records a failure that has a message but no exception (e.g. an episode that is gone when the player opens). */
    public void report(String title, String problem) {
        Failure f = new Failure(title, null, problem);
        fx.execute(() -> {
            failures.add(f);
            message.set(f.toString());
        });
    }

    public <T> Running<T> run(String title, Kind kind, Job<T> job, Consumer<T> onSuccess) {
        return run(title, kind, job, onSuccess, () -> { });
    }

    /** @param onEnd runs on the FX thread after the job, whether it succeeded, failed or was cancelled */
    public <T> Running<T> run(String title, Kind kind, Job<T> job, Consumer<T> onSuccess, Runnable onEnd) {
        Running<T> task = new Running<>(title, kind, job);
        task.setOnSucceeded(e -> end(task, () -> {
            message.set(title + ": done");
            onSuccess.accept(task.getValue());
        }, onEnd));
        task.setOnFailed(e -> end(task, () -> {
            Throwable error = task.getException();
            if (error instanceof CancellationException || task.cancelRequested() && error instanceof CurioException c
                    && c.code().endsWith(".cancelled")) {
                message.set(title + ": cancelled");
            } else {
                report(title, error);
            }
        }, onEnd));
        running.add(task);
        message.set(title + "…");
        try {
            background.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(task);
            report(title, e);
            onEnd.run();
        }
        return task;
    }

    private void end(Running<?> task, Runnable outcome, Runnable onEnd) {
        running.remove(task);
        try {
            outcome.run();
        } catch (RuntimeException e) {
            report(task.getTitle(), e);
        } finally {
            onEnd.run();
        }
    }
}
