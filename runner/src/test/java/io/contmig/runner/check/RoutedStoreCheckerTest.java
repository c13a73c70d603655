package io.contmig.runner.check;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.SiteEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A store that cannot be read is a recorded fact (a check with its problem), not an exception that ends the run. */
@Timeout(60)
class RoutedStoreCheckerTest {

    private static SiteEndpoints nowhere(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:9/postgres", "u", "pw", "127.0.0.1:9",
                "http://127.0.0.1:9", "tcp://127.0.0.1:9");
    }

    @Test
    void unreadableStoresAreChecksWithTheirProblem() throws Exception {
        // Port 9 (discard) is closed on loopback: Kafka finds no broker within the timeout, InfluxDB refuses.
        SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("edge", nowhere("edge"), "cloud", nowhere("cloud")))
                .addTenant("acme", "edge");
        AcknowledgedEvents acked = new AcknowledgedEvents() {
            public Iterable<String> tenants() { return List.of("acme"); }
            public Map<String, String> deviceIds(String tenant) { return Map.of("d1", "id1"); }
            public void forEachAcknowledged(String tenant, String device, LongConsumer action) { action.accept(1); }
        };

        List<StoreCheck> checks = new RoutedStoreChecker(Duration.ofSeconds(2)).check(routing, acked);

        assertThat(checks).extracting(StoreCheck::store).containsExactly("kafka", "influxdb");
        assertThat(checks).allSatisfy(c -> {
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.where()).isEqualTo("edge");
            assertThat(c.problem()).isNotBlank();
            assertThat(c.lost()).isZero();
        });
    }
}
