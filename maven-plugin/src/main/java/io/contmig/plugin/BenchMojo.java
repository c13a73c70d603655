package io.contmig.plugin;

import io.contmig.runner.ExitCode;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contmig:bench}: runs a scenario (the shipped default when none is given) on the embedded sandbox or on
 * the configured real endpoints, and writes a run directory under {@code target/contmig/}. Like Gatling's
 * {@code failOnError}, fails the build when the verdict is FAIL (and UNKNOWN unless
 * {@code contmig.failOnUnknown=false}); with {@code -Dcontmig.failOnError=false} it only records the verdict and
 * leaves the decision to {@code contmig:verify} in the {@code verify} phase. A run that could not run always fails
 * the build (a build error, not a failure).
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

    /** A run directory whose figures the gates' {@code baseline.} quantities read; without one such gates are UNKNOWN. */
    @Parameter(property = "contmig.baseline")
    private File baseline;

    /** Whether an UNKNOWN verdict fails the build (when {@code failOnError} is true). */
    @Parameter(property = "contmig.failOnUnknown", defaultValue = "true")
    private boolean failOnUnknown;

    /** Whether a FAIL (or UNKNOWN) verdict fails the build here; false leaves it to {@code contmig:verify}. */
    @Parameter(property = "contmig.failOnError", defaultValue = "true")
    private boolean failOnError;

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
        if (baseline != null) {
            args.add("--baseline");
            args.add(baseline.getAbsolutePath());
        }
        return args;
    }

    @Override
    protected void onVerdict(ExitCode exit) throws MojoFailureException {
        if (failOnError && (exit == ExitCode.VERDICT_FAIL || failOnUnknown)) {
            super.onVerdict(exit);
        }
        getLog().warn("contmig bench: verdict " + (exit == ExitCode.VERDICT_FAIL ? "FAIL" : "UNKNOWN")
                + " recorded in " + outputDirectory + (failOnError ? " (contmig.failOnUnknown=false)"
                : " (contmig.failOnError=false: contmig:verify decides)"));
    }
}
