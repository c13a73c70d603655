package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.DeviceAssignment;
import io.contmig.sandbox.devices.DeviceManagementSchema;
import io.contmig.sandbox.devices.Page;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.target.WriteBlockedException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The event resources of an assignment ({@code /assignments/<token>/measurements|locations|alerts}) of the
 * {@link SiteWhereRestServer}: creating an event writes it to the tenant's InfluxDB database on every admitted site,
 * then hands it to the {@link EventSink}; listing reads the site that serves the tenant's InfluxDB reads.
 *
 * <p>Thread-safe (stateless but for its collaborators). An invalid request is an {@link ApiError}; a failed write
 * or read propagates (a 500), and an event whose write failed is not handed to the sink.
 */
final class EventResource {

    private final TenantRouting routing;
    private final TenantDatabases databases;
    private final InfluxEventStore influx;
    private final EventSink events;
    private final Clock clock;

    EventResource(TenantRouting routing, TenantDatabases databases, InfluxEventStore influx, EventSink events,
                  Clock clock) {
        this.routing = routing;
        this.databases = databases;
        this.influx = influx;
        this.events = events;
        this.clock = clock;
    }

    /** Stores one event of {@code kind} created by {@code request}; answers SiteWhere's marshaled event. */
    ObjectNode createEvent(String tenant, DeviceAssignment assignment, EventKind kind, JsonNode request)
            throws Exception {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = request.path("metadata");
        if (!meta.isMissingNode() && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new ApiError(SiteWhereErrorCode.Error, "metadata must be a JSON object of strings");
            }
            meta.fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        }
        // SiteWhere's InfluxDB writer adds the time precision to the event's metadata unless the client set one.
        String precision = metadata.get("precision");
        if (precision == null || !List.of("s", "ms", "mu", "ns").contains(precision)) {
            metadata.put("precision", "ms");
        }
        Instant eventDate = eventDate(request.path("eventDate"), received);
        if (metadata.get("precision").equals("s")) {
            eventDate = eventDate.truncatedTo(ChronoUnit.SECONDS);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        switch (kind) {
            case MEASUREMENT -> {
                values.put("name", requiredText(request, "name"));
                values.put("value", number(request, "value", null));
            }
            case LOCATION -> {
                values.put("latitude", number(request, "latitude", null));
                values.put("longitude", number(request, "longitude", null));
                values.put("elevation", number(request, "elevation", 0.0));
            }
            case ALERT -> {
                values.put("source", oneOf(request, "source", "Device", List.of("Device", "System")));
                values.put("level", oneOf(request, "level", "Info", List.of("Info", "Warning", "Error", "Critical")));
                values.put("type", requiredText(request, "type"));
                values.put("message", request.path("message").asText(null));
            }
        }
        StoredEvent event = new StoredEvent(UUID.randomUUID(), request.path("alternateId").asText(null), kind,
                assignment.deviceId(), assignment.id(), assignment.customerId(), assignment.areaId(),
                assignment.assetId(), eventDate, received, metadata, values);
        String database = DeviceManagementSchema.databaseName(tenant);
        try (WritePermit permit = databases.admit(tenant, Store.INFLUXDB)) {
            String from = routing.siteOf(tenant, Store.PIPELINE);
            for (String site : permit.sites()) {
                influx.write(routing.endpoints(site, from), database, event, assignment.metadata());
            }
        }
        try {
            events.persisted(new PersistedEvent(tenant, event.deviceId(), event.id(),
                    SiteWhereJson.outboundEvent(event)));
        } catch (WriteBlockedException e) {
            // A declared write block of the tenant's Kafka outlasted this write's wait: refused like a held store write.
            throw new ApiError(503, SiteWhereErrorCode.Unknown, "write of tenant " + tenant + " to "
                    + Store.KAFKA.label() + " refused: " + e.getMessage());
        }
        return SiteWhereJson.event(event);
    }

    /** One page of the assignment's events of {@code kind}, optionally between startDate and endDate. */
    ObjectNode listEvents(String tenant, DeviceAssignment assignment, EventKind kind, Call call)
            throws Exception {
        Paging paging = call.paging();
        Optional<Instant> start = call.date("startDate");
        Optional<Instant> end = call.date("endDate");
        String site = routing.siteOf(tenant, Store.INFLUXDB);
        SiteEndpoints endpoints = routing.endpoints(site, routing.siteOf(tenant, Store.PIPELINE));
        Page<StoredEvent> page = influx.list(endpoints, DeviceManagementSchema.databaseName(tenant), kind,
                assignment.id(), start, end, paging);
        return SiteWhereJson.searchResults(page, SiteWhereJson::event);
    }

    private static Instant eventDate(JsonNode value, Instant fallback) throws ApiError {
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return QueryDates.parse(value.asText());
            } catch (DateTimeParseException again) {
                throw new ApiError(SiteWhereErrorCode.Error, "eventDate (" + value.asText()
                        + ") must be epoch milliseconds or an ISO-8601 date-time");
            }
        }
    }

    private static String requiredText(JsonNode request, String field) throws ApiError {
        JsonNode value = request.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ApiError(SiteWhereErrorCode.IncompleteData, field + " is required (a string)");
        }
        return value.asText();
    }

    private static Double number(JsonNode request, String field, Double fallback) throws ApiError {
        JsonNode value = request.path(field);
        if ((value.isMissingNode() || value.isNull()) && fallback != null) {
            return fallback;
        }
        try {
            double d = value.isNumber() ? value.asDouble()
                    : value.isTextual() ? new BigDecimal(value.asText()).doubleValue() : Double.NaN;
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // Answered below with the field's name and value.
        }
        throw new ApiError(SiteWhereErrorCode.IncompleteData, field + " (" + value + ") must be a finite number");
    }

    private static String oneOf(JsonNode request, String field, String fallback, List<String> allowed)
            throws ApiError {
        String value = request.path(field).asText(fallback);
        if (!allowed.contains(value)) {
            throw new ApiError(SiteWhereErrorCode.Error, field + " (" + value + ") must be one of: "
                    + String.join(", ", allowed));
        }
        return value;
    }
}
