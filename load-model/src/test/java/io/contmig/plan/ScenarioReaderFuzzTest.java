package io.contmig.plan;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the scenario reader (YAML → {@link BenchPlan}): whatever a user writes, resolving it
 * either yields a plan or throws the {@link PlanException} whose every problem starts with the path (or the file and
 * position) of what is wrong — never another exception (NullPointerException, ClassCastException, a stack overflow,
 * running out of memory on a small alias bomb). Every {@code mvn test} replays the corpus in
 * {@code src/test/resources/io/contmig/plan/ScenarioReaderFuzzTestInputs/}; to fuzz, from the repository root:
 * {@code JAZZER_FUZZ=1 mvn -pl load-model -am test -Dtest=ScenarioReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m}
 * (a crashing input is written to that directory; keep it there as a regression input once fixed).
 */
class ScenarioReaderFuzzTest {

    private static final PlanResolver RESOLVER = TestInjectors.resolver();

    @FuzzTest(maxDuration = "60s")
    void anyScenarioIsAPlanOrPathedProblems(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        try {
            BenchPlan plan = RESOLVER.resolve(ScenarioSource.text("fuzz.yaml", yaml), Overrides.NONE);
            assertThat(plan).isNotNull();
        } catch (PlanException refused) {
            assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> {
                // "<path>: <what is wrong>", the path first (the file's name for a YAML syntax error)
                assertThat(problem).as("problem of %s", yaml).matches("(?s)[^\\s:][^\\n]*?: \\S.*");
                assertThat(problem).as("problem of %s", yaml).doesNotContain("java.lang.", "Exception:");
            });
        }
    }
}
