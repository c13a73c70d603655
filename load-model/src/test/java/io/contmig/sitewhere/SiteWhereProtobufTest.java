package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteWhereProtobufTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /**
     * A {@code GDecodedEventPayload} written field by field with the numbers of SiteWhere's published
     * {@code device-event-model.proto} (deviceToken = 2, event = 4; measurement = 1; its event = 3; metadata = 7),
     * independently of contmig's own .proto: the checker must read SiteWhere's bytes, not only its own.
     */
    @Test
    void readsTheSeqOfAValueWrittenWithSiteWheresFieldNumbers() throws IOException {
        byte[] metadataEntry = message(o -> {
            o.writeString(1, "seq");
            o.writeString(2, "42");
        });
        byte[] common = message(o -> {
            o.writeUInt64(5, 1616667330000L);
            o.writeByteArray(7, metadataEntry);
        });
        byte[] measurement = message(o -> {
            o.writeString(1, "engine.temperature");
            o.writeString(2, "170.5");
            o.writeByteArray(3, common);
        });
        byte[] any = message(o -> o.writeByteArray(1, measurement));
        byte[] payload = message(o -> {
            o.writeString(1, "json");
            o.writeString(2, "dev-1");
            o.writeByteArray(4, any);
        });

        assertThat(EventSeq.ofDecodedEvent(payload)).isEqualTo(42);
        JsonNode decoded = SiteWhereProtobuf.decoded(payload);
        assertThat(decoded.path("type").asText()).isEqualTo("DeviceMeasurement");
        assertThat(decoded.path("request").path("value").decimalValue()).isEqualByComparingTo("170.5");
        assertThat(decoded.path("request").path("eventDate").asLong()).isEqualTo(1616667330000L);
    }

    @Test
    void jsonAndProtobufDecodedValuesGiveTheSameSeq() throws IOException {
        JsonNode value = json("""
                {"sourceId":"json","deviceToken":"dev-7","originator":"o","type":"DeviceLocation",
                 "request":{"latitude":34.1,"longitude":-84.2,"elevation":1.5,"eventDate":"2021-03-25T10:15:30Z",
                            "metadata":{"seq":"9","k":"v"}}}""");
        byte[] protobuf = SiteWhereProtobuf.decoded(value);

        assertThat(EventSeq.ofDecodedEvent(JSON.writeValueAsBytes(value))).isEqualTo(9);
        assertThat(EventSeq.ofDecodedEvent(protobuf)).isEqualTo(9);
        JsonNode back = SiteWhereProtobuf.decoded(protobuf);
        assertThat(back.path("originator").asText()).isEqualTo("o");
        assertThat(back.path("request").path("eventDate").asLong()).isEqualTo(1616667330000L);
        assertThat(back.path("request").path("elevation").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(back.path("request").path("metadata").path("k").asText()).isEqualTo("v");
    }

    @Test
    void alertsAndPreprocessedAndProcessedValuesRoundTrip() throws IOException {
        JsonNode pre = json("""
                {"sourceId":"json","deviceToken":"dev-1","context":{"deviceToken":"dev-1",
                  "deviceId":"6f1c2a3e-0000-4000-8000-000000000001","deviceTypeId":"6f1c2a3e-0000-4000-8000-000000000002",
                  "deviceAssignmentId":"6f1c2a3e-0000-4000-8000-000000000003"},
                 "type":"DeviceAlert","request":{"type":"engine.overheat","message":"hot","level":"Critical","metadata":{"seq":"3"}}}""");
        JsonNode preBack = SiteWhereProtobuf.preprocessed(SiteWhereProtobuf.preprocessed(pre));
        assertThat(preBack.path("context")).isEqualTo(pre.path("context"));
        assertThat(preBack.path("request").path("level").asText()).isEqualTo("Critical");
        assertThat(preBack.path("request").path("source").asText()).isEqualTo("Device");

        JsonNode processed = json("""
                {"context":{"deviceToken":"dev-1","deviceId":"6f1c2a3e-0000-4000-8000-000000000001"},
                 "event":{"id":"6f1c2a3e-0000-4000-8000-00000000000a","eventType":"Measurement",
                  "deviceId":"6f1c2a3e-0000-4000-8000-000000000001","deviceAssignmentId":"6f1c2a3e-0000-4000-8000-000000000003",
                  "customerId":"6f1c2a3e-0000-4000-8000-000000000004","eventDate":1616667330000,"receivedDate":1616667330123,
                  "metadata":{"precision":"ms","seq":"3"},"name":"t","value":170.5}}""");
        JsonNode back = SiteWhereProtobuf.processed(SiteWhereProtobuf.processed(processed));
        assertThat(back.path("event").path("value").decimalValue()).isEqualByComparingTo("170.5");
        assertThat(back.path("event").path("customerId")).isEqualTo(processed.path("event").path("customerId"));
        assertThat(back.path("event").path("metadata")).isEqualTo(processed.path("event").path("metadata"));
        assertThat(back.path("event").has("areaId")).isFalse();
    }

    @Test
    void whatIsNotSuchAValueIsNamed() {
        assertThat(EventSeq.ofDecodedEvent("not json".getBytes(StandardCharsets.UTF_8))).isZero();
        assertThat(EventSeq.ofDecodedEvent(new byte[] {(byte) 0xff, 0x01})).isZero();
        assertThatThrownBy(() -> SiteWhereProtobuf.processed(new byte[] {(byte) 0xff}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a GProcessedEventPayload");
        assertThatThrownBy(() -> SiteWhereProtobuf.decoded(json("{\"type\":\"DeviceStream\",\"request\":{}}")))
                .hasMessageContaining("type 'DeviceStream' has no SiteWhere protobuf event");
    }

    private interface Writes {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writes writes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writes.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
