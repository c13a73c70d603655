package io.contmig.runner.study;

import io.contmig.inject.InjectorFactories;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyReaderTest {

    private static final Path FOLDER = Path.of("/studies");

    @Test
    void explicitCellsAndSlo() throws Exception {
        Study s = StudyReader.read("""
                name: pg-strategies
                scenario: ../scenarios/pg-move.yaml
                trials: 5
                cells:
                  - { name: stop-and-copy, set: { injections.move.migration.strategy: stop-and-copy } }
                  - { name: logical, set: { injections.move.migration.options: { lagThreshold: 200ms }, seed: 7 } }
                slo:
                  - "lost == 0"
                  - { expression: "p99(mqtt.e2e@migrated, during) <= 3 * p99(mqtt.e2e@migrated, before)", injection: move }
                """, FOLDER);
        assertEquals("pg-strategies", s.name());
        assertEquals(Optional.of(Path.of("/scenarios/pg-move.yaml")), s.scenario());
        assertEquals(5, s.trials());
        assertEquals(List.of("stop-and-copy", "logical"), s.cells().stream().map(StudyCell::name).toList());
        assertEquals(Map.of("injections.move.migration.strategy", "stop-and-copy"), s.cells().get(0).set());
        assertEquals("{\"lagThreshold\":\"200ms\"}", s.cells().get(1).set().get("injections.move.migration.options"));
        assertEquals("7", s.cells().get(1).set().get("seed"));
        assertEquals(new Study.Slo("lost == 0", ""), s.slo().get(0));
        assertEquals("move", s.slo().get(1).injection());
    }

    @Test
    void varyIsTheCartesianProductFirstPathSlowest() throws Exception {
        Study s = StudyReader.read("""
                name: sweep
                vary:
                  injections.move.migration.strategy: [stop-and-copy, logical-replication]
                  injections.move.migration.options.rowsPerSecond: [0, 5000, 20000]
                """, FOLDER);
        assertEquals(StudyReader.DEFAULT_TRIALS, s.trials());
        assertEquals(Optional.empty(), s.scenario());
        assertEquals(6, s.cells().size());
        assertEquals("strategy-stop-and-copy_rowsPerSecond-0", s.cells().get(0).name());
        assertEquals("strategy-stop-and-copy_rowsPerSecond-5000", s.cells().get(1).name());
        assertEquals(Map.of("injections.move.migration.strategy", "logical-replication",
                "injections.move.migration.options.rowsPerSecond", "20000"), s.cells().get(5).set());
    }

    @Test
    void everyProblemWithItsPath() {
        StudyException e = assertThrows(StudyException.class, () -> StudyReader.read("""
                trials: 0
                colour: blue
                cells:
                  - { name: "bad name", set: { duraton: 60s } }
                  - { name: a, set: { seed: 1 }, extra: 1 }
                  - { name: a }
                slo:
                  - "p99(mqtt.e2e, during) <=="
                  - 3
                  - { expression: "p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)" }
                """, FOLDER));
        List<String> p = e.problems();
        assertTrue(p.contains("name: required"), p.toString());
        assertTrue(p.contains("trials: 0 must be >= 1"), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("colour: unknown key (known: name, scenario, trials")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("cells[0].name: 'bad name' must match")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("cells[0].set.duraton: not a scenario path")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("cells[1].extra: unknown key")), p.toString());
        assertTrue(p.contains("cells[2].name: duplicate cell name 'a'"), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("slo[0]: ")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("slo[1]: expected a gate expression")), p.toString());
        assertTrue(p.contains("slo[2].expression: an SLO cannot read a baseline run (baseline.): a study compares its"
                + " cells with each other; compare two studies with contmig:compare"), p.toString());
    }

    @Test
    void isolationIsWarmUnlessColdIsAsked() throws Exception {
        assertEquals(Study.WARM, StudyReader.read("name: x\ncells: [ { name: a } ]\n", FOLDER).isolation());
        assertEquals(Study.COLD, StudyReader.read("name: x\ncells: [ { name: a } ]\nisolation: cold\n", FOLDER)
                .isolation());
        StudyException e = assertThrows(StudyException.class, () -> StudyReader.read("""
                name: x
                cells: [ { name: a } ]
                isolation: lukewarm
                """, FOLDER));
        assertEquals(List.of("isolation: unknown 'lukewarm' (expected one of: warm, cold)"), e.problems());
        StudyException map = assertThrows(StudyException.class, () -> StudyReader.read("""
                name: x
                cells: [ { name: a } ]
                isolation: { mode: warm }
                """, FOLDER));
        assertEquals(List.of("isolation: expected a string, got a map"), map.problems());
    }

    @Test
    void cellsOrVaryNotBoth() {
        StudyException e = assertThrows(StudyException.class, () -> StudyReader.read("""
                name: x
                cells: [ { name: a } ]
                vary: { seed: [1, 2] }
                """, FOLDER));
        assertTrue(e.problems().get(0).startsWith("cells, vary: give exactly one"), e.problems().toString());
        StudyException empty = assertThrows(StudyException.class, () -> StudyReader.read("""
                name: x
                vary: { seed: [] }
                """, FOLDER));
        assertTrue(empty.problems().get(0).startsWith("vary.seed: expected a non-empty list"), empty.problems().toString());
    }

    @Test
    void cellsResolveAgainstTheScenarioAndProblemsNameTheCell() throws Exception {
        StudyResolver resolver = new StudyResolver(PlanResolver.standard(InjectorFactories.installed().catalog()));
        Study ok = StudyReader.read("""
                name: pg
                trials: 2
                cells:
                  - { name: sc, set: { injections.move-acme-postgres.migration.strategy: stop-and-copy } }
                  - { name: lr, set: { injections.move-acme-postgres.migration.strategy: logical-replication } }
                slo: [ { expression: "lost == 0", injection: move-acme-postgres } ]
                """, FOLDER);
        List<StudyResolver.Trial> trials = resolver.resolve(ok, ScenarioSource.defaultScenario(),
                Overrides.of(Map.of("duration", "280s")));
        assertEquals(List.of("sc-t1", "lr-t1", "lr-t2", "sc-t2"), trials.stream().map(StudyResolver.Trial::runId).toList());
        assertEquals(42, trials.get(0).plan().seed());
        assertEquals(43, trials.get(3).plan().seed());
        assertEquals(280, trials.get(0).plan().duration().toSeconds());

        Study bad = StudyReader.read("""
                name: pg
                cells:
                  - { name: sc, set: { injections.move-acme-postgres.migration.strategy: teleport } }
                  - { name: lr, set: { injections.nope.at: 10s, duration: -1s } }
                  - { name: ok }
                slo: [ { expression: "lost == 0", injection: move-acme-nothing } ]
                """, FOLDER);
        StudyException e = assertThrows(StudyException.class,
                () -> resolver.resolve(bad, ScenarioSource.defaultScenario(), Overrides.NONE));
        List<String> p = e.problems();
        assertTrue(p.stream().anyMatch(x -> x.startsWith("cells[0] (sc): injections[0].migration.strategy: unknown 'teleport'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("cells[1] (lr).set.injections.nope.at: no element named 'nope'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("cells[1] (lr): duration:")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("slo[0].injection: cells[2] (ok) has no injection 'move-acme-nothing'")), p.toString());
    }

    @Test
    void interleavedOrderRotatesTheFirstCell() {
        assertEquals(List.of(new TrialOrder.Slot(0, 0), new TrialOrder.Slot(1, 0), new TrialOrder.Slot(2, 0),
                        new TrialOrder.Slot(1, 1), new TrialOrder.Slot(2, 1), new TrialOrder.Slot(0, 1)),
                TrialOrder.interleaved(3, 2));
    }
}
