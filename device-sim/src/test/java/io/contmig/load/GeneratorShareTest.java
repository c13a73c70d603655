package io.contmig.load;

import io.contmig.load.mqtt.DeviceIdentity;
import io.contmig.load.mqtt.FleetConfig;
import io.contmig.load.mqtt.IntendedStarts;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.rest.RestLoadConfig;
import io.contmig.load.rest.RestRate;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The split of one plan's load over generators: same seed ⇒ same per-device arrival times whatever the count. */
class GeneratorShareTest {

    private static final String SCENARIO = """
            name: split
            seed: 1234
            duration: 20s
            tenants:
              - { name: acme,   site: cloud, devices: 7 }
              - { name: globex, site: cloud, devices: 4 }
            load:
              mqtt:
                ratePerDevice: 3.0
                arrivals: poisson
                profile:
                  - { constant: 1.0, during: 5s }
                  - { ramp: { from: 1.0, to: 4.0 }, during: 5s }
                  - { step: 2.0 }
              rest:
                - { name: listMeasurements, ratePerSecond: 5 }
                - { name: getDevice, ratePerSecond: 2 }
                - { name: postMeasurement, ratePerSecond: 1 }
            """;
    private static final URI BROKER = URI.create("tcp://127.0.0.1:1883");

    private static BenchPlan plan() throws Exception {
        return PlanResolver.standard(Map.of()).resolve(ScenarioSource.text("test.yaml", SCENARIO), Overrides.NONE);
    }

    /** Device token → its first {@code n} intended starts, over every generator of a {@code count}-way split. */
    private static Map<String, List<Long>> schedulesByToken(BenchPlan plan, int count, int n) {
        Map<String, List<Long>> byToken = new HashMap<>();
        for (int g = 0; g < count; g++) {
            FleetConfig fleet = PlanLoads.fleet(plan, BROKER, PlanLoads.deviceNames(plan), new GeneratorShare(g, count));
            int i = 0;
            for (TenantDevices t : fleet.tenants()) {
                for (DeviceIdentity d : t.devices()) {
                    IntendedStarts starts = fleet.schedules().forDevice(i++);
                    List<Long> times = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        times.add(starts.nextIntendedNanos());
                    }
                    assertThat(byToken.put(d.token(), times)).as("device %s on two generators", d.token()).isNull();
                }
            }
        }
        return byToken;
    }

    @Test
    void sameSeedGivesTheSameArrivalTimesPerDeviceForOneAndThreeGenerators() throws Exception {
        BenchPlan plan = plan();

        Map<String, List<Long>> one = schedulesByToken(plan, 1, 40);
        Map<String, List<Long>> three = schedulesByToken(plan, 3, 40);

        assertThat(one).hasSize(11);
        assertThat(three).isEqualTo(one);
        // Not a vacuous equality: devices do have distinct schedules.
        assertThat(one.get("acme-dev-000001")).isNotEqualTo(one.get("acme-dev-000002"));
    }

    @Test
    void deviceIGoesToGeneratorIModN() throws Exception {
        BenchPlan plan = plan();
        List<TenantDevices> g1 = new GeneratorShare(1, 3).devices(PlanLoads.deviceNames(plan));

        assertThat(g1).extracting(TenantDevices::tenant).containsExactly("acme", "globex");
        // Plan-wide indexes 1, 4 (acme 2 and 5) and 7, 10 (acme 8 is absent: acme has 7; globex 1 and 4).
        assertThat(g1.get(0).devices()).extracting(DeviceIdentity::token)
                .containsExactly("acme-dev-000002", "acme-dev-000005");
        assertThat(g1.get(1).devices()).extracting(DeviceIdentity::token)
                .containsExactly("globex-dev-000001", "globex-dev-000004");
    }

    @Test
    void restKindsGoWholeToGeneratorKModN() throws Exception {
        BenchPlan plan = plan();
        ProvisionedFleet provisioned = new ProvisionedFleet(Map.of("acme", List.of(
                new ProvisionedFleet.ProvisionedDevice("acme-dev-000001", "id-1", "asg-1"))),
                new ProvisionedFleet.Counts(0, 0, 0), new ProvisionedFleet.Counts(0, 0, 0));
        URI base = URI.create("http://127.0.0.1:1/sitewhere/api");

        List<List<RestRate>> byGenerator = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            byGenerator.add(PlanLoads.rest(plan, base, provisioned, provisioned, Path.of("gatling"),
                    new GeneratorShare(g, 2)).map(RestLoadConfig::rates).orElse(List.of()));
        }

        assertThat(byGenerator.get(0)).containsExactly(new RestRate("listMeasurements", 5),
                new RestRate("postMeasurement", 1));
        assertThat(byGenerator.get(1)).containsExactly(new RestRate("getDevice", 2));
        assertThat(PlanLoads.rest(plan, base, provisioned, provisioned, Path.of("gatling"), new GeneratorShare(3, 4)))
                .isEmpty();
    }
}
