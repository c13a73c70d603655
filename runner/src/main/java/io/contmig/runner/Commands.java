package io.contmig.runner;

import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanException;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What each runner command does, given its parsed {@link Arguments} and the {@code contmig.*} system properties.
 * One instance per command invocation; not thread-safe.
 */
final class Commands {

    private final Arguments arguments;
    private final Properties properties;
    private final PrintStream out;

    Commands(Arguments arguments, Properties properties, PrintStream out) {
        this.arguments = arguments;
        this.properties = properties;
        this.out = out;
    }

    /** {@code plan}: resolve, validate, print the plan and its schedule; start nothing. */
    ExitCode plan() throws ContmigException {
        BenchPlan plan = resolvePlan();
        out.println(plan.describe());
        return ExitCode.OK;
    }

    ExitCode report() throws ContmigException {
        throw new ContmigException(ExitCode.RUN_FAILED, "report: the report renderer is not in this build yet");
    }

    ExitCode bench() throws ContmigException {
        throw new ContmigException(ExitCode.RUN_FAILED, "bench: the runner is not in this build yet");
    }

    ExitCode sandbox() throws ContmigException {
        throw new ContmigException(ExitCode.RUN_FAILED, "sandbox: the sandbox is not in this build yet");
    }

    /** The scenario (given or shipped default) with {@code contmig.*} overrides, resolved and validated. */
    BenchPlan resolvePlan() throws ContmigException {
        ScenarioSource source;
        Optional<String> scenario = arguments.option("scenario").or(() -> Optional.ofNullable(
                properties.getProperty("contmig.scenario")));
        try {
            if (scenario.isPresent()) {
                Path file = Path.of(scenario.get());
                if (!Files.isRegularFile(file)) {
                    throw new ContmigException(ExitCode.INVALID_INPUT,
                            "contmig.scenario: '" + file + "' does not exist or is not a file");
                }
                source = ScenarioSource.file(file);
            } else {
                source = ScenarioSource.defaultScenario();
            }
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.scenario: cannot read: " + e.getMessage(), e);
        }
        try {
            return PlanResolver.standard(injectorOptions()).resolve(source, Overrides.fromProperties(properties));
        } catch (PlanException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, source.origin() + ": " + e.getMessage(), e);
        }
    }

    /** Alias → option specs of every installed injector factory. */
    static Map<String, List<OptionSpec>> injectorOptions() {
        Map<String, List<OptionSpec>> specs = new LinkedHashMap<>();
        for (InjectorFactory f : InjectorFactories.installed().all()) {
            specs.put(f.alias(), f.options());
        }
        return specs;
    }
}
