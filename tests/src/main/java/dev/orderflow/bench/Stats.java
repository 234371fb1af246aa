package dev.orderflow.bench;

import java.util.Arrays;
import java.util.Collection;

/** Median and spread of repeated measurements: one noisy run proves nothing on a shared 2-core machine. */
record Stats(int n, double median, double min, double max, double p25, double p75) {

    static Stats of(Collection<? extends Number> values) {
        double[] v = values.stream().mapToDouble(Number::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(v.length, quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75));
    }

    static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** Linear interpolation between the closest ranks. */
    private static double quantile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /** "812 (790–845)": the median, then min–max when there was more than one run. */
    String format(int decimals) {
        if (n == 0) {
            return "-";
        }
        String median = Table.number(this.median, decimals);
        return n == 1 ? median : median + " (" + Table.number(min, decimals) + "–" + Table.number(max, decimals) + ")";
    }
}
