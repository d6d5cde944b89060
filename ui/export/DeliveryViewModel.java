package ui.export;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import packaging.deliver.Delivery;
import packaging.deliver.Destination;
import packaging.deliver.RemovableVolumes;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.DeliveryRecords;
import store.ProgressSink;
import ui.BackgroundJobs;
import ui.Settings;

/**
 * Deliveries of the bundle shown in a bundle window: the list with each status, and the commands to deliver (to a
 * folder, a removable drive or a bucket), cancel and resume, with progress as bytes, rate and time left. The transfer
 * runs on the background executor through {@link BackgroundJobs}, so the status bar's cancel stops it too.
 */
public final class DeliveryViewModel {
    /** A delivery as the table shows it. */
    public record Row(String deliveryId, String destination, String status, String started, String finished, String linksExpire) { }

    /** What the Deliver dialog collects. {@code remember} saves a bucket destination (never a secret). */
    public record Form(Destination to, Delivery.Verify verify, boolean remember) { }

    private final Supplier<Catalog> catalog;
    private final BackgroundJobs jobs;
    /** The delivery this dialog started, while it runs. */
    private BackgroundJobs.Running<?> current;
    private final Executor background;
    private final Executor fx;
    private final SavedDestinations saved;
    private final String actor;
    private final ObservableList<Row> deliveries = FXCollections.observableArrayList();
    private final SimpleBooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private String manifestId;

    public DeliveryViewModel(Supplier<Catalog> catalog, BackgroundJobs jobs, Executor background, Executor fx, Settings settings, String actor) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.background = background;
        this.fx = fx;
        this.saved = new SavedDestinations(settings);
        this.actor = actor;
    }

    public ObservableList<Row> deliveries() {
        return deliveries;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    /** 0..1 while delivering; -1 when the size is not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** e.g. "uploading …/file-000.mp4: 120.0 MiB of 1.0 GiB, 95.2 MiB/s, 9 s left"; after the delivery, its outcome. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText;
    }

    List<SavedDestinations.Saved> savedDestinations() {
        return saved.list();
    }

    /** The mounted removable drives, read off the FX thread. */
    void volumes(Consumer<List<RemovableVolumes.Volume>> onReady) {
        background.execute(() -> {
            List<RemovableVolumes.Volume> v = RemovableVolumes.list();
            fx.execute(() -> onReady.accept(v));
        });
    }

    /** Shows the deliveries of this bundle (by its manifest id). */
    public void load(String bundleManifestId) {
        this.manifestId = bundleManifestId;
        refresh();
    }

    private void refresh() {
        if (manifestId == null) return;
        Catalog c = catalog.get();
        String id = manifestId;
        background.execute(() -> {
            List<Row> rows = c.deliveries().list(id).stream().map(DeliveryViewModel::row).toList();
            fx.execute(() -> deliveries.setAll(rows));
        });
    }

    public void deliver(Path bundle, Form form) {
        if (form.remember() && form.to() instanceof Destination.Bucket b) {
            saved.remember(new SavedDestinations.Saved(b.display(), b.endpoint() == null ? null : b.endpoint().toString(), b.region(), b.profile()));
        }
        start(bundle, form.to(), form.verify());
    }

    /** Delivers again to the destination of an unfinished delivery: only what is missing there is sent. */
    public void resume(Path bundle, Row row) {
        Catalog c = catalog.get();
        background.execute(() -> {
            DeliveryRecords.Run run = c.deliveries().find(row.deliveryId()).orElse(null);
            fx.execute(() -> {
                if (run == null) {
                    progressText.set("No delivery " + row.deliveryId() + " in the catalog");
                    return;
                }
                try {
                    start(bundle, Destination.parse(run.destination(), run.endpoint(), run.region(), run.profile()), Delivery.Verify.HEAD);
                } catch (CurioException e) {
                    progressText.set("Cannot resume: " + e.getMessage());
                }
            });
        });
    }

    /** Stops the delivery this dialog started (other jobs run on). */
    public void cancel() {
        BackgroundJobs.Running<?> job = current;
        if (job != null) job.cancel();
    }

    private void start(Path bundle, Destination to, Delivery.Verify verify) {
        Catalog c = catalog.get();
        running.set(true);
        progress.set(-1);
        progressText.set("Starting the delivery to " + to.display() + "…");
        ProgressSink rates = rateSink();
        current = jobs.run("Delivering to " + to.display(), BackgroundJobs.Kind.DELIVER, (sink, cancel) -> Delivery.deliver(c, new Delivery.Request(bundle, to, verify, actor),
                (done, total, message) -> {
                    sink.update(done, total, message);
                    rates.update(done, total, message);
                }, cancel), r -> {
                    progressText.set((r.ok() ? "Delivered and verified: " : "Delivered but NOT verified (" + r.findings().size() + " findings): ")
                            + r.objects().size() + " objects to " + r.destination().display() + (r.resumed() ? " (resumed)" : ""));
                    jobs.say(progressText.get());
                }, () -> {
                    current = null;
                    running.set(false);
                    progress.set(0);
                    String outcome = jobs.messageProperty().get();
                    if (!progressText.get().startsWith("Delivered")) progressText.set(outcome);
                    refresh();
                });
    }

    /** Bytes, rate and time left, coalesced so a fast upload cannot flood the FX thread. */
    private ProgressSink rateSink() {
        long t0 = System.nanoTime();
        AtomicBoolean pending = new AtomicBoolean();
        Object lock = new Object();
        long[] latest = {0, -1};
        String[] message = {""};
        return (done, total, msg) -> {
            synchronized (lock) {
                latest[0] = done;
                latest[1] = total;
                message[0] = msg;
            }
            if (pending.compareAndSet(false, true)) {
                fx.execute(() -> {
                    pending.set(false);
                    long d;
                    long t;
                    String m;
                    synchronized (lock) {
                        d = latest[0];
                        t = latest[1];
                        m = message[0];
                    }
                    progress.set(t > 0 ? (double) d / t : -1);
                    progressText.set(m + ": " + rateText(d, t, (System.nanoTime() - t0) / 1e9));
                });
            }
        };
    }

    static String rateText(long done, long total, double seconds) {
        String text = ExportActions.humanBytes(done) + (total > 0 ? " of " + ExportActions.humanBytes(total) : "");
        if (seconds < 0.5 || done == 0) return text;
        double rate = done / seconds;
        text += ", " + ExportActions.humanBytes((long) rate) + "/s";
        if (total > done) {
            long left = (long) Math.ceil((total - done) / rate);
            text += ", " + (left >= 120 ? (left / 60) + " min" : left + " s") + " left";
        }
        return text;
    }

    private static Row row(DeliveryRecords.Run r) {
        return new Row(r.deliveryId(), r.destination(), r.status().replace('_', ' '), time(r.startedAtNs()),
                r.finishedAtNs() == null ? "" : time(r.finishedAtNs()), r.expiresAtNs() == null ? "" : time(r.expiresAtNs()));
    }

    private static String time(long ns) {
        return Clock.toInstant(ns).toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z");
    }
}
