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
 */
public record StoreCheck(String store, String tenant, String where, long expected, long lost, long duplicated,
                         long reordered, long unexpected, List<String> examples) {

    public StoreCheck {
        examples = List.copyOf(examples);
    }

    /** PASS when nothing acknowledged was lost. Duplicates are reported, not failed: QoS 1 is at-least-once. */
    public boolean passed() {
        return lost == 0;
    }
}
