package io.contmig.sandbox.rest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxEventStoreTest {

    private static final UUID EVENT = UUID.fromString("00000000-0000-0000-0000-00000000000e");
    private static final UUID DEVICE = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    private static final UUID ASSIGNMENT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    void measurementLineHasSiteWheresTagsFieldsAndMillisecondTime() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "engine.temperature");
        values.put("value", 170.5);
        StoredEvent event = new StoredEvent(EVENT, null, EventKind.MEASUREMENT, DEVICE, ASSIGNMENT, CUSTOMER, null,
                null, Instant.ofEpochMilli(1616667330000L), Instant.parse("2021-03-25T10:15:30.123Z"),
                Map.of("precision", "ms"), values);
        assertThat(InfluxEventStore.lineProtocol(event, Map.of("INFLUX_TAG_zone", "north", "other", "x")))
                .isEqualTo("events,type=Measurement,device=" + DEVICE + ",assignment=" + ASSIGNMENT + ",customer="
                        + CUSTOMER + ",zone=north eid=\"" + EVENT + "\",rcvdate=\"2021-03-25T10:15:30.123Z\","
                        + "meta:precision=\"ms\",mxname=\"engine.temperature\",mxvalue=170.5 1616667330000");
    }

    @Test
    void alertLineEscapesTagsAndQuotesStrings() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("source", "Device");
        values.put("level", "Error");
        values.put("type", "engine overheat,=");
        values.put("message", "say \"hi\" \\ bye");
        StoredEvent event = new StoredEvent(EVENT, "alt-1", EventKind.ALERT, DEVICE, ASSIGNMENT, null, null, null,
                Instant.ofEpochMilli(5), Instant.ofEpochMilli(6), Map.of("k ey", "v"), values);
        assertThat(InfluxEventStore.lineProtocol(event, Map.of()))
                .isEqualTo("events,type=Alert,device=" + DEVICE + ",assignment=" + ASSIGNMENT
                        + ",alert=engine\\ overheat\\,\\=,source=Device,level=Error eid=\"" + EVENT
                        + "\",altid=\"alt-1\",rcvdate=\"1970-01-01T00:00:00.006Z\",meta:k\\ ey=\"v\","
                        + "message=\"say \\\"hi\\\" \\\\ bye\" 5");
    }
}
