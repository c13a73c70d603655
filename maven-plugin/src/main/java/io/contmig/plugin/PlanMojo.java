package io.contmig.plugin;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contmig:plan}: validates a scenario and prints the resolved plan and its schedule; starts nothing. With
 * {@code -Dcontmig.list=injectors} it prints every installed injector instead: alias, kind, phases and options.
 */
@Mojo(name = "plan", aggregator = true, requiresProject = false, threadSafe = true)
public final class PlanMojo extends ForkingMojo {

    /** The scenario YAML; the shipped default scenario when unset. */
    @Parameter(property = "contmig.scenario")
    private File scenario;

    /** What to list instead of resolving a plan: {@code injectors} (every injector, its phases and its options). */
    @Parameter(property = "contmig.list")
    private String list;

    @Override
    protected String command() {
        return "plan";
    }

    @Override
    protected List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (scenario != null) {
            args.addAll(List.of("--scenario", scenario.getAbsolutePath()));
        }
        if (list != null && !list.isBlank()) {
            args.addAll(List.of("--list", list));
        }
        return args;
    }
}
