package io.contmig.runner;

import io.contmig.plan.BenchPlan;
import io.contmig.plan.SandboxTarget;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped example scenarios resolve against the installed injectors, and say what they claim. */
class ExampleScenariosTest {

    private static final Path KAFKA_EXAMPLES = Path.of("..", "examples", "kafka-mm2-vs-reassignment");

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private BenchPlan plan(String file, Properties properties) throws Exception {
        return new Commands(Arguments.parse(List.of("plan", "--scenario", KAFKA_EXAMPLES.resolve(file).toString())),
                properties, out).resolvePlan();
    }

    @Test
    void mirrorMakerPerSiteAndReassignmentStretchedResolve() throws Exception {
        BenchPlan mm2 = plan("per-site-mm2.yaml", new Properties());
        BenchPlan reassignment = plan("stretched-reassignment.yaml", new Properties());

        assertThat(((SandboxTarget) mm2.target()).kafka()).isEqualTo(SandboxTarget.KAFKA_PER_SITE);
        assertThat(mm2.injections().get(0).action().alias()).isEqualTo("kafka/mirrormaker2");
        assertThat(((SandboxTarget) reassignment.target()).kafka()).isEqualTo(SandboxTarget.KAFKA_STRETCHED);
        assertThat(reassignment.injections().get(0).action().alias()).isEqualTo("kafka/partition-reassignment");
    }

    @Test
    void theReassignmentOnAPerSiteSandboxIsRefusedBeforeAnythingStarts() {
        Properties perSite = new Properties();
        perSite.setProperty("contmig.sandbox.kafka", "per-site");
        assertThatThrownBy(() -> plan("stretched-reassignment.yaml", perSite))
                .hasMessageContaining("injections[0].migration.strategy: partition-reassignment moves a tenant's "
                        + "partitions between the brokers of one cluster, but sandbox.kafka is per-site");
    }
}
