package io.contmig.load;

import io.contmig.load.mqtt.AckLedger;
import io.contmig.load.mqtt.FleetConfig;
import io.contmig.load.mqtt.FleetSummary;
import io.contmig.load.mqtt.IntendedStarts;
import io.contmig.load.mqtt.MqttDeviceFleet;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.ProvisioningException;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.load.testing.HlogSamples;
import io.contmig.plan.ArrivalSchedule;
import io.contmig.plan.Arrivals;
import io.contmig.plan.LoadProfile;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sandbox.Sandbox;
import io.contmig.sandbox.SandboxSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;

import static io.contmig.plan.LoadProfile.constantRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Provisioning and the device fleet against the embedded sandbox (real PostgreSQL, Kafka, InfluxDB, Mosquitto and
 * the SiteWhere-compatible pipeline): devices created over its REST API, events published to its gateway broker,
 * echoes on {@code SiteWhere/default/output/mqtt1} matched by (deviceId, seq).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SandboxEndToEndIT {

    private static Sandbox sandbox;
    private static RestEndpoint rest;

    @BeforeAll
    static void start() {
        Path work = Path.of("target", "contmig-it", "device-sim-sandbox").toAbsolutePath();
        sandbox = Sandbox.start(SandboxSettings.defaults(work).withWan(SandboxSettings.NO_DELAY).withDurable(false)
                .withKafkaHeap("384m"));
        rest = new RestEndpoint(URI.create(sandbox.restBaseUrl()), URI.create(sandbox.restAuthUrl()), "admin",
                sandbox.restPassword());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void provisionedDevicesPublishAndEveryAcknowledgedEventEchoes() throws Exception {
        List<TenantDevices> wanted = List.of(TenantDevices.numbered("default", "e2e-dev", 6));
        ProvisionedFleet first = new SiteWhereProvisioner(rest, Duration.ofSeconds(10), 3).provision("contmig-sensor", wanted);
        ProvisionedFleet again = new SiteWhereProvisioner(rest, Duration.ofSeconds(10), 3).provision("contmig-sensor", wanted);
        assertThat(first.created().devices()).isEqualTo(6);
        assertThat(again.created().total()).isZero();
        assertThat(again.reused().devices()).isEqualTo(6);
        assertThat(again.deviceIdByToken()).isEqualTo(first.deviceIdByToken());

        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        IntendedStarts.PerDevice schedules = i -> {
            ArrivalSchedule s = ArrivalSchedule.forDevice(5, i, LoadProfile.of(constantRate(10)), Arrivals.POISSON);
            return () -> s.nextIntendedNanos() + Duration.ofSeconds(1).toNanos();
        };
        FleetConfig config = FleetConfig.of(URI.create(sandbox.mqttUrl()), first.tenantDevices(), schedules,
                Duration.ofSeconds(5));
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
            fleet.connect();
            fleet.start();
            assertThat(fleet.awaitLoadEnd(Duration.ofSeconds(20))).isTrue();
            FleetSummary summary = fleet.drain(Duration.ofSeconds(30));
            System.out.println("SandboxEndToEndIT: " + summary.describe());
            assertThat(summary.published()).isBetween(150L, 330L); // 6 devices × 10/s × 4 s, Poisson
            assertThat(summary.acknowledged()).isEqualTo(summary.published());
            assertThat(summary.echoesMatched()).isEqualTo(summary.acknowledged());
            assertThat(summary.echoesTimedOut()).isZero();
            AckLedger ledger = fleet.ackLedger();
            assertThat(ledger.deviceIds("default")).isEqualTo(first.deviceIdByToken());
            HlogSamples samples = HlogSamples.drain(recorder, clock);
            assertThat(samples.count("mqtt.e2e@default")).isEqualTo(summary.published());
        }
    }

    @Test
    void anUnknownTenantAndWrongCredentialsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> new SiteWhereProvisioner(rest, Duration.ofSeconds(10), 1)
                .provision("contmig-sensor", List.of(TenantDevices.numbered("nosuchtenant", "x", 2))))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("tenant 'nosuchtenant' does not exist");
        RestEndpoint wrong = new RestEndpoint(rest.baseUrl(), rest.authUrl(), "admin", "wrong");
        assertThatThrownBy(() -> new SiteWhereProvisioner(wrong, Duration.ofSeconds(10), 1)
                .provision("contmig-sensor", List.of(TenantDevices.numbered("default", "x", 2))))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("refused the credentials of user 'admin' (HTTP 401)");
    }
}
