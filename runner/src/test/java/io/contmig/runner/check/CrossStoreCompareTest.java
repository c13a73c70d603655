package io.contmig.runner.check;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrossStoreCompareTest {

    /** Two devices: d1 acknowledged 1..5, d2 acknowledged 1..3. */
    private static final AcknowledgedEvents ACKED = new AcknowledgedEvents() {
        @Override
        public Iterable<String> tenants() {
            return List.of("acme");
        }

        @Override
        public Map<String, String> deviceIds(String tenant) {
            return Map.of("d1", "uuid-1", "d2", "uuid-2");
        }

        @Override
        public void forEachAcknowledged(String tenant, String device, LongConsumer action) {
            int n = device.equals("d1") ? 5 : 3;
            for (long s = 1; s <= n; s++) {
                action.accept(s);
            }
        }
    };

    private static SeqSet seqs(long... values) {
        SeqSet set = new SeqSet();
        for (long v : values) {
            set.add(v);
        }
        return set;
    }

    @Test
    void countsLostDuplicatedReorderedAndUnexpected() {
        Map<String, SeqSet> seen = new HashMap<>();
        seen.put("d1", seqs(1, 2, 4, 3, 3, 5, 6)); // 3 after 4: reordered; 3 twice: duplicate; 6 never acked
        seen.put("d2", seqs(1, 3));                // 2 lost
        StoreCheck check = CrossStoreChecker.compare("kafka", "acme", "here", ACKED, seen, true);
        assertThat(check.expected()).isEqualTo(8);
        assertThat(check.lost()).isEqualTo(1);
        assertThat(check.examples()).containsExactly("d2:2");
        assertThat(check.duplicated()).isEqualTo(1);
        assertThat(check.reordered()).isEqualTo(1);
        assertThat(check.unexpected()).isEqualTo(1);
        assertThat(check.problem()).isEmpty(); // read, with a loss: the reports judge it FAIL
    }

    @Test
    void everythingPresentPassesAndUnorderedStoresReportNoReordering() {
        Map<String, SeqSet> seen = new HashMap<>();
        seen.put("d1", seqs(5, 4, 3, 2, 1));
        seen.put("d2", seqs(1, 2, 3));
        StoreCheck check = CrossStoreChecker.compare("influxdb", "acme", "here", ACKED, seen, false);
        assertThat(check.lost()).isZero();
        assertThat(check.reordered()).isZero();
        assertThat(check.problem()).isEmpty(); // read, nothing lost
    }

    @Test
    void aDeviceTheStoreNeverSawLosesEverything() {
        StoreCheck check = CrossStoreChecker.compare("influxdb", "acme", "here", ACKED, Map.of(), false);
        assertThat(check.lost()).isEqualTo(8);
        assertThat(check.examples()).hasSize(8);
    }

    @Test
    void seqIsReadFromTheDecodedEventJson() {
        assertThat(CrossStoreChecker.seqOfDecodedEvent(
                "{\"deviceToken\":\"d1\",\"request\":{\"metadata\":{\"seq\":\"42\"}}}")).isEqualTo(42);
        assertThat(CrossStoreChecker.seqOfDecodedEvent("{\"request\":{}}")).isZero();
        assertThat(CrossStoreChecker.seqOfDecodedEvent("not json")).isZero();
        assertThatThrownBy(() -> new SeqSet().add(0)).hasMessageContaining("out of range");
    }
}
