package io.contmig.plugin;

import io.contmig.runner.ExitCode;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contmig:compare}: compares a run or study ({@code contmig.runDir}, default the latest) with a baseline of
 * the same kind ({@code contmig.baseline}), writes {@code comparison.json} and {@code comparison.html} into the
 * candidate's directory, and fails the build when a metric regressed beyond {@code contmig.regressionThreshold}
 * (default 10 %) with 95 % confidence, or when a gate of the candidate run that reads the baseline
 * ({@code baseline.p99(...)}) is breached — or cannot be judged (UNKNOWN), unless {@code contmig.failOnUnknown=false}.
 */
@Mojo(name = "compare", aggregator = true, requiresProject = false, threadSafe = true)
public final class CompareMojo extends ForkingMojo {

    /** The baseline run or study directory. */
    @Parameter(property = "contmig.baseline", required = true)
    private File baseline;

    /** The candidate run or study directory; defaults to {@code latest} (or {@code latest-study} for a study baseline). */
    @Parameter(property = "contmig.runDir")
    private File runDir;

    /** How much worse a metric may get before it is a regression: {@code 10%}, {@code 10} or {@code 0.1}. */
    @Parameter(property = "contmig.regressionThreshold", defaultValue = "10%")
    private String regressionThreshold;

    /** Whether a gate that reads the baseline and cannot be judged (UNKNOWN) fails the build. */
    @Parameter(property = "contmig.failOnUnknown", defaultValue = "true")
    private boolean failOnUnknown;

    @Override
    protected String command() {
        return "compare";
    }

    @Override
    protected List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--baseline", baseline.getAbsolutePath(), "--threshold",
                regressionThreshold));
        if (runDir != null) {
            args.add("--run-dir");
            args.add(runDir.getAbsolutePath());
        }
        return args;
    }

    @Override
    protected void onVerdict(ExitCode exit) throws MojoFailureException {
        if (exit == ExitCode.VERDICT_FAIL) {
            throw new MojoFailureException("contmig compare: a metric regressed beyond the threshold with confidence,"
                    + " or a gate that reads the baseline is breached — see the lines above and comparison.html");
        }
        if (failOnUnknown) {
            throw new MojoFailureException("contmig compare: a gate that reads the baseline could not be judged"
                    + " (UNKNOWN) — see the lines above; -Dcontmig.failOnUnknown=false lets it pass");
        }
        getLog().warn("contmig compare: verdict UNKNOWN (contmig.failOnUnknown=false)");
    }
}
