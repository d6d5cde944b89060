package player;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.text.TextAlignment;

/**
 * One group of series (joint positions, velocities, actions, gripper) against the episode clock, with the
 * shared playhead cursor. The curves are drawn once per resize or data change as per-pixel min/max, so a
 * long series costs the same as a short one; the cursor is a separate node and moving it redraws nothing.
 */
public final class SeriesPlot extends Region {
    /** One curve: its joint (for hiding), legend label and samples on the episode clock. */
    public record Curve(String joint, String label, long[] timesNs, double[] values) { }

    private static final Color[] PALETTE = {Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#e15759"),
            Color.web("#76b7b2"), Color.web("#59a14f"), Color.web("#edc948"), Color.web("#b07aa1"),
            Color.web("#ff9da7"), Color.web("#9c755f"), Color.web("#bab0ac")};
    private static final double LEFT = TimeAxis.LEFT;
    /** The band above the traces where the legend goes, so no label is drawn over a curve. */
    private static final double LEGEND = 16;

    private final String title;
    private final Canvas canvas = new Canvas();
    private final Line cursor = new Line();
    private final List<Curve> curves = new ArrayList<>();
    private final MasterClock clock;
    private final TimeAxis axis;
    private final ObservableSet<String> hidden;

    SeriesPlot(String id, String title, MasterClock clock, ObservableSet<String> hidden, LongConsumer seek) {
        this.title = title;
        this.clock = clock;
        this.axis = new TimeAxis(clock, this::getWidth);
        this.hidden = hidden;
        setId("plot-" + id);
        getStyleClass().add("series-plot");
        // The legend band plus room for the two axis labels; the divider above the plots decides the rest.
        setMinHeight(64);
        setPrefHeight(160);
        cursor.setStroke(Color.web("#d62728"));
        cursor.setStrokeWidth(1.5);
        cursor.setMouseTransparent(true);
        getChildren().addAll(canvas, cursor);
        widthProperty().addListener(o -> redraw());
        heightProperty().addListener(o -> redraw());
        clock.startProperty().addListener(o -> redraw());
        clock.endProperty().addListener(o -> redraw());
        clock.timeProperty().addListener(o -> moveCursor());
        hidden.addListener((SetChangeListener<String>) c -> redraw());
        setOnMousePressed(e -> seek.accept(timeAt(e.getX())));
        setOnMouseDragged(e -> seek.accept(timeAt(e.getX())));
    }

    public void setCurves(List<Curve> data) {
        curves.clear();
        curves.addAll(data);
        redraw();
    }

    public List<Curve> curves() {
        return List.copyOf(curves);
    }

    /** x of the cursor line in this plot's coordinates. */
    public double cursorX() {
        return cursor.getStartX();
    }

    public double xFor(long ns) {
        return axis.xFor(ns);
    }

    long timeAt(double x) {
        return axis.timeAt(x);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        moveCursor();
    }

    private void moveCursor() {
        axis.placeAtPlayhead(cursor, getHeight());
    }

    private void redraw() {
        double w = getWidth();
        double h = getHeight();
        canvas.setWidth(w);
        canvas.setHeight(h);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.web("#fafafa"));
        g.fillRect(0, 0, w, h);
        g.setStroke(Color.web("#dddddd"));
        g.strokeLine(LEFT, LEGEND, LEFT, h);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            if (hidden.contains(c.joint())) continue;
            for (double v : c.values()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max || w <= LEFT + 4) {
            g.setFill(Color.web("#555"));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText("no " + title.toLowerCase(java.util.Locale.ROOT) + " shown", LEFT + 4, LEGEND + 2);
            return;
        }
        if (max - min < 1e-9) {
            max += 0.5;
            min -= 0.5;
        }
        double top = LEGEND + 4;
        double plotH = h - top - 4;
        g.setStroke(Color.web("#eeeeee"));
        g.strokeLine(LEFT, top, w, top);
        g.strokeLine(LEFT, top + plotH, w, top + plotH);
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(String.format("%.2f", max), LEFT - 3, top - 2);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(String.format("%.2f", min), LEFT - 3, top + plotH + 2);
        double legendX = LEFT + 4;
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int ci = 0; ci < curves.size(); ci++) {
            Curve c = curves.get(ci);
            if (hidden.contains(c.joint())) continue;
            Color col = PALETTE[ci % PALETTE.length];
            g.setStroke(col);
            g.setLineWidth(1.2);
            drawMinMax(g, c, min, max, top, plotH, w);
            // Legend entries in the band above the traces, a swatch and the name, until the row is full.
            double labelW = 7 * c.label().length();
            if (legendX + 14 + labelW < w - 4) {
                g.setFill(col);
                g.fillRect(legendX, 6, 10, 4);
                g.fillText(c.label(), legendX + 13, 1);
                legendX += 13 + labelW + 12;
            }
        }
    }

    /** Per pixel column: a vertical stroke from min to max of its samples, joined to the next column. */
    private void drawMinMax(GraphicsContext g, Curve c, double min, double max, double top, double plotH, double w) {
        long[] t = c.timesNs();
        double[] v = c.values();
        double prevY = Double.NaN;
        int i = 0;
        for (int px = (int) LEFT; px < w - 4 && i < t.length; px++) {
            long until = timeAt(px + 1);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            while (i < t.length && t[i] < until) {
                if (Double.isFinite(v[i])) {
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
                i++;
            }
            if (lo > hi) continue;
            double yLo = top + (1 - (lo - min) / (max - min)) * plotH;
            double yHi = top + (1 - (hi - min) / (max - min)) * plotH;
            if (!Double.isNaN(prevY)) g.strokeLine(px - 1, prevY, px, (yLo + yHi) / 2);
            g.strokeLine(px, yLo, px, yHi);
            prevY = (yLo + yHi) / 2;
        }
    }
}
