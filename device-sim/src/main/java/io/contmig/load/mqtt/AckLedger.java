package io.contmig.load.mqtt;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Which {@code (device, seq)} events the broker acknowledged (QoS 1 PUBACK): what every store must hold once the
 * pipeline has drained. Kept per device as a contiguous prefix plus a bitset, so a fleet that lost nothing costs
 * one {@code long} per device.
 *
 * <p>Read-only view, thread-safe: it may be read while the fleet still runs (a snapshot per device), and stays
 * readable after the fleet is closed. Its shape matches the runner's {@code AcknowledgedEvents}.
 */
public interface AckLedger {

    /** The tenants of the fleet, in configuration order. */
    List<String> tenants();

    /** Device token → device id (UUID, as in SiteWhere's outbound events) of {@code tenant}'s devices. */
    Map<String, String> deviceIds(String tenant);

    /** Calls {@code action} with every acknowledged seq of {@code deviceToken}, in increasing order. */
    void forEachAcknowledged(String tenant, String deviceToken, LongConsumer action);

    /** Whether seq {@code seq} of {@code deviceToken} was acknowledged. */
    boolean isAcknowledged(String tenant, String deviceToken, long seq);

    /** How many events of {@code deviceToken} were acknowledged. */
    long acknowledgedCount(String tenant, String deviceToken);

    /** The highest seq handed to the network for {@code deviceToken} (acknowledged or not); 0 before the first. */
    long highestSent(String tenant, String deviceToken);

    /** Acknowledged events over the whole fleet. */
    long acknowledgedCount();
}
