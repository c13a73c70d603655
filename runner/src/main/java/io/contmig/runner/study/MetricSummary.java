package io.contmig.runner.study;

import java.util.List;

/**
 * One cell's figure over its trials: how many trials had it, their mean and median, and the bootstrap interval of
 * the median ({@link Bootstrap}). Immutable.
 *
 * @param n      trials with a value
 * @param mean   their mean
 * @param median their median
 * @param ciLow  lower end of the 95 % interval of the median
 * @param ciHigh upper end
 * @param values the per-trial values, in trial order
 */
public record MetricSummary(int n, double mean, double median, double ciLow, double ciHigh, List<Double> values) {
    public MetricSummary {
        values = List.copyOf(values);
    }
}
