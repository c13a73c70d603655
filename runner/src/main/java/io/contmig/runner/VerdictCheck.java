package io.contmig.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code verify} command: reads a run's {@code verdict.json} and says whether the build should fail; and the
 * writer of the {@code verdict.json} of a run that could not run ({@link #recordAborted}). Stateless; apart from that
 * one file, pure.
 *
 * <p>{@code verdict.json} always says PASS, FAIL or UNKNOWN: a run cut short by an environment failure is UNKNOWN
 * with {@code "aborted": true} and the reason (the runner also exits with {@link ExitCode#RUN_FAILED}); every other
 * verdict is the judge's ({@code reports}).
 */
public final class VerdictCheck {

    /**
     * What {@code verdict.json} says.
     *
     * @param aborted whether the run could not run to its end (then the verdict is UNKNOWN)
     */
    public record Outcome(String verdict, List<String> reasons, boolean aborted) {
        public Outcome {
            reasons = List.copyOf(reasons);
        }

        /** Whether this verdict fails the build; UNKNOWN fails unless {@code failOnUnknown} is false. */
        public boolean failsBuild(boolean failOnUnknown) {
            return verdict.equals("FAIL") || (failOnUnknown && verdict.equals("UNKNOWN"));
        }

        /** One line for the console, reasons on the following lines. */
        public String describe() {
            StringBuilder s = new StringBuilder("contmig verdict: ").append(verdict)
                    .append(aborted ? " (the run could not run to its end)" : "");
            reasons.forEach(r -> s.append(System.lineSeparator()).append("  - ").append(r));
            return s.toString();
        }
    }

    private VerdictCheck() {
    }

    /** Reads {@code runDir/verdict.json}. */
    public static Outcome read(Path runDir) throws ContmigException {
        Path file = runDir.resolve("verdict.json");
        if (!Files.exists(file)) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: " + file
                    + " does not exist (render the run first with `mvn contmig:report -Dcontmig.runDir=" + runDir + "`)");
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode verdict = node == null ? null : node.get("verdict");
        if (verdict == null || !List.of("PASS", "FAIL", "UNKNOWN").contains(verdict.asText())) {
            throw new ContmigException(ExitCode.INVALID_INPUT, file + ": verdict: expected one of PASS, FAIL, UNKNOWN");
        }
        List<String> reasons = new ArrayList<>();
        JsonNode r = node.get("reasons");
        if (r != null && r.isArray()) {
            r.forEach(x -> reasons.add(x.isTextual() ? x.asText() : x.toString()));
        }
        JsonNode aborted = node.get("aborted");
        return new Outcome(verdict.asText(), reasons, aborted != null && aborted.asBoolean(false));
    }

    /**
     * Writes the {@code verdict.json} of a run that could not run to its end: UNKNOWN, {@code "aborted": true},
     * {@code reason}. Does nothing when the run directory was never created; never throws (the abort's own message
     * is what the user must see).
     */
    public static void recordAborted(Path runDir, String reason) {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        var node = new ObjectMapper().createObjectNode();
        node.put("verdict", "UNKNOWN");
        node.put("aborted", true);
        node.putArray("reasons").add("the run could not run to its end: " + reason);
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(runDir.resolve("verdict.json").toFile(), node);
        } catch (IOException e) {
            // The exit code still says the run failed.
        }
    }
}
