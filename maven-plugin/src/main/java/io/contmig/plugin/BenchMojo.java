package io.contmig.plugin;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contmig:bench}: runs a scenario (the shipped default when none is given) on the embedded sandbox or on
 * the configured real endpoints, and writes a run directory under {@code target/contmig/}. Fails the build when
 * the verdict is FAIL (and UNKNOWN unless {@code contmig.failOnUnknown=false}).
 */
@Mojo(name = "bench", defaultPhase = LifecyclePhase.INTEGRATION_TEST, aggregator = true, requiresProject = false,
        threadSafe = true)
public final class BenchMojo extends ForkingMojo {

    /** The scenario YAML; the shipped default scenario when unset. */
    @Parameter(property = "contmig.scenario")
    private File scenario;

    /** The run id (directory name); a UTC timestamp plus the scenario name when unset. */
    @Parameter(property = "contmig.runId")
    private String runId;

    /** Whether an UNKNOWN verdict fails the build. */
    @Parameter(property = "contmig.failOnUnknown", defaultValue = "true")
    private boolean failOnUnknown;

    @Override
    protected String command() {
        return "bench";
    }

    @Override
    protected List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (scenario != null) {
            args.add("--scenario");
            args.add(scenario.getAbsolutePath());
        }
        if (runId != null && !runId.isBlank()) {
            args.add("--run-id");
            args.add(runId);
        }
        args.add("--fail-on-unknown");
        args.add(String.valueOf(failOnUnknown));
        return args;
    }
}
