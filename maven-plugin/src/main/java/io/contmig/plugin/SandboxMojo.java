package io.contmig.plugin;

import org.apache.maven.plugins.annotations.Mojo;

import java.util.List;

/**
 * {@code contmig:sandbox}: starts the embedded two-site sandbox alone, writes {@code target/contmig/sandbox.json}
 * and runs until interrupted (Ctrl-C / SIGTERM), then stops every server it started.
 */
@Mojo(name = "sandbox", aggregator = true, requiresProject = false, threadSafe = true)
public final class SandboxMojo extends ForkingMojo {

    @Override
    protected String command() {
        return "sandbox";
    }

    @Override
    protected List<String> arguments() {
        return List.of();
    }
}
