package io.contmig.plan;

import io.contmig.options.OptionSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One negative test per validation rule, each asserting the message fragment (and its path). */
class PlanValidationTest {

    /** Resolves the default scenario with {@code overrides} (path, value, path, value, ...) and returns the problems. */
    private static List<String> problemsWith(String... pathsAndValues) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            overrides.put(pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return problems(TestInjectors.resolver(), ScenarioSource.defaultScenario(), Overrides.of(overrides));
    }

    private static List<String> problemsOf(String yaml) {
        return problems(TestInjectors.resolver(), ScenarioSource.text("test.yaml", yaml), Overrides.NONE);
    }

    private static List<String> problems(PlanResolver resolver, ScenarioSource source, Overrides overrides) {
        PlanException e = catchThrowableOfType(PlanException.class, () -> resolver.resolve(source, overrides));
        assertThat(e).as("expected the scenario to be refused").isNotNull();
        assertThat(e.getMessage().lines().skip(1)).containsExactlyElementsOf(e.problems());
        return e.problems();
    }

    private static void assertProblem(List<String> problems, String fragment) {
        assertThat(problems).as("problems").anySatisfy(p -> assertThat(p).contains(fragment));
    }

    // ---- keys and types

    @Test
    void unknownKeyListsTheKnownOnes() {
        assertProblem(problemsWith("load.mqtt.rat", "2"),
                "load.mqtt.rat: unknown key (known: ratePerDevice, qos, arrivals, connections, mix, profile,"
                        + " freshnessShare, client)");
    }

    @Test
    void unknownTopLevelKey() {
        assertProblem(problemsOf("sed: 7\ntenants: [ {name: acme} ]\n"),
                "sed: unknown key (known: name, seed, duration, target, sandbox, endpoints, tenants, load, injections, windows, gates)");
    }

    @Test
    void unknownKeyInAListElement() {
        assertProblem(problemsWith("tenants[1].devcies", "3"),
                "tenants[1].devcies: unknown key (known: name, site, devices)");
    }

    @Test
    void wrongTypeOfInteger() {
        assertProblem(problemsWith("seed", "abc"), "seed: expected an integer, got 'abc'");
    }

    @Test
    void wrongTypeOfNumber() {
        assertProblem(problemsWith("load.mqtt.ratePerDevice", "fast"),
                "load.mqtt.ratePerDevice: expected a number, got 'fast'");
    }

    @Test
    void wrongTypeOfList() {
        assertProblem(problemsWith("tenants", "{acme: 1}"), "tenants: expected a list, got a map");
    }

    @Test
    void wrongTypeOfMap() {
        assertProblem(problemsWith("windows", "20s"), "windows: expected a map, got '20s'");
    }

    @Test
    void wrongTypeOfString() {
        assertProblem(problemsWith("tenants[0].site", "[cloud, edge]"), "tenants[0].site: expected a string, got a list");
    }

    @Test
    void scenarioThatIsNotAMap() {
        assertProblem(problemsOf("- just\n- a list\n"), "scenario: expected a map, got a list");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertProblem(problemsOf("name: x\ntenants: [ {name: acme\n"), "test.yaml: not valid YAML");
        assertProblem(problemsOf("name: x\ntenants: [ {name: acme} ]\nname: y\n"), "Duplicate field 'name'");
    }

    // ---- durations

    @Test
    void negativeDuration() {
        assertProblem(problemsWith("duration", "-5s"), "duration: '-5s' must not be negative");
    }

    @Test
    void negativeDurationAsBareMilliseconds() {
        assertProblem(problemsWith("windows.settle", "-1"), "windows.settle: -1 must not be negative");
    }

    @Test
    void malformedDuration() {
        assertProblem(problemsWith("duration", "soon"), "duration: 'soon' is not a duration (e.g. 500ms, 2s, 1m, 1h)");
    }

    @Test
    void zeroDuration() {
        assertProblem(problemsWith("duration", "0s"), "duration: must be > 0");
    }

    @Test
    void negativeWanDelay() {
        assertProblem(problemsWith("sandbox.wan.edgeToCloud", "-20ms"), "sandbox.wan.edgeToCloud: '-20ms' must not be negative");
    }

    // ---- rates and mix

    @Test
    void negativeRatePerDevice() {
        assertProblem(problemsWith("load.mqtt.ratePerDevice", "-1"), "load.mqtt.ratePerDevice: -1 must be >= 0");
    }

