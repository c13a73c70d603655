package io.contmig.runner.check;

import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The device events a load driver saw acknowledged (QoS 1 PUBACK), per tenant and device token: what every store
 * must hold after the drain. Read-only view; implementations must be safe to read after the load has stopped.
 */
public interface AcknowledgedEvents {

    /** The tenants that sent events. */
    Iterable<String> tenants();

    /** Device token → device UUID (as stored in InfluxDB's {@code device} tag) of {@code tenant}'s devices. */
    Map<String, String> deviceIds(String tenant);

    /** Calls {@code action} with every acknowledged seq of {@code device} of {@code tenant}. */
    void forEachAcknowledged(String tenant, String device, LongConsumer action);
}
