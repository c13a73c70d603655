package io.contmig.plugin;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;

/**
 * {@code contmig:plan}: validates a scenario and prints the resolved plan and its schedule; starts nothing.
 */
@Mojo(name = "plan", aggregator = true, requiresProject = false, threadSafe = true)
public final class PlanMojo extends ForkingMojo {

    /** The scenario YAML; the shipped default scenario when unset. */
    @Parameter(property = "contmig.scenario")
    private File scenario;

    @Override
    protected String command() {
        return "plan";
    }

    @Override
    protected List<String> arguments() {
        return scenario == null ? List.of() : List.of("--scenario", scenario.getAbsolutePath());
    }
}
