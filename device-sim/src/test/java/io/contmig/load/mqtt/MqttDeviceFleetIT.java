package io.contmig.load.mqtt;

import io.contmig.load.testing.EchoPipeline;
import io.contmig.load.testing.FixedWallClock;
import io.contmig.load.testing.HlogSamples;
import io.contmig.load.testing.TestRelay;
import io.contmig.plan.ArrivalSchedule;
import io.contmig.plan.Arrivals;
import io.contmig.plan.LoadProfile;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.servers.DelayProxy;
import io.contmig.servers.MosquittoServer;
import io.contmig.testkit.Await;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.contmig.plan.MqttClientKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static io.contmig.plan.LoadProfile.constantRate;
import static io.contmig.plan.LoadProfile.rampRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet against a real Mosquitto: the stall test pauses the servers module's {@link DelayProxy} in front of it;
 * the reconnect test drops connections through this module's {@link TestRelay}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MqttDeviceFleetIT {

    private static MosquittoServer broker;
    private static URI brokerUri;

    @BeforeAll
    static void startBroker() {
        Path dir = Path.of("target", "it-mqtt").toAbsolutePath();
        broker = new MosquittoServer(MosquittoServer.Options.defaults("device-sim-fleet-it", dir.resolve("fleet"))
                .withRunDir(dir.resolve("run")));
        broker.start();
        brokerUri = URI.create(broker.url());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<TenantDevices> tenants(int perTenant, String... names) {
        List<TenantDevices> list = new ArrayList<>();
        for (String t : names) {
            List<DeviceIdentity> devices = new ArrayList<>();
            for (int i = 1; i <= perTenant; i++) {
                String token = t + "-dev-" + i;
                devices.add(new DeviceIdentity(token,
                        java.util.UUID.nameUUIDFromBytes(token.getBytes(StandardCharsets.UTF_8)).toString()));
            }
            list.add(new TenantDevices(t, devices));
        }
        return list;
    }

    private static Map<String, String> idsByToken(List<TenantDevices> tenants) {
        Map<String, String> ids = new HashMap<>();
        tenants.forEach(t -> t.devices().forEach(d -> ids.put(d.token(), d.deviceId())));
        return ids;
    }

    private static IntendedStarts.PerDevice plan(long seed, LoadProfile ratePerDevice, Arrivals arrivals) {
        return i -> ArrivalSchedule.forDevice(seed, i, ratePerDevice, arrivals)::nextIntendedNanos;
    }

    @ParameterizedTest
    @EnumSource(MqttClientKind.class)
    void everyAcknowledgedEventIsInTheLedgerAndEchoesAreMatchedBySeq(MqttClientKind client) throws Exception {
        List<TenantDevices> tenants = tenants(5, "acme", "globex");
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        FleetConfig config = FleetConfig.of(brokerUri, tenants,
                plan(7, LoadProfile.of(constantRate(40)), Arrivals.POISSON), Duration.ofSeconds(2))
                .withSchedulerThreads(2) // devices split over two schedulers; per-device order still holds
                .withClient(client);
        try (EchoPipeline echo = new EchoPipeline(brokerUri, idsByToken(tenants));
             MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
            // The pipeline loses seq 3 of one device: its echo must end as mqtt.e2e.ko, not vanish.
            echo.dropWhen(e -> e.path("deviceToken").asText().equals("globex-dev-2")
                    && e.path("request").path("metadata").path("seq").asText().equals("3"));
            fleet.connect();
            fleet.start();
            assertThat(fleet.awaitLoadEnd(Duration.ofSeconds(10))).isTrue();
            FleetSummary summary = fleet.drain(Duration.ofSeconds(2));

            assertThat(summary.published()).isBetween(700L, 900L); // 10 devices × 40/s × 2 s, Poisson
            assertThat(summary.publishFailures()).isZero();
            assertThat(summary.acknowledged()).isEqualTo(summary.published());
            assertThat(summary.echoesMatched()).isEqualTo(summary.published() - 1);
            assertThat(summary.echoesTimedOut()).isEqualTo(1);
            assertThat(summary.mode()).isEqualTo(ConnectionMode.PER_DEVICE);
            assertThat(summary.connections()).isEqualTo(10);

            AckLedger ledger = fleet.ackLedger();
            long total = 0;
            for (String tenant : ledger.tenants()) {
                for (String token : ledger.deviceIds(tenant).keySet()) {
                    long highest = ledger.highestSent(tenant, token);
                    List<Long> seqs = new ArrayList<>();
                    ledger.forEachAcknowledged(tenant, token, seqs::add);
                    assertThat(seqs).hasSize((int) highest);
                    for (int s = 0; s < seqs.size(); s++) {
                        assertThat(seqs.get(s)).isEqualTo(s + 1L);
                    }
                    assertThat(ledger.isAcknowledged(tenant, token, highest + 1)).isFalse();
                    total += ledger.acknowledgedCount(tenant, token);
                }
            }
            assertThat(total).isEqualTo(ledger.acknowledgedCount()).isEqualTo(summary.acknowledged());

            HlogSamples samples = HlogSamples.drain(recorder, clock);
            assertThat(samples.count("mqtt.publish")).isEqualTo(summary.published());
            assertThat(samples.count("mqtt.publish@acme") + samples.count("mqtt.publish@globex"))
                    .isEqualTo(summary.published());
            assertThat(samples.count("mqtt.e2e")).isEqualTo(summary.published() - 1);
            assertThat(samples.count("mqtt.e2e.ko@globex")).isEqualTo(1);
            assertThat(samples.count("mqtt.e2e.ko@acme")).isZero();
            assertThat(summary.health().events()).isEqualTo(summary.published());
        }
    }

    @Test
    void theFleetSendsExactlyTheSeededScheduleAndTheSamePayloadsForTheSameSeed() throws Exception {
        // A ramp 0 → 60 events/s per device over 2 s: the seeded schedule says how many events fall before 2 s.
        LoadProfile ramp = LoadProfile.of(rampRate(0.001).to(60).during(Duration.ofSeconds(2)));
        int devices = 4;
        long expected = 0;
        for (int i = 0; i < devices; i++) {
            ArrivalSchedule s = ArrivalSchedule.forDevice(11, i, ramp, Arrivals.POISSON);
            while (s.nextIntendedNanos() < Duration.ofSeconds(2).toNanos()) {
                expected++;
            }
        }
        Set<String> first = runCapturingPayloads(ramp, devices, 11);
        Set<String> second = runCapturingPayloads(ramp, devices, 11);
        assertThat(first).hasSize((int) expected);
        assertThat(second).isEqualTo(first);
        assertThat(first).allMatch(p -> p.contains("\"metadata\":{\"seq\":\""));
        Set<String> otherSeed = runCapturingPayloads(ramp, devices, 12);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private Set<String> runCapturingPayloads(LoadProfile profile, int devices, long seed) throws Exception {
        Set<String> payloads = new ConcurrentSkipListSet<>();
        MqttAsyncClient spy = new MqttAsyncClient(brokerUri.toString(), "spy-" + System.nanoTime(), new MemoryPersistence());
        spy.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) { }
            @Override public void messageArrived(String topic, MqttMessage m) {
                payloads.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            }
            @Override public void deliveryComplete(IMqttDeliveryToken token) { }
        });
        spy.connect().waitForCompletion(5_000);
        spy.subscribe("SiteWhere/+/input/json", 1).waitForCompletion(5_000);
        FleetConfig config = FleetConfig.of(brokerUri, tenants(devices, "acme"), plan(seed, profile, Arrivals.POISSON),
                Duration.ofSeconds(2)).withEndToEnd(false).withSeed(seed);
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, new SampleRecorder(),
                new FixedWallClock(Instant.parse("2026-01-01T00:00:00Z")))) {
            fleet.connect();
            fleet.start();
            fleet.awaitLoadEnd(Duration.ofSeconds(10));
            FleetSummary summary = fleet.drain(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (payloads.size() < summary.acknowledged() && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling the spy's count with a deadline
            }
        } finally {
            spy.disconnect().waitForCompletion(2_000);
            spy.close();
        }
        // eventDate is derived from the intended start and the fixed wall time of t=0, so it is deterministic too.
        return new TreeSet<>(payloads);
    }

    @ParameterizedTest
    @EnumSource(MqttClientKind.class)
    void aStalledBrokerShowsAsLatencyFromTheIntendedStart(MqttClientKind client) throws Exception {
        try (DelayProxy relay = DelayProxy.start(broker.port(), Duration.ZERO)) {
            SampleRecorder recorder = new SampleRecorder();
            RunClock clock = RunClock.startingNow();
            // 4 devices × 25/s constant = 100 events/s from t=1 s to t=7 s (after connecting); the relay holds all
            // traffic for 2.1 s from t≈3 s (a little over 2 s, so that the ~1 % of events sent first in the stall,
            // which waited the longest, are above 2 s).
            long offset = Duration.ofSeconds(1).toNanos();
            IntendedStarts.PerDevice schedules = i -> {
                ArrivalSchedule s = ArrivalSchedule.forDevice(3, i, LoadProfile.of(constantRate(25)), Arrivals.CONSTANT);
                return () -> s.nextIntendedNanos() + offset;
            };
            FleetConfig config = FleetConfig.of(URI.create("tcp://127.0.0.1:" + relay.port()), tenants(4, "acme"),
                    schedules, Duration.ofSeconds(7)).withEndToEnd(false).withClient(client);
            try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
                fleet.connect();
                fleet.start();
                while (clock.nanos() < Duration.ofSeconds(3).toNanos()) {
                    Thread.sleep(5); // waiting for a run-clock time
                }
                relay.pause();
                long pausedAt = clock.nanos();
                while (clock.nanos() < pausedAt + Duration.ofMillis(2100).toNanos()) {
                    Thread.sleep(5);
                }
                relay.resume();
                assertThat(fleet.awaitLoadEnd(Duration.ofSeconds(10))).isTrue();
                FleetSummary summary = fleet.drain(Duration.ofSeconds(5));
                HlogSamples samples = HlogSamples.drain(recorder, clock);
                // Open model: the stall did not thin out the offered load (≈ 600 events were intended).
                assertThat(summary.published()).isBetween(590L, 610L);
                assertThat(samples.count("mqtt.publish")).isEqualTo(summary.published());
                // ≈ 210 events were sent during the stall; the first of them waited ≈ 2.1 s: p99 ≥ 2 s, not ≈ 0.
                assertThat(samples.percentileMillis("mqtt.publish", 99)).isGreaterThanOrEqualTo(2000.0);
                assertThat(samples.percentileMillis("mqtt.publish", 50)).isLessThan(1000.0);
                assertThat(samples.histogram("mqtt.publish").getMaxValue() / 1000.0).isGreaterThanOrEqualTo(2000.0);
                // The generator itself kept up: lag stays far below the stall.
                assertThat(summary.health().maxLag()).isLessThan(Duration.ofMillis(200));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MqttClientKind.class)
    void anUnreachableBrokerFailsBeforeAnyLoadWithItsAddress(MqttClientKind client) throws Exception {
        int port = TestRelay.freePort();
        FleetConfig config = FleetConfig.of(URI.create("tcp://127.0.0.1:" + port), tenants(2, "acme"),
                i -> IntendedStarts.constantRate(1, 0), Duration.ofSeconds(1)).withClient(client);
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, new SampleRecorder(), RunClock.startingNow())) {
            assertThatThrownBy(fleet::connect)
                    .isInstanceOf(FleetException.class)
                    .hasMessageContaining("MQTT broker tcp://127.0.0.1:" + port + ": cannot connect");
            assertThat(fleet.summary().published()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(MqttClientKind.class)
    void aLostConnectionIsRetriedAndTheGapIsRecordedAsFailures(MqttClientKind client) throws Exception {
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        try (TestRelay relay = new TestRelay(broker.port(), Duration.ZERO)) {
            FleetConfig config = FleetConfig.of(URI.create("tcp://127.0.0.1:" + relay.port()), tenants(2, "acme"),
                    plan(5, LoadProfile.of(constantRate(50)), Arrivals.CONSTANT), Duration.ofSeconds(30))
                    .withEndToEnd(false).withMode(ConnectionMode.SHARED, 1)
                    .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200)).withClient(client);
            try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
                fleet.connect();
                fleet.start();
                waitUntil(() -> fleet.summary().acknowledged() > 50, Duration.ofSeconds(5));
                relay.dropConnections(true);
                long failuresBefore = fleet.summary().publishFailures();
                waitUntil(() -> fleet.summary().publishFailures() > failuresBefore + 40, Duration.ofSeconds(5));
                relay.acceptAgain();
                waitUntil(() -> fleet.summary().reconnects() >= 1, Duration.ofSeconds(10));
                long ackedAfter = fleet.summary().acknowledged();
                waitUntil(() -> fleet.summary().acknowledged() > ackedAfter + 50, Duration.ofSeconds(5));
                fleet.stop();
                FleetSummary summary = fleet.drain(Duration.ofSeconds(5));
                HlogSamples samples = HlogSamples.drain(recorder, clock);
                assertThat(samples.count("mqtt.publish.ko")).isEqualTo(summary.publishFailures()).isGreaterThan(40);
                assertThat(samples.count("mqtt.publish.ko@acme")).isEqualTo(summary.publishFailures());
                assertThat(summary.acknowledged()).isGreaterThan(100);
                assertThat(summary.connections()).isEqualTo(1);
                // Every seq up to the highest sent is either acknowledged or was in flight when the link broke.
                AckLedger ledger = fleet.ackLedger();
                for (String token : ledger.deviceIds("acme").keySet()) {
                    long highest = ledger.highestSent("acme", token);
                    assertThat(ledger.acknowledgedCount("acme", token)).isPositive().isLessThanOrEqualTo(highest);
                    assertThat(ledger.isAcknowledged("acme", token, highest)).isTrue();
                }
            }
        }
    }

    /**
     * Per-device mode at a CI size on HiveMQ's client: 800 devices, each with its own MQTT session, on a handful of
     * shared event loop threads (Paho would need 2,400 threads), and every intended event acknowledged.
     */
    @Test
    void eightHundredPerDeviceSessionsShareAFewThreadsAndEveryEventIsAcknowledged() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        List<TenantDevices> tenants = tenants(400, "acme", "globex");
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        // 800 devices × 5 events/s from t = 1 s to t = 5 s: about 16,000 events after connecting.
        long offset = Duration.ofSeconds(1).toNanos();
        IntendedStarts.PerDevice schedules = i -> {
            ArrivalSchedule s = ArrivalSchedule.forDevice(9, i, LoadProfile.of(constantRate(5)), Arrivals.POISSON);
            return () -> s.nextIntendedNanos() + offset;
        };
        FleetConfig config = FleetConfig.of(brokerUri, tenants, schedules, Duration.ofSeconds(5))
                .withEndToEnd(false).withClient(MqttClientKind.HIVEMQ).withSchedulerThreads(2);
        int peakThreads;
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
            fleet.connect();
            fleet.start();
            peakThreads = threads.getThreadCount();
            while (!fleet.awaitLoadEnd(Duration.ofMillis(200))) {
                peakThreads = Math.max(peakThreads, threads.getThreadCount());
            }
            FleetSummary summary = fleet.drain(Duration.ofSeconds(10));
            HlogSamples samples = HlogSamples.drain(recorder, clock);

            assertThat(summary.connections()).isEqualTo(800);
            assertThat(summary.client()).isEqualTo(MqttClientKind.HIVEMQ);
            assertThat(summary.published()).isGreaterThan(12_000);
            assertThat(summary.publishFailures()).isZero();
            assertThat(summary.acknowledged()).isEqualTo(summary.published());
            assertThat(fleet.ackLedger().acknowledgedCount()).isEqualTo(summary.published());
            assertThat(samples.count("mqtt.publish")).isEqualTo(summary.published());
            assertThat(samples.count("mqtt.publish.ko")).isZero();
            // The fleet's own threads: 2 schedulers, 1 timer, HiveMQ's event loops (at most 4), and RxJava's
            // housekeeping; nothing grows with the device count.
            assertThat(peakThreads - threadsBefore).isLessThanOrEqualTo(12);
        }
    }

    private static void waitUntil(Await.Condition condition, Duration timeout) throws InterruptedException {
        Await.until("the fleet's summary to reach the expected count", timeout, condition);
    }
}
