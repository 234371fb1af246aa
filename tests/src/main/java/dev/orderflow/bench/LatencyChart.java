package dev.orderflow.bench;

import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Order latency (p50, p95, p99) against the throughput achieved: the find-the-maximum steps as lines, the
 * fixed-rate runs as single points. Latency on a log scale, since it climbs by orders of magnitude at saturation.
 */
final class LatencyChart {

    /** One measured point: achieved orders/s and the latency percentiles in milliseconds; a label, or null. */
    record Point(double ordersPerSecond, double p50, double p95, double p99, String label) {
    }

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728)};

    private LatencyChart() {
    }

    /**
     * Writes the PNG; returns false with a message printed when AWT cannot render here (no headless toolkit, no
     * fonts), since a missing chart must not fail a benchmark that measured everything else.
     */
    static boolean write(Path png, String title, List<Point> steps, List<Point> fixed) {
        try {
            render(png, title, steps, fixed);
            return true;
        } catch (IOException | RuntimeException | LinkageError | AWTError e) {
            BenchLog.LOG.info("  chart skipped: AWT cannot render on this machine (" + e + "); the figures are in the CSV");
            return false;
        }
    }

    private static void render(Path png, String title, List<Point> steps, List<Point> fixed) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        String[] names = {"p50", "p95", "p99"};
        for (int i = 0; i < names.length; i++) {
            data.addSeries(series("find the maximum, " + names[i], steps, i));
        }
        for (int i = 0; i < names.length; i++) {
            data.addSeries(series("fixed rate, " + names[i], fixed, i));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "orders/s completed", "order latency (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogarithmicAxis latency = new LogarithmicAxis("order latency, accepted to terminal event (ms, log scale)");
        latency.setStrictValuesFlag(false);
        latency.setAutoRangeNextLogFlag(true);
        plot.setRangeAxis(latency);
        for (Point p : fixed) {
            if (p.label() != null && !Double.isNaN(p.p99())) {
                XYTextAnnotation label = new XYTextAnnotation("  " + p.label(), p.ordersPerSecond(), Math.max(1, p.p99()));
                label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
                plot.addAnnotation(label);
            }
        }
        NumberAxis throughput = (NumberAxis) plot.getDomainAxis();
        throughput.setAutoRangeIncludesZero(true);
        // Room on the right for the label of the fastest fixed-rate run.
        throughput.setUpperMargin(0.2);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int i = 0; i < 3; i++) {
            renderer.setSeriesPaint(i, COLORS[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesLinesVisible(i, true);
            renderer.setSeriesPaint(i + 3, COLORS[i]);
            renderer.setSeriesLinesVisible(i + 3, false);
            renderer.setSeriesShapesVisible(i + 3, true);
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 640);
    }

    private static XYSeries series(String name, List<Point> points, int percentile) {
        XYSeries series = new XYSeries(name, false, true);
        for (Point p : points) {
            double value = percentile == 0 ? p.p50() : percentile == 1 ? p.p95() : p.p99();
            if (!Double.isNaN(value)) {
                series.add(p.ordersPerSecond(), Math.max(1, value));
            }
        }
        return series;
    }
}
