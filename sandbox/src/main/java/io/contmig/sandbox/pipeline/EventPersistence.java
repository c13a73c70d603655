package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;
import io.contmig.sandbox.routing.WriteBlockedException;

import java.io.IOException;

/**
 * The path of REST-posted events (SiteWhere: instance-management → event-management): they do not traverse the
 * Kafka inbound topics but are written straight to the tenant's InfluxDB and then to its {@code outbound-events}
 * topic (so the outbound connector echoes them), with the same tags, fields and JSON as MQTT events.
 *
 * <p>Implementations are thread-safe. Called by the REST API ({@code io.contmig.sandbox.rest}).
 */
public interface EventPersistence {

    /**
     * Validates {@code request} as SiteWhere would ({@link DecodeException} names the offending field), stores it
     * for {@code assignment} of {@code tenant}, and returns the stored {@code DeviceEvent} JSON (with {@code id},
     * {@code receivedDate}, {@code metadata.precision}). {@link WriteBlockedException}: a store switch held the
     * write longer than allowed (nothing was written to Kafka; the point may have reached InfluxDB); IOException: a
     * store failed.
     */
    ObjectNode persist(String tenant, ActiveAssignment assignment, RequestType type, JsonNode request)
            throws DecodeException, IOException, WriteBlockedException, InterruptedException;

    /** Forgets cached lookups of {@code deviceToken} (the REST API changed the device or its assignments). */
    void deviceChanged(String tenant, String deviceToken);
}
