package io.contmig.inject;

import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;

import java.util.List;

/**
 * Makes injectors of one alias; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.contmig.inject.InjectorFactory} (see {@link InjectorFactories}). Stateless and
 * thread-safe; needs a public no-argument constructor.
 *
 * <p>The registry of factories is the only source of truth about injectors: the plan accepts a store, strategy or
 * placement kind because a factory's alias names it, validates options against {@link #options()}, and the
 * listing ({@code mvn contmig:plan -Dcontmig.list=injectors}) prints {@link #phases()} and {@link #options()}.
 * So a new strategy is one jar holding a factory, its injector and one services line — no edit elsewhere:
 *
 * <pre>{@code
 * public final class RsyncCopyFactory implements InjectorFactory {
 *     static final OptionKey<Integer> STREAMS = OptionKey.integer("streams").defaultValue(1).min(1)
 *             .doc("Parallel copy streams.");
 *     public String alias() { return "files/rsync-copy"; }                  // store "files", strategy "rsync-copy"
 *     public List<PhaseSpec> phases() { return List.of(PhaseSpec.of("copy", "..."), PhaseSpec.of("cutover", "...")); }
 *     public List<OptionSpec> options() { return OptionKey.specs(STREAMS); }
 *     public Injector create(InjectionSpec spec, OptionValues o) { return new RsyncCopyMigration(spec, o.get(STREAMS)); }
 * }
 * }</pre>
 *
 * <p>The injection kind follows from the alias group: {@code placement/<kind>} makes placement changes (the
 * injector should be a {@link PlacementChange}), any other group is a store and makes {@link Migration}s.
 */
public interface InjectorFactory {

    /** {@code <store>/<strategy>} (e.g. {@code postgresql/logical-replication}) or {@code placement/<kind>}. */
    String alias();

    /** The phases its injectors announce with {@link InjectionContext#phase}, in order, each with a one-line doc. */
    List<PhaseSpec> phases();

    /**
     * The options this injector accepts, throttle knobs included; the plan validates scenarios against them.
     * Declare each once as an {@link OptionKey} constant and return {@link OptionKey#specs}.
     */
    List<OptionSpec> options();

    /**
     * A new injector for one injection. {@code options} were validated against {@link #options()} (every default
     * applied); read them with {@link OptionValues#get(OptionKey)}. Must not touch any server: connections are
     * made in {@link Injector#prepare}.
     */
    Injector create(InjectionSpec spec, OptionValues options);

    /** What the plan and the listing know of this factory. */
    default InjectorDescription description() {
        return new InjectorDescription(alias(), phases(), options());
    }
}
