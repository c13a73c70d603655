package io.contmig.runner.bench;

import io.contmig.inject.InjectorFactories;
import io.contmig.runner.check.RoutedStoreChecker;
import io.contmig.runner.check.StoreChecker;
import io.contmig.runner.generate.GeneratorsLoad;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link BenchRunner} acts with besides its target: the injector registry, the load and the cross-store
 * checker. {@link #standard()} is production; tests swap any part (a fake load, an explicit registry holding a
 * test-only injector, an in-memory checker). Immutable.
 *
 * @param injectors where injection aliases are looked up (not only the ServiceLoader's installed factories)
 * @param load      opens the run's load
 * @param checker   the cross-store check after the drain
 */
public record BenchParts(InjectorFactories injectors, BenchLoad.Factory load, StoreChecker checker) {

    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);

    public BenchParts {
        Objects.requireNonNull(injectors, "injectors");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(checker, "checker");
    }

    /**
     * The installed injectors, devices over MQTT and API clients over REST (in the runner's JVM, or in generator
     * processes per {@code load.generators}; plus FIT IoT-LAB devices when the plan has {@code load.iotlab}), and the
     * stores read over the network.
     */
    public static BenchParts standard() {
        return new BenchParts(InjectorFactories.installed(), (plan, target, runDir, console) -> IotLabBenchLoad.around(
                plan.load().generators().forked() ? GeneratorsLoad.standard(plan, target, runDir, console)
                        : new SiteWhereLoad(plan, target, runDir, console), plan, target, console, System.getenv()),
                new RoutedStoreChecker(CHECK_TIMEOUT));
    }

    /** These parts with {@code injectors} instead. */
    public BenchParts withInjectors(InjectorFactories injectors) {
        return new BenchParts(injectors, load, checker);
    }
}
