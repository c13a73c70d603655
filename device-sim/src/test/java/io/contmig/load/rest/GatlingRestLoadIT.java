package io.contmig.load.rest;

import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.load.testing.HlogSamples;
import io.contmig.load.testing.SiteWhereApiStub;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Gatling (in this JVM) against a local HTTP server that follows SiteWhere's REST API (reference §2): samples
 * land in the recorder as {@code rest.<name>}, per tenant, failures as {@code .ko}; the HTML report is kept.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GatlingRestLoadIT {

    private static SiteWhereApiStub stub;
    private static ProvisionedFleet fleet;
    private static SiteWhereProvisioner provisioner;

    @BeforeAll
    static void provision() throws Exception {
        stub = new SiteWhereApiStub(Set.of("acme", "globex"), Duration.ofMinutes(5));
        provisioner = new SiteWhereProvisioner(new RestEndpoint(stub.baseUrl(), stub.authUrl(), "admin", "password"),
                Duration.ofSeconds(5), 4);
        fleet = provisioner.provision("contmig-sensor",
                List.of(TenantDevices.numbered("acme", "acme-dev", 5), TenantDevices.numbered("globex", "globex-dev", 3)));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static Supplier<String> jwt() {
        return () -> {
            try {
                return provisioner.jwt().token();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void builtInScenariosRecordEveryRequestAsARestSample() throws Exception {
        List<RestTargets> targets = List.of(
                new RestTargets("acme", List.of("acme-dev-000001", "acme-dev-000002"), fleet.assignmentTokens("acme")),
                // globex's assignments do not exist: its reads and writes of measurements fail (404) and count as .ko
                new RestTargets("globex", List.of("globex-dev-000001"), List.of("no-such-assignment")));
        Path results = Path.of("target", "gatling-it", "builtin");
        RestLoadConfig config = RestLoadConfig.of(stub.baseUrl(),
                List.of(new RestRate("listMeasurements", 20), new RestRate("postMeasurement", 10),
                        new RestRate("getDevice", 10)), Duration.ofSeconds(3), targets, results);
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();

        GatlingRestLoad.Result result = new GatlingRestLoad(config).run(jwt(), recorder, clock);

        assertThat(result.completed()).isTrue();
        assertThat(result.reportIndex()).isPresent();
        assertThat(Files.size(result.reportIndex().get())).isGreaterThan(1000);
        // Gatling's console output went to a file, without its periodic progress blocks (no console writer).
        assertThat(Files.readString(results.resolve(GatlingRestLoad.CONSOLE_FILE)))
                .contains("Global Information").doesNotContain("---- Requests");
        HlogSamples samples = HlogSamples.drain(recorder, clock);
        // Open model: exactly rate × duration users, each one request, each one sample (ok or ko).
        assertThat(samples.count("rest.listMeasurements") + samples.count("rest.listMeasurements.ko")).isEqualTo(60);
        assertThat(samples.count("rest.postMeasurement") + samples.count("rest.postMeasurement.ko")).isEqualTo(30);
        assertThat(samples.count("rest.getDevice") + samples.count("rest.getDevice.ko")).isEqualTo(30);
        assertThat(samples.count("rest.getDevice.ko")).isZero();
        assertThat(samples.count("rest.listMeasurements.ko@acme")).isZero();
        assertThat(samples.count("rest.listMeasurements.ko@globex")).isPositive()
                .isEqualTo(samples.count("rest.listMeasurements.ko"));
        assertThat(samples.count("rest.listMeasurements@acme") + samples.count("rest.listMeasurements@globex"))
                .isEqualTo(samples.count("rest.listMeasurements"));
        // Every successful post is stored by the server, and nothing else was.
        assertThat(stub.measurementCount()).isEqualTo(samples.count("rest.postMeasurement"));
        // Latencies are recorded in the log's unit (µs read back as ms): positive, and no longer than the whole load
        // ran — a bound that holds however loaded the machine is (a fixed 500 ms once failed at 2.1 s under load 40).
        assertThat(samples.percentileMillis("rest.getDevice", 50)).isPositive()
                .isLessThan(clock.millis());
    }

    @Test
    void aUserSimulationRecordsThroughRestSamples() throws Exception {
        RestLoadConfig config = RestLoadConfig.of(stub.baseUrl(), List.of(), Duration.ofSeconds(1),
                        List.of(new RestTargets("acme", List.of("acme-dev-000001"), fleet.assignmentTokens("acme"))),
                        Path.of("target", "gatling-it", "user"))
                .withUserSimulation(PingDevicesSimulation.class.getName());
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        GatlingRestLoad.Result result = new GatlingRestLoad(config).run(jwt(), recorder, clock);
        assertThat(result.completed()).isTrue();
        HlogSamples samples = HlogSamples.drain(recorder, clock);
        assertThat(samples.count("rest.ping@acme")).isEqualTo(10);
    }

    @Test
    void anUnknownSimulationClassIsNamed() {
        RestLoadConfig config = RestLoadConfig.of(stub.baseUrl(), List.of(), Duration.ofSeconds(1),
                List.of(new RestTargets("acme", List.of("a"), List.of("b"))), Path.of("target", "gatling-it", "none"))
                .withUserSimulation("com.example.Missing");
        assertThatThrownBy(() -> new GatlingRestLoad(config).run(() -> "x", new SampleRecorder(), RunClock.startingNow()))
                .hasMessageContaining("rest.simulation: class 'com.example.Missing' is not on the classpath");
    }
}
