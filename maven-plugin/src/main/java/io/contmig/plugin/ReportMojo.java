package io.contmig.plugin;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;

/**
 * {@code contmig:report}: re-renders the reports of a stored run from its record only ({@code timeline.jsonl},
 * {@code latency.hlog}, optional {@code plan.json} and {@code verification/}); touches no network.
 */
@Mojo(name = "report", aggregator = true, requiresProject = false, threadSafe = true)
public final class ReportMojo extends ForkingMojo {

    /** The run directory; defaults to the one {@code target/contmig/latest} names. */
    @Parameter(property = "contmig.runDir")
    private File runDir;

    @Override
    protected String command() {
        return "report";
    }

    @Override
    protected List<String> arguments() {
        return runDir == null ? List.of() : List.of("--run-dir", runDir.getAbsolutePath());
    }
}
