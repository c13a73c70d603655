package io.contmig.gate;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a windowed gate function reads from a window's statistics. Latencies ({@code p50} .. {@code max}) are in
 * milliseconds, {@code throughput} in successful operations per second, {@code errors} and {@code count} are
 * numbers of operations.
 */
public enum Statistic {
    P50("p50"), P90("p90"), P99("p99"), P999("p999"), MAX("max"),
    THROUGHPUT("throughput"), ERRORS("errors"), COUNT("count");

    private final String function;

    Statistic(String function) {
        this.function = function;
    }

    /** The function name in gate expressions, e.g. {@code p99}. */
    public String function() {
        return function;
    }

    /** The statistic whose function name is {@code name}, if any. */
    public static Optional<Statistic> byFunction(String name) {
        return Arrays.stream(values()).filter(s -> s.function.equals(name)).findFirst();
    }
}
