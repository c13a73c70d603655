package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;
import io.contmig.sandbox.devices.DeviceDirectory;
import io.contmig.sitewhere.PipelineHops;
import io.contmig.sitewhere.SiteWhereNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SiteWhere's inbound processing for one tenant: reads {@code event-source-decoded-events}, looks the device and
 * its active assignments up (cached) in the tenant's PostgreSQL database, and writes one enriched event per active
 * assignment to {@code inbound-events} (key: device UUID). Unknown devices go to
 * {@code inbound-unregistered-device-events} (key: the zero UUID, as SiteWhere's lookup gives); devices without an
 * active assignment are counted and dropped, as in SiteWhere. Appends the consume and lookup
 * {@link PipelineHops} stamps to each event's header. A record that cannot be read or turned into an event is
 * dead-lettered ({@link DeadLetters}), never retried. Runs on its own {@link ConsumerLoop} thread.
 */
final class InboundProcessing extends ConsumerLoop {

    static final String ZERO_UUID = new UUID(0, 0).toString();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeviceDirectory DIRECTORY = new DeviceDirectory();

    private final TenantStage stage;
    private Connection connection;
    private String connectedSite;

    InboundProcessing(TenantStage stage, KafkaConsumer<String, byte[]> consumer) {
        super(stage.threadName("inbound"), consumer, stage.names().decodedEventsTopic(), stage.tenant().pause(),
                stage.tenant().stats());
        this.stage = stage;
    }

    @Override
    protected PendingWrites process(ConsumerRecords<String, byte[]> records) throws Exception {
        SiteWhereNames topics = stage.names();
        PipelineStats stats = stage.tenant().stats();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(records.count());
        long inbound = 0;
        long unregistered = 0;
        long unassigned = 0;
        DeadLetters dead = new DeadLetters(topics.deadLetterEventsTopic());
        long consumedMicros = PipelineHops.nowMicros();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode decoded;
            try {
                decoded = stage.tenant().values().decoded(record.value());
            } catch (IOException e) {
                // Not retried: the same bytes never parse; the tenant's other events must flow on.
                dead.add(record, DeadLetters.Reason.UNREADABLE, e.getMessage());
                continue;
            }
            String token = decoded.path("deviceToken").asText();
            RequestType type = RequestType.byName(decoded.path("type").asText()).orElse(null);
            if (type == null || type.eventType().isEmpty()) {
                continue;
            }
            AssignmentCache.Lookup lookup = lookup(token);
            if (!lookup.deviceKnown()) {
                out.add(new ProducerRecord<>(topics.unregisteredDeviceEventsTopic(), ZERO_UUID, record.value()));
                unregistered++;
                continue;
            }
            if (lookup.assignments().isEmpty()) {
                unassigned++;
                continue;
            }
            byte[] hops = PipelineHops.append(PipelineHops.append(hopsOf(record), consumedMicros),
                    PipelineHops.nowMicros());
            long received = record.timestamp() > 0 ? record.timestamp() : System.currentTimeMillis();
            for (ActiveAssignment assignment : lookup.assignments()) {
                ObjectNode event;
                try {
                    event = DeviceEvents.create(type, decoded.path("request"), assignment, UUID.randomUUID(), received);
                } catch (RuntimeException e) {
                    dead.add(record, DeadLetters.Reason.UNWRITABLE, e.toString());
                    break;
                }
                ObjectNode value = JSON.createObjectNode();
                value.put("sourceId", decoded.path("sourceId").asText("json"));
                value.put("deviceToken", token);
                if (decoded.hasNonNull("originator")) {
                    value.put("originator", decoded.get("originator").asText());
                }
                value.set("context", context(assignment));
                value.set("event", event);
                ProducerRecord<String, byte[]> enriched = new ProducerRecord<>(topics.inboundEventsTopic(),
                        assignment.deviceId().toString(),
                        stage.tenant().values().preprocessed(value, type.name(), decoded.path("request")));
                if (hops != null) {
                    enriched.headers().add(PipelineHops.HEADER, hops);
                }
                out.add(enriched);
                inbound++;
            }
        }
        if (!dead.isEmpty()) {
            dead.send(stage.producer(), stats);
        }
        GatedProducer.Sent sent = stage.producer().sendAsync(out);
        long inboundCount = inbound;
        long unregisteredCount = unregistered;
        long unassignedCount = unassigned;
        return () -> {
            sent.await();
            stats.add(PipelineStats.Counter.INBOUND, inboundCount);
            stats.add(PipelineStats.Counter.UNREGISTERED, unregisteredCount);
            stats.add(PipelineStats.Counter.UNASSIGNED, unassignedCount);
        };
    }

    /** The {@link PipelineHops} stamps {@code record} carries, or null. */
    static byte[] hopsOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(PipelineHops.HEADER);
        return header == null ? null : header.value();
    }

    /** SiteWhere's {@code GDeviceEventContext} of one assignment. */
    static ObjectNode context(ActiveAssignment a) {
        ObjectNode context = JSON.createObjectNode();
        context.put("deviceId", a.deviceId().toString());
        context.put("deviceToken", a.deviceToken());
        context.put("deviceTypeId", a.deviceTypeId().toString());
        context.put("deviceAssignmentId", a.assignmentId().toString());
        context.put("deviceAssignmentToken", a.assignmentToken());
        a.customerId().ifPresent(v -> context.put("customerId", v.toString()));
        a.areaId().ifPresent(v -> context.put("areaId", v.toString()));
        a.assetId().ifPresent(v -> context.put("assetId", v.toString()));
        return context;
    }

    private AssignmentCache.Lookup lookup(String token) throws SQLException {
        AssignmentCache cache = stage.tenant().cache();
        var cached = cache.get(token);
        if (cached.isPresent()) {
            return cached.get();
        }
        Connection db = connection();
        try {
            List<ActiveAssignment> active = DIRECTORY.activeAssignments(db, token);
            boolean known = !active.isEmpty() || deviceExists(db, token);
            AssignmentCache.Lookup lookup = new AssignmentCache.Lookup(known, active);
            cache.put(token, lookup);
            return lookup;
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private static boolean deviceExists(Connection db, String token) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT 1 FROM devicemanagement.device WHERE token = ?")) {
            query.setString(1, token);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The connection to the tenant's database on the site now serving it; reopened after a switch. */
    private Connection connection() throws SQLException {
        String site = stage.tenant().routing().siteOf(stage.tenant().name(), io.contmig.target.Store.POSTGRESQL);
        if (connection != null && !site.equals(connectedSite)) {
            closeConnection();
        }
        if (connection == null) {
            var endpoints = stage.tenant().routing().endpoints(site, stage.site());
            connection = DriverManager.getConnection(endpoints.jdbcUrl(stage.names().database()),
                    endpoints.postgresUser(), endpoints.postgresPassword());
            connectedSite = site;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection: nothing more to release
            }
            connection = null;
        }
    }

    @Override
    protected void closed() {
        closeConnection();
    }
}