    @Test
    void negativeRestRate() {
        assertProblem(problemsWith("load.rest[0].ratePerSecond", "-2.5"), "load.rest[0].ratePerSecond: -2.5 must be >= 0");
    }

    @Test
    void negativeProfileMultiplier() {
        assertProblem(problemsWith("load.mqtt.profile", "[{step: -1}]"), "load.mqtt.profile[0].step: -1 must be >= 0");
    }

    @Test
    void mixNotSummingToOne() {
        assertProblem(problemsWith("load.mqtt.mix", "{measurement: 0.7, location: 0.1, alert: 0.1}"),
                "load.mqtt.mix: shares sum to 0.9, must sum to 1");
    }

    @Test
    void mixWithAnUnknownEventKind() {
        assertProblem(problemsWith("load.mqtt.mix.command", "0.1"),
                "load.mqtt.mix.command: unknown key (known: measurement, location, alert)");
    }

    // ---- enumerations

    @Test
    void qosOutOfRange() {
        assertProblem(problemsWith("load.mqtt.qos", "3"), "load.mqtt.qos: 3 must be 0, 1 or 2");
    }

    @Test
    void unknownArrivals() {
        assertProblem(problemsWith("load.mqtt.arrivals", "bursty"),
                "load.mqtt.arrivals: unknown 'bursty' (expected one of: poisson, constant)");
    }

    @Test
    void unknownConnections() {
        assertProblem(problemsWith("load.mqtt.connections", "pool"),
                "load.mqtt.connections: unknown 'pool' (expected one of: per-device, shared)");
    }

    @Test
    void unknownMqttClient() {
        assertProblem(problemsWith("load.mqtt.client", "mosquitto"),
                "load.mqtt.client: unknown 'mosquitto' (expected one of: paho, hivemq)");
    }

    @Test
    void unknownTarget() {
        assertProblem(problemsWith("target", "k8s"), "target: unknown 'k8s' (expected one of: sandbox, sitewhere)");
    }

    @Test
    void unknownRestRequest() {
        assertProblem(problemsWith("load.rest[0].name", "deleteAll"),
                "load.rest[0].name: unknown 'deleteAll' (expected one of: listMeasurements, postMeasurement, getDevice,"
                        + " updateDevice, createAssignment, listAssignments)");
    }

    @Test
    void badSimulationClassName() {
        assertProblem(problemsWith("load.rest", "{simulation: 'not a class'}"),
                "load.rest.simulation: 'not a class' is not a class name");
    }

    // ---- profile

    @Test
    void profileStageWithoutDurationBeforeTheLast() {
        assertProblem(problemsWith("load.mqtt.profile", "[{constant: 1}, {step: 2}]"),
                "load.mqtt.profile[0].during: required for every stage but the last");
    }

    @Test
    void rampWithoutDuration() {
        assertProblem(problemsWith("load.mqtt.profile", "[{ramp: {from: 1, to: 2}}]"),
                "load.mqtt.profile[0].during: a ramp needs a duration > 0");
    }

    @Test
    void profileStageOfTwoKinds() {
        assertProblem(problemsWith("load.mqtt.profile", "[{constant: 1, step: 2}]"),
                "load.mqtt.profile[0]: expected exactly one of constant, ramp or step (got constant, step)");
    }

    @Test
    void rampMissingItsEnd() {
        assertProblem(problemsWith("load.mqtt.profile", "[{ramp: {from: 1}, during: 10s}]"),
                "load.mqtt.profile[0].ramp.to: required");
    }

    // ---- tenants and sites

    @Test
    void tenantNameThatIsNotAnIdentifierIsRefused() {
        assertProblem(problemsWith("tenants[0].name", "a'; drop table device; --"),
                "tenants[0].name: 'a'; drop table device; --' must match ^[a-z][a-z0-9_]{0,30}$");
    }

    @Test
    void tenantNameTooLongOrUppercase() {
        assertProblem(problemsWith("tenants[0].name", "a234567890123456789012345678901x"), "tenants[0].name: 'a2345");
        assertProblem(problemsWith("tenants[1].name", "Globex"), "tenants[1].name: 'Globex' must match");
    }

    @Test
    void duplicateTenantNames() {
        assertProblem(problemsWith("tenants[1].name", "acme"), "tenants[1].name: duplicate tenant 'acme' (also tenants[0])");
    }

