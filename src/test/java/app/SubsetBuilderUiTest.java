package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import packaging.export.Exporter;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKeys;
import packaging.subset.QualityGates;
import packaging.subset.Subsets;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Cancellation;
import store.Catalog;
import store.EpisodeSnapshot;
import store.EpisodeSummary;
import store.ProgressSink;

/**
 * The subset builder end to end in the app: tick facets and see the live count, facet counts and the profile's
 * dataset gates follow; save the subset; the export refuses it for its failing gate, then, with failing gates
 * allowed, exports it and the bundle's manifest records the gates and that they were allowed to fail.
 */
@ExtendWith(ApplicationExtension.class)
class SubsetBuilderUiTest {
    private static final char[] PASSPHRASE = "builder passphrase".toCharArray();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    private static final List<String> ids = new ArrayList<>();
    private static final Map<String, String> taskOf = new LinkedHashMap<>();
    private static Path strict;
    private DesktopSession session;

    @BeforeAll
    static void demoDecisionsProfileAndKey() throws Exception {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("demo"), 4, 13),
                ProgressSink.NONE, Cancellation.NEVER);
        generated.forEach(g -> ids.add(g.episodeId()));
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            for (int i = 0; i < 3; i++) c.annotations().decide(ids.get(i), "accept", null, "tester");
            for (String id : ids) taskOf.put(id, c.episodes().find(id).orElseThrow().summary().task());
            new Subsets(c).createFromIds("first-only", List.of(ids.get(0)), true);
        }
        strict = home.resolve("strict.yaml");
        Files.writeString(strict, "name: strict-lab\ngates:\n  min_episodes_required: 3\n  collision_free_rate_min: 0.5\n");
        SigningKeys.generate(home.resolve("keys"), PASSPHRASE);
    }

    @Start
    void start(Stage stage) {
        session = AppOnStage.show(stage, home.resolve("c.db"), home, PassphraseSource.of(PASSPHRASE));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void facetsCountsSaveGatesExportRefusedThenAllowedAndRecorded(FxRobot robot) throws Exception {
        TableView<EpisodeSummary> table = AppOnStage.awaitEpisodes(robot, 4);
        // Each row shows its episode's keyframe, decoded once and cached beside the catalog.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#catalog-table").lookup(".image-view")
                .queryAllAs(javafx.scene.image.ImageView.class).stream().filter(v -> v.getImage() != null).count() == 4);
        assertEquals(4, Files.list(home.resolve("c.db.thumbnails")).filter(p -> p.toString().endsWith(".png")).count());
        robot.clickOn("#tool-builder");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#builder-count").tryQuery().isPresent());
        Label count = robot.lookup("#builder-count").query();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> count.getText().startsWith("3 episodes"));
        assertTrue(count.getText().contains("of 4 matching; 1 left out"), count.getText());

        robot.interact(() -> session.window().exportActions().viewModel().loadProfile(strict));
        TableView<QualityGates.Gate> gates = robot.lookup("#builder-gates").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> gates.getItems().size() == 2);
        assertTrue(gates.getItems().stream().allMatch(QualityGates.Gate::pass), gates.getItems().toString());

        // Tick the review facet's "accept", then the tasks of the first two accepted episodes.
        ListView<EpisodeSnapshot.FacetValue> review = robot.lookup("#builder-facet-review").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> review.getItems().stream().anyMatch(v -> v.value().equals("accept")));
        assertEquals(3, review.getItems().stream().filter(v -> v.value().equals("accept")).findFirst().orElseThrow().episodes());
        robot.clickOn("#facet-review-accept");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> count.getText().contains("of 3 matching; 0 left out"));
        List<String> chosenTasks = List.of(taskOf.get(ids.get(0)), taskOf.get(ids.get(1)));
        for (String task : chosenTasks.stream().distinct().toList()) {
            robot.clickOn("#facet-task-" + task.replaceAll("[^A-Za-z0-9_-]", "_"));
        }
        long expected = ids.subList(0, 3).stream().filter(id -> chosenTasks.contains(taskOf.get(id))).count();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> count.getText().startsWith(expected + " episodes"));
        ListView<EpisodeSnapshot.FacetValue> tasks = robot.lookup("#builder-facet-task").queryListView();
        assertEquals(ids.subList(0, 3).stream().map(taskOf::get).distinct().count(), tasks.getItems().size(),
                "a facet counts as if its own choice were not made: every task of an accepted episode stays listed");

        QualityGates.Gate episodes = gates.getItems().get(0);
        assertEquals("min_episodes_required", episodes.name());
        assertEquals(expected, (long) episodes.value());
        assertEquals(expected >= 3, episodes.pass());
        Label verdict = robot.lookup("#builder-gates-verdict").query();
        assertEquals("Gates of profile strict-lab: " + (expected >= 3 ? "all pass" : "a gate fails; export refuses unless allowed"),
                verdict.getText());
        Snapshots.save(robot, count.getScene().getRoot(), "subset-builder");

        // QC and date bounds: nothing was validated, so no episode has a figure to pass a QC bound; a day to come keeps none.
        for (String[] bound : new String[][] {{"#builder-exposure-max", "0.5"}, {"#builder-date-from", "2100-01-01"}}) {
            TextField field = robot.lookup(bound[0]).query();
            robot.interact(() -> field.setText(bound[1]));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> count.getText().startsWith("0 episodes"));
            robot.interact(() -> field.setText(""));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> count.getText().startsWith(expected + " episodes"));
        }
        TextField badDay = robot.lookup("#builder-date-to").query();
        robot.interact(() -> badDay.setText("2026-13-01"));
        Label error = robot.lookup("#builder-error").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> error.getText().contains("not a day written YYYY-MM-DD"));
        robot.interact(() -> badDay.setText(""));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> error.getText().isEmpty());

        // Balanced sampling of one episode per task, then no sampling and half of the episodes in the validation split.
        TextField perGroup = robot.lookup("#builder-per-group").query();
        robot.interact(() -> perGroup.setText("1"));
        long tasksChosen = ids.subList(0, 3).stream().filter(id -> chosenTasks.contains(taskOf.get(id))).map(taskOf::get).distinct().count();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> count.getText().startsWith(tasksChosen + " episodes")
                && count.getText().contains("or not drawn"));
        robot.interact(() -> perGroup.setText(""));
        TextField share = robot.lookup("#builder-validation-share").query();
        robot.interact(() -> share.setText("0.5"));
        long validation = Math.round(expected * 0.5);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> count.getText().startsWith(expected + " episodes")
                && count.getText().contains(validation + " of them in the validation split"));

        TextField name = robot.lookup("#builder-name").query();
        robot.interact(() -> name.setText("built"));
        robot.clickOn("#builder-save");
        var status = robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().startsWith("Subset built: " + expected + " episodes"));
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            var saved = new Subsets(c).require("built");
            assertEquals(ids.subList(0, 3).stream().filter(id -> chosenTasks.contains(taskOf.get(id))).sorted().toList(), saved.episodeIds());
            assertEquals(validation, saved.episodeIds().stream().filter(id -> saved.split(id).equals(store.Subset.VALIDATION)).count());
            assertTrue(saved.query().endsWith(" and review=accept") && saved.query().contains("task=\"" + chosenTasks.get(0) + "\""),
                    "the facets become the subset's where expression, values with spaces quoted: " + saved.query());
        }
        assertTrue(expected < 3, "the demo's tasks give fewer than 3 episodes here, so the gate fails: " + taskOf);

        // The difference of two saved subsets.
        ListView<store.Subset> saved = robot.lookup("#builder-saved").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> saved.getItems().stream().map(store.Subset::name).toList()
                .containsAll(List.of("first-only", "built")));
        ComboBox<String> a = robot.lookup("#builder-diff-a").queryComboBox();
        ComboBox<String> b = robot.lookup("#builder-diff-b").queryComboBox();
        TextField diffName = robot.lookup("#builder-diff-name").query();
        robot.interact(() -> {
            a.setValue("built");
            b.setValue("first-only");
            diffName.setText("built-rest");
        });
        robot.clickOn("#builder-diff-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().equals("Subset built-rest: " + (expected - 1)
                + " episodes of built not in first-only"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> saved.getItems().stream().anyMatch(s -> s.name().equals("built-rest")));

        // The builder's window stands over the main window's toolbar; the user closes it to export.
        robot.interact(() -> ((Stage) count.getScene().getWindow()).close());
        Path refused = exportBuilt(robot, false);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> status.getText().startsWith("Exporting built failed"));
        assertTrue(status.getText().contains("export.gates_failed") && status.getText().contains("min_episodes_required"), status.getText());
        assertFalse(Files.exists(refused));

        Path bundle = exportBuilt(robot, true);
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#export-result").tryQuery().isPresent());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no export result; status bar says: " + status.getText(), e);
        }
        JsonNode recorded = JSON.readTree(bundle.resolve("curio-manifest.json").toFile()).get("quality_gates");
        assertEquals("strict-lab", recorded.get("profile").asText());
        assertTrue(recorded.get("allow_failed_gates").asBoolean());
        assertFalse(recorded.get("pass").asBoolean());
        assertEquals("min_episodes_required", recorded.get("gates").get(0).get("name").asText());
        assertEquals(expected, recorded.get("gates").get(0).get("value").asLong());
    }

    /** Opens the export dialog on subset "built" as a manifest bundle, sets whether failing gates are allowed and runs it. */
    private static Path exportBuilt(FxRobot robot, boolean allowFailed) throws Exception {
        robot.clickOn("#tool-export");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#export-out").tryQuery().isPresent());
        ComboBox<String> subset = robot.lookup("#export-subset").queryComboBox();
        ComboBox<Exporter.Format> format = robot.lookup("#export-format").queryComboBox();
        CheckBox allow = robot.lookup("#export-allow-failed-gates").query();
        robot.interact(() -> {
            subset.setValue("built");
            format.setValue(Exporter.Format.MANIFEST);
            allow.setSelected(allowFailed);
        });
        TextField out = robot.lookup("#export-out").query();
        Path bundle = home.resolve(allowFailed ? "exports/allowed" : "exports/refused");
        robot.interact(() -> out.setText(bundle.toString()));
        robot.clickOn("#export-run");
        return bundle;
    }
}
