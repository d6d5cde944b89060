package ui;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.TaskProgressView;

/**
 * Above the status bar: every running job with its own progress, message and cancel (ControlsFX's
 * {@link TaskProgressView}), and every failure of background work until the user dismisses it. Hidden when there
 * is neither.
 */
public final class JobsPane extends VBox {
    /** Height of one job's row in the task list; the list grows to three rows, then scrolls. */
    private static final double ROW = 62;

    public JobsPane(BackgroundJobs jobs) {
        setId("jobs-pane");
        getStyleClass().add("jobs-pane");
        TaskProgressView<BackgroundJobs.Running<?>> tasks = new TaskProgressView<>();
        tasks.setId("job-list");
        tasks.getTasks().setAll(jobs.running());
        // The view drops a task itself once it has finished; additions come from the jobs' list.
        jobs.running().addListener((ListChangeListener<BackgroundJobs.Running<?>>) c -> {
            while (c.next()) {
                for (BackgroundJobs.Running<?> t : c.getAddedSubList()) if (!tasks.getTasks().contains(t)) tasks.getTasks().add(t);
                tasks.getTasks().removeAll(c.getRemoved());
            }
        });
        tasks.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> Math.min(3, tasks.getTasks().size()) * ROW + 4,
                tasks.getTasks()));
        tasks.setMinHeight(0);
        tasks.visibleProperty().bind(Bindings.isNotEmpty(tasks.getTasks()));
        tasks.managedProperty().bind(tasks.visibleProperty());

        VBox failures = new VBox(2);
        failures.setId("job-failures");
        failures.setPadding(new Insets(2, 6, 2, 6));
        Runnable rebuild = () -> {
            failures.getChildren().clear();
            for (BackgroundJobs.Failure f : jobs.failures()) failures.getChildren().add(row(f, jobs));
        };
        jobs.failures().addListener((ListChangeListener<BackgroundJobs.Failure>) c -> rebuild.run());
        rebuild.run();
        failures.visibleProperty().bind(Bindings.isNotEmpty(jobs.failures()));
        failures.managedProperty().bind(failures.visibleProperty());

        getChildren().addAll(tasks, failures);
        visibleProperty().bind(tasks.visibleProperty().or(failures.visibleProperty()));
        managedProperty().bind(visibleProperty());
    }

    private static HBox row(BackgroundJobs.Failure f, BackgroundJobs jobs) {
        Label text = new Label(f.toString());
        text.getStyleClass().add("job-failure");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setTooltip(new Tooltip(f.toString()));
        HBox.setHgrow(text, Priority.ALWAYS);
        Button dismiss = new Button("Dismiss");
        dismiss.getStyleClass().add("job-failure-dismiss");
        dismiss.setOnAction(e -> jobs.failures().remove(f));
        HBox row = new HBox(8, text, dismiss);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("job-failure-row");
        return row;
    }
}
