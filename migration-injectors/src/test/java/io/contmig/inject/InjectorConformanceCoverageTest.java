package io.contmig.inject;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every installed injector alias takes part in the conformance suite: a new strategy without a
 * {@link InjectorConformance} subject fails here, naming the alias.
 */
class InjectorConformanceCoverageTest {

    /** The conformance classes; a new fixture class is added here. */
    private static final List<String> SUITES = List.of(
            "io.contmig.inject.postgres.PgConformanceIT",
            "io.contmig.inject.influx.InfluxConformanceIT",
            "io.contmig.inject.influx.InfluxReplayConformanceIT",
            "io.contmig.inject.kafka.KafkaConformanceIT",
            "io.contmig.inject.kafka.KafkaReassignmentConformanceIT",
            "io.contmig.inject.placement.PlacementConformanceTest",
            "io.contmig.inject.sample.SampleConformanceTest");

    @Test
    void everyInstalledAliasHasAConformanceSubject() throws Exception {
        TreeSet<String> covered = new TreeSet<>();
        for (String name : SUITES) {
            Class<?> suite = Class.forName(name);
            assertThat(InjectorConformance.class).as(name).isAssignableFrom(suite);
            Constructor<?> constructor = suite.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method subjects = suite.getDeclaredMethod("subjects");
            subjects.setAccessible(true);
            // Building the subjects touches no server: they reach their fixture only when a test runs.
            for (Object subject : (List<?>) subjects.invoke(constructor.newInstance())) {
                covered.add(((InjectorConformance.Subject) subject).alias());
            }
        }
        assertThat(covered).as("aliases with a conformance subject")
                .containsExactlyInAnyOrderElementsOf(InjectorFactories.installed().aliases());
    }
}
