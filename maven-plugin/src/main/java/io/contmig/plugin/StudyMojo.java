package io.contmig.plugin;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;

/**
 * {@code contmig:study}: runs a study — a base scenario over cells × trials, interleaved — and writes
 * {@code target/contmig/studies/<studyId>/} ({@code study.json}, {@code study.csv}, {@code study.html}, each trial's
 * run under {@code runs/}) and {@code target/contmig/latest-study}. Without {@code contmig.study}, the shipped default
 * study (PostgreSQL stop-and-copy vs logical replication). Other {@code -Dcontmig.<path>} overrides apply to every
 * cell (a cell's own {@code set} wins). With {@code -Dcontmig.runDir=<study directory>} it runs nothing and
 * re-analyzes that stored study. A study explores and does not gate: the build fails only on bad input or
 * when no trial could run.
 */
@Mojo(name = "study", aggregator = true, requiresProject = false, threadSafe = true)
public final class StudyMojo extends ForkingMojo {

    /** The study YAML; the shipped default study when unset. */
    @Parameter(property = "contmig.study")
    private File study;

    /** A stored study directory to re-analyze (with this study file's cells and SLOs) instead of running trials. */
    @Parameter(property = "contmig.runDir")
    private File runDir;

    @Override
    protected String command() {
        return "study";
    }

    @Override
    protected List<String> arguments() {
        List<String> args = new java.util.ArrayList<>();
        if (study != null) {
            args.addAll(List.of("--study", study.getAbsolutePath()));
        }
        if (runDir != null) {
            args.addAll(List.of("--run-dir", runDir.getAbsolutePath()));
        }
        return args;
    }
}
