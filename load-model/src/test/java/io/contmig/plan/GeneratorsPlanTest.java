package io.contmig.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code load.generators}: defaults, every validation rule with its path, and the plan.json round trip. */
class GeneratorsPlanTest {

    private static final String TENANTS = "tenants: [ {name: acme, devices: 2} ]\n";

    private static BenchPlan resolve(String yaml) throws PlanException {
        return TestInjectors.resolver().resolve(ScenarioSource.text("test.yaml", yaml), Overrides.NONE);
    }

    private static List<String> problemsOf(String generators) {
        PlanException e = catchThrowableOfType(PlanException.class,
                () -> resolve(TENANTS + "load:\n  generators: " + generators + "\n"));
        assertThat(e).as("expected the scenario to be refused").isNotNull();
        return e.problems();
    }

    @Test
    void absentMeansOneGeneratorInTheRunnersJvm() throws PlanException {
        BenchPlan plan = resolve(TENANTS);

        assertThat(plan.load().generators()).isEqualTo(GeneratorsPlan.IN_PROCESS);
        assertThat(plan.load().generators().forked()).isFalse();
        assertThat(plan.toJson()).contains("\"generators\" : {\n      \"count\" : 1,\n      \"executor\" : \"local\"");
    }

    @Test
    void localCountsOfTwoOrMoreFork() throws PlanException {
        GeneratorsPlan g = resolve(TENANTS + "load: { generators: { count: 3 } }\n").load().generators();

        assertThat(g.count()).isEqualTo(3);
        assertThat(g.executor()).isEqualTo(GeneratorsPlan.Executor.LOCAL);
        assertThat(g.forked()).isTrue();
        assertThat(g.generatorOfDevice(7)).isEqualTo(1);
        assertThat(resolve(TENANTS + "load: { generators: { count: 1, executor: local } }\n").load().generators()
                .forked()).isFalse();
    }

    @Test
    void kubernetesSettingsResolveAndRoundTripThroughPlanJson() throws PlanException {
        BenchPlan plan = resolve(TENANTS + "load:\n  generators:\n    count: 2\n    executor: kubernetes\n"
                + "    kubernetes: { image: 'registry.example/contmig:1', namespace: load, nodeSelector: { role: loadgen },"
                + " controlHost: 10.0.0.5, controlPort: 7070 }\n");
        GeneratorsPlan g = plan.load().generators();

        assertThat(g.forked()).isTrue();
        assertThat(g.kubernetes()).get().satisfies(k -> {
            assertThat(k.image()).isEqualTo("registry.example/contmig:1");
            assertThat(k.namespace()).isEqualTo("load");
            assertThat(k.nodeSelector()).isEqualTo(Map.of("role", "loadgen"));
            assertThat(k.controlHost()).isEqualTo("10.0.0.5");
            assertThat(k.controlPort()).isEqualTo(7070);
        });
        assertThat(TestInjectors.resolver().resolve(ScenarioSource.text("plan.json", plan.toJson()), Overrides.NONE)
                .load().generators()).isEqualTo(g);
        assertThat(plan.describe()).contains("generators: 2 kubernetes (Job in namespace load");
    }

    @Test
    void aPropertyOverrideSetsTheCount() throws PlanException {
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.text("test.yaml", TENANTS),
                Overrides.of(Map.of("load.generators.count", "3")));

        assertThat(plan.load().generators().count()).isEqualTo(3);
        assertThat(plan.load().generators().forked()).isTrue();
    }

    @Test
    void countMustBePositive() {
        assertThat(problemsOf("{ count: 0 }")).contains("load.generators.count: 0 must be within [1, 1000]");
        assertThat(problemsOf("{ count: many }")).anySatisfy(p -> assertThat(p)
                .startsWith("load.generators.count: expected an integer"));
    }

    @Test
    void unknownExecutorAndKeysArePathed() {
        assertThat(problemsOf("{ count: 2, executor: slurm, cont: 1 }")).contains(
                "load.generators.executor: unknown 'slurm' (expected one of: local, kubernetes)",
                "load.generators.cont: unknown key (known: count, executor, kubernetes)");
    }

    @Test
    void kubernetesNeedsItsSettings() {
        assertThat(problemsOf("{ count: 2, executor: kubernetes }")).anySatisfy(p -> assertThat(p)
                .startsWith("load.generators.kubernetes: required with executor: kubernetes"));
        assertThat(problemsOf("{ executor: kubernetes, kubernetes: { namespace: Bad_NS, controlPort: 70000,"
                + " nodeSelector: { role: [a] }, nodeSelectr: {} } }")).contains(
                "load.generators.kubernetes.image: required",
                "load.generators.kubernetes.controlHost: required",
                "load.generators.kubernetes.namespace: 'Bad_NS' is not a DNS-1123 label (lower-case letters, digits,"
                        + " '-'; at most 63)",
                "load.generators.kubernetes.controlPort: 70000 must be within [0, 65535]",
                "load.generators.kubernetes.nodeSelector.role: expected a string, got a list",
                "load.generators.kubernetes.nodeSelectr: unknown key (known: image, namespace, nodeSelector,"
                        + " controlHost, controlPort)");
        assertThat(problemsOf("{ count: 2, kubernetes: { image: x, controlHost: h } }")).contains(
                "load.generators.kubernetes: set only with executor: kubernetes (executor defaults to local)");
    }
}
