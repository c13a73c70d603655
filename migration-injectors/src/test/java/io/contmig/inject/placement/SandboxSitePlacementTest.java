package io.contmig.inject.placement;

import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.ManualRunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxSitePlacementTest {

    @TempDir
    Path runDir;

    private final TimelineWriter timeline = new TimelineWriter(new StringWriter(), new ManualRunClock());
    private final SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("cloud", endpoints("cloud"),
            "edge", endpoints("edge"))).addTenant("acme", "cloud").addTenant("globex", "cloud");

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "u", "p", "k", "i", "m");
    }

    private InjectionOutcome run(InjectionSpec spec, Map<String, String> raw) {
        List<String> problems = new ArrayList<>();
        OptionValues o = OptionValues.validate("options", raw, new SandboxSitePlacementFactory().options(), problems);
        assertThat(problems).isEmpty();
        return new InjectionRunner(routing, timeline, runDir, InjectorFactories.installed()).run(spec, o);
    }

    @Test
    void drainsTheStageWorkInFlightMovesItAndResumesAtTheNewSite() throws Exception {
        // A pipeline event in progress at the old site when the placement starts.
        SimpleTenantRouting.WritePermit inFlight = routing.beginWrite("acme", Store.PIPELINE);
        AtomicReference<String> phaseWhenReleased = new AtomicReference<>();
        timeline.addListener(m -> {
            if ("drain".equals(m.attribute("phase"))) {
                CompletableFuture.runAsync(() -> {
                    phaseWhenReleased.set(routing.siteOf("acme", Store.PIPELINE));
                    inFlight.close();
                }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
            }
        });
        InjectionSpec spec = new InjectionSpec("move-stage", "placement/sandbox-site", "acme", "cloud", "edge");

        InjectionOutcome outcome = run(spec, Map.of());

        assertThat(outcome.failureReason()).isEmpty();
        assertThat(phaseWhenReleased.get()).as("the move waited for the work in flight").isEqualTo("cloud");
        assertThat(timeline.marks().stream().filter(m -> m.kind().equals("injection-phase")).map(m -> m.attribute("phase")))
                .containsExactly("drain", "move", "resume");
        assertThat(routing.siteOf("acme", Store.PIPELINE)).isEqualTo("edge");
        assertThat(routing.siteOf("globex", Store.PIPELINE)).isEqualTo("cloud");
        // The tenant's stores did not move: only its stage.
        assertThat(routing.siteOf("acme", Store.POSTGRESQL)).isEqualTo("cloud");
        try (SimpleTenantRouting.WritePermit next = routing.beginWrite("acme", Store.PIPELINE)) {
            assertThat(next.site()).isEqualTo("edge");
        }
    }

    @Test
    void workThatDoesNotDrainInTimeFailsTheMoveAndLeavesTheRoutingUnchanged() throws Exception {
        try (SimpleTenantRouting.WritePermit stuck = routing.beginWrite("acme", Store.PIPELINE)) {
            InjectionOutcome outcome = run(new InjectionSpec("move-stuck", "placement/sandbox-site", "acme", "cloud", "edge"),
                    Map.of("maxDrain", "150ms"));
            assertThat(outcome.failureReason().orElseThrow()).contains("still in flight after 150 ms");
            assertThat(outcome.healed()).isTrue();
            assertThat(routing.siteOf("acme", Store.PIPELINE)).isEqualTo("cloud");
        }
        routing.beginWrite("acme", Store.PIPELINE).close(); // not left blocked
    }

    @Test
    void aWrongFromSiteIsRefusedInPrepare() {
        InjectionOutcome outcome = run(new InjectionSpec("move-wrong", "placement/sandbox-site", "acme", "edge", "cloud"), Map.of());
        assertThat(outcome.failureReason()).contains("tenant 'acme': pipeline runs at 'cloud', not at from='edge'");
        assertThat(routing.siteOf("acme", Store.PIPELINE)).isEqualTo("cloud");
    }
}
