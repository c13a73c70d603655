package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID DEVICE = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    private static final UUID ASSIGNMENT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID EVENT = UUID.fromString("00000000-0000-0000-0000-00000000000e");
    private static final ActiveAssignment ASSIGNED = new ActiveAssignment(DEVICE, "dev-1", UUID.randomUUID(),
            ASSIGNMENT, "asg-1", Optional.of(CUSTOMER), Optional.empty(), Optional.empty());

    @Test
    void measurementBecomesSiteWheresPointAndOutboundJson() throws Exception {
        ObjectNode event = DeviceEvents.create(RequestType.DeviceMeasurement,
                JSON.readTree("{\"name\":\"engine temp\",\"value\":170.5,\"eventDate\":1616667330000,"
                        + "\"metadata\":{\"seq\":\"7\"}}"), ASSIGNED, EVENT, 1616667330123L);
        DeviceEvents.addPrecision(event);
        assertThat(JSON.writeValueAsString(event)).isEqualTo("{\"id\":\"" + EVENT + "\",\"eventType\":\"Measurement\","
                + "\"deviceId\":\"" + DEVICE + "\",\"deviceAssignmentId\":\"" + ASSIGNMENT + "\",\"customerId\":\""
                + CUSTOMER + "\",\"eventDate\":1616667330000,\"receivedDate\":1616667330123,"
                + "\"metadata\":{\"seq\":\"7\",\"precision\":\"ms\"},\"name\":\"engine temp\",\"value\":170.5}");
        assertThat(DeviceEvents.point(event)).isEqualTo("events,assignment=" + ASSIGNMENT + ",customer=" + CUSTOMER
                + ",device=" + DEVICE + ",type=Measurement eid=\"" + EVENT + "\",mxname=\"engine temp\","
                + "mxvalue=170.5,rcvdate=\"2021-03-25T10:15:30.123Z\",meta:seq=\"7\",meta:precision=\"ms\" "
                + "1616667330000000000");
    }

    @Test
    void alertCarriesAlertTagsAndDefaults() throws Exception {
        ObjectNode event = DeviceEvents.create(RequestType.DeviceAlert,
                JSON.readTree("{\"type\":\"engine.overheat\",\"message\":\"Engine, \\\"hot\\\"\"}"), ASSIGNED, EVENT,
                1000L);
        DeviceEvents.addPrecision(event);
        assertThat(event.get("level").asText()).isEqualTo("Info");
        assertThat(event.get("source").asText()).isEqualTo("Device");
        assertThat(event.get("eventDate").asLong()).isEqualTo(1000L);
        assertThat(DeviceEvents.point(event))
                .contains(",alert=engine.overheat,")
                .contains(",level=Info,")
                .contains(",source=Device,")
                .contains("message=\"Engine, \\\"hot\\\"\"");
    }

    @Test
    void locationHasCoordinatesAndZeroElevationByDefault() throws Exception {
        ObjectNode event = DeviceEvents.create(RequestType.DeviceLocation,
                JSON.readTree("{\"latitude\":34.1,\"longitude\":-84.2}"), ASSIGNED, EVENT, 1000L);
        DeviceEvents.addPrecision(event);
        assertThat(DeviceEvents.point(event)).contains("type=Location ")
                .contains("latitude=34.1,longitude=-84.2,elevation=0,");
    }

    @Test
    void keepsAGivenPrecisionAndTruncatesTime() throws Exception {
        ObjectNode event = DeviceEvents.create(RequestType.DeviceMeasurement,
                JSON.readTree("{\"name\":\"t\",\"value\":1,\"eventDate\":1999,\"metadata\":{\"precision\":\"s\"}}"),
                ASSIGNED, EVENT, 1000L);
        DeviceEvents.addPrecision(event);
        assertThat(event.path("metadata").path("precision").asText()).isEqualTo("s");
        assertThat(DeviceEvents.point(event)).endsWith(" 1000000000");
    }
}
