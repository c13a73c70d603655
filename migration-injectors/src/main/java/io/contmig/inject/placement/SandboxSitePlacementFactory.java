package io.contmig.inject.placement;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;

import java.time.Duration;
import java.util.List;

/** Makes {@link SandboxSitePlacement}s ({@code placement/sandbox-site}). Stateless. */
public final class SandboxSitePlacementFactory implements InjectorFactory {

    static final OptionKey<Duration> MAX_DRAIN = OptionKey.duration("maxDrain").defaultValue(Duration.ofSeconds(5))
            .min(Duration.ofMillis(1))
            .doc("How long the stage's work in flight may take to drain, and new work waits, during the move.");

    @Override
    public String alias() {
        return "placement/sandbox-site";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("drain", "Holds the tenant's new work and lets the work in flight finish."),
                PhaseSpec.of("move", "Restarts the tenant's pipeline stage, with its WAN links, on the other site."),
                PhaseSpec.of("resume", "Releases the held work to the moved stage."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(MAX_DRAIN);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new SandboxSitePlacement(spec, options.get(MAX_DRAIN));
    }
}
