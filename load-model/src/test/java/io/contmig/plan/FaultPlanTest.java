package io.contmig.plan;

import io.contmig.options.InjectorCatalog;
import io.contmig.options.InjectorDescription;
import io.contmig.options.PhaseSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Fault injections in scenarios: what resolves, and one negative test per rule, each naming its path. */
class FaultPlanTest {

    /** The test catalog, with phases for the PostgreSQL and Kafka strategies (phase triggers are checked). */
    private static PlanResolver resolver() {
        List<InjectorDescription> injectors = new ArrayList<>();
        TestInjectors.registry().forEach((alias, options) -> injectors.add(new InjectorDescription(alias,
                alias.equals("kafka/mirrormaker2") ? phases("mirror", "cutover", "cleanup")
                        : alias.equals("postgresql/logical-replication")
                        ? phases("schema", "copy", "indexes", "catch-up", "cutover", "cleanup") : List.of(),
                options)));
        return new PlanResolver(Defaults.STANDARD, InjectorCatalog.of(injectors), GateSyntax.UNCHECKED);
    }

    private static List<PhaseSpec> phases(String... names) {
        return java.util.Arrays.stream(names).map(n -> PhaseSpec.of(n, n)).toList();
    }

    private static BenchPlan resolve(String... pathsAndValues) throws PlanException {
        return resolver().resolve(ScenarioSource.defaultScenario(), overrides(pathsAndValues));
    }

    private static Overrides overrides(String... pathsAndValues) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            o.put(pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return Overrides.of(o);
    }

    private static List<String> problems(String... pathsAndValues) {
        PlanException e = catchThrowableOfType(PlanException.class, () -> resolve(pathsAndValues));
        assertThat(e).as("expected the scenario to be refused").isNotNull();
        return e.problems();
    }

    private static void assertProblem(List<String> problems, String fragment) {
        assertThat(problems).as("problems").anySatisfy(p -> assertThat(p).contains(fragment));
    }

    @Test
    void partitionAtAPhaseOfAnotherInjection() throws PlanException {
        BenchPlan plan = resolve("injections[4]", "{name: cut-wan, at: {injection: move-acme-kafka, phase: cutover,"
                + " offset: 100ms}, fault: {kind: partition, link: edgeToCloud, for: 10s}}");

        assertThat(plan.injections()).hasSize(4);
        assertThat(plan.faults()).containsExactly(new FaultPlan("cut-wan",
                new FaultTrigger.AtPhase("move-acme-kafka", "cutover", Duration.ofMillis(100)),
                PlannedFault.of(FaultKind.PARTITION, "edgeToCloud", Duration.ofSeconds(10))));
        assertThat(plan.toJson()).contains("\"fault\" : {", "\"kind\" : \"partition\"", "\"link\" : \"edgeToCloud\"",
                "\"phase\" : \"cutover\"", "\"offset\" : \"100ms\"");
        assertThat(plan.describe()).contains("move-acme-kafka/cutover+100ms", "fault/partition", "edgeToCloud for 10s");
    }

    @Test
    void everyKindAtATime() throws PlanException {
        BenchPlan plan = resolve(
                "injections[4]", "{name: slow, at: 5s, fault: {kind: delay, link: devicesToCloud, for: 3s, delay: 200ms, bandwidthMbit: 2}}",
                "injections[5]", "{name: crash, at: 6s, fault: {kind: kill, server: edge.kafka, for: 2s}}",
                "injections[6]", "{name: freeze, at: 7s, fault: {kind: pause, server: cloud.postgres, for: 5s}}",
                "injections[7]", "{name: dark, at: 8s, fault: {kind: site-outage, site: edge, for: 10s}}");

        assertThat(plan.faults()).extracting(f -> f.fault().kind()).containsExactly(FaultKind.DELAY, FaultKind.KILL,
                FaultKind.PAUSE, FaultKind.SITE_OUTAGE);
        assertThat(plan.faults().get(0).fault().delay()).contains(Duration.ofMillis(200));
        assertThat(plan.faults().get(0).fault().bandwidthMbit()).contains(2.0);
        assertThat(plan.faults().get(1).fault().site()).isEqualTo("edge");
        assertThat(plan.faults().get(1).fault().server()).isEqualTo("kafka");
        assertThat(plan.faults().get(3).trigger()).isEqualTo(new FaultTrigger.AtTime(Duration.ofSeconds(8)));
    }

