package io.contmig.load;

import io.contmig.load.mqtt.ConnectionMode;
import io.contmig.plan.MqttClientKind;
import io.contmig.load.mqtt.EventMix;
import io.contmig.load.mqtt.FleetConfig;
import io.contmig.load.mqtt.IntendedStarts;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.rest.RestLoadConfig;
import io.contmig.load.rest.RestRate;
import io.contmig.plan.ArrivalSchedule;
import io.contmig.plan.Arrivals;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.LoadProfile;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** From a resolved plan to the drivers' configurations; the schedules are the plan's seeded ones. */
class PlanLoadsTest {

    private static final String SCENARIO = """
            name: plan-loads
            seed: 7
            duration: 10s
            target: sandbox
            tenants:
              - { name: acme,   site: cloud, devices: 3 }
              - { name: globex, site: cloud, devices: 2 }
            load:
              mqtt:
                ratePerDevice: 2.0
                qos: 1
                arrivals: constant
                connections: shared
                client: paho
                mix: { measurement: 0.5, location: 0.25, alert: 0.25 }
                profile:
                  - { constant: 1.0, during: 4s }
                  - { ramp: { from: 1.0, to: 3.0 }, during: 4s }
                  - { step: 2.0 }
              rest:
                - { name: listMeasurements, ratePerSecond: 5 }
                - { name: getDevice, ratePerSecond: 0 }
            """;

    private static BenchPlan plan() throws Exception {
        return PlanResolver.standard(Map.of()).resolve(ScenarioSource.text("test.yaml", SCENARIO), Overrides.NONE);
    }

    @Test
    void theFleetFollowsThePlansProfileSeedAndModes() throws Exception {
        BenchPlan plan = plan();
        List<TenantDevices> names = PlanLoads.deviceNames(plan);
        assertThat(names).extracting(TenantDevices::tenant).containsExactly("acme", "globex");
        assertThat(names.get(1).devices().get(1).token()).isEqualTo("globex-dev-000002");

        FleetConfig config = PlanLoads.fleet(plan, URI.create("tcp://127.0.0.1:1883"), names);
        assertThat(config.mode()).isEqualTo(ConnectionMode.SHARED);
        assertThat(config.client()).isEqualTo(MqttClientKind.PAHO);
        assertThat(config.mix()).isEqualTo(new EventMix(0.5, 0.25, 0.25));
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.loadUntil()).isEqualTo(Duration.ofSeconds(10));

        // Device 4 (globex's second) gets exactly the plan's seeded schedule, and its count follows the profile:
        // 2/s × (4 s + 8 s of ramp-average 2 + 2 s × 2) ≈ 2 × (4 + 8 + 4) = 32 events in 10 s.
        IntendedStarts mine = config.schedules().forDevice(4);
        ArrivalSchedule expected = ArrivalSchedule.forDevice(7, 4,
                LoadProfile.of(LoadProfile.constantRate(2).during(Duration.ofSeconds(4)),
                        LoadProfile.rampRate(2).to(6).during(Duration.ofSeconds(4)), LoadProfile.stepRate(4)),
                Arrivals.CONSTANT);
        int count = 0;
        long t;
        while ((t = mine.nextIntendedNanos()) < Duration.ofSeconds(10).toNanos()) {
            assertThat(t).isEqualTo(expected.nextIntendedNanos());
            count++;
        }
        assertThat(count).isBetween(31, 33);
    }

    @Test
    void restLoadUsesTheProvisionedAssignmentsAndSkipsZeroRates() throws Exception {
        ProvisionedFleet provisioned = new ProvisionedFleet(Map.of("acme",
                List.of(new ProvisionedFleet.ProvisionedDevice("acme-dev-000001", "id-1", "acme-dev-000001-asg"))),
                new ProvisionedFleet.Counts(0, 0, 0), new ProvisionedFleet.Counts(1, 1, 1));
        RestLoadConfig rest = PlanLoads.rest(plan(), URI.create("http://127.0.0.1:1/sitewhere/api"), provisioned,
                Path.of("target", "x")).orElseThrow();
        assertThat(rest.rates()).containsExactly(new RestRate("listMeasurements", 5));
        assertThat(rest.tenants().get(0).assignmentTokens()).containsExactly("acme-dev-000001-asg");
        assertThat(rest.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(rest.seed()).isEqualTo(7);
    }
}
