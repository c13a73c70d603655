package io.contmig.inject.placement;

import io.contmig.inject.Injector;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link SandboxSitePlacement}s ({@code placement/sandbox-site}). Stateless. */
public final class SandboxSitePlacementFactory implements InjectorFactory {

    @Override
    public String alias() {
        return "placement/sandbox-site";
    }

    @Override
    public String kind() {
        return "placement";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.duration("maxDrain").defaultValue(Duration.ofSeconds(5)).min(Duration.ofMillis(1))
                .doc("How long the stage's work in flight may take to drain, and new work waits, during the move."));
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new SandboxSitePlacement(spec, options.duration("maxDrain"));
    }
}
