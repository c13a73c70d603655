package io.contmig.plugin;

import io.contmig.runner.ExitCode;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The goals that run {@code io.contmig.runner.Main} in a forked JVM: they translate parameters into the runner's
 * arguments and its exit code into Maven's outcome, nothing else.
 */
abstract class ForkingMojo extends AbstractMojo {

    /** Where runs and {@code sandbox.json} are written ({@code target/contmig} of the project). */
    @Parameter(property = "contmig.outputDirectory", defaultValue = "${project.build.directory}/contmig")
    protected File outputDirectory;

    /** Extra arguments of the forked runner JVM, separated by spaces. */
    @Parameter(property = "contmig.jvmArgs", defaultValue = "-Xmx2g -XX:+UseParallelGC")
    protected String jvmArgs;

    /** Skips this goal. */
    @Parameter(property = "contmig.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** The runner command: {@code bench}, {@code sandbox}, {@code report} or {@code plan}. */
    protected abstract String command();

    /** The runner's arguments for this goal. */
    protected abstract List<String> arguments();

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("contmig: skipped (contmig.skip=true)");
            return;
        }
        List<String> args = new ArrayList<>(List.of("--output", outputDirectory.getAbsolutePath()));
        args.addAll(arguments());
        Map<String, String> properties = Properties.contmig(session);
        List<String> jvm = jvmArgs == null || jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.trim().split("\\s+"));
        ExitCode exit = new ForkedRunner(plugin.getArtifacts(), getLog())
                .run(command(), args, properties, jvm, new File(session.getExecutionRootDirectory()).toPath());
        switch (exit) {
            case OK -> { }
            case INVALID_INPUT -> throw new MojoExecutionException(
                    "contmig " + command() + ": invalid input — see the problems listed above; nothing was started");
            case VERDICT_FAIL, VERDICT_UNKNOWN -> onVerdict(exit);
            default -> throw new MojoExecutionException(
                    "contmig " + command() + ": the run could not run — see the message above");
        }
    }

    /**
     * A completed run's verdict was FAIL or UNKNOWN ({@code exit}); by default that fails the build. Goals that can
     * leave the decision to {@code contmig:verify} override this.
     */
    protected void onVerdict(ExitCode exit) throws MojoFailureException {
        throw new MojoFailureException("contmig " + command() + ": verdict "
                + (exit == ExitCode.VERDICT_FAIL ? "FAIL" : "UNKNOWN") + " — see the reasons above and the report in "
                + outputDirectory);
    }
}