    @Test
    void gateScopedToAFault() throws PlanException {
        BenchPlan plan = resolve("injections[4]", "{name: crash, at: 6s, fault: {kind: kill, server: edge.kafka, for: 2s}}",
                "gates[5]", "{expression: 'downtime(mqtt.e2e) <= 5000', injection: crash}");
        assertThat(plan.gates().get(5).scope()).isEqualTo(Optional.of("crash"));
    }

    @Test
    void unknownKindLinkServerAndSite() {
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: flood, for: 1s}}"),
                "injections[4].fault.kind: unknown 'flood' (expected one of: partition, delay, kill, pause, site-outage)");
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: partition, link: wan, for: 1s}}"),
                "injections[4].fault.link: unknown link 'wan' (expected one of: devicesToEdge, devicesToCloud, edgeToCloud)");
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: kill, server: cloud.redis, for: 1s}}"),
                "injections[4].fault.server: 'cloud.redis' is not <site>.<server> (sites: cloud, edge; servers: postgres, kafka, influx, mqtt)");
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: site-outage, site: fog, for: 1s}}"),
                "injections[4].fault.site: unknown site 'fog' (expected one of: cloud, edge)");
    }

    @Test
    void keyOfAnotherKindAndMissingFor() {
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: kill, link: edgeToCloud, server: edge.kafka, for: 1s}}"),
                "injections[4].fault.link: unknown key (known: kind, server, for)");
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: pause, server: edge.kafka}}"),
                "injections[4].fault.for: required");
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: pause, server: edge.kafka, for: -1s}}"),
                "injections[4].fault.for: '-1s' must not be negative");
        assertProblem(problems("injections[4]", "{name: f, at: 5s, fault: {kind: delay, link: edgeToCloud, for: 1s}}"),
                "injections[4].fault: a delay fault needs delay (one-way, e.g. 200ms) or bandwidthMbit");
    }

    @Test
    void badTriggers() {
        assertProblem(problems("injections[4]", "{name: f, at: {injection: move-acme-mysql, phase: copy}, fault: {kind: partition, link: edgeToCloud, for: 1s}}"),
                "injections[4].at.injection: 'move-acme-mysql' is not a migration or placement of this scenario (known: move-acme-postgres,");
        assertProblem(problems("injections[4]", "{name: f, at: {injection: move-acme-kafka, phase: copy}, fault: {kind: partition, link: edgeToCloud, for: 1s}}"),
                "injections[4].at.phase: 'copy' is not a phase of move-acme-kafka (kafka/mirrormaker2 announces: mirror, cutover, cleanup)");
        assertProblem(problems("injections[4]", "{name: f, at: {injection: move-acme-kafka, phse: copy}, fault: {kind: partition, link: edgeToCloud, for: 1s}}"),
                "injections[4].at.phse: unknown key (known: injection, phase, offset)");
        assertProblem(problems("injections[4]", "{name: f, at: 400s, fault: {kind: partition, link: edgeToCloud, for: 1s}}"),
                "injections[4].at: 400s is not before the end of the run (duration 290s)");
        assertProblem(problems("injections[4]", "{name: f, fault: {kind: partition, link: edgeToCloud, for: 1s}}"),
                "injections[4].at: required");
    }

    @Test
    void faultAndMigrationInOneInjectionAndDuplicateNames() {
        assertProblem(problems("injections[0].fault", "{kind: partition, link: edgeToCloud, for: 1s}"),
                "injections[0]: expected exactly one of migration, placement or fault");
        assertProblem(problems("injections[4]", "{name: move-acme-kafka, at: 5s, fault: {kind: partition, link: edgeToCloud, for: 1s}}"),
                "injections[4].name: duplicate injection 'move-acme-kafka' (also injections[1])");
    }

    @Test
    void faultsNeedTheSandbox() {
        PlanException e = catchThrowableOfType(PlanException.class, () -> resolver().resolve(ScenarioSource.text("s.yaml", """
                target: sitewhere
                endpoints: { rest: { baseUrl: "http://h/sitewhere/api", authUrl: "http://h/sitewhere/authapi/jwt",
                                     username: a, password: b }, mqtt: { url: "tcp://h:1883" },
                             sites: { cloud: { postgres: "jdbc:postgresql://h/postgres", kafka: "h:9092",
                                               influx: "http://h:8086", mqtt: "tcp://h:1883" } } }
                tenants: [ { name: acme } ]
                injections:
                  - { name: cut, at: 5s, fault: { kind: partition, link: edgeToCloud, for: 1s } }
                """), Overrides.NONE));
        assertThat(e).isNotNull();
        assertProblem(e.problems(), "injections[0].fault: faults need target sandbox (target 'sitewhere' has no fault control)");
    }
}
