package io.contmig.runner.study;

import io.contmig.inject.InjectorFactories;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlannedMigration;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.SandboxTarget;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped MirrorMaker 2 vs partition reassignment study: each cell resolves to the Kafka topology its strategy
 * needs (a cell's {@code set} overrides {@code sandbox.kafka}), and without that override the reassignment cell is
 * refused — so the per-cell topology is what makes the study valid, not an accident of the base scenario.
 */
class KafkaStudyTest {

    private static final Path STUDY = Path.of("..", "studies", "kafka-mm2-vs-reassignment", "study.yaml");

    private static StudyResolver resolver() {
        return new StudyResolver(PlanResolver.standard(InjectorFactories.installed().catalog()));
    }

    @Test
    void eachCellRunsOnTheTopologyItsStrategyNeeds() throws Exception {
        StudySource source = StudySource.file(STUDY);
        List<StudyResolver.Trial> trials = resolver().resolve(source.study(), source.base(), Overrides.NONE);
        assertEquals(6, trials.size(), "2 cells x 3 trials");
        Map<String, String> topology = Map.of("mirrormaker2", SandboxTarget.KAFKA_PER_SITE,
                "partition-reassignment", SandboxTarget.KAFKA_STRETCHED);
        for (StudyResolver.Trial t : trials) {
            String cell = t.cell().name();
            assertEquals(topology.get(cell), ((SandboxTarget) t.plan().target()).kafka(), cell);
            PlannedMigration move = (PlannedMigration) t.plan().injections().get(0).action();
            assertEquals(cell, move.strategy(), cell);
        }
    }

    @Test
    void withoutTheCellsTopologyTheReassignmentIsRefused() throws Exception {
        StudySource source = StudySource.file(STUDY);
        Study perSiteOnly = new Study(source.study().name(), source.study().scenario(), source.study().trials(),
                List.of(new StudyCell("partition-reassignment",
                        Map.of("injections.move.migration.strategy", "partition-reassignment"))),
                source.study().slo());
        StudyException e = assertThrows(StudyException.class,
                () -> resolver().resolve(perSiteOnly, source.base(), Overrides.NONE));
        assertTrue(e.getMessage().contains("stretched"), e.getMessage());
    }
}
