package io.contmig.load.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact acknowledged set, the end-to-end ring, and the payload encoder (pure, no broker). */
class AckAccountingTest {

    @Test
    void outOfOrderAcknowledgementsCollapseIntoTheContiguousPrefix() {
        SeqRanges set = new SeqRanges();
        assertThat(set.add(2)).isTrue();
        assertThat(set.add(3)).isTrue();
        assertThat(set.contains(1)).isFalse();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.add(1)).isTrue();
        assertThat(set.add(2)).isFalse(); // duplicate PUBACK
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.add(10)).isTrue();
        List<Long> all = new ArrayList<>();
        set.forEach(all::add);
        assertThat(all).containsExactly(1L, 2L, 3L, 10L);
        assertThatThrownBy(() -> set.add(0)).hasMessage("seq (0) must be >= 1");
    }

    @Test
    void aLongRunWithGapsKeepsExactlyTheAcknowledgedSeqs() {
        SeqRanges set = new SeqRanges();
        SplittableRandom random = new SplittableRandom(1);
        List<Long> lost = new ArrayList<>();
        // 100,000 events acknowledged in small shuffled windows, 1 in 1000 never acknowledged.
        for (long base = 1; base <= 100_000; base += 8) {
            long[] window = new long[8];
            for (int i = 0; i < 8; i++) {
                window[i] = base + i;
            }
            for (int i = 7; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = window[i];
                window[i] = window[j];
                window[j] = t;
            }
            for (long s : window) {
                if (s % 1000 == 500) {
                    lost.add(s);
                } else {
                    set.add(s);
                }
            }
        }
        assertThat(set.size()).isEqualTo(100_000 - lost.size());
        for (long s : lost) {
            assertThat(set.contains(s)).isFalse();
            assertThat(set.contains(s + 1)).isTrue();
        }
        long[] count = {0};
        long[] previous = {0};
        set.forEach(s -> {
            assertThat(s).isGreaterThan(previous[0]);
            previous[0] = s;
            count[0]++;
        });
        assertThat(count[0]).isEqualTo(set.size());
    }

    @Test
    void echoesResolveOnceAndTheRestAreAbandonedAtTheEnd() {
        FleetDevice d = new FleetDevice(0, 0, "dev-1", "id-1", () -> Long.MAX_VALUE, 1);
        for (long seq = 1; seq <= 100; seq++) {
            d.expectEcho(seq, seq * 1000);
        }
        assertThat(d.resolveEcho(50)).isEqualTo(50_000);
        assertThat(d.resolveEcho(50)).isEqualTo(Long.MIN_VALUE); // duplicate echo
        assertThat(d.resolveEcho(101)).isEqualTo(Long.MIN_VALUE); // never sent
        for (long seq = 1; seq <= 100; seq++) {
            if (seq != 50 && seq != 77) {
                assertThat(d.resolveEcho(seq)).isEqualTo(seq * 1000);
            }
        }
        assertThat(d.pendingEchoes()).isEqualTo(1);
        List<Long> abandoned = new ArrayList<>();
        d.abandonEchoes(abandoned::add);
        assertThat(abandoned).containsExactly(77_000L);
        assertThat(d.pendingEchoes()).isZero();
    }

    @Test
    void payloadsAreSiteWhereJsonWithTheSeqAndTheSameForTheSameSeedInAnyLocale() throws Exception {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma must not leak into JSON
            SiteWhereJsonEvents events = new SiteWhereJsonEvents(EventMix.DEFAULT);
            SplittableRandom a = new SplittableRandom(9);
            SplittableRandom b = new SplittableRandom(9);
            ObjectMapper json = new ObjectMapper();
            int measurements = 0;
            for (long seq = 1; seq <= 1000; seq++) {
                byte[] first = events.encode("dev-1", seq, 1_700_000_000_000L + seq, a);
                byte[] second = events.encode("dev-1", seq, 1_700_000_000_000L + seq, b);
                assertThat(first).isEqualTo(second);
                JsonNode e = json.readTree(new String(first, StandardCharsets.UTF_8));
                assertThat(e.path("deviceToken").asText()).isEqualTo("dev-1");
                assertThat(e.path("request").path("metadata").path("seq").asText()).isEqualTo(Long.toString(seq));
                assertThat(e.path("request").path("eventDate").asLong()).isEqualTo(1_700_000_000_000L + seq);
                String type = e.path("type").asText();
                assertThat(type).isIn("DeviceMeasurement", "DeviceLocation", "DeviceAlert");
                if (type.equals("DeviceMeasurement")) {
                    measurements++;
                    assertThat(e.path("request").path("value").isNumber()).isTrue();
                }
            }
            assertThat(measurements).isBetween(750, 850); // 80 % of the mix
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void badConfigurationNamesTheValue() {
        assertThatThrownBy(() -> new EventMix(0.5, 0.2, 0.2)).hasMessageContaining("mix shares (measurement 0.5, location 0.2, alert 0.2) sum to 0.89");
        assertThatThrownBy(() -> new DeviceIdentity("bad token", "")).hasMessageContaining("device token 'bad token'");
        assertThatThrownBy(() -> FleetConfig.of(java.net.URI.create("http://x:1"), List.of(), i -> () -> 0,
                java.time.Duration.ofSeconds(1))).hasMessageContaining("brokerUri 'http://x:1' must be tcp://host:port");
    }
}
