package io.contmig.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code verify} command: reads a run's {@code verdict.json} and says whether the build should fail.
 * Pure apart from reading that one file.
 */
public final class VerdictCheck {

    /** What {@code verdict.json} says. */
    public record Outcome(String verdict, List<String> reasons) {
        public Outcome {
            reasons = List.copyOf(reasons);
        }

        /** Whether this verdict fails the build; UNKNOWN fails unless {@code failOnUnknown} is false. */
        public boolean failsBuild(boolean failOnUnknown) {
            return verdict.equals("FAIL") || (failOnUnknown && verdict.equals("UNKNOWN"));
        }

        /** One line for the console, reasons on the following lines. */
        public String describe() {
            StringBuilder s = new StringBuilder("contmig verdict: ").append(verdict);
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
        return new Outcome(verdict.asText(), reasons);
    }
}
