package io.contmig.runner.compare;

import java.util.Objects;

/**
 * One metric compared: {@code candidate / baseline} with its interval, and whether it is a regression (the whole
 * interval above {@code 1 + threshold}: worse beyond the threshold with 95 % confidence; every compared metric is
 * lower-is-better). Immutable.
 *
 * @param metric     the metric's name
 * @param baseline   the baseline's value (median over trials, or the window's value)
 * @param candidate  the candidate's value
 * @param ratio      candidate ÷ baseline (NaN when the baseline is 0)
 * @param ciLow      lower end of the ratio's 95 % interval (NaN when none could be computed)
 * @param ciHigh     upper end
 * @param regression whether it regressed beyond the threshold with confidence
 * @param note       how sure the comparison is, or why it has no interval
 */
public record Compared(String metric, double baseline, double candidate, double ratio, double ciLow, double ciHigh,
                       boolean regression, String note) {
    public Compared {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(note, "note");
    }
}
