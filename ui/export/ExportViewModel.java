package ui.export;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import packaging.export.ExportGates;
import packaging.export.ExportValidation;
import pipeline.validate.ValidationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import packaging.export.Exporter;
import packaging.export.FeatureMap;
import packaging.sign.KeyFiles;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import store.Subset;
import packaging.subset.Subsets;
import store.Catalog;
import store.CurioException;
import ui.BackgroundJobs;

/**
 * Subsets, export and bundles for the app: the same packaging calls as the CLI, run off the FX thread. Passphrases
 * come from a {@link PassphraseSource} asked on the FX thread (a dialog in the app, a fixed one in tests) and are
 * wiped as soon as the key is unlocked or written; they are never kept in a field, a setting or a log.
 */
public final class ExportViewModel {
    /**
     * What the Export dialog collects. {@code out} is the bundle folder to create; {@code profile} the format's
     * profile (HDF5), null for its default or a format without; {@code allowFailedGates} exports a subset that fails
     * a dataset gate (the bundle records it).
     */
    public record ExportForm(String subset, Exporter.Format format, Path out, Path keyFile, Exporter.Mapping mapping, String profile,
                             boolean allowFailedGates) {
        public ExportForm(String subset, Exporter.Format format, Path out, Path keyFile) {
            this(subset, format, out, keyFile, Exporter.Mapping.DEFAULT, null, false);
        }
    }

    /**
     * How a subset's streams would become features of a format: the map and where each feature lands, or why there is
     * none yet (code and message).
     */
    public record FeaturePlan(FeatureMap map, java.util.Map<String, String> layout, String errorCode, String error) {
        public boolean ok() {
            return map != null;
        }
    }

    /** Export bundles expire a year after creation unless the CLI says otherwise. */
    static final Duration RETENTION = Duration.ofDays(365);

    private final Supplier<Catalog> catalog;
    private final BackgroundJobs jobs;
    private final Executor background;
    private final Executor fx;
    private final Path home;
    private final String version;
    private final PassphraseSource passphrases;
    private final ObjectProperty<ValidationProfile> profile = new SimpleObjectProperty<>(ValidationProfile.defaults());

