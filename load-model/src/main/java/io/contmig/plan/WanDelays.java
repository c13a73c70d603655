package io.contmig.plan;

import java.time.Duration;

/**
 * One-way delays of the sandbox's emulated WAN.
 *
 * @param devicesToEdge  devices ↔ edge site
 * @param devicesToCloud devices ↔ cloud site
 * @param edgeToCloud    edge ↔ cloud
 * @param bandwidthMbit  bandwidth cap of each link in Mbit/s; 0 means unlimited
 */
public record WanDelays(Duration devicesToEdge, Duration devicesToCloud, Duration edgeToCloud, double bandwidthMbit) {

    public WanDelays {
        Plans.requireNonNegative("devicesToEdge", devicesToEdge);
        Plans.requireNonNegative("devicesToCloud", devicesToCloud);
        Plans.requireNonNegative("edgeToCloud", edgeToCloud);
        if (!(bandwidthMbit >= 0) || Double.isInfinite(bandwidthMbit)) {
            throw new IllegalArgumentException("bandwidthMbit (" + bandwidthMbit + ") must be >= 0 and finite");
        }
    }
}
