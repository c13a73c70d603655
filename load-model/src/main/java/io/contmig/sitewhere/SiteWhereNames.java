package io.contmig.sitewhere;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SiteWhere 3.0's names for one tenant, in one place: Kafka topics ({@code sitewhere.sitewhere.tenant.<t>.<suffix>},
 * product id and instance namespace {@code sitewhere}), Kafka consumer groups (Kafka Streams application ids and
 * the outbound connector's group), MQTT topics, the PostgreSQL and InfluxDB database {@code tenant_<t>}; and, as
 * constants, the names every tenant shares: the device-management schema, the InfluxDB measurement and its tag and
 * field names. The sandbox's pipeline writes with these names, the injectors move what they name, and the
 * checkers read them back, so all three agree with SiteWhere by construction.
 *
 * <p>Immutable. The constructor rejects a tenant token that is not usable as a database and topic name.
 *
 * @param tenant the tenant token
 */
public record SiteWhereNames(String tenant) {

    /** SiteWhere's product id and instance namespace: {@code <productId>.<namespace>}. */
    public static final String INSTANCE = "sitewhere.sitewhere";

    /** The schema of SiteWhere's device-management microservice in every tenant database. */
    public static final String DEVICE_MANAGEMENT_SCHEMA = "devicemanagement";

    /** The InfluxDB measurement every event is a point of. */
    public static final String MEASUREMENT = "events";

    /** InfluxDB tag: event type ({@code Measurement}, {@code Location}, {@code Alert}, ...). */
    public static final String TAG_TYPE = "type";
    /** InfluxDB tag: the device's UUID. */
    public static final String TAG_DEVICE = "device";
    /** InfluxDB tag: the device assignment's UUID. */
    public static final String TAG_ASSIGNMENT = "assignment";

    /** InfluxDB field: the event's UUID. */
    public static final String FIELD_EVENT_ID = "eid";
    /** InfluxDB field: the event's alternate id. */
    public static final String FIELD_ALTERNATE_ID = "altid";
    /** InfluxDB field: when the server received the event. */
    public static final String FIELD_RECEIVED_DATE = "rcvdate";
    /** InfluxDB field: a measurement's name. */
    public static final String FIELD_MX_NAME = "mxname";
    /** InfluxDB field: a measurement's value. */
    public static final String FIELD_MX_VALUE = "mxvalue";
    /** Prefix of the InfluxDB field holding event metadata entry {@code <key>}: {@code meta:<key>}. */
    public static final String FIELD_META_PREFIX = "meta:";
    /** The event metadata key contmig's devices number their events with. */
    public static final String SEQ_METADATA_KEY = "seq";
    /** InfluxDB field of contmig's per-device sequence number: {@code meta:seq}. */
    public static final String FIELD_SEQ = FIELD_META_PREFIX + SEQ_METADATA_KEY;

    /** Tenant tokens usable as database and topic names without surprises (SiteWhere uses the Kubernetes CR name). */
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public SiteWhereNames {
        requireTenant(tenant);
    }

    /** The names of {@code tenant}'s resources. */
    public static SiteWhereNames of(String tenant) {
        return new SiteWhereNames(tenant);
    }

    /** Throws {@link IllegalArgumentException} naming the value unless {@code tenant} is a valid tenant token. */
    public static String requireTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "tenant (%s) must match %s", tenant, TENANT.pattern()));
        }
        return tenant;
    }

    /** {@code sitewhere.sitewhere.tenant.<t>.}: every Kafka topic of the tenant starts with it. */
    public String topicPrefix() {
        return INSTANCE + ".tenant." + tenant + ".";
    }

    /** The regular expression selecting every Kafka topic of the tenant (e.g. for MirrorMaker 2). */
    public String topicRegex() {
        // Tenant tokens are [a-z0-9_-], so the dots are the only characters to escape.
        return topicPrefix().replace(".", "\\.") + ".*";
    }

    public String decodedEventsTopic() {
        return topicPrefix() + "event-source-decoded-events";
    }

    public String failedDecodeEventsTopic() {
        return topicPrefix() + "event-source-failed-decode-events";
    }

    public String deviceRegistrationEventsTopic() {
        return topicPrefix() + "inbound-device-registration-events";
    }

    public String unregisteredDeviceEventsTopic() {
        return topicPrefix() + "inbound-unregistered-device-events";
    }

    public String inboundEventsTopic() {
        return topicPrefix() + "inbound-events";
    }

    public String outboundEventsTopic() {
        return topicPrefix() + "outbound-events";
    }

    /**
     * Events the pipeline could not process after bounded retries (e.g. InfluxDB refused their point): contmig's
     * own topic, not SiteWhere's, so that one bad event cannot stop a tenant's pipeline.
     */
    public String deadLetterEventsTopic() {
        return topicPrefix() + "dead-letter-events";
    }

    /** Every Kafka topic SiteWhere's event pipeline (and contmig's dead-letter topic) uses for the tenant. */
    public List<String> topics() {
        return List.of(decodedEventsTopic(), failedDecodeEventsTopic(), deviceRegistrationEventsTopic(),
                unregisteredDeviceEventsTopic(), inboundEventsTopic(), outboundEventsTopic(), deadLetterEventsTopic());
    }

    /** Kafka Streams application id of SiteWhere's inbound processing ({@code ...-inbound-processing-decoded}). */
    public String inboundProcessingGroup() {
        return "sitewhere-sitewhere-" + tenant + "-inbound-processing-decoded";
    }

    /** Kafka Streams application id of SiteWhere's event persistence ({@code ...-event-management-persistence}). */
    public String persistenceGroup() {
        return "sitewhere-sitewhere-" + tenant + "-event-management-persistence";
    }

    /** Consumer group of the outbound connector {@code mqtt1} ({@code <topicPrefix>connector.mqtt1}). */
    public String outboundConnectorGroup() {
        return topicPrefix() + "connector.mqtt1";
    }

    /** Every consumer group SiteWhere's event pipeline uses for the tenant. */
    public List<String> groups() {
        return List.of(inboundProcessingGroup(), persistenceGroup(), outboundConnectorGroup());
    }

    /** The MQTT topic devices publish to: {@code SiteWhere/<t>/input/json}. */
    public String mqttInputTopic() {
        return "SiteWhere/" + tenant + "/input/json";
    }

    /** The default outbound connector's MQTT topic: {@code SiteWhere/<t>/output/mqtt1}. */
    public String mqttOutputTopic() {
        return "SiteWhere/" + tenant + "/output/mqtt1";
    }

    /** The tenant's PostgreSQL database and InfluxDB database: {@code tenant_<t>}. */
    public String database() {
        return "tenant_" + tenant;
    }
}
