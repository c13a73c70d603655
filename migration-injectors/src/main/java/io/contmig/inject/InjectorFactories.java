package io.contmig.inject;

import io.contmig.options.InjectorCatalog;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The injector factories on the class path, found by {@link ServiceLoader}. Immutable once built; thread-safe.
 */
public final class InjectorFactories {

    private final List<InjectorFactory> factories;

    private InjectorFactories(List<InjectorFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** The factories visible to this class's class loader, sorted by alias. */
    public static InjectorFactories installed() {
        return of(ServiceLoader.load(InjectorFactory.class, InjectorFactories.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList()));
    }

    /** The given factories, sorted by alias; two with the same alias are refused. */
    public static InjectorFactories of(List<InjectorFactory> factories) {
        List<InjectorFactory> sorted = factories.stream().sorted(Comparator.comparing(InjectorFactory::alias)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).alias().equals(sorted.get(i - 1).alias())) {
                throw new IllegalStateException("two injector factories for alias '" + sorted.get(i).alias() + "': "
                        + sorted.get(i - 1).getClass().getName() + " and " + sorted.get(i).getClass().getName());
            }
        }
        return new InjectorFactories(sorted);
    }

    public List<InjectorFactory> all() {
        return factories;
    }

    /** The factory of {@code alias}, if installed. */
    public Optional<InjectorFactory> byAlias(String alias) {
        return factories.stream().filter(f -> f.alias().equals(alias)).findFirst();
    }

    /** The factory of {@code alias}; an unknown alias fails with a message listing the known ones. */
    public InjectorFactory require(String alias) {
        return byAlias(alias).orElseThrow(() -> new IllegalArgumentException(
                "unknown injector '" + alias + "' (known: " + String.join(", ", aliases()) + ")"));
    }

    /** What the plan validates against and the listing prints: every factory's description, sorted by alias. */
    public InjectorCatalog catalog() {
        return InjectorCatalog.of(factories.stream().map(InjectorFactory::description).toList());
    }

    /** Every installed alias, sorted. */
    public List<String> aliases() {
        return factories.stream().map(InjectorFactory::alias).toList();
    }
}
