package io.contmig.inject;

import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.util.List;

/**
 * Makes injectors of one alias; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.contmig.inject.InjectorFactory} (see {@link InjectorFactories}). Stateless and
 * thread-safe; needs a public no-argument constructor.
 */
public interface InjectorFactory {

    /** {@code <store>/<strategy>} (e.g. {@code postgresql/logical-replication}) or {@code placement/<kind>}. */
    String alias();

    /** {@code migration} or {@code placement}, as in {@code injection-started} marks. */
    String kind();

    /** The options this injector accepts, throttle knobs included; the plan validates scenarios against them. */
    List<OptionSpec> options();

    /**
     * A new injector for one injection. {@code options} were validated against {@link #options()} (every default
     * applied). Must not touch any server: connections are made in {@link Injector#prepare}.
     */
    Injector create(InjectionSpec spec, OptionValues options);
}