    @Test
    void noTenants() {
        assertProblem(problemsOf("name: empty\n"), "tenants: at least one tenant is required");
    }

    @Test
    void negativeDeviceCount() {
        assertProblem(problemsWith("tenants[0].devices", "-1"), "tenants[0].devices: -1 must be >= 0");
    }

    @Test
    void unknownTenantSite() {
        assertProblem(problemsWith("tenants[0].site", "moon"), "tenants[0].site: unknown 'moon' (expected one of: cloud, edge)");
    }

    @Test
    void unknownInjectionSite() {
        assertProblem(problemsWith("injections[2].migration.to", "fog"),
                "injections[2].migration.to: unknown site 'fog' (expected one of: cloud, edge)");
    }

    @Test
    void siteWhereTargetWithoutEndpoints() {
        assertProblem(problemsWith("target", "sitewhere"), "endpoints: required when target is sitewhere");
    }

    @Test
    void siteWhereEndpointsMissingFields() {
        List<String> problems = problemsOf("""
                target: sitewhere
                endpoints:
                  rest: { baseUrl: "http://h/sitewhere/api", authUrl: "http://h/sitewhere/authapi/jwt", username: admin }
                  mqtt: { url: "tcp://h:1883" }
                  sites: { core: { postgres: "jdbc:postgresql://h/postgres", kafka: "h:9092" } }
                tenants: [ { name: acme } ]
                """);

        // Credentials may come from the environment or a credentials file when the run starts.
        assertThat(problems).noneMatch(p -> p.contains("password") || p.contains("postgresUser"));
        assertProblem(problems, "endpoints.sites.core.influx: required");
        // The default site (cloud) is not one of this installation's sites.
        assertProblem(problems, "tenants[0].site: unknown 'cloud' (expected one of: core)");
    }

