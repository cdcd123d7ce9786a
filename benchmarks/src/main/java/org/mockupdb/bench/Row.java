package org.mockupdb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One figure for one server: its samples, one a round, and what it is compared with. */
final class Row {
    /**
     * How a figure compares with the baseline's: lower is better (time), higher (throughput), or
     * not at all; AT_MOST compares it with an absolute bound instead (memory retained).
     */
    enum Better { LOWER, HIGHER, NONE, AT_MOST }

    final String figure;
    final Kind kind;
    final String unit;
    final Better better;
    /** For our rows: the ratio to the baseline to meet (at most for LOWER, at least for HIGHER), or 0. */
    final double target;
    final List<Double> samples = new ArrayList<>();

    Row(String figure, Kind kind, String unit, Better better, double target) {
        this.figure = figure;
        this.kind = kind;
        this.unit = unit;
        this.better = better;
        this.target = target;
    }

    void add(double sample) {
        samples.add(sample);
    }

    double median() {
        double[] s = sorted();
        if (s.length == 0) {
            return Double.NaN;
        }
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    /**
     * Half the interquartile range of the samples, as a fraction of the median: the middle half
     * of the samples lies within about ± this of the median.
     */
    double spread() {
        double[] s = sorted();
        double median = median();
        if (s.length < 2 || median == 0) {
            return 0;
        }
        return (quantile(s, 0.75) - quantile(s, 0.25)) / 2 / Math.abs(median);
    }

    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
    }

    /** This row's median over the baseline's, or NaN where a ratio says nothing. */
    double ratioTo(Row baseline) {
        if (baseline == null || better == Better.NONE || better == Better.AT_MOST) {
            return Double.NaN;
        }
        double b = baseline.median();
        return b > 0 ? median() / b : Double.NaN;
    }

    /** "met", "MISSED", or "" where this row has no target. */
    String verdict(Row baseline) {
        return verdict(baseline, null);
    }

    /**
     * "met", "MISSED", or, when the ratio misses by less than the baseline's ratio to itself
     * ({@code again}) is away from 1, "within noise": the machine cannot tell the two apart.
     */
    String verdict(Row baseline, Row again) {
        if (targetText().isEmpty()) {
            return "";
        }
        if (better == Better.AT_MOST) {
            return median() <= target ? "met" : "MISSED";
        }
        double ratio = ratioTo(baseline);
        if (Double.isNaN(ratio)) {
            return "";
        }
        boolean met = better == Better.LOWER ? ratio <= target : ratio >= target;
        if (met) {
            return "met";
        }
        double noise = again == null ? 0 : Math.abs(again.ratioTo(baseline) - 1);
        double miss = better == Better.LOWER ? ratio - target : target - ratio;
        return miss < noise ? "within noise" : "MISSED";
    }

    String targetText() {
        if (target == 0 || kind.isBaseline() || kind == Kind.PEER) {
            return "";
        }
        return switch (better) {
            case LOWER -> "<= " + trim(target) + "x";
            case HIGHER -> ">= " + trim(target) + "x";
            case AT_MOST -> "<= " + trim(target) + " " + unit;
            case NONE -> "";
        };
    }

    private double[] sorted() {
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s;
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
