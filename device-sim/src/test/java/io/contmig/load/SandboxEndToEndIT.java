package io.contmig.load;

import io.contmig.load.mqtt.AckLedger;
import io.contmig.load.mqtt.FleetConfig;
import io.contmig.load.mqtt.FleetSummary;
import io.contmig.load.mqtt.IntendedStarts;
import io.contmig.load.mqtt.MqttDeviceFleet;
import io.contmig.load.mqtt.RestFreshnessProbe;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.ProvisioningException;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.load.rest.GatlingRestLoad;
import io.contmig.load.rest.RestLoadConfig;
import io.contmig.load.rest.RestRate;
import io.contmig.load.rest.RestTargets;
import io.contmig.load.testing.HlogSamples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.contmig.plan.ArrivalSchedule;
import io.contmig.plan.Arrivals;
import io.contmig.plan.LoadProfile;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sandbox.Sandbox;
import io.contmig.sitewhere.PipelineHops;
import io.contmig.sandbox.SandboxSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
                Duration.ofSeconds(5)).withLogin(sandbox.mqttLogin());
        SiteWhereProvisioner provisioner = new SiteWhereProvisioner(rest, Duration.ofSeconds(10), 1);
        Map<String, String> assignments = new java.util.LinkedHashMap<>();
        first.devices().get("default").forEach(d -> assignments.put(d.token(), d.assignmentToken()));
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock);
             RestFreshnessProbe freshness = new RestFreshnessProbe(RestFreshnessProbe.Config.of(rest.baseUrl(), () -> {
                 try {
                     return provisioner.jwt().token();
                 } catch (ProvisioningException e) {
                     throw new IllegalStateException(e);
                 }
             }, Map.of("default", assignments), 0.2, 5), recorder, clock)) {
            fleet.observeAcknowledged(freshness);
            fleet.connect();
            freshness.start();
            fleet.start();
            assertThat(fleet.awaitLoadEnd(Duration.ofSeconds(20))).isTrue();
            FleetSummary summary = fleet.drain(Duration.ofSeconds(30));
            assertThat(freshness.awaitSeen(Duration.ofSeconds(30))).isTrue();
            System.out.println("SandboxEndToEndIT: " + summary.describe());
            assertThat(summary.published()).isBetween(150L, 330L); // 6 devices × 10/s × 4 s, Poisson
            assertThat(summary.acknowledged()).isEqualTo(summary.published());
            assertThat(summary.echoesMatched()).isEqualTo(summary.acknowledged());
            assertThat(summary.echoesTimedOut()).isZero();
            AckLedger ledger = fleet.ackLedger();
            assertThat(ledger.deviceIds("default")).isEqualTo(first.deviceIdByToken());
            HlogSamples samples = HlogSamples.drain(recorder, clock);
            assertThat(samples.count("mqtt.e2e@default")).isEqualTo(summary.published());
            // About a fifth of the events were looked for in the REST listing, and each was found there.
            assertThat(samples.count("mqtt.freshness.ko@default")).isZero();
            assertThat(samples.count("mqtt.freshness@default")).isBetween(summary.published() / 10,
                    summary.published() / 3);
            // Every echo carried the pipeline's hops: one sample per hop and event, each within its e2e latency.
            for (String hop : PipelineHops.HOPS) {
                assertThat(samples.count("hop." + hop + "@default")).as(hop).isEqualTo(summary.published());
                assertThat(samples.percentileMillis("hop." + hop, 100))
                        .isLessThanOrEqualTo(samples.percentileMillis("mqtt.e2e", 100));
            }
        }
    }

    @Test
    void registryWritesAndReadsOfTheRestLoadSucceedOnTheRealRegistry() throws Exception {
        SiteWhereProvisioner provisioner = new SiteWhereProvisioner(rest, Duration.ofSeconds(10), 2);
        ProvisionedFleet devices = provisioner.provision("contmig-sensor",
                List.of(TenantDevices.numbered("default", "reg-dev", 2)));
        ProvisionedFleet spares = provisioner.provision("contmig-sensor",
                List.of(TenantDevices.numbered("default", "reg-spare", 1)));
        RestTargets targets = new RestTargets("default", List.of("reg-dev-000001", "reg-dev-000002"),
                devices.assignmentTokens("default"), List.of("reg-spare-000001"));
        RestLoadConfig config = RestLoadConfig.of(rest.baseUrl(), List.of(new RestRate("updateDevice", 10),
                        new RestRate("createAssignment", 5), new RestRate("listAssignments", 5),
                        new RestRate("getDevice", 5)), Duration.ofSeconds(2), List.of(targets),
                Path.of("target", "gatling-it", "registry"));
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        GatlingRestLoad.Result result = new GatlingRestLoad(config).run(() -> {
            try {
                return provisioner.jwt().token();
            } catch (ProvisioningException e) {
                throw new IllegalStateException(e);
            }
        }, recorder, clock);

        assertThat(result.completed()).isTrue();
        HlogSamples samples = HlogSamples.drain(recorder, clock);
        for (String op : List.of("updateDevice", "createAssignment", "listAssignments", "getDevice")) {
            assertThat(samples.count("rest." + op + ".ko")).as(op + " failures").isZero();
        }
        assertThat(samples.count("rest.updateDevice@default")).isEqualTo(20);
        assertThat(samples.count("rest.createAssignment@default")).isEqualTo(10);
        // Every created assignment was ended: the spare device keeps only its provisioned active assignment.
        String jwt = provisioner.jwt().token();
        JsonNode assignments = get("/assignments?deviceToken=reg-spare-000001&pageSize=100", jwt);
        assertThat(assignments.path("numResults").asInt()).isEqualTo(11);
        assertThat(get("/devices/reg-spare-000001/assignments/active", jwt)).hasSize(1);
        assertThat(get("/devices/reg-dev-000001", jwt).path("comments").asText()).startsWith("contmig update ");
    }

    private static JsonNode get(String path, String jwt) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(rest.baseUrl() + path)).header("Authorization", "Bearer " + jwt)
                .header("X-SiteWhere-Tenant-Id", "default").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
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