    public ExportViewModel(Supplier<Catalog> catalog, BackgroundJobs jobs, Executor background, Executor fx, Path home,
                           String version, PassphraseSource passphrases) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.background = background;
        this.fx = fx;
        this.home = home;
        this.version = version;
        this.passphrases = passphrases;
    }

    public BackgroundJobs jobs() {
        return jobs;
    }

    /**
     * The validation profile exports validate with and whose dataset gates a subset must pass; the subset builder
     * shows the same gates. The built-in profile until one is loaded.
     */
    public ObjectProperty<ValidationProfile> profileProperty() {
        return profile;
    }

    /** A subset builder over the current catalog, judging the gates of this view-model's profile. */
    public ui.subset.SubsetBuilderViewModel subsetBuilder() {
        return new ui.subset.SubsetBuilderViewModel(catalog, jobs, background, fx, profile);
    }

    /** Loads a profile file off the FX thread; a bad one is reported in the status bar and the current one kept. */
    public void loadProfile(Path file) {
        jobs.run("Loading profile " + file.getFileName(), BackgroundJobs.Kind.PROFILE, (progress, cancel) -> ValidationProfile.load(file), p -> {
            profile.set(p);
            jobs.say("Profile " + p.name() + ": gates " + p.gates());
        });
    }

    /** {@code $CURIO_HOME/keys}, where the app generates its key pair. */
    public Path keysDir() {
        return home.resolve("keys");
    }

    /** The app's own key file when one was generated, else null. */
    public Path defaultKeyFile() {
        Path key = keysDir().resolve(SigningKeys.PRIVATE_KEY_FILE);
        return Files.isRegularFile(key) ? key : null;
    }

    /** A bundle folder under {@code $CURIO_HOME/exports} that does not exist yet. */
    public Path defaultOut(String subset, Exporter.Format format) {
        Path dir = home.resolve("exports");
        String base = (subset == null ? "bundle" : subset.replaceAll("[^A-Za-z0-9._-]", "_")) + "-" + format.id;
        Path out = dir.resolve(base);
        for (int n = 2; Files.exists(out); n++) out = dir.resolve(base + "-" + n);
        return out;
    }

    public void preview(List<String> episodeIds, Consumer<Subsets.Preview> onReady) {
        Catalog c = catalog.get();
        background.execute(() -> {
            try {
                Subsets.Preview p = new Subsets(c).preview(episodeIds, true);
                fx.execute(() -> onReady.accept(p));
            } catch (CurioException e) {
                fx.execute(() -> jobs.say("Cannot check the episodes: " + e.getMessage()));
            }
        });
    }

    public void createSubset(String name, List<String> episodeIds, Consumer<Subsets.Created> onCreated) {
        Catalog c = catalog.get();
        jobs.run("Creating subset " + name, BackgroundJobs.Kind.SUBSET, (progress, cancel) -> new Subsets(c).createFromSelection(name, episodeIds, true), created -> {
            jobs.say(String.format("Subset %s: %d episodes, %d left out", created.subset().name(),
                    created.subset().episodeIds().size(), created.excluded().size()));
            onCreated.accept(created);
        });
    }

    public void listSubsets(Consumer<List<Subset>> onReady) {
        Catalog c = catalog.get();
        background.execute(() -> {
            List<Subset> all = new Subsets(c).list();
            fx.execute(() -> onReady.accept(all));
        });
    }

    /**
     * Works out, off the FX thread, how the subset's streams would become features of {@code format} with these
     * choices; the dialog shows the result (or why the export would be refused: no common rate, episodes that differ,
     * a format that cannot hold the subset).
     */
    public void planFeatures(String subset, Exporter.Format format, String profile, Exporter.Mapping mapping,
                             Consumer<FeaturePlan> onReady) {
        Catalog c = catalog.get();
        background.execute(() -> {
            FeaturePlan plan;
            try {
                Exporter.Planned p = Exporter.plan(c, subset, format, profile, mapping, store.Cancellation.NEVER);
                plan = new FeaturePlan(p.map(), p.layout(), null, null);
            } catch (CurioException e) {
                plan = new FeaturePlan(null, null, e.code(), e.getMessage());
            }
            FeaturePlan done = plan;
            fx.execute(() -> onReady.accept(done));
        });
    }

    /** Asks for a new passphrase (twice) and writes the key pair into {@link #keysDir()}. Call on the FX thread. */
    public void generateKey(Consumer<KeyFiles> onCreated) {
        char[] passphrase;
        try {
            passphrase = passphrases.read("Passphrase for the new signing key", true);
        } catch (CurioException e) {
            jobs.say("No key generated: " + e.getMessage());
            return;
        }
        Path dir = keysDir();
        jobs.run("Generating a signing key", BackgroundJobs.Kind.KEY, (progress, cancel) -> {
            try {
                return SigningKeys.generate(dir, passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }, files -> {
            jobs.say("Signing key " + files.keyId() + " written to " + files.privateKey());
            onCreated.accept(files);
        });
    }

    /** Asks for the key's passphrase, then exports with progress and cancel in the status bar. Call on the FX thread. */
    public void export(ExportForm form, Consumer<Exporter.Result> onDone) {
        char[] passphrase;
        try {
            passphrase = passphrases.read("Passphrase for " + form.keyFile(), false);
        } catch (CurioException e) {
            jobs.say("Export not started: " + e.getMessage());
            return;
        }
        Catalog c = catalog.get();
        ValidationProfile p = profile.get();
        jobs.run("Exporting " + form.subset(), BackgroundJobs.Kind.EXPORT, (progress, cancel) -> {
            SigningKey key;
            try {
                key = SigningKeys.load(form.keyFile(), passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            return Exporter.export(c, new Exporter.Request(form.subset(), form.format(), form.out(), key, RETENTION, version,
                    packaging.export.FileSizeLimits.LEROBOT_DEFAULTS, form.mapping(), form.profile()),
                    ExportValidation.Policy.validateWith(p), ExportGates.of(p, form.allowFailedGates()), progress, cancel);
        }, result -> {
            jobs.say(String.format("Exported %d episodes to %s", result.episodeCount(), result.bundle()));
            onDone.accept(result);
        });
    }

    /** Verifies the bundle and reads its data card, with progress and cancel in the status bar. */
    public void openBundle(Path bundle, Consumer<BundleContents> onReady) {
        Path ownPublicKey = keysDir().resolve(SigningKeys.PUBLIC_KEY_FILE);
        jobs.run("Verifying " + bundle.getFileName(), BackgroundJobs.Kind.BUNDLE, (progress, cancel) -> BundleContents.read(bundle, ownPublicKey, progress, cancel),
                contents -> {
                    jobs.say(contents.report().ok() ? "Bundle verified: " + bundle
                            : "Bundle NOT verified (" + contents.report().findings().size() + " findings): " + bundle);
                    onReady.accept(contents);
                });
    }
}
