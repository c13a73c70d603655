package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleRecorderTest {

    private static final long MS = 1_000_000L;

    @Test
    void registrationCreatesTheContractTags() {
        SampleRecorder recorder = new SampleRecorder();
        recorder.operation("mqtt.e2e", "acme");
        recorder.operation("mqtt.e2e", "globex");
        recorder.operation("rest.listMeasurements");

        assertThat(recorder.tags()).containsExactly("mqtt.e2e", "mqtt.e2e.ko", "mqtt.e2e@acme", "mqtt.e2e.ko@acme",
                "mqtt.e2e@globex", "mqtt.e2e.ko@globex", "rest.listMeasurements", "rest.listMeasurements.ko");
    }

    @Test
    void registrationIsIdempotent() {
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int globex = recorder.operation("mqtt.e2e", "globex");

        assertThat(recorder.operation("mqtt.e2e", "acme")).isEqualTo(acme);
        assertThat(globex).isNotEqualTo(acme);
    }

    @Test
    void successesAndFailuresCountUnderTheOperationAndTheTenant() {
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int globex = recorder.operation("mqtt.e2e", "globex");

        recorder.record(acme, 0, 2 * MS, 10 * MS, true);
        recorder.record(acme, 0, 0, 30 * MS, false);
        recorder.record(globex, 5 * MS, 5 * MS, 7 * MS, true);
        Map<String, Histogram> intervals = recorder.takeIntervals();

        assertThat(intervals.get("mqtt.e2e").getTotalCount()).isEqualTo(2);
        assertThat(intervals.get("mqtt.e2e.ko").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e@acme").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e.ko@acme").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e@globex").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e.ko@globex").getTotalCount()).isZero();
        // Response time from the intended start, in microseconds: 10 ms although service took 8 ms.
        Histogram acmeOk = intervals.get("mqtt.e2e@acme");
        assertThat(acmeOk.valuesAreEquivalent(acmeOk.getMaxValue(), 10_000)).isTrue();
        Histogram globexOk = intervals.get("mqtt.e2e@globex");
        assertThat(globexOk.valuesAreEquivalent(globexOk.getMaxValue(), 2_000)).isTrue();
    }

    @Test
    void intervalsResetWhenTaken() {
        SampleRecorder recorder = new SampleRecorder();
        int op = recorder.operation("rest.getDevice");
        recorder.record(op, 0, 0, MS, true);
        recorder.takeIntervals();

        assertThat(recorder.takeIntervals().get("rest.getDevice").getTotalCount()).isZero();
    }

    @Test
    void outOfRangeValuesAreClamped() {
        SampleRecorder recorder = new SampleRecorder();
        int op = recorder.operation("mqtt.publish");
        recorder.record(op, 10 * MS, 10 * MS, 5 * MS, true);
        recorder.record(op, 0, 0, 2 * 3_600_000_000_000L, true);
        Histogram h = recorder.takeIntervals().get("mqtt.publish");

        assertThat(h.getMinValue()).isZero();
        assertThat(h.valuesAreEquivalent(h.getMaxValue(), SampleRecorder.HIGHEST_TRACKABLE_MICROS)).isTrue();
    }

    @Test
    void badNamesAreRefused() {
        SampleRecorder recorder = new SampleRecorder();
        assertThatThrownBy(() -> recorder.operation("mqtt.e2e.ko")).hasMessageContaining("not end in '.ko'");
        assertThatThrownBy(() -> recorder.operation("a@b")).hasMessageContaining("without '@'");
        assertThatThrownBy(() -> recorder.operation("mqtt.e2e", "ac@me")).hasMessageContaining("tenant 'ac@me'");
    }
}
