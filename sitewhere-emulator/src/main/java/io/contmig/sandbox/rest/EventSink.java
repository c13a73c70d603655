package io.contmig.sandbox.rest;

/**
 * Where the REST API hands each event it has just stored in InfluxDB: SiteWhere's event-management publishes
 * REST-created events to {@code ...tenant.<tenant>.outbound-events} (key: device UUID), bypassing the inbound
 * topics. The sandbox's pipeline implements it with its Kafka producer (so the outbound MQTT connector echoes
 * REST events too).
 *
 * <p>Implementations are thread-safe. {@link #persisted} returns once the event is handed over (e.g. acknowledged
 * by Kafka); an exception makes the REST call fail with 500 (the event stays stored in InfluxDB).
 */
@FunctionalInterface
public interface EventSink {

    /** Discards every event (for a target without outbound processing, and for tests of the REST API alone). */
    EventSink NONE = event -> { };

    /** Publishes {@code event}, stored in the tenant's InfluxDB, to the tenant's outbound events. */
    void persisted(PersistedEvent event) throws Exception;
}
