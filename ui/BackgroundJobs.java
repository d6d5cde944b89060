package ui;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * Runs long work (ingest, demo, export) on the background executor and reflects it in bound properties on
 * the FX executor: whether something runs, progress (-1 = indeterminate), a message, and cancel. Progress
 * updates are coalesced so a fast loop cannot flood the FX thread.
 */
public final class BackgroundJobs {
    /** A step of the headless pipeline, given progress and cancel. */
    @FunctionalInterface
    public interface Job<T> {
        T run(ProgressSink progress, Cancellation cancel) throws Exception;
    }

    private final Executor background;
    private final Executor fx;
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty message = new SimpleStringProperty("Ready");
    private volatile Cancellation current;

    public BackgroundJobs(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** Shows a message in the status bar from the FX thread (e.g. after a selection). */
    public void say(String text) {
        message.set(text);
    }

    public void cancel() {
        Cancellation c = current;
        if (c != null) c.cancel();
    }

    public <T> void run(String title, Job<T> job, Consumer<T> onSuccess) {
        run(title, job, onSuccess, () -> { });
    }

    /** @param onEnd runs on the FX executor after the job, whether it succeeded, failed or was cancelled */
    public <T> void run(String title, Job<T> job, Consumer<T> onSuccess, Runnable onEnd) {
        Cancellation cancel = new Cancellation();
        current = cancel;
        running.set(true);
        progress.set(-1);
        message.set(title + "…");
        AtomicBoolean updatePending = new AtomicBoolean();
        double[] latest = {-1};
        String[] latestMessage = {title};
        ProgressSink sink = (done, total, msg) -> {
            synchronized (latest) {
                latest[0] = total > 0 ? (double) done / total : -1;
                latestMessage[0] = title + ": " + msg;
            }
            if (updatePending.compareAndSet(false, true)) {
                fx.execute(() -> {
                    updatePending.set(false);
                    synchronized (latest) {
                        progress.set(latest[0]);
                        message.set(latestMessage[0]);
                    }
                });
            }
        };
        background.execute(() -> {
            try {
                T result = job.run(sink, cancel);
                fx.execute(() -> {
                    finish(title + ": done");
                    try {
                        onSuccess.accept(result);
                    } finally {
                        onEnd.run();
                    }
                });
            } catch (CancellationException e) {
                fx.execute(() -> {
                    finish(title + ": cancelled");
                    onEnd.run();
                });
            } catch (CurioException e) {
                fx.execute(() -> {
                    finish(title + " failed: " + e);
                    onEnd.run();
                });
            } catch (Exception | Error e) {
                org.slf4j.LoggerFactory.getLogger(BackgroundJobs.class).error("{} failed", title, e);
                fx.execute(() -> {
                    finish(title + " failed: " + e);
                    onEnd.run();
                });
            }
        });
    }

    private void finish(String text) {
        current = null;
        running.set(false);
        progress.set(0);
        message.set(text);
    }
}
