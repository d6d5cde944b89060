package ui.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import packaging.recall.Recalls;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.RecallRecords;
import ui.BackgroundJobs;

/**
 * Recalls for the app: recall the selected episodes (the same {@link Recalls#create} as the CLI, off the FX thread) and
 * the list of recalls with the selected one's notice. The key passphrase is asked on the FX thread and wiped as soon as
 * the key is unlocked.
 */
public final class RecallViewModel {
    /** A recall as the Recalls view lists it. */
    public record Row(String recallId, String created, String issuedBy, int episodes, String reason, String notice) { }

    /** What the Recall dialog collects. */
    public record Form(List<String> episodeIds, String reason, Path keyFile, boolean purge) { }

    private final Supplier<Catalog> catalog;
    private final BackgroundJobs jobs;
    private final Executor background;
    private final Executor fx;
    private final PassphraseSource passphrases;
    private final String actor;
    private final ObservableList<Row> recalls = FXCollections.observableArrayList();
    private final SimpleStringProperty noticeText = new SimpleStringProperty("");

    public RecallViewModel(Supplier<Catalog> catalog, BackgroundJobs jobs, Executor background, Executor fx, PassphraseSource passphrases,
                           String actor) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.background = background;
        this.fx = fx;
        this.passphrases = passphrases;
        this.actor = actor;
    }

    public ObservableList<Row> recalls() {
        return recalls;
    }

    /** The selected recall's {@code recall.md}. */
    public ReadOnlyStringProperty noticeTextProperty() {
        return noticeText;
    }

    public void refresh() {
        Catalog c = catalog.get();
        background.execute(() -> {
            List<Row> rows = c.recalls().list().stream().map(RecallViewModel::row).toList();
            fx.execute(() -> recalls.setAll(rows));
        });
    }

    public void select(Row row) {
        if (row == null) {
            noticeText.set("");
            return;
        }
        background.execute(() -> {
            String text;
            try {
                text = row.notice() == null ? "This recall has no notice." : Files.readString(Path.of(row.notice()).resolve("recall.md"));
            } catch (IOException e) {
                text = "The notice cannot be read at " + row.notice() + ": " + e.getMessage();
            }
            String shown = text;
            fx.execute(() -> noticeText.set(shown));
        });
    }

    /** Asks for the key's passphrase, then recalls with progress and cancel in the status bar. Call on the FX thread. */
    public void recall(Form form, Consumer<Recalls.Result> onDone) {
        char[] passphrase;
        try {
            passphrase = passphrases.read("Passphrase for " + form.keyFile(), false);
        } catch (CurioException e) {
            jobs.say("Recall not started: " + e.getMessage());
            return;
        }
        Catalog c = catalog.get();
        jobs.run("Recalling " + form.episodeIds().size() + " episodes", BackgroundJobs.Kind.RECALL, (progress, cancel) -> {
            SigningKey key;
            try {
                key = SigningKeys.load(form.keyFile(), passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            return Recalls.create(c, new Recalls.Request(form.episodeIds(), form.reason(), key, null, form.purge(), actor), progress, cancel);
        }, r -> {
            long failed = r.purged().stream().filter(p -> !p.result().equals("deleted")).count();
            jobs.say(String.format("Recall %s: %d episodes, %d bundles, %d deliveries%s; notice in %s", r.recallId(), r.episodes().size(),
                    r.bundles().size(), r.deliveries().size(), form.purge() ? ", " + (r.purged().size() - failed) + " objects purged, "
                            + failed + " failed" : "", r.notice()));
            refresh();
            onDone.accept(r);
        });
    }

    private static Row row(RecallRecords.Recall r) {
        return new Row(r.recallId(), Clock.toInstant(r.createdAtNs()).toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"), r.actor(),
                r.episodeIds().size(), r.reason(), r.noticePath());
    }
}
