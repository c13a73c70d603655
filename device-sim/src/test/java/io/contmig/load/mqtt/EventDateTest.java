package io.contmig.load.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A device never reports two events in one millisecond: InfluxDB would keep only one of them. */
class EventDateTest {

    private final FleetDevice device = new FleetDevice(0, 0, "d1", "uuid-1", () -> Long.MAX_VALUE, 1);

    @Test
    void eventsInTheSameMillisecondGetDistinctIncreasingDates() {
        assertThat(device.nextEventDateMillis(1_000)).isEqualTo(1_000);
        assertThat(device.nextEventDateMillis(1_000)).isEqualTo(1_001);
        assertThat(device.nextEventDateMillis(1_000)).isEqualTo(1_002);
        assertThat(device.nextEventDateMillis(1_001)).isEqualTo(1_003);
    }

    @Test
    void spacedEventsKeepTheirIntendedDate() {
        assertThat(device.nextEventDateMillis(5_000)).isEqualTo(5_000);
        assertThat(device.nextEventDateMillis(5_250)).isEqualTo(5_250);
        assertThat(device.nextEventDateMillis(9_999)).isEqualTo(9_999);
    }
}