    @Test
    void sandboxKafkaValues() throws PlanException {
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.text("t.yaml",
                "sandbox: { kafkaValues: protobuf }\ntenants: [ { name: acme } ]\n"), Overrides.NONE);
        assertThat(((SandboxTarget) plan.target()).kafkaValues()).isEqualTo("protobuf");
        assertThat(plan.toJson()).contains("\"kafkaValues\" : \"protobuf\"");
        assertProblem(problemsOf("sandbox: { kafkaValues: avro }\n"),
                "sandbox.kafkaValues: unknown 'avro' (expected one of: json, protobuf)");
    }

    /** What {@code contmig:sandbox} writes to {@code sandbox.json}, pasted as it is. */
    private static final String SANDBOX_JSON = """
            {
              "rest" : { "baseUrl" : "http://127.0.0.1:18080/sitewhere/api", "authUrl" : "http://127.0.0.1:18080/sitewhere/authapi/jwt",
                         "username" : "admin", "password" : "password" },
              "mqtt" : { "url" : "tcp://127.0.0.1:11883" },
              "sites" : {
                "cloud" : { "postgres" : "jdbc:postgresql://127.0.0.1:25432/postgres", "kafka" : "127.0.0.1:29092",
                            "influx" : "http://127.0.0.1:28086", "mqtt" : "tcp://127.0.0.1:21883" },
                "edge" : { "postgres" : "jdbc:postgresql://127.0.0.1:25433/postgres", "kafka" : "127.0.0.1:29093",
                           "influx" : "http://127.0.0.1:28087", "mqtt" : "tcp://127.0.0.1:21884" }
              },
              "tenants" : { "default" : { "site" : "cloud" } }
            }""";

    @Test
    void sandboxJsonPastedAsItIsIsValidEndpoints() throws PlanException {
        String yaml = "target: sitewhere\nendpoints: " + SANDBOX_JSON.replace("\n", "\n  ")
                + "\ntenants: [ { name: default, site: cloud } ]\n";
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.text("test.yaml", yaml), Overrides.NONE);

        SiteWhereTarget target = (SiteWhereTarget) plan.target();
        assertThat(target.sites()).containsExactly("cloud", "edge");
        assertThat(target.siteStores().get("edge").postgresUser()).isEmpty();
        assertThat(target.username()).contains("admin");
        assertThat(target.tenantSites()).containsExactly(Map.entry("default", "cloud"));
        // The REST password is redacted; the PostgreSQL credentials the file lacks are not invented.
        assertThat(plan.toJson()).contains("\"tenants\"").doesNotContain("postgresPassword")
                .doesNotContain(":\"password\"").doesNotContain(": \"password\"");
    }

    @Test
    void storeMovesSiteWhereCannotBeSwitchedAreRefusedBeforeTheRun() throws PlanException {
        String injections = """
                tenants: [ { name: default, site: cloud } ]
                injections:
                  - { name: move-pg, at: 5s, migration: { store: postgresql, strategy: logical-replication, tenant: default, to: edge } }
                  - { name: move-kafka, at: 10s, migration: { store: kafka, strategy: mirrormaker2, tenant: default, to: edge } }
                """;
        String without = "target: sitewhere\nendpoints: " + SANDBOX_JSON.replace("\n", "\n  ") + "\n" + injections;
        List<String> problems = problemsOf(without);
        assertProblem(problems, "injections (move-pg).migration: SiteWhere cannot be switched to site edge for "
                + "postgresql (set endpoints.kubernetes.datastores.edge.postgresql");
        assertProblem(problems, "injections (move-pg).migration: SiteWhere cannot be switched to site cloud");
        assertProblem(problems, "injections (move-kafka).migration.store: kafka cannot be switched on a real SiteWhere");

        String with = without.replace("\"tenants\" : {", "\"kubernetes\" : { \"namespace\" : \"sitewhere\", "
                + "\"datastores\" : { \"cloud\" : { \"postgresql\" : \"postgres\" }, "
                + "\"edge\" : { \"postgresql\" : \"postgres-edge\" } } },\n    \"tenants\" : {");
        List<String> remaining = problemsOf(with);
        assertThat(remaining).noneMatch(p -> p.contains("move-pg"));
        assertProblem(remaining, "injections (move-kafka).migration.store: kafka cannot be switched");
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.text("t.yaml",
                with.replace("  - { name: move-kafka", "#")), Overrides.NONE);
        SiteWhereKubernetes k = ((SiteWhereTarget) plan.target()).kubernetes().orElseThrow();
        assertThat(k.datastore("edge", "postgresql")).contains("postgres-edge");
        assertThat(k.microservices().get("postgresql")).contains("device-management");
        assertProblem(problemsOf(with.replace("\"edge\" : { \"postgresql\"", "\"moon\" : { \"postgresql\"")),
                "endpoints.kubernetes.datastores.moon: unknown site (expected one of: cloud, edge)");
    }

    @Test
    void endpointsTenantsMustAgreeWithTheScenario() {
        String yaml = "target: sitewhere\nendpoints: " + SANDBOX_JSON.replace("\n", "\n  ")
                + "\ntenants: [ { name: default, site: edge } ]\n";
        assertProblem(problemsOf(yaml),
                "tenants[0].site: 'edge', but endpoints.tenants.default.site says the installation serves it from 'cloud'");
        assertProblem(problemsOf(yaml.replace("\"site\" : \"cloud\" } }", "\"site\" : \"moon\" } }")),
                "endpoints.tenants.default.site: unknown 'moon' (expected one of: cloud, edge)");
        assertProblem(problemsOf(yaml.replace("\"username\" : \"admin\"", "\"username\" : \" \"")),
                "endpoints.rest.username: must not be blank");
    }

    @Test
    void siteWhereSitesCarryAddressesOfOtherStores() throws PlanException {
        String yaml = """
                target: sitewhere
                endpoints:
                  rest: { baseUrl: "http://h/sitewhere/api", authUrl: "http://h/sitewhere/authapi/jwt", username: admin, password: p }
                  mqtt: { url: "tcp://h:1883" }
                  sites:
                    core: { postgres: "jdbc:postgresql://h/postgres", postgresUser: u, postgresPassword: p, kafka: "h:9092",
                            influx: "http://h:8086", mqtt: "tcp://h:1883", addresses: { sample: "file:///core" } }
                tenants: [ { name: acme, site: core } ]
                """;
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.text("test.yaml", yaml), Overrides.NONE);
        assertThat(((SiteWhereTarget) plan.target()).siteStores().get("core").addresses())
                .containsExactly(Map.entry("sample", "file:///core"));
        assertThat(plan.toJson()).contains("\"addresses\"").contains("file:///core");

        assertProblem(problemsOf(yaml.replace("sample: \"file:///core\"", "Sample: 7")),
                "endpoints.sites.core.addresses.Sample: not a store label (must match ^[a-z0-9]+$)");
        assertProblem(problemsOf(yaml.replace("sample: \"file:///core\"", "sample: 7")),
                "endpoints.sites.core.addresses.sample: expected an address, got 7");
    }

    @Test
    void endpointsWithTheSandbox() {
        assertProblem(problemsWith("endpoints", "{rest: {}}"), "endpoints: only applies when target is sitewhere");
    }

    // ---- injections

    @Test
    void unknownTenantInAnInjection() {
        assertProblem(problemsWith("injections[0].migration.tenant", "initech"),
                "injections[0].migration.tenant: unknown tenant 'initech' (known: acme, globex)");
    }

    @Test
    void moveToWhereTheTenantAlreadyIs() {
        assertProblem(problemsWith("injections[0].migration.to", "cloud"),
                "injections[0].migration.to: 'cloud' is already where acme's postgresql is at 30s (nothing to move)");
    }

    @Test
    void moveToWhereAnEarlierInjectionAlreadyPutIt() {
        assertProblem(problemsWith("injections[4]",
                        "{name: again, at: 260s, migration: {store: postgresql, strategy: stop-and-copy, tenant: acme, to: edge}}"),
                "injections[4].migration.to: 'edge' is already where acme's postgresql is at 260s");
    }

    @Test
    void fromThatIsNotWhereTheTenantIs() {
        assertProblem(problemsWith("injections[3].placement.from", "edge"),
                "injections[3].placement.from: 'edge' is not where acme's pipeline stage is at 240s ('cloud')");
    }

    @Test
    void injectionAtOrBeyondTheDuration() {
        assertProblem(problemsWith("injections[3].at", "300s"),
                "injections[3].at: 300s is not before the end of the run (duration 290s)");
    }

    @Test
    void injectionWithoutAt() {
        assertProblem(problemsWith("injections[4]", "{name: late, placement: {kind: sandbox-site, tenant: globex, to: edge}}"),
                "injections[4].at: required");
    }

    @Test
    void duplicateInjectionNames() {
        assertProblem(problemsWith("injections[1].name", "move-acme-postgres"),
                "injections[1].name: duplicate injection 'move-acme-postgres' (also injections[0])");
    }

    @Test
    void injectionNameThatCannotBeAFileName() {
        assertProblem(problemsWith("injections[1].name", "../../etc"), "injections[1].name: '../../etc' must match");
    }

    @Test
    void injectionWithBothOrNeitherAction() {
        assertProblem(problemsWith("injections[0].placement", "{kind: sandbox-site, tenant: acme, to: edge}"),
                "injections[0]: expected exactly one of migration, placement or fault");
        assertProblem(problemsWith("injections[4]", "{name: idle, at: 10s}"),
                "injections[4]: expected exactly one of migration, placement or fault");
    }

    @Test
    void unknownStore() {
        assertProblem(problemsWith("injections[0].migration.store", "mysql"),
                "injections[0].migration.store: unknown 'mysql' (expected one of: postgresql, kafka, influxdb)");
    }

    @Test
    void unknownStrategy() {
        assertProblem(problemsWith("injections[1].migration.store", "postgresql", "injections[1].migration.strategy", "logical"),
                "injections[1].migration.strategy: unknown 'logical' (expected one of: stop-and-copy, logical-replication)");
    }

    @Test
    void aPartitionReassignmentOnPerSiteKafkaIsRefusedWithTheReason() {
        assertProblem(problemsWith("injections[1].migration.strategy", "partition-reassignment"),
                "injections[1].migration.strategy: partition-reassignment moves a tenant's partitions between the "
                        + "brokers of one cluster, but sandbox.kafka is per-site");
    }

    @Test
    void aPartitionReassignmentOnAStretchedKafkaIsAccepted() throws Exception {
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(), Overrides.of(Map.of(
                "injections[1].migration.strategy", "partition-reassignment", "sandbox.kafka", "stretched")));
        assertThat(((SandboxTarget) plan.target()).kafka()).isEqualTo("stretched");
        assertThat(PlanJson.write(plan)).contains("\"kafka\" : \"stretched\"");
    }

    @Test
    void unknownKafkaTopology() {
        assertProblem(problemsWith("sandbox.kafka", "shared"),
                "sandbox.kafka: unknown 'shared' (expected one of: per-site, stretched)");
    }

    @Test
    void unknownPlacementKind() {
        assertProblem(problemsWith("injections[3].placement.kind", "nomad"),
                "injections[3].placement.kind: unknown 'nomad' (expected one of: kubernetes, sandbox-site)");
    }

    @Test
    void aStrategyWithoutAnInjectorIsUnknownListingTheInstalledOnes() {
        Map<String, List<OptionSpec>> registry = new LinkedHashMap<>(TestInjectors.registry());
        registry.remove("kafka/mirrormaker2");
        PlanResolver resolver = new PlanResolver(Defaults.STANDARD, registry, GateSyntax.UNCHECKED);

        assertProblem(problems(resolver, ScenarioSource.defaultScenario(), Overrides.NONE),
                "injections[1].migration.strategy: unknown 'mirrormaker2' (expected one of: partition-reassignment)");
    }

    @Test
    void storesStrategiesAndPlacementKindsAreWhatTheCatalogSays() throws PlanException {
        Map<String, List<OptionSpec>> registry = new LinkedHashMap<>(TestInjectors.registry());
        registry.put("sample/noop-copy", List.of(OptionSpec.integer("steps").defaultValue(3).min(1)));
        registry.put("placement/nomad", List.of());
        PlanResolver resolver = new PlanResolver(Defaults.STANDARD, registry, GateSyntax.UNCHECKED);

        BenchPlan plan = resolver.resolve(ScenarioSource.defaultScenario(), Overrides.of(Map.of(
                "injections[0].migration", "{store: sample, strategy: noop-copy, tenant: acme, to: edge, options: {steps: 5}}",
                "injections[3].placement.kind", "nomad")));
        assertThat(plan.injections().get(0).action().alias()).isEqualTo("sample/noop-copy");
        assertThat(plan.injections().get(0).action().options().integer("steps")).isEqualTo(5);
        assertThat(plan.injections().get(3).action().alias()).isEqualTo("placement/nomad");
        assertProblem(problems(resolver, ScenarioSource.defaultScenario(), Overrides.of(Map.of(
                        "injections[0].migration.store", "mysql"))),
                "injections[0].migration.store: unknown 'mysql' (expected one of: postgresql, kafka, influxdb, sample)");
    }

    @Test
    void anEmptyCatalogRefusesEveryInjection() {
        PlanResolver resolver = new PlanResolver(Defaults.STANDARD, io.contmig.options.InjectorCatalog.EMPTY,
                GateSyntax.UNCHECKED);
        assertProblem(problems(resolver, ScenarioSource.defaultScenario(), Overrides.NONE),
                "injections[0].migration.store: unknown 'postgresql' (expected one of: none is installed)");
    }

    // ---- injector options (OptionSpecs from the registry)

    @Test
    void unknownInjectorOption() {
        assertProblem(problemsWith("injections[0].migration.options.lagThreshhold", "1s"),
                "injections[0].migration.options.lagThreshhold: unknown option (known: lagThreshold, slot)");
    }

    @Test
    void injectorOptionOfTheWrongType() {
        assertProblem(problemsWith("injections[0].migration.options.lagThreshold", "soon"),
                "injections[0].migration.options.lagThreshold: 'soon' is not a duration");
    }

    @Test
    void injectorOptionNotMatchingItsPattern() {
        assertProblem(problemsWith("injections[0].migration.options.slot", "Main-Slot"),
                "injections[0].migration.options.slot: \"Main-Slot\" must match [a-z0-9_]+");
    }

    @Test
    void injectorOptionBelowItsMinimum() {
        assertProblem(problemsWith("injections[2].migration.options.batchPoints", "0"),
                "injections[2].migration.options.batchPoints: 0 must be >= 1");
    }

    @Test
    void requiredInjectorOptionMissing() {
        assertProblem(problemsWith("injections[3].placement.kind", "kubernetes"),
                "injections[3].placement.options.deployment: required option is missing");
    }

    @Test
    void dropSourceMustRepeatTheTenantsName() throws PlanException {
        String refusal = "injections[2].migration.options.dropSource: '%s' must repeat the tenant's name 'acme' to drop "
                + "the source after the move (leave dropSource out to keep the source)";
        assertProblem(problemsWith("injections[2].migration.options.dropSource", "true"), refusal.formatted("true"));
        assertProblem(problemsWith("injections[2].migration.options.dropSource", "globex"), refusal.formatted("globex"));

        BenchPlan asked = TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(),
                Overrides.of(Map.of("injections[2].migration.options.dropSource", "acme")));
        assertThat(asked.injections().get(2).action().options().string("dropSource")).isEqualTo("acme");
        BenchPlan absent = TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(), Overrides.NONE);
        assertThat(absent.injections().get(2).action().options().string("dropSource")).as("absent: never drop").isEmpty();
    }

    // ---- load.iotlab

    @Test
    void iotlabResolvesWithItsDefaultsAndReadsBackFromPlanJson() throws PlanException {
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(), Overrides.of(Map.of(
                "load.iotlab", "{site: grenoble, nodes: 3, profile: consumption, bridge: {kind: tcp, port: 20000}}")));
        IotLabLoad iotlab = plan.load().iotlab().orElseThrow();
        assertThat(iotlab.tenant()).isEqualTo("acme");
        assertThat(iotlab.nodeCount()).isEqualTo(3);
        assertThat(iotlab.archi()).isEqualTo(IotLabLoad.DEFAULT_ARCHI);
        assertThat(iotlab.profile()).contains("consumption");
        assertThat(iotlab.bridge()).isEqualTo(new IotLabLoad.TcpBridge("127.0.0.1", 20000));
        assertThat(TestInjectors.resolver().resolve(ScenarioSource.text("plan.json", plan.toJson()), Overrides.NONE))
                .isEqualTo(plan);

        BenchPlan attached = TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(), Overrides.of(Map.of(
                "load.iotlab", "{site: lille, experiment: 4242, tenant: globex, bridge: {kind: ssh}}")));
        assertThat(attached.load().iotlab().orElseThrow().bridge())
                .isEqualTo(new IotLabLoad.SshBridge(java.util.Optional.empty(), "lille.iot-lab.info"));
        assertThat(attached.load().iotlab().get().nodes()).isEmpty();
    }

    @Test
    void iotlabProblemsNameTheirPaths() {
        List<String> problems = problemsWith("load.iotlab",
                "{site: Grenoble, nodes: 0, tenant: bob, api: 'ftp://x', bridge: {kind: udp}}");
        assertProblem(problems, "load.iotlab.site: 'Grenoble' is not an IoT-LAB site name");
        assertProblem(problems, "load.iotlab.nodes: 0 must be >= 1");
        assertProblem(problems, "load.iotlab.tenant: unknown tenant 'bob' (known: acme, globex)");
        assertProblem(problems, "load.iotlab.api: 'ftp://x' is not an http(s) URL");
        assertProblem(problems, "load.iotlab.bridge.kind: unknown 'udp' (expected one of: ssh, tcp, file)");

        problems = problemsWith("load.iotlab", "{site: grenoble, nodes: [m3-7, 'node 8'], bridge: {kind: file, host: x}}");
        assertProblem(problems, "load.iotlab.nodes[1]: 'node 8' is not a node id (e.g. m3-7)");
        assertProblem(problems, "load.iotlab.bridge.host: unknown key (known: kind, path)");
        assertProblem(problems, "load.iotlab.bridge.path: required");

        problems = problemsWith("load.iotlab", "{site: grenoble, bridge: {kind: tcp, port: 70000}, colour: red}");
        assertProblem(problems, "load.iotlab.nodes: required (a count, or a list of node ids like m3-7) unless experiment");
        assertProblem(problems, "load.iotlab.bridge.port: 70000 must be 1..65535");
        assertProblem(problems, "load.iotlab.colour: unknown key");
        assertProblem(problemsWith("load.iotlab", "{site: grenoble, nodes: 2}"),
                "load.iotlab.bridge: required ({ kind: ssh | tcp | file, ... })");
    }

    @Test
    void injectorOptionThatIsNotAValue() {
        assertProblem(problemsWith("injections[0].migration.options.slot", "[a, b]"),
                "injections[0].migration.options.slot: expected a single value, got a list");
    }

    // ---- gates

    @Test
    void gateScopedToAnUnknownInjection() {
        assertProblem(problemsWith("gates[1]", "{expression: 'lost == 0', injection: move-bob}"),
                "gates[1].injection: unknown injection 'move-bob' (known: move-acme-postgres, move-acme-kafka, "
                        + "move-acme-influxdb, move-acme-stage)");
    }

    @Test
    void emptyGate() {
        assertProblem(problemsWith("gates[0]", "''"), "gates[0]: a gate expression must not be empty");
    }

    @Test
    void gateWithAnUnknownKey() {
        assertProblem(problemsWith("gates[0]", "{expr: 'lost == 0'}"), "gates[0].expr: unknown key (known: expression, injection)");
    }

    @Test
    void gateThatDoesNotParseNamesThePosition() {
        PlanResolver resolver = new PlanResolver(Defaults.STANDARD, TestInjectors.registry(), GateSyntax.PARSER);

        List<String> problems = problems(resolver, ScenarioSource.defaultScenario(),
                Overrides.of(Map.of("gates[0]", "'p99(mqtt.e2e, ) <= 3'")));

        assertThat(problems).singleElement().asString().startsWith("gates[0]: at position 14: expected");
    }

    @Test
    void standardResolverChecksGatesWithTheGateParser() {
        assertProblem(problems(PlanResolver.standard(TestInjectors.registry()), ScenarioSource.defaultScenario(),
                        Overrides.of(Map.of("gates[1]", "{expression: 'lost === 0', injection: move-acme-kafka}"))),
                "gates[1].expression: at position");
    }

    @Test
    void gatesMayReadTheBaselineAndAMalformedReferenceIsNamedWithItsPath() throws Exception {
        PlanResolver resolver = PlanResolver.standard(TestInjectors.registry());
        assertThat(resolver.resolve(ScenarioSource.defaultScenario(), Overrides.of(Map.of("gates[0]",
                "'p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)'"))).gates().get(0).expression())
                .isEqualTo("p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)");

        List<String> problems = problems(resolver, ScenarioSource.defaultScenario(), Overrides.of(Map.of(
                "gates[0]", "'p99(mqtt.e2e, during) <= baseline.p98(mqtt.e2e, during)'",
                "gates[1]", "{expression: 'lost <= baseline', injection: move-acme-kafka}")));

        assertThat(problems).containsExactly("gates[0]: at position 34: expected a function (p50, p90, p99, p999, max, "
                        + "throughput, errors, count, downtime) or a verification count (lost, duplicated, checked, "
                        + "mismatches) after 'baseline.', e.g. baseline.p99(mqtt.e2e, during) but found 'p' in "
                        + "\"p99(mqtt.e2e, during) <= baseline.p98(mqtt.e2e, during)\"",
                "gates[1].expression: at position 16: expected '.' and a function (p50, p90, p99, p999, max, throughput,"
                        + " errors, count, downtime) or a verification count (lost, duplicated, checked, mismatches) after"
                        + " 'baseline' but found the end of the expression in \"lost <= baseline\"");
    }

    @Test
    void gateSyntaxProblemsCarryThePath() {
        GateSyntax rejectsParentheses = e -> e.contains("(") ? Optional.of("at 4: expected an operator") : Optional.empty();
        PlanResolver resolver = new PlanResolver(Defaults.STANDARD, TestInjectors.registry(), rejectsParentheses);

        List<String> problems = problems(resolver, ScenarioSource.defaultScenario(),
                Overrides.of(Map.of("gates[0]", "'p99(x) > 1'",
                        "gates[1]", "{expression: 'p99(x) > 1', injection: move-acme-kafka}")));

        // Gates 2..4 of the default scenario are maps too, so each problem names its own path.
        assertThat(problems).containsExactly("gates[0]: at 4: expected an operator",
                "gates[1].expression: at 4: expected an operator", "gates[2].expression: at 4: expected an operator",
                "gates[3].expression: at 4: expected an operator", "gates[4].expression: at 4: expected an operator");
    }

    // ---- names and everything at once

    @Test
    void runNameThatCannotBeADirectory() {
        assertProblem(problemsWith("name", "my run/1"), "name: 'my run/1' must match");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problemsWith("seed", "x", "load.mqtt.rat", "2", "injections[1].migration.strategy",
                "logical", "tenants[0].name", "ACME");

        assertThat(problems).hasSizeGreaterThanOrEqualTo(4);
        assertProblem(problems, "seed: expected an integer");
        assertProblem(problems, "load.mqtt.rat: unknown key");
        assertProblem(problems, "injections[1].migration.strategy: unknown 'logical'");
        assertProblem(problems, "tenants[0].name: 'ACME' must match");
    }

    @Test
    void theMessageListsOneProblemPerLine() {
        PlanException e = new PlanException(List.of("a: one", "b: two"));

        assertThat(e.getMessage()).isEqualTo("invalid scenario (2 problems):\na: one\nb: two");
    }
}
