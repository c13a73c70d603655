package io.contmig.inject.sample;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;

import java.util.List;

/**
 * A test-only strategy that proves the registry is the only source of truth: store {@code sample}, strategy
 * {@code noop-copy}, one typed option. It lives in the test jar of migration-injectors with its own services line
 * ({@code src/test/resources/META-INF/services/io.contmig.inject.InjectorFactory}); nothing else in contmig names
 * it, yet the plan accepts it, the listing shows it and the injection runner runs it. Stateless.
 */
public final class NoopCopyFactory implements InjectorFactory {

    /** The store this strategy moves: one no real target has. */
    public static final String STORE = "sample";

    static final OptionKey<Integer> ITEMS = OptionKey.integer("items").defaultValue(3).min(1).max(1_000)
            .doc("How many items the copy writes into the injection's work directory.");

    @Override
    public String alias() {
        return STORE + "/noop-copy";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("copy", "Writes `items` files into the injection's work directory."),
                PhaseSpec.of("cutover", "Blocks the tenant's sample writes briefly and switches the sample store."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(ITEMS);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new NoopCopyMigration(spec, options.get(ITEMS));
    }
}
