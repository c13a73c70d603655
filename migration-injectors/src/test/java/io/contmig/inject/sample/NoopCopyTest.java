package io.contmig.inject.sample;

import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.ManualRunClock;
import io.contmig.record.Mark;
import io.contmig.record.TimelineWriter;
import io.contmig.target.SiteEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The test-only strategy is found by the registry from its services line alone and really runs its phases. */
class NoopCopyTest {

    @TempDir
    Path runDir;

    @Test
    void theRegistryFindsTheSampleStrategyAndTheRunnerRunsItsPhases() {
        InjectorFactories installed = InjectorFactories.installed();
        assertThat(installed.aliases()).contains("sample/noop-copy");
        assertThat(installed.catalog().byAlias("sample/noop-copy").orElseThrow().phaseNames())
                .containsExactly("copy", "cutover");

        SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("cloud", endpoints("cloud"), "edge",
                endpoints("edge"))).addTenant("acme", "cloud");
        TimelineWriter timeline = new TimelineWriter(new StringWriter(), new ManualRunClock());
        List<String> problems = new ArrayList<>();
        OptionValues options = OptionValues.validate("options", Map.of("items", "5"),
                installed.require("sample/noop-copy").options(), problems);
        assertThat(problems).isEmpty();

        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, installed)
                .run(new InjectionSpec("move-acme-sample", "sample/noop-copy", "acme", "cloud", "edge"), options);

        assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
        io.contmig.inject.VerificationFacts.assertNothingFound(outcome.verification().orElseThrow());
        assertThat(outcome.verification().orElseThrow().checked()).isEqualTo(5);
        assertThat(routing.siteOf("acme", NoopCopyMigration.SAMPLE)).isEqualTo("edge");
        assertThat(timeline.marks().stream().filter(m -> m.kind().equals("injection-phase"))
                .map(m -> String.valueOf(m.attribute("phase")))).containsExactly("copy", "cutover");
        assertThat(timeline.marks()).extracting(Mark::kind).first().isEqualTo("injection-started");
        assertThat(timeline.marks().get(0).attribute("store")).isEqualTo("sample");
    }

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "u", "p", "k:1", "http://i", "tcp://m")
                .withAddress(NoopCopyMigration.SAMPLE, "file:///" + site);
    }
}
