package io.pigateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a sample and the median/spread of repeated runs. */
final class Stats {
    private Stats() {
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** {@code median (min..max)} of repeated runs, with the given decimals. */
    static String summary(List<Double> runs, int decimals) {
        String f = "%." + decimals + "f";
        if (runs.size() == 1) {
            return String.format(f, runs.get(0));
        }
        double min = Collections.min(runs);
        double max = Collections.max(runs);
        return String.format(f + " (" + f + ".." + f + ", n=%d)", median(runs), min, max, runs.size());
    }
}
