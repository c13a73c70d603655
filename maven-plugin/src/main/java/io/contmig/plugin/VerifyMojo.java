package io.contmig.plugin;

import io.contmig.runner.ContmigException;
import io.contmig.runner.RunDirectories;
import io.contmig.runner.VerdictCheck;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.Optional;

/**
 * {@code contmig:verify}: fails the build when a run's verdict is FAIL (and, unless
 * {@code -Dcontmig.failOnUnknown=false}, when it is UNKNOWN); a run that could not run to its end
 * ({@code "aborted": true}) is a build error whatever {@code failOnUnknown} says. Bound to {@code verify} so that
 * teardown in {@code post-integration-test} still runs before the build fails; pairs with
 * {@code contmig:bench -Dcontmig.failOnError=false}.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, aggregator = true, threadSafe = true)
public final class VerifyMojo extends AbstractMojo {

    /** The run directory to judge; defaults to the one {@code target/contmig/latest} names. */
    @Parameter(property = "contmig.runDir")
    private File runDir;

    /** Where runs are written; {@code latest} is read from here. */
    @Parameter(property = "contmig.outputDirectory", defaultValue = "${project.build.directory}/contmig")
    private File outputDirectory;

    /** Whether an UNKNOWN verdict (missing data, failed heal, failed injection) fails the build. */
    @Parameter(property = "contmig.failOnUnknown", defaultValue = "true")
    private boolean failOnUnknown;

    /** Skips this goal. */
    @Parameter(property = "contmig.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("contmig: skipped (contmig.skip=true)");
            return;
        }
        VerdictCheck.Outcome outcome;
        try {
            var dir = new RunDirectories(outputDirectory.toPath())
                    .resolve(Optional.ofNullable(runDir).map(File::toPath));
            outcome = VerdictCheck.read(dir);
        } catch (ContmigException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        if (outcome.aborted()) {
            throw new MojoExecutionException(outcome.describe());
        }
        if (outcome.failsBuild(failOnUnknown)) {
            throw new MojoFailureException(outcome.describe());
        }
        getLog().info(outcome.describe());
    }
}
