package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
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
import packaging.sign.SigningKeys;
import packaging.subset.Subsets;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import pipeline.annotate.ClusterSuggestions;
import store.Annotations;
import store.Cancellation;
import store.Catalog;
import store.FailureBoard;
import store.ProgressSink;
import ui.board.FailureBoardViewModel;

/**
 * The failure-cluster board in the app: twelve marks of two kinds (collisions while reaching, slips while lifting) on
 * three demo episodes; suggesting two clusters, accepting one and rejecting the other leaves one cluster of six marks
 * and six unclustered; renaming it shows on the board; two marks moved into a new cluster (Move to…, the keyboard's
 * way of dragging) and that cluster merged back leave the catalog as before; and the export's manifest and data card
 * carry the cluster.
 */
@ExtendWith(ApplicationExtension.class)
class FailureBoardUiTest {
    private static final char[] PASSPHRASE = "board passphrase".toCharArray();

    @TempDir
    static Path home;
    private static final List<String> ids = new ArrayList<>();
    private DesktopSession session;

    @BeforeAll
    static void marksOfTwoKinds() {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(home.resolve("demo"), 3, 5),
                ProgressSink.NONE, Cancellation.NEVER);
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            for (var g : generated) {
                String id = g.episodeId();
                ids.add(id);
                long d = c.episodes().find(id).orElseThrow().durationNs();
                c.annotations().addRange(id, range(Annotations.SUBTASK, 0, d / 3, "reach", null), "t");
                c.annotations().addRange(id, range(Annotations.SUBTASK, 2 * d / 3, d, "lift", null), "t");
                for (double at : new double[] {0.12, 0.22}) c.annotations().addRange(id, range(Annotations.FAILURE, (long) (d * at),
                        (long) (d * at), null, "collision"), "t");
                for (double at : new double[] {0.78, 0.88}) c.annotations().addRange(id, range(Annotations.FAILURE, (long) (d * at),
                        (long) (d * at), null, "grasp_slip"), "t");
                c.annotations().decide(id, "accept", null, "t");
            }
            new Subsets(c).createFromIds("board", ids, true);
        }
        SigningKeys.generate(home.resolve("keys"), PASSPHRASE);
    }

    private static String workbenchTitle(FxRobot robot) {
        return robot.listTargetWindows().stream().filter(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null
                && s.getTitle().startsWith("Curio – ")).map(w -> ((Stage) w).getTitle()).findFirst().orElse("");
    }

    private static java.util.Map<String, Integer> counts(ListView<FailureBoardViewModel.Group> groups) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        groups.getItems().forEach(g -> out.put(g.name(), g.marks()));
        return out;
    }

    /** Clicks {@code button}, picks {@code choice} in the choice dialog it opens, and confirms. */
    private static void chooseInDialog(FxRobot robot, String button, String choice) throws Exception {
        robot.clickOn(button);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane .combo-box").tryQuery().isPresent());
        javafx.scene.control.ComboBox<String> box = robot.lookup(".dialog-pane .combo-box").query();
        robot.interact(() -> box.getSelectionModel().select(choice));
        assertEquals(choice, box.getValue());
        robot.clickOn("OK");
    }

    private static Annotations.Range range(String kind, long start, long end, String label, String mode) {
        return new Annotations.Range(0, kind, start, end, label, null, null, mode, null);
    }

    @Start
    void start(Stage stage) {
        session = AppOnStage.show(stage, home.resolve("c.db"), home, null);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void suggestAcceptRejectRenameAndTheExportCarriesTheCluster(FxRobot robot) throws Exception {
        AppOnStage.awaitEpisodes(robot, 3);
        robot.clickOn("#tool-failure-board");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#board-clusters").tryQuery().isPresent());
        ListView<FailureBoardViewModel.Group> groups = robot.lookup("#board-clusters").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups.getItems().size() == 1 && groups.getItems().get(0).marks() == 12);
        TableView<FailureBoard.Mark> marks = robot.lookup("#board-marks").queryTableView();
        assertEquals(12, marks.getItems().size(), "the unclustered marks are shown first");

        Spinner<Integer> k = robot.lookup("#board-k").query();
        robot.interact(() -> k.getValueFactory().setValue(2));
        robot.clickOn("#board-suggest");
        ListView<ClusterSuggestions.Suggestion> suggestions = robot.lookup("#board-suggestions").queryListView();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> suggestions.getItems().size() == 2);
        ClusterSuggestions.Suggestion collisions = suggestions.getItems().stream()
                .filter(s -> s.name().endsWith("collision during reach")).findFirst().orElseThrow(() -> new AssertionError(suggestions.getItems()));
        ClusterSuggestions.Suggestion slips = suggestions.getItems().stream().filter(s -> s != collisions).findFirst().orElseThrow();
        assertEquals(6, collisions.markIds().size());
        WaitForAsyncUtils.waitForFxEvents();
        Snapshots.save(robot, groups.getScene().getRoot(), "failure-board-suggestions");
        robot.clickOn("#board-reject-" + slips.index());
        robot.clickOn("#board-accept-" + collisions.index());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups.getItems().size() == 2);
        assertEquals(List.of(6, 6), groups.getItems().stream().map(FailureBoardViewModel.Group::marks).toList());
        assertEquals(0, suggestions.getItems().size(), "accepted and rejected suggestions leave the list");
        FailureBoardViewModel.Group cluster = groups.getItems().get(0);
        assertTrue(cluster.name().endsWith("collision during reach"), cluster.name());
        assertEquals(java.util.Map.of("collision", 6), cluster.modes(), "the board groups each cluster's marks by failure mode");
        assertEquals(java.util.Map.of("grasp_slip", 6), groups.getItems().get(1).modes());

        robot.interact(() -> groups.getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> marks.getItems().size() == 6
                && marks.getItems().stream().allMatch(m -> "collision".equals(m.failureMode())));
        robot.clickOn("#board-rename");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane .text-field").tryQuery().isPresent());
        TextField name = robot.lookup(".dialog-pane .text-field").query();
        robot.interact(() -> name.setText("arm hits the shelf"));
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups.getItems().stream().anyMatch(g -> g.name().equals("arm hits the shelf")));
        WaitForAsyncUtils.waitForFxEvents();
        Snapshots.save(robot, groups.getScene().getRoot(), "failure-board");

        // Two marks move into a new cluster without dragging, then that cluster merges back into the first.
        robot.clickOn("#board-new");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane .text-field").tryQuery().isPresent());
        TextField newName = robot.lookup(".dialog-pane .text-field").query();
        robot.interact(() -> newName.setText("second look"));
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> counts(groups).equals(
                java.util.Map.of("arm hits the shelf", 6, "second look", 0, "(unclustered)", 6)));
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream()
                .filter(g -> g.name().equals("arm hits the shelf")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> marks.getItems().size() == 6);
        List<Long> moved = List.of(marks.getItems().get(0).id(), marks.getItems().get(1).id());
        robot.interact(() -> marks.getSelectionModel().selectRange(0, 2));
        chooseInDialog(robot, "#board-move", "second look");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> counts(groups).equals(
                java.util.Map.of("arm hits the shelf", 4, "second look", 2, "(unclustered)", 6)));
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream()
                .filter(g -> g.name().equals("second look")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> marks.getItems().stream().map(FailureBoard.Mark::id).toList().equals(moved));
        chooseInDialog(robot, "#board-merge", "arm hits the shelf");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> counts(groups).equals(
                java.util.Map.of("arm hits the shelf", 6, "(unclustered)", 6)));
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            assertTrue(c.failureBoard().clusters().stream().noneMatch(r -> r.name().equals("second look")),
                    "a merged cluster is gone from the catalog");
        }

        // The cluster's marks play back to back in one workbench, 2 s either side of each, episode after episode.
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream()
                .filter(g -> g.name().equals("arm hits the shelf")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> marks.getItems().size() == 6
                && marks.getItems().stream().allMatch(m -> "collision".equals(m.failureMode())));
        robot.interact(() -> marks.getSelectionModel().clearSelection());
        List<String> order = ids.stream().sorted().toList();
        robot.clickOn("#board-play");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> workbenchTitle(robot).equals("Curio – " + order.get(0)));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> workbenchTitle(robot).equals("Curio – " + order.get(1)));
        robot.interact(() -> robot.listTargetWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().startsWith("Curio – ")).map(w -> (Stage) w).toList().forEach(Stage::close));

        Path out = home.resolve("bundle");
        try (Catalog c = Catalog.open(home.resolve("c.db"))) {
            Exporter.export(c, new Exporter.Request("board", Exporter.Format.MANIFEST, out,
                    SigningKeys.load(home.resolve("keys/curio-signing.key"), PASSPHRASE.clone()), Duration.ofDays(1), "test"),
                    ProgressSink.NONE, Cancellation.NEVER);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode clusters = json.readTree(out.resolve("curio-manifest.json").toFile()).get("failure_clusters");
        assertEquals(2, clusters.size(), clusters.toString());
        assertEquals("arm hits the shelf", clusters.get(0).get("name").asText());
        assertEquals(6, clusters.get(0).get("marks").size());
        clusters.get(0).get("marks").forEach(m -> assertEquals("collision", m.get("failure_mode").asText()));
        assertTrue(clusters.get(1).get("name").isNull(), "marks in no cluster come last");
        assertEquals(6, clusters.get(1).get("marks").size());
        JsonNode card = json.readTree(out.resolve("data_card.json").toFile()).get("failure_clusters");
        assertEquals(6, card.get("arm hits the shelf").asInt());
        assertEquals(6, card.get("(unclustered)").asInt());
    }
}
