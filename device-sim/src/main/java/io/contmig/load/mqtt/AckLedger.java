package io.contmig.load.mqtt;

import io.contmig.target.AcknowledgedEvents;

/**
 * Which {@code (device, seq)} events the broker acknowledged (QoS 1 PUBACK): the fleet's
 * {@link AcknowledgedEvents}, with the per-device figures the fleet's own tests and summaries need. Kept per device
 * as a contiguous prefix plus a bitset, so a fleet that lost nothing costs one {@code long} per device.
 *
 * <p>Read-only view, thread-safe: it may be read while the fleet still runs (a snapshot per device), and stays
 * readable after the fleet is closed. {@link #tenants()} lists the tenants in configuration order;
 * {@link #deviceIds} maps tokens to the fleet's device ids (UUIDs, as in SiteWhere's outbound events).
 */
public interface AckLedger extends AcknowledgedEvents {

    /** Whether seq {@code seq} of {@code deviceToken} was acknowledged. */
    boolean isAcknowledged(String tenant, String deviceToken, long seq);

    /** How many events of {@code deviceToken} were acknowledged. */
    long acknowledgedCount(String tenant, String deviceToken);

    /** The highest seq handed to the network for {@code deviceToken} (acknowledged or not); 0 before the first. */
    long highestSent(String tenant, String deviceToken);

    /** Acknowledged events over the whole fleet. */
    long acknowledgedCount();
}
