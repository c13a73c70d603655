package io.contmig.sandbox.routing;

import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.target.WriteBlockedException;
import io.contmig.target.WriteGate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxRoutingTest {

    private static final SiteAddresses ADDRESSES = new SiteAddresses() {
        @Override
        public SiteEndpoints endpoints(String site, String from) {
            String where = site + "-from-" + from;
            return new SiteEndpoints(site, "jdbc:postgresql://" + where + "/postgres", "u", "p", where + ":9092",
                    "http://" + where, "tcp://" + where);
        }

        @Override
        public String gatewayMqttUrl(String from) {
            return "tcp://gateway-from-" + from;
        }
    };

    private final SandboxRouting routing = new SandboxRouting(List.of("cloud", "edge"), ADDRESSES);

    @Test
    void switchMovesOneStoreAndTellsListeners() {
        routing.addTenant("acme", "cloud");
        List<String> told = new ArrayList<>();
        routing.addListener(new RoutingListener() {
            @Override
            public void switched(String tenant, Store store, String from, String to) {
                told.add(tenant + "/" + store.label() + ":" + from + "->" + to);
            }

            @Override
            public void pauseKafkaConsumers(String tenant) {
                told.add("pause " + tenant);
            }

            @Override
            public void resumeKafkaConsumers(String tenant) {
                told.add("resume " + tenant);
            }
        });
        routing.switchSite("acme", Store.POSTGRESQL, "edge");
        routing.switchSite("acme", Store.POSTGRESQL, "edge");
        assertThat(routing.siteOf("acme", Store.POSTGRESQL)).isEqualTo("edge");
        assertThat(routing.siteOf("acme", Store.KAFKA)).isEqualTo("cloud");
        assertThat(routing.storeEndpoints("acme", Store.POSTGRESQL).kafkaBootstrap())
                .isEqualTo("edge-from-cloud:9092");
        assertThat(told).containsExactly("acme/postgresql:cloud->edge");
    }

    @Test
    void blockHoldsWritersThenReleasesThem() throws Exception {
        routing.addTenant("acme", "cloud");
        WriteGate gate = routing.gate("acme", Store.INFLUXDB);
        TenantRouting.WriteBlock block = routing.blockWrites("acme", Store.INFLUXDB, Duration.ofSeconds(30));
        CountDownLatch entering = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                entering.countDown();
                gate.enter();
                gate.exit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entering.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.isBlocked()).isTrue();
        assertThat(writer).isNotDone();
        block.close();
        block.close();
        writer.get(5, TimeUnit.SECONDS);
        assertThat(gate.isBlocked()).isFalse();
    }

    @Test
    void aWriterBlockedTooLongFailsLoudly() throws Exception {
        routing.addTenant("acme", "cloud");
        try (TenantRouting.WriteBlock ignored = routing.blockWrites("acme", Store.KAFKA, Duration.ofMillis(50))) {
            assertThatThrownBy(() -> routing.gate("acme", Store.KAFKA).enter())
                    .isInstanceOf(WriteBlockedException.class)
                    .hasMessageContaining("acme/kafka: writes blocked for more than 50 ms");
        }
    }

    @Test
    void blockWaitsForWritesInFlight() throws Exception {
        routing.addTenant("acme", "cloud");
        WriteGate gate = routing.gate("acme", Store.POSTGRESQL);
        gate.enter();
        CompletableFuture<TenantRouting.WriteBlock> blocking = CompletableFuture.supplyAsync(() -> {
            try {
                return routing.blockWrites("acme", Store.POSTGRESQL, Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> blocking.get(200, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        gate.exit();
        blocking.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void dualWriteOnlyForInflux() {
        routing.addTenant("acme", "cloud");
        routing.startDualWrite("acme", Store.INFLUXDB, "edge");
        assertThat(routing.dualWriteSite("acme", Store.INFLUXDB)).contains("edge");
        routing.stopDualWrite("acme", Store.INFLUXDB);
        routing.stopDualWrite("acme", Store.INFLUXDB);
        assertThat(routing.dualWriteSite("acme", Store.INFLUXDB)).isEmpty();
        assertThatThrownBy(() -> routing.startDualWrite("acme", Store.KAFKA, "edge"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("kafka");
    }

    @Test
    void unknownNamesAreNamed() {
        routing.addTenant("acme", "cloud");
        assertThatThrownBy(() -> routing.siteOf("globex", Store.KAFKA)).hasMessageContaining("tenant (globex)");
        assertThatThrownBy(() -> routing.switchSite("acme", Store.KAFKA, "mars"))
                .hasMessageContaining("site (mars) is unknown (expected one of: cloud, edge)");
    }
}
