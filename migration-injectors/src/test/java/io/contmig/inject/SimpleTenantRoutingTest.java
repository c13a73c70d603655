package io.contmig.inject;

import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.target.WriteBlockedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimpleTenantRoutingTest {

    private static SiteEndpoints endpoints(String site, int port) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "u", "p", "k", "i", "m");
    }

    private final SimpleTenantRouting routing = new SimpleTenantRouting(Map.of(
            "cloud", endpoints("cloud", 1), "edge", endpoints("edge", 2))).addTenant("acme", "cloud");

    @Test
    void endpointsDefaultToTheSiteAndFollowTheWanRoutes() {
        SiteEndpoints viaProxy = endpoints("cloud", 3);
        routing.viaWan("cloud", "edge", viaProxy);
        assertThat(routing.endpoints("cloud", "cloud").postgresJdbcUrl()).contains(":1/");
        assertThat(routing.endpoints("cloud", "edge")).isSameAs(viaProxy);
        assertThatThrownBy(() -> routing.endpoints("moon", "edge")).hasMessage("site: unknown site 'moon' (known: [cloud, edge])");
    }

    @Test
    void aBlockWaitsForWritesInFlightAndHoldsNewOnesUntilClosed() throws Exception {
        SimpleTenantRouting.WritePermit inFlight = routing.beginWrite("acme", Store.POSTGRESQL);
        CompletableFuture<TenantRouting.WriteBlock> block = CompletableFuture.supplyAsync(() -> {
            try {
                return routing.blockWrites("acme", Store.POSTGRESQL, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The block cannot be taken while a write is in flight.
        assertThatThrownBy(() -> block.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);
        inFlight.close();
        TenantRouting.WriteBlock held = block.get(5, TimeUnit.SECONDS);

        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> {
            try (SimpleTenantRouting.WritePermit p = routing.beginWrite("acme", Store.POSTGRESQL)) {
                entered.countDown();
                return p.site();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(200, TimeUnit.MILLISECONDS)).isFalse();
        routing.switchSite("acme", Store.POSTGRESQL, "edge");
        held.close();
        held.close(); // idempotent
        assertThat(writer.get(5, TimeUnit.SECONDS)).isEqualTo("edge");
        assertThat(routing.longestBlock("acme", Store.POSTGRESQL)).isGreaterThan(Duration.ZERO);
        // Other stores of the tenant are not blocked.
        routing.beginWrite("acme", Store.KAFKA).close();
    }

    @Test
    void aWriterBlockedLongerThanMaxWaitFailsWithAClearMessage() throws Exception {
        try (TenantRouting.WriteBlock ignored = routing.blockWrites("acme", Store.INFLUXDB, Duration.ofMillis(50))) {
            assertThatThrownBy(() -> routing.beginWrite("acme", Store.INFLUXDB))
                    .isInstanceOf(WriteBlockedException.class)
                    .hasMessage("acme/influxdb: writes blocked for more than 50 ms (a store switch is in progress)");
        }
        routing.beginWrite("acme", Store.INFLUXDB).close();
    }

    @Test
    void dualWriteIsVisibleToWritersUntilStopped() throws Exception {
        routing.startDualWrite("acme", Store.INFLUXDB, "edge");
        try (SimpleTenantRouting.WritePermit p = routing.beginWrite("acme", Store.INFLUXDB)) {
            assertThat(p.site()).isEqualTo("cloud");
            assertThat(p.dualWriteSite()).contains("edge");
        }
        routing.stopDualWrite("acme", Store.INFLUXDB);
        assertThat(routing.dualWriteSite("acme", Store.INFLUXDB)).isEmpty();
    }

    @Test
    void unknownTenantsAndBadNamesAreRefused() {
        assertThatThrownBy(() -> routing.siteOf("globex", Store.KAFKA)).hasMessage("unknown tenant 'globex' (known: [acme])");
        assertThatThrownBy(() -> routing.addTenant("a'; drop table device; --", "cloud"))
                .hasMessageContaining("must match");
    }
}
