package io.contmig.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Locale-independent number text for every renderer: plain decimals, at most 3 fraction digits, no exponent. */
final class Numbers {

    private Numbers() {
    }

    /** {@code 12}, {@code 12.5}, {@code 0.001}; {@code NaN}/infinite as {@code ""} (callers map to null/empty). */
    static String plain(double v) {
        return plain(v, 3);
    }

    static String plain(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.toPlainString();
    }
}
