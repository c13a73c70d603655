package io.contmig.runner.generate;

import io.contmig.plan.BenchPlan;
import io.contmig.runner.bench.BenchLoad;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Makes the load a generator process drives: its share of the plan's load ({@link GeneratorSpec#index()} of
 * {@link GeneratorSpec#count()}). Named by class in the spec and instantiated in the generator process through a
 * public no-argument constructor, so that tests can run generator JVMs without a server. Implementations are
 * stateless.
 */
public interface GeneratorLoadFactory {

    /** Opens the load of generator {@code spec.index()}; {@code workDir} is the process's scratch directory. */
    BenchLoad open(BenchPlan plan, GeneratorSpec spec, Path workDir, PrintStream console);
}
