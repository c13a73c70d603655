package io.contmig.sandbox.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDecoderTest {

    private final EventDecoder decoder = new EventDecoder();

    private DecodedRequest decode(String json) throws DecodeException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesSiteWheresPublishedMeasurementExample() throws DecodeException {
        DecodedRequest r = decode("""
                {"deviceToken":"12345-MEGA2560-7654321","type":"DeviceMeasurement",
                 "request":{"name":"engine.temperature","value":170.5,"eventDate":"2021-03-25T10:15:30.000Z",
                            "updateState":true,"metadata":{"fromMQTT":"true"}}}""");
        assertThat(r.deviceToken()).isEqualTo("12345-MEGA2560-7654321");
        assertThat(r.type()).isEqualTo(RequestType.DeviceMeasurement);
        assertThat(r.request().get("value").decimalValue()).isEqualByComparingTo("170.5");
        assertThat(r.originator()).isEmpty();
    }

    @Test
    void decodesLocationAlertRegistrationAndAck() throws DecodeException {
        assertThat(decode("""
                {"deviceToken":"79439-OPENHAB-2059127","type":"DeviceLocation",
                 "request":{"latitude":34.10469794977326,"longitude":-84.23966646194458,"elevation":0.0,
                            "eventDate":1616667330000,"updateState":true,"metadata":{"fromMQTT":"true"}}}""").type())
                .isEqualTo(RequestType.DeviceLocation);
        assertThat(decode("""
                {"deviceToken":"99797-RASPBERRYPI-5545473","type":"DeviceAlert",
                 "request":{"type":"engine.overheat","message":"Engine overheating.","level":"Error","source":"Device",
                            "eventDate":"2021-03-25T10:15:30.000Z","metadata":{"name1":"value1"}}}""").type())
                .isEqualTo(RequestType.DeviceAlert);
        assertThat(decode("""
                {"deviceToken":"88236-MEGA2560-5556107","type":"RegisterDevice",
                 "request":{"deviceTypeToken":"mega2560","metadata":{"ip_address":"192.168.1.2"}}}""").type())
                .isEqualTo(RequestType.RegisterDevice);
        DecodedRequest ack = decode("""
                {"deviceToken":"88236-MEGA2560-5556107","type":"Acknowledge",
                 "originator":"4f8e3a52-2b7c-4d8e-9c3e-0a1b2c3d4e5f",
                 "request":{"originatingEventId":"4f8e3a52-2b7c-4d8e-9c3e-0a1b2c3d4e5f","response":"ok"}}""");
        assertThat(ack.originator()).contains("4f8e3a52-2b7c-4d8e-9c3e-0a1b2c3d4e5f");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all                                                                        | not JSON",
            "[1,2]                                                                                  | not a JSON object",
            "{\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1}}              | Device token is missing",
            "{\"deviceToken\":\"d\",\"type\":\"Telemetry\",\"request\":{}}                          | type (Telemetry) is unknown",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\"}                                 | request is missing",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1,\"unit\":\"C\"}} | request.unit: unrecognized field",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":\"warm\"}}  | request.value (\"warm\") is not a number",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceAlert\",\"request\":{\"type\":\"x\",\"level\":\"Fatal\"}}       | request.level",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceLocation\",\"request\":{\"latitude\":1,\"name\":\"t\"}}        | request.name: unrecognized field",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"eventDate\":\"yesterday\"}} | request.eventDate",
            "{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"metadata\":{\"a\":{}}}}   | request.metadata.a",
    })
    void refusesWhatSiteWhereRefuses(String payload, String message) {
        assertThatThrownBy(() -> decode(payload)).isInstanceOf(DecodeException.class).hasMessageContaining(message);
    }

    @Test
    void ignoresUnknownTopLevelFieldsAsSiteWhereDoes() throws DecodeException {
        assertThat(decode("{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\",\"extra\":1,"
                + "\"request\":{\"name\":\"t\",\"value\":\"21.5\"}}").deviceToken()).isEqualTo("d");
    }

    /** What would stop the persistence stage (InfluxDB answers 400 to it) is refused at the door, naming the field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"t\",\"value\":1e400} | request.value is not a finite number",
            "{\"name\":\"t\",\"value\":\"-1e400\"} | request.value is not a finite number",
            "{\"name\":\"t\",\"value\":1,\"eventDate\":9223372036855} | request.eventDate (9223372036855) is outside InfluxDB's time range",
            "{\"name\":\"t\",\"value\":1,\"eventDate\":\"1500-01-01T00:00:00Z\"} | is outside InfluxDB's time range",
            "{\"name\":\"t\",\"value\":1,\"eventDate\":\"+999999999-12-31T23:59:59Z\"} | is not epoch millis nor an ISO-8601 date",
            "{\"name\":\"t\",\"value\":1,\"eventDate\":99999999999999999999} | is not epoch millis nor an ISO-8601 date",
            "{\"name\":\"t\\u0007\",\"value\":1} | request.name (t\\u0007) holds a control character",
            "{\"name\":\"t\",\"value\":1,\"metadata\":{\"a\\nb\":\"x\"}} | request.metadata key (a\\u000ab) holds the control character U+000A",
            "{\"name\":\"t\",\"value\":1,\"metadata\":{\"end\\\\\":\"x\"}} | request.metadata key (end\\) ends with a backslash"})
    void refusesWhatInfluxDbCannotStore(String request, String message) {
        assertThatThrownBy(() -> decode("{\"deviceToken\":\"d\",\"type\":\"DeviceMeasurement\",\"request\":"
                + request + "}")).isInstanceOf(DecodeException.class).hasMessageContaining(message.trim());
    }

    @Test
    void refusesAnAlertTypeThatCannotBeATagAndKeepsOrdinaryOnes() throws DecodeException {
        assertThatThrownBy(() -> decode("{\"deviceToken\":\"d\",\"type\":\"DeviceAlert\","
                + "\"request\":{\"type\":\"engine\\noverheat\",\"message\":\"m\"}}"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("request.type (engine\\u000aoverheat) holds the control character U+000A");
        assertThat(decode("{\"deviceToken\":\"d\",\"type\":\"DeviceAlert\","
                + "\"request\":{\"type\":\"engine overheat, =again\",\"message\":\"two\\nlines\"}}").type())
                .isEqualTo(RequestType.DeviceAlert);
    }
}
