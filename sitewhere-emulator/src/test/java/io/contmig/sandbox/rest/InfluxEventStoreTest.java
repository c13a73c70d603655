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

    /** InfluxDB's answer to a listing: one measurement row, with or without its event id (a point partly visible). */
    private static com.fasterxml.jackson.databind.JsonNode page(boolean withEventId) throws java.io.IOException {
        String columns = "[\"time\",\"assignment\",\"device\",\"eid\",\"meta:precision\",\"mxname\","
                + "\"mxvalue\",\"rcvdate\",\"type\"]";
        String values = "[1616667330000,\"" + ASSIGNMENT + "\",\"" + DEVICE + "\","
                + (withEventId ? "\"" + EVENT + "\"" : "null") + ",\"ms\","
                + (withEventId ? "\"t\",1.5" : "null,null") + ",\"2021-03-25T10:15:30.123Z\",\"Measurement\"]";
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"results\":[{\"series\":[{\"name\":"
                + "\"events\",\"columns\":" + columns + ",\"values\":[" + values + "]}]}]}");
    }

    @Test
    void aPageShowingAPointPartlyWrittenIsReadAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        var events = InfluxEventStore.readPage(() -> page(asked.incrementAndGet() > 1));
        assertThat(asked).hasValue(2);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(EVENT);
            assertThat(e.values()).containsEntry("value", 1.5);
        });
    }

    @Test
    void aPointThatStaysPartialFailsTheListingNamingTheMissingColumn() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InfluxEventStore.readPage(() -> {
                    asked.incrementAndGet();
                    return page(false);
                }))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("has no 'eid'").hasMessageContaining("rcvdate");
        assertThat(asked).hasValue(3);
    }
}
