package player;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import pipeline.source.SeriesData;
import store.StreamEntry;

/**
 * The plots under the video grid, one per group: joint positions, velocities, actions, gripper. A toggle per
 * group in the bar shows or hides its plot; joint positions show by default and the shown plots share the height,
 * so a plot gets room instead of four sharing a sliver. Which joints show is chosen once for all plots (the "Joints"
 * menu), since a joint is usually studied across its position, velocity and command together.
 */
public final class PlotsPane extends VBox {
    public enum Group {
        POSITIONS("positions", "Joint positions"), VELOCITIES("velocities", "Joint velocities"),
        ACTIONS("actions", "Actions"), GRIPPER("gripper", "Gripper");

        final String id;
        final String title;

        Group(String id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    private final Map<Group, SeriesPlot> plots = new LinkedHashMap<>();
    private final Map<Group, ToggleButton> toggles = new LinkedHashMap<>();
    private final PlayerViewModel vm;
    private final MenuButton joints = new MenuButton("Joints");
    private final Label placeholder = new Label("loading joint data…");

    PlotsPane(PlayerViewModel vm, LongConsumer seek) {
        this.vm = vm;
        setId("plots");
        setSpacing(2);
        joints.setId("plot-joints");
        joints.setFocusTraversable(false);
        placeholder.getStyleClass().add("muted");
        HBox bar = new HBox(6, joints);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (Group g : Group.values()) {
            SeriesPlot p = new SeriesPlot(g.id, g.title, vm.clock(), vm.hiddenJoints(), seek);
            VBox.setVgrow(p, Priority.ALWAYS);
            plots.put(g, p);
            ToggleButton t = new ToggleButton(g.title);
            t.setId("plot-toggle-" + g.id);
            t.setFocusTraversable(false);
            t.setSelected(g == Group.POSITIONS);
            t.selectedProperty().addListener((o, was, on) -> showPlots());
            toggles.put(g, t);
            bar.getChildren().add(t);
        }
        bar.getChildren().add(placeholder);
        getChildren().add(bar);
    }

    public SeriesPlot plot(Group g) {
        return plots.get(g);
    }

    /** The toggle that shows or hides a group's plot. */
    public ToggleButton toggle(Group g) {
        return toggles.get(g);
    }

    private void showPlots() {
        getChildren().remove(1, getChildren().size());
        for (Group g : Group.values()) {
            if (toggles.get(g).isVisible() && toggles.get(g).isSelected()) getChildren().add(plots.get(g));
        }
    }

    /** Distributes the loaded series into the groups; empty groups are not shown. */
    void setData(List<StreamEntry> streams, List<SeriesData> series) {
        Map<Group, List<SeriesPlot.Curve>> curves = new LinkedHashMap<>();
        for (Group g : Group.values()) curves.put(g, new ArrayList<>());
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < series.size(); i++) {
            SeriesData d = series.get(i);
            StreamEntry s = streams.get(i);
            boolean action = isAction(s);
            for (SeriesData.SeriesChannel c : d.channels()) {
                boolean gripper = c.name().toLowerCase(Locale.ROOT).contains("gripper");
                Group g;
                if (gripper && !"velocity".equals(c.field()) && !"effort".equals(c.field())) g = Group.GRIPPER;
                else if (action) g = Group.ACTIONS;
                else if ("velocity".equals(c.field())) g = Group.VELOCITIES;
                else if ("effort".equals(c.field())) continue;
                else g = Group.POSITIONS;
                String label = g == Group.GRIPPER ? (action ? "cmd " : "") + c.name() : c.name();
                curves.get(g).add(new SeriesPlot.Curve(c.name(), label, d.timesNs(), c.values()));
                names.add(c.name());
            }
        }
        for (Group g : Group.values()) {
            plots.get(g).setCurves(curves.get(g));
            toggles.get(g).setVisible(!curves.get(g).isEmpty());
            toggles.get(g).setManaged(!curves.get(g).isEmpty());
        }
        // An episode without joint positions shows its first plot instead.
        if (toggles.values().stream().noneMatch(t -> t.isVisible() && t.isSelected())) {
            toggles.values().stream().filter(javafx.scene.Node::isVisible).findFirst().ifPresent(t -> t.setSelected(true));
        }
        showPlots();
        joints.getItems().clear();
        for (String n : names) {
            CheckMenuItem item = new CheckMenuItem(n);
            item.setSelected(!vm.hiddenJoints().contains(n));
            item.setOnAction(e -> {
                if (item.isSelected()) vm.hiddenJoints().remove(n); else vm.hiddenJoints().add(n);
            });
            joints.getItems().add(item);
        }
        placeholder.setText(series.isEmpty() ? "no time series in this episode" : "");
    }

    void showError(String message) {
        placeholder.setText(message);
    }

    static boolean isAction(StreamEntry s) {
        String n = (s.name() + " " + (s.topic() == null ? "" : s.topic())).toLowerCase(Locale.ROOT);
        return n.contains("action") || n.contains("command") || n.contains("cmd");
    }
}
