package ui.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import store.EpisodeField;
import store.EpisodeSnapshot;
import store.NearDuplicates;
import ui.Tables;
import ui.Themes;

/**
 * The dashboard: a chart per group (task, robot, operator, dataset, validation, review, failure mode), one of
 * recording days, the distributions of duration and the QC figures, and the near-duplicate pairs. Bars and bins are
 * clickable; what a click does is the view-model's.
 */
public final class DashboardWindow {
    private DashboardWindow() { }

    public static Stage show(Window owner, DashboardViewModel vm) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Dashboard");
        Label heading = new Label();
        heading.setId("dashboard-heading");
        heading.getStyleClass().add("dashboard-heading");
        heading.textProperty().bind(vm.headingProperty());
        Label hint = new Label("Click a bar or a bin to narrow the catalog to its episodes; Clear in the catalog widens it again.");
        hint.getStyleClass().add("muted");
        GridPane charts = new GridPane();
        charts.setHgap(12);
        charts.setVgap(12);
        TableView<NearDuplicates.Pair> pairs = new TableView<>(vm.pairs());
        pairs.setId("dashboard-near-duplicates");
        pairs.setPrefHeight(160);
        pairs.setPlaceholder(new Label("No near-duplicate episodes (validation finds them)"));
        pairs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        pairs.getColumns().add(Tables.textColumn("Episode", NearDuplicates.Pair::a, 220));
        pairs.getColumns().add(Tables.textColumn("Near duplicate of", NearDuplicates.Pair::b, 220));
        pairs.getColumns().add(Tables.textColumn("Score", p -> String.format(Locale.ROOT, "%.3f", p.score()), 70));
        pairs.getColumns().add(Tables.textColumn("Frames / trajectory", p -> fmt(p.frameScore()) + " / " + fmt(p.trajectoryScore()), 140));
        VBox root = new VBox(10, heading, hint, charts, new Label("Near-duplicate pairs (quality.near_duplicate)"), pairs);
        root.setPadding(new Insets(10));
        root.setId("dashboard");
        vm.dashboardProperty().addListener((o, a, d) -> {
            if (d != null) layout(charts, vm, d);
        });
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        Scene scene = new Scene(scroll, 1180, 860);
        if (owner != null && owner.getScene() != null) Themes.apply(scene, Themes.isDark(owner.getScene()));
        stage.setScene(scene);
        vm.refresh();
        stage.show();
        return stage;
    }

    private static void layout(GridPane charts, DashboardViewModel vm, EpisodeSnapshot.Dashboard d) {
        charts.getChildren().clear();
        int i = 0;
        for (var e : d.groups().entrySet()) {
            EpisodeField f = e.getKey();
            List<EpisodeSnapshot.FacetValue> values = e.getValue();
            BarChart<Number, String> chart = new BarChart<>(new NumberAxis(), new CategoryAxis());
            chart.setId("dashboard-" + f.whereName);
            int shown = Math.min(DashboardViewModel.TOP, values.size());
            chart.setTitle(f.label + (values.size() > shown ? " (top " + shown + " of " + values.size() + ")" : ""));
            XYChart.Series<Number, String> series = new XYChart.Series<>();
            // Largest at the top: a category axis lists from the bottom up.
            for (int k = shown - 1; k >= 0; k--) {
                EpisodeSnapshot.FacetValue v = values.get(k);
                XYChart.Data<Number, String> bar = new XYChart.Data<>(v.episodes(), v.value().isEmpty() ? "(none)" : v.value());
                clickable(bar, "bar-" + f.whereName + "-" + v.value(), v.episodes() + " episodes, "
                        + String.format(Locale.ROOT, "%.2f h", v.hours()), () -> vm.clickGroup(f, v.value()));
                series.getData().add(bar);
            }
            style(chart, series, 70 + 22 * shown);
            charts.add(chart, i % 2, i / 2);
            i++;
        }
        BarChart<String, Number> days = new BarChart<>(new CategoryAxis(), new NumberAxis());
        days.setId("dashboard-days");
        days.setTitle("Episodes per recording day");
        XYChart.Series<String, Number> daySeries = new XYChart.Series<>();
        for (EpisodeSnapshot.FacetValue v : d.days()) {
            XYChart.Data<String, Number> bar = new XYChart.Data<>(v.value(), v.episodes());
            clickable(bar, "bar-date-" + v.value(), v.episodes() + " episodes, " + String.format(Locale.ROOT, "%.2f h", v.hours()),
                    () -> vm.clickDay(v.value()));
            daySeries.getData().add(bar);
        }
        style(days, daySeries, 260);
        charts.add(days, 0, (i + 1) / 2 + 1, 2, 1);
        int row = (i + 1) / 2 + 2;
        int col = 0;
        for (EpisodeSnapshot.Histogram h : d.histograms().values()) {
            BarChart<String, Number> chart = new BarChart<>(new CategoryAxis(), new NumberAxis());
            chart.setId("dashboard-hist-" + h.field().whereName);
            chart.setTitle(h.field().label + (h.unknown() > 0 ? " (" + h.unknown() + " without)" : ""));
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            for (int b = 0; b < h.counts().length; b++) {
                int bin = b;
                String label = DashboardViewModel.format(h.edges()[b]) + (b == h.counts().length - 1 ? "+" : "");
                XYChart.Data<String, Number> bar = new XYChart.Data<>(label, h.counts()[b]);
                clickable(bar, "bin-" + h.field().whereName + "-" + b, h.counts()[b] + " episodes from " + label,
                        () -> vm.clickBin(h, bin));
                series.getData().add(bar);
            }
            style(chart, series, 230);
            charts.add(chart, col, row);
            col = 1 - col;
            if (col == 0) row++;
        }
    }

    private static <X, Y> void style(BarChart<X, Y> chart, XYChart.Series<X, Y> series, double height) {
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setBarGap(1);
        chart.setCategoryGap(4);
        chart.setPrefSize(560, height);
        chart.getData().add(series);
    }

    /** The bar's node appears once the chart lays it out; it then takes the id, tooltip and click. */
    private static <X, Y> void clickable(XYChart.Data<X, Y> bar, String id, String tip, Runnable onClick) {
        bar.nodeProperty().addListener((o, a, node) -> wire(node, id, tip, onClick));
        if (bar.getNode() != null) wire(bar.getNode(), id, tip, onClick);
    }

    private static void wire(Node node, String id, String tip, Runnable onClick) {
        if (node == null) return;
        node.setId(id.replaceAll("[^A-Za-z0-9_-]", "_"));
        Tooltip.install(node, new Tooltip(tip));
        node.setOnMouseClicked(e -> onClick.run());
        node.setStyle("-fx-cursor: hand;");
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

}
