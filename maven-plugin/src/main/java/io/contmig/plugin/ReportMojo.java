package io.contmig.plugin;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contmig:report}: re-renders the reports of a stored run from its record only ({@code timeline.jsonl},
 * {@code latency.hlog}, optional {@code plan.json} and {@code verification/}); touches no network. With
 * {@code contmig.baseline}, the gates that read a baseline ({@code baseline.p99(...)}) are judged against that run.
 */
@Mojo(name = "report", aggregator = true, requiresProject = false, threadSafe = true)
public final class ReportMojo extends ForkingMojo {

    /** The run directory; defaults to the one {@code target/contmig/latest} names. */
    @Parameter(property = "contmig.runDir")
    private File runDir;

    /** A run directory whose figures the gates' {@code baseline.} quantities read; without one such gates are UNKNOWN. */
    @Parameter(property = "contmig.baseline")
    private File baseline;

    @Override
    protected String command() {
        return "report";
    }

    @Override
    protected List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (runDir != null) {
            args.add("--run-dir");
            args.add(runDir.getAbsolutePath());
        }
        if (baseline != null) {
            args.add("--baseline");
            args.add(baseline.getAbsolutePath());
        }
        return args;
    }
}
