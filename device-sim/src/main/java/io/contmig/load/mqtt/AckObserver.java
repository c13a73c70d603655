package io.contmig.load.mqtt;

/**
 * Told of every acknowledged publish of the fleet (e.g. {@link RestFreshnessProbe}). Called on Paho's callback
 * threads, on the publish's completion path: it must be quick, never block and never throw.
 */
@FunctionalInterface
public interface AckObserver {

    /**
     * One acknowledged event.
     *
     * @param tenant          the device's tenant
     * @param deviceToken     the device
     * @param seq             its sequence number ({@code metadata.seq})
     * @param kind            SiteWhere's REST path segment of its event kind: {@code measurements},
     *                        {@code locations} or {@code alerts}
     * @param intendedNanos   its intended publish time (run clock)
     * @param eventDateMillis its {@code eventDate}
     */
    void acknowledged(String tenant, String deviceToken, long seq, String kind, long intendedNanos,
                      long eventDateMillis);
}
