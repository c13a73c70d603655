package io.contmig.plan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanResolverTest {

    private static final String GOLDEN = "io/contmig/plan/golden/default-plan.json";

    private static BenchPlan resolveDefault(Map<String, String> overrides) throws PlanException {
        return TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(), Overrides.of(overrides));
    }

    @Test
    void defaultScenarioGatesParse() throws PlanException {
        BenchPlan plan = PlanResolver.standard(TestInjectors.registry()).resolve(ScenarioSource.defaultScenario(),
                Overrides.NONE);

        assertThat(plan.gates()).extracting(GatePlan::expression)
                .containsExactly("lost == 0",
                        "p99(mqtt.e2e@colocated, after) <= 2 * p99(mqtt.e2e@colocated, before)",
                        "p90(mqtt.e2e@colocated, during) <= 3 * p90(mqtt.e2e@colocated, before)",
                        "p90(mqtt.e2e@colocated, during) <= 3 * p90(mqtt.e2e@colocated, before)",
                        "p99(mqtt.e2e@migrated, after) <= 2 * p99(mqtt.e2e@migrated, before)");
    }

    @Test
    void defaultScenarioResolves() throws PlanException {
        BenchPlan plan = resolveDefault(Map.of());

        assertThat(plan.name()).isEqualTo("default-study");
        assertThat(plan.seed()).isEqualTo(42);
        assertThat(plan.duration()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(plan.target()).isInstanceOf(SandboxTarget.class);
        assertThat(plan.tenants()).extracting(TenantPlan::name, TenantPlan::site)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", "cloud"),
                        org.assertj.core.groups.Tuple.tuple("globex", "cloud"));
        assertThat(plan.injections()).extracting(i -> i.action().alias()).containsExactly(
                "postgresql/logical-replication", "kafka/mirrormaker2", "influxdb/copy-catchup",
                "placement/sandbox-site");
        assertThat(plan.injections()).allSatisfy(i -> {
            assertThat(i.action().tenant()).isEqualTo("acme");
            assertThat(i.action().from()).isEqualTo("cloud");
            assertThat(i.action().to()).isEqualTo("edge");
        });
        // Options not given in the scenario come from the injector's specs.
        assertThat(plan.injections().get(0).action().options().duration("lagThreshold"))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(plan.gates()).hasSize(5);
    }

    @Test
    void defaultScenarioSpacesInjectionsSoWindowsDoNotOverlap() throws PlanException {
        BenchPlan plan = resolveDefault(Map.of());
        WindowPolicy w = plan.windows();
        // Each injection may last up to 25 s before its after-window runs into the next one's baseline.
        Duration allowance = Duration.ofSeconds(25);
        List<InjectionPlan> injections = plan.injections();
        assertThat(injections.get(0).at()).isGreaterThanOrEqualTo(w.baseline());
        for (int i = 1; i < injections.size(); i++) {
            Duration endOfAfter = injections.get(i - 1).at().plus(allowance).plus(w.settle()).plus(w.after());
            assertThat(endOfAfter).isLessThanOrEqualTo(injections.get(i).at().minus(w.baseline()));
        }
        Duration last = injections.get(injections.size() - 1).at().plus(allowance).plus(w.settle()).plus(w.after());
        assertThat(last).isLessThanOrEqualTo(plan.duration());
    }

    @Test
    void unsetValuesTakeTheDefaults() throws PlanException {
        BenchPlan plan = TestInjectors.resolver().resolve(
                ScenarioSource.text("minimal.yaml", "tenants: [ { name: acme } ]\n"), Overrides.NONE);
        Defaults d = Defaults.STANDARD;

        assertThat(plan.name()).isEqualTo(d.name());
        assertThat(plan.seed()).isEqualTo(d.seed());
        assertThat(plan.duration()).isEqualTo(d.duration());
        assertThat(plan.target()).isEqualTo(new SandboxTarget(d.wan()));
        assertThat(plan.tenants()).containsExactly(new TenantPlan("acme", d.tenantSite(), d.devicesPerTenant()));
        MqttLoad mqtt = plan.load().mqtt();
        assertThat(mqtt.ratePerDevice()).isEqualTo(d.ratePerDevice());
        assertThat(mqtt.qos()).isEqualTo(d.qos());
        assertThat(mqtt.arrivals()).isEqualTo(d.arrivals());
        assertThat(mqtt.connections()).isEqualTo(d.connections());
        assertThat(mqtt.client()).isEqualTo(Defaults.MQTT_CLIENT);
        assertThat(mqtt.mix()).isEqualTo(d.mix());
        assertThat(mqtt.profile()).isEqualTo(d.profile());
        assertThat(plan.load().rest().requests()).isEmpty();
        assertThat(plan.load().rest().simulationClass()).isEmpty();
        assertThat(plan.injections()).isEmpty();
        assertThat(plan.windows()).isEqualTo(d.windows());
        assertThat(plan.gates()).isEmpty();
    }

    @Test
    void overridesReplaceScenarioValues() throws PlanException {
        BenchPlan plan = resolveDefault(Map.of(
                "seed", "7",
                "duration", "280s",
                "tenants[0].devices", "10",
                "tenants.globex.site", "edge",
                "load.mqtt.arrivals", "constant",
                "load.mqtt.mix", "{measurement: 1}",
                "load.mqtt.client", "paho",
                "injections.move-acme-postgres.migration.options.lagThreshold", "200ms",
                "windows.baseline", "15s"));

        assertThat(plan.seed()).isEqualTo(7);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(280));
        assertThat(plan.tenant("acme").orElseThrow().devices()).isEqualTo(10);
        assertThat(plan.tenant("globex").orElseThrow().site()).isEqualTo("edge");
        assertThat(plan.load().mqtt().arrivals()).isEqualTo(Arrivals.CONSTANT);
        assertThat(plan.load().mqtt().mix()).containsEntry("measurement", 1.0).containsEntry("alert", 0.0);
        assertThat(plan.load().mqtt().client()).isEqualTo(MqttClientKind.PAHO);
        assertThat(plan.injection("move-acme-postgres").orElseThrow().action().options().duration("lagThreshold"))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(plan.windows().baseline()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void overridesCanAppendAListElement() throws PlanException {
        BenchPlan plan = resolveDefault(Map.of("tenants[2]", "{name: initech, devices: 3}",
                "load.rest[2].name", "getDevice"));

        assertThat(plan.tenant("initech").orElseThrow().devices()).isEqualTo(3);
        assertThat(plan.load().rest().requests()).extracting(RestRequest::name).contains("getDevice");
    }

    @Test
    void overridesComeFromContmigPropertiesOnly() {
        Properties props = new Properties();
        props.setProperty("contmig.seed", "9");
        props.setProperty("contmig.tenants[0].devices", "4");
        props.setProperty("contmig.scenario", "some/file.yaml");
        props.setProperty("contmig.runDir", "target/x");
        props.setProperty("user.name", "someone");

        assertThat(Overrides.fromProperties(props).values())
                .containsOnly(Map.entry("seed", "9"), Map.entry("tenants[0].devices", "4"));
    }

    @Test
    void badOverridePathsNameTheProperty() {
        assertThatThrownBy(() -> resolveDefault(Map.of("tenants[5].devices", "1")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("contmig.tenants[5].devices: index 5 is out of range (tenants has 2 elements");
        assertThatThrownBy(() -> resolveDefault(Map.of("tenants.zed.devices", "1")))
                .hasMessageContaining("contmig.tenants.zed.devices: no element named 'zed' in tenants");
        assertThatThrownBy(() -> resolveDefault(Map.of("seed.x", "1")))
                .hasMessageContaining("contmig.seed.x: seed is not a map");
        assertThatThrownBy(() -> resolveDefault(Map.of("tenants[x]", "1")))
                .hasMessageContaining("contmig.tenants[x]: malformed override path");
    }

    @Test
    void planJsonMatchesTheGoldenFile() throws Exception {
        String json = resolveDefault(Map.of()).toJson();
        Path update = Path.of("src/test/resources", GOLDEN);
        if (Boolean.getBoolean("contmig.updateGolden")) {
            Files.writeString(update, json, StandardCharsets.UTF_8);
        }
        assertThat(json).isEqualTo(resource(GOLDEN));
    }

    @Test
    void planJsonReadsBackAsTheSamePlan() throws PlanException {
        BenchPlan plan = resolveDefault(Map.of("load.mqtt.profile",
                "[{constant: 1, during: 60s}, {ramp: {from: 1, to: 2}, during: 60s}, {step: 1.5}]",
                "load.mqtt.client", "paho",
                "injections.move-acme-postgres.migration.options.lagThreshold", "250ms"));

        BenchPlan again = TestInjectors.resolver().resolve(ScenarioSource.text("plan.json", plan.toJson()),
                Overrides.NONE);

        assertThat(again).isEqualTo(plan);
        assertThat(again.toJson()).isEqualTo(plan.toJson());
    }

    @Test
    void describeListsThePlanAndTheSchedule() throws PlanException {
        String text = resolveDefault(Map.of("injections.move-acme-postgres.migration.options.lagThreshold", "200ms"))
                .describe();

        assertThat(text).contains("plan default-study: seed 42, duration 290s, target sandbox")
                .contains("acme         on cloud  20 devices")
                .contains("windows: baseline 20s before each injection; after 20s, starting 5s after it ends")
                .contains("lagThreshold=200ms")
                .contains("p99(mqtt.e2e@colocated, after) <= 2 * p99(mqtt.e2e@colocated, before)   [every injection]")
                .contains("p99(mqtt.e2e@migrated, after) <= 2 * p99(mqtt.e2e@migrated, before)   [injection move-acme-postgres]");
        assertThat(text.lines().filter(l -> l.matches("\\s+\\d+s\\s+move-acme-.*"))).containsExactly(
                "       30s  move-acme-postgres       postgresql/logical-replication   acme       cloud -> edge   10s..30s",
                "      100s  move-acme-kafka          kafka/mirrormaker2               acme       cloud -> edge   80s..100s",
                "      170s  move-acme-influxdb       influxdb/copy-catchup            acme       cloud -> edge   150s..170s",
                "      240s  move-acme-stage          placement/sandbox-site           acme       cloud -> edge   220s..240s");
    }

    @Test
    void describeWarnsWhenInjectionsAreTooCloseForTheirWindows() throws PlanException {
        String text = resolveDefault(Map.of("injections[1].at", "50s")).describe();

        assertThat(text).contains("note: only 20s after the previous injection's start");
    }

    @Test
    void siteWhereTargetTakesSitesFromItsEndpoints() throws PlanException {
        String yaml = """
                target: sitewhere
                endpoints:
                  rest: { baseUrl: "http://10.0.0.1:8080/sitewhere/api", authUrl: "http://10.0.0.1:8080/sitewhere/authapi/jwt",
                          username: admin, password: secret }
                  mqtt: { url: "tcp://10.0.0.1:1883" }
                  sites:
                    core: { postgres: "jdbc:postgresql://10.0.0.2/postgres", postgresUser: pg, postgresPassword: pw,
                            kafka: "10.0.0.3:9092", influx: "http://10.0.0.4:8086", mqtt: "tcp://10.0.0.5:1883" }
                    far:  { postgres: "jdbc:postgresql://10.0.1.2/postgres", postgresUser: pg, postgresPassword: pw,
                            kafka: "10.0.1.3:9092", influx: "http://10.0.1.4:8086", mqtt: "tcp://10.0.1.5:1883" }
                tenants: [ { name: acme, site: core } ]
                injections:
                  - { name: go, at: 10s, placement: { kind: kubernetes, tenant: acme, to: far, options: { deployment: pipeline } } }
                """;
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.text("sw.yaml", yaml), Overrides.NONE);

        assertThat(plan.target().sites()).containsExactly("core", "far");
        assertThat(plan.toJson()).doesNotContain("secret").doesNotContain("\"pw\"").contains("\"***\"");
        assertThat(plan.injections().get(0).action().from()).isEqualTo("core");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PlanResolverTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
