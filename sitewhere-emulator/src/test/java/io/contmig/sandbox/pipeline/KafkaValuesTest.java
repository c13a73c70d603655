package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;
import io.contmig.sitewhere.EventSeq;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One event through the three topics' values in both forms: what a stage writes, the next stage reads. */
class KafkaValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActiveAssignment ASSIGNMENT = new ActiveAssignment(UUID.randomUUID(), "dev-1",
            UUID.randomUUID(), UUID.randomUUID(), "asg-1", Optional.of(UUID.randomUUID()), Optional.empty(),
            Optional.empty());

    @Test
    void bothFormsCarryTheSameEventThroughEveryTopic() throws Exception {
        for (KafkaValues values : KafkaValues.values()) {
            ObjectNode decoded = (ObjectNode) JSON.readTree("""
                    {"sourceId":"json","deviceToken":"dev-1","type":"DeviceMeasurement",
                     "request":{"name":"t","value":21.5,"eventDate":1700000000000,"metadata":{"seq":"17"}}}""");
            byte[] decodedBytes = values.decoded(decoded);
            assertThat(decodedBytes[0] == '{').as(values.label()).isEqualTo(values == KafkaValues.JSON);
            assertThat(EventSeq.ofDecodedEvent(decodedBytes)).as(values.label()).isEqualTo(17);

            JsonNode read = values.decoded(decodedBytes);
            RequestType type = RequestType.byName(read.path("type").asText()).orElseThrow();
            ObjectNode inbound = JSON.createObjectNode();
            inbound.put("sourceId", "json");
            inbound.put("deviceToken", "dev-1");
            inbound.set("context", InboundProcessing.context(ASSIGNMENT));
            inbound.set("event", DeviceEvents.create(type, read.path("request"), ASSIGNMENT, UUID.randomUUID(), 5L));
            byte[] inboundBytes = values.preprocessed(inbound, type.name(), read.path("request"));

            ObjectNode persisted = values.preprocessedEvent(inboundBytes, 5L);
            ObjectNode event = (ObjectNode) persisted.path("event");
            assertThat(event.path("deviceAssignmentId").asText()).isEqualTo(ASSIGNMENT.assignmentId().toString());
            assertThat(event.path("customerId").asText()).isEqualTo(ASSIGNMENT.customerId().orElseThrow().toString());
            assertThat(event.path("value").decimalValue()).isEqualByComparingTo("21.5");
            assertThat(event.path("eventDate").asLong()).isEqualTo(1700000000000L);
            assertThat(event.path("receivedDate").asLong()).isEqualTo(5L);
            assertThat(event.path("metadata").path("seq").asText()).isEqualTo("17");

            ObjectNode processed = JSON.createObjectNode();
            processed.set("context", persisted.path("context"));
            processed.set("event", event);
            JsonNode echoed = values.processed(values.processed(processed)).path("event");
            assertThat(echoed.path("id")).isEqualTo(event.path("id"));
            assertThat(echoed.path("name").asText()).isEqualTo("t");
        }
    }

    @Test
    void labels() {
        assertThat(KafkaValues.byLabel("protobuf")).contains(KafkaValues.PROTOBUF);
        assertThat(KafkaValues.byLabel("avro")).isEmpty();
    }
}
