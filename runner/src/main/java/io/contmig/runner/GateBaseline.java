package io.contmig.runner;

import io.contmig.gate.Gate;
import io.contmig.gate.GateSyntaxException;
import io.contmig.record.RunRecord;
import io.contmig.report.BaselineRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The baseline run that gates' {@code baseline.} quantities read ({@code p99(mqtt.e2e, during) <= 1.1 *
 * baseline.p99(mqtt.e2e, during)}): {@code --baseline} / {@code contmig.baseline} of {@code bench}, {@code report}
 * and {@code compare}. It must be a run directory holding a record ({@code timeline.jsonl}, {@code latency.hlog});
 * a study directory is refused (a gate compares one run with one run). It is read and analysed before anything
 * starts, so a bad baseline is bad input with nothing started. Stateless.
 */
final class GateBaseline {

    private static final String PROPERTY = "contmig.baseline";

    private GateBaseline() {
    }

    /** The baseline directory given, if any. */
    static Optional<Path> given(Arguments arguments, Properties properties) {
        return arguments.option("baseline").or(() -> Optional.ofNullable(properties.getProperty(PROPERTY)))
                .filter(s -> !s.isBlank()).map(Path::of);
    }

    /** The given baseline, analysed; empty when none is given. */
    static Optional<BaselineRun> load(Arguments arguments, Properties properties) throws ContmigException {
        Optional<Path> dir = given(arguments, properties);
        return dir.isEmpty() ? Optional.empty() : Optional.of(load(dir.get()));
    }

    /** The run in {@code dir}, analysed by the judge's own rules. */
    static BaselineRun load(Path dir) throws ContmigException {
        if (Files.isRegularFile(dir.resolve("study.json"))) {
            throw new ContmigException(ExitCode.INVALID_INPUT, PROPERTY + ": '" + dir + "' is a study; a gate's"
                    + " baseline is one run (e.g. one of its runs/<cell>-t<n> directories)");
        }
        try {
            return BaselineRun.analyze(RunRecord.open(dir));
        } catch (NoSuchFileException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, PROPERTY + ": " + e.getFile() + ": "
                    + (e.getReason() == null ? "does not exist" : e.getReason()), e);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, PROPERTY + ": " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code expression} reads the baseline; an expression that does not parse does not. */
    static boolean readsBaseline(String expression) {
        try {
            return Gate.parse(expression).readsBaseline();
        } catch (GateSyntaxException e) {
            return false;
        }
    }
}
