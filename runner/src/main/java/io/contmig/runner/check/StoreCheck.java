package io.contmig.runner.check;

import java.util.List;

/**
 * What one store holds of one tenant's acknowledged device events, compared with what devices had acknowledged.
 *
 * @param store      {@code kafka} or {@code influxdb}
 * @param tenant     the tenant
 * @param where      the site (or address) that was read — the one serving the tenant at the end of the run
 * @param expected   acknowledged {@code (device, seq)} pairs
 * @param lost       acknowledged pairs the store does not hold
 * @param duplicated extra copies of pairs the store holds more than once
 * @param reordered  pairs that arrived after a higher seq of the same device (Kafka: in partition order; 0 where
 *                   the store has no order, like InfluxDB)
 * @param unexpected pairs the store holds that were never acknowledged (QoS 1 retries of unacknowledged sends)
 * @param examples   up to 10 lost pairs as {@code device:seq}, for the report
 * @param problem    why the store could not be read ({@code ""} when it was; then the counts are 0 and mean nothing)
 *
 * <p>Facts only: the reports module judges them (anything lost fails; a store not read is undecided).
 */
public record StoreCheck(String store, String tenant, String where, long expected, long lost, long duplicated,
                         long reordered, long unexpected, List<String> examples, String problem) {

    public StoreCheck {
        examples = List.copyOf(examples);
        java.util.Objects.requireNonNull(problem, "problem");
    }

    /** A store that was read. */
    public StoreCheck(String store, String tenant, String where, long expected, long lost, long duplicated,
                      long reordered, long unexpected, List<String> examples) {
        this(store, tenant, where, expected, lost, duplicated, reordered, unexpected, examples, "");
    }

    /** A store that could not be read, and why. */
    public static StoreCheck unread(String store, String tenant, String where, String problem) {
        return new StoreCheck(store, tenant, where, 0, 0, 0, 0, 0, List.of(),
                problem == null || problem.isBlank() ? "unreadable" : problem);
    }

    /** This check labelled with the site that was read (the checker knows only an address). */
    public StoreCheck at(String site) {
        return new StoreCheck(store, tenant, site, expected, lost, duplicated, reordered, unexpected, examples, problem);
    }
}
