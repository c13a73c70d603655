package io.contmig.sandbox.pipeline;

import io.contmig.sandbox.devices.DeviceManagementSchema;

import java.util.List;

/**
 * SiteWhere 3.0's names for one tenant: Kafka topics ({@code sitewhere.sitewhere.tenant.<t>.<suffix>}, instance
 * {@code sitewhere}), Kafka consumer groups (Kafka Streams application ids and the outbound connector's group),
 * MQTT topics and the database name. Immutable.
 *
 * @param tenant the tenant token
 */
public record TenantTopics(String tenant) {

    /** SiteWhere's product id and instance namespace: {@code <productId>.<namespace>} = {@code sitewhere.sitewhere}. */
    private static final String INSTANCE = "sitewhere.sitewhere";

    public TenantTopics {
        DeviceManagementSchema.requireTenant(tenant);
    }

    /** {@code sitewhere.sitewhere.tenant.<t>.} */
    public String prefix() {
        return INSTANCE + ".tenant." + tenant + ".";
    }

    public String decodedEvents() {
        return prefix() + "event-source-decoded-events";
    }

    public String failedDecodeEvents() {
        return prefix() + "event-source-failed-decode-events";
    }

    public String deviceRegistrationEvents() {
        return prefix() + "inbound-device-registration-events";
    }

    public String unregisteredDeviceEvents() {
        return prefix() + "inbound-unregistered-device-events";
    }

    public String inboundEvents() {
        return prefix() + "inbound-events";
    }

    public String outboundEvents() {
        return prefix() + "outbound-events";
    }

    /** Every topic the sandbox pipeline uses for this tenant. */
    public List<String> all() {
        return List.of(decodedEvents(), failedDecodeEvents(), deviceRegistrationEvents(), unregisteredDeviceEvents(),
                inboundEvents(), outboundEvents());
    }

    /** Kafka Streams application id of SiteWhere's inbound processing ({@code ...-inbound-processing-decoded}). */
    public String inboundProcessingGroup() {
        return "sitewhere-sitewhere-" + tenant + "-inbound-processing-decoded";
    }

    /** Kafka Streams application id of SiteWhere's event persistence ({@code ...-event-management-persistence}). */
    public String persistenceGroup() {
        return "sitewhere-sitewhere-" + tenant + "-event-management-persistence";
    }

    /** Consumer group of the outbound connector {@code mqtt1} ({@code <tenantPrefix>connector.mqtt1}). */
    public String outboundConnectorGroup() {
        return prefix() + "connector.mqtt1";
    }

    /** Every consumer group the pipeline uses for this tenant. */
    public List<String> groups() {
        return List.of(inboundProcessingGroup(), persistenceGroup(), outboundConnectorGroup());
    }

    /** The MQTT topic devices publish to: {@code SiteWhere/<t>/input/json}. */
    public String mqttInput() {
        return "SiteWhere/" + tenant + "/input/json";
    }

    /** The outbound connector's MQTT topic: {@code SiteWhere/<t>/output/mqtt1}. */
    public String mqttOutput() {
        return "SiteWhere/" + tenant + "/output/mqtt1";
    }

    /** PostgreSQL and InfluxDB database of the tenant: {@code tenant_<t>}. */
    public String database() {
        return DeviceManagementSchema.databaseName(tenant);
    }
}
