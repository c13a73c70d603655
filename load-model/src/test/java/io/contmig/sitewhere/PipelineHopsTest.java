package io.contmig.sitewhere;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineHopsTest {

    @Test
    void stampsAppendedInOrderDecodeToTheHopsBetweenThem() {
        byte[] stamps = PipelineHops.first(1_000_000);
        long[] at = {1_000_250, 1_003_250, 1_003_300, 1_010_000, 1_012_500, 1_012_600, 1_012_610};
        for (long t : at) {
            stamps = PipelineHops.append(stamps, t);
        }
        String value = new String(stamps, StandardCharsets.US_ASCII);
        assertThat(value).isEqualTo("1000000,250,3000,50,6700,2500,100,10");
        assertThat(PipelineHops.hopMicros(value)).containsExactly(250, 3000, 50, 6700, 2500, 100, 10);
        assertThat(PipelineHops.HOPS).hasSize(PipelineHops.Stamp.values().length - 1);
    }

    @Test
    void aPartialOrMissingOrMalformedValueGivesTheHopsItHas() {
        assertThat(PipelineHops.hopMicros("5,1,2")).containsExactly(1, 2);
        assertThat(PipelineHops.hopMicros("")).isEmpty();
        assertThat(PipelineHops.hopMicros(null)).isEmpty();
        assertThat(PipelineHops.hopMicros("5,x")).isEmpty();
        assertThat(PipelineHops.append(null, 7)).isNull();
        // A stamp earlier than the last (another thread's clock read a moment before) counts as 0, never negative.
        assertThat(PipelineHops.hopMicros(new String(PipelineHops.append(PipelineHops.first(10), 9),
                StandardCharsets.US_ASCII))).containsExactly(0);
    }

    @Test
    void theClockIsMonotonic() {
        long a = PipelineHops.nowMicros();
        long b = PipelineHops.nowMicros();
        assertThat(b).isGreaterThanOrEqualTo(a);
    }
}
