package io.contmig.inject;

import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBlockTimerTest {

    private final SimpleTenantRouting routing = new SimpleTenantRouting(Map.of(
            "cloud", endpoints("cloud"), "edge", endpoints("edge"))).addTenant("acme", "cloud");
    private final AtomicLong nanos = new AtomicLong();
    private final WriteBlockTimer timer = new WriteBlockTimer(routing, nanos::get);

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "u", "p", "k:1", "http://i", "tcp://m");
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void noBlockIsZeroWriteBlockTime() {
        assertThat(timer.facts()).containsEntry("writeBlockMs", 0.0).containsEntry("writeBlocks", 0)
                .containsEntry("writeBlockMsByStore", Map.of());
    }

    @Test
    void overlappingBlocksOfTwoStoresCountTheirUnionOnceAndEachStoreApart() throws Exception {
        TenantRouting.WriteBlock kafka = timer.blockWrites("acme", Store.KAFKA, Duration.ofSeconds(1));
        assertThat(routing.longestBlock("acme", Store.KAFKA)).as("not yet released").isZero();
        advanceMillis(300);
        TenantRouting.WriteBlock influx = timer.blockWrites("acme", Store.INFLUXDB, Duration.ofSeconds(1));
        advanceMillis(200);
        kafka.close();
        kafka.close(); // a second close changes nothing
        advanceMillis(100);
        influx.close();
        advanceMillis(1_000);
        try (TenantRouting.WriteBlock again = timer.blockWrites("acme", Store.KAFKA, Duration.ofSeconds(1))) {
            nanos.addAndGet(250_500); // 0.2505 ms: a sub-millisecond block is not rounded away
        }

        Map<String, Object> facts = timer.facts();
        assertThat(facts).containsEntry("writeBlockMs", 600.251).containsEntry("writeBlocks", 3);
        assertThat(facts.get("writeBlockMsByStore")).isEqualTo(Map.of("kafka", 500.251, "influxdb", 300.0));
        assertThat(routing.longestBlock("acme", Store.KAFKA)).as("the blocks were the wrapped routing's").isPositive();
        try (SimpleTenantRouting.WritePermit write = routing.beginWrite("acme", Store.KAFKA)) {
            assertThat(write).as("released: writes pass again").isNotNull();
        }
    }

    @Test
    void aBlockStillOpenCountsUpToNow() throws Exception {
        timer.blockWrites("acme", Store.POSTGRESQL, Duration.ofSeconds(1));
        advanceMillis(40);
        assertThat(timer.facts()).containsEntry("writeBlockMs", 40.0);
        advanceMillis(10);
        assertThat(timer.facts()).containsEntry("writeBlockMs", 50.0);
    }
}
