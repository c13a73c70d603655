package io.contmig.load.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulePacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void aSparseScheduleParksUntilJustBeforeTheEventThenSpins() {
        SchedulePacer pacer = new SchedulePacer();
        for (int i = 0; i < 100; i++) {
            pacer.fired(i * 5 * MS); // 200 events/s on this thread
        }

        assertThat(pacer.dense()).isFalse();
        assertThat(pacer.parkNanos(3 * MS)).isEqualTo(3 * MS - SchedulePacer.SPIN_BELOW_NANOS / 2);
        assertThat(pacer.parkNanos(SchedulePacer.SPIN_BELOW_NANOS)).isZero();
        assertThat(pacer.parkNanos(1_000)).isZero();
    }

    @Test
    void aDenseScheduleNeverSpinsAndGathersEventsForAtLeastTheBatchPark() {
        SchedulePacer pacer = new SchedulePacer();
        for (int i = 0; i < 100; i++) {
            pacer.fired(i * 100_000L); // 10,000 events/s on this thread
        }

        assertThat(pacer.dense()).isTrue();
        assertThat(pacer.parkNanos(1_000)).isEqualTo(SchedulePacer.BATCH_PARK_NANOS);
        assertThat(pacer.parkNanos(SchedulePacer.SPIN_BELOW_NANOS)).isEqualTo(SchedulePacer.BATCH_PARK_NANOS);
        assertThat(pacer.parkNanos(MS)).isEqualTo(MS);
    }

    @Test
    void startsPreciseAndFollowsTheScheduleBothWays() {
        SchedulePacer pacer = new SchedulePacer();
        assertThat(pacer.dense()).isFalse();

        long t = 0;
        for (int i = 0; i < 100; i++) {
            pacer.fired(t += 50_000L);
        }
        assertThat(pacer.dense()).isTrue();
        // One long pause alone does not end a dense phase (gaps are capped)...
        pacer.fired(t += 60_000 * MS);
        assertThat(pacer.dense()).isTrue();
        // ...a schedule that stays sparse does.
        for (int i = 0; i < 100; i++) {
            pacer.fired(t += 10 * MS);
        }
        assertThat(pacer.dense()).isFalse();
    }
}
