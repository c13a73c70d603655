package io.contmig.load.mqtt;

import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestFreshnessProbeTest {

    private static RestFreshnessProbe probe(double share, long seed) {
        return new RestFreshnessProbe(RestFreshnessProbe.Config.of(URI.create("http://127.0.0.1:1/sitewhere/api"),
                () -> "jwt", Map.of("acme", Map.of("d1", "a1")), share, seed), new SampleRecorder(),
                RunClock.startingNow());
    }

    @Test
    void samplesTheConfiguredShareReproduciblyPerSeed() {
        RestFreshnessProbe five = probe(0.05, 42);
        RestFreshnessProbe again = probe(0.05, 42);
        RestFreshnessProbe otherSeed = probe(0.05, 7);
        int sampled = 0;
        int same = 0;
        int sameAsOtherSeed = 0;
        for (int device = 0; device < 100; device++) {
            for (long seq = 1; seq <= 1000; seq++) {
                boolean s = five.sampled("dev-" + device, seq);
                sampled += s ? 1 : 0;
                same += s == again.sampled("dev-" + device, seq) ? 1 : 0;
                sameAsOtherSeed += s && otherSeed.sampled("dev-" + device, seq) ? 1 : 0;
            }
        }
        assertThat(sampled).isBetween(4_700, 5_300);
        assertThat(same).isEqualTo(100_000);
        assertThat(sameAsOtherSeed).isLessThan(sampled / 5);
        assertThat(probe(0, 42).sampled("dev-1", 1)).isFalse();
        assertThat(probe(1, 42).sampled("dev-1", 1)).isTrue();
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> probe(1.5, 1)).hasMessageContaining("freshness share (1.5) must be within [0, 1]");
    }
}
