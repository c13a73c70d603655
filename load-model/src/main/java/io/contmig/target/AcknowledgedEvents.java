package io.contmig.target;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The device events a load driver saw acknowledged (QoS 1 PUBACK), per tenant and device token: what every store
 * must hold once the pipeline has drained. Written by the load drivers, read by the cross-store checker.
 *
 * <p>Read-only view. Implementations are thread-safe and stay readable after the load has stopped.
 */
public interface AcknowledgedEvents {

    /** The tenants that sent events. */
    List<String> tenants();

    /** Device token → device UUID (as stored in InfluxDB's {@code device} tag) of {@code tenant}'s devices. */
    Map<String, String> deviceIds(String tenant);

    /** Calls {@code action} with every acknowledged seq of {@code device} of {@code tenant}, in increasing order. */
    void forEachAcknowledged(String tenant, String device, LongConsumer action);
}
