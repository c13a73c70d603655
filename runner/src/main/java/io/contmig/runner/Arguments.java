package io.contmig.runner;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link Main}: a command followed by {@code --name value} pairs. Immutable.
 *
 * @param command the command ({@code bench}, {@code sandbox}, {@code report}, {@code plan}, {@code study},
 *                {@code compare})
 * @param options the {@code --name value} pairs, names without dashes
 */
public record Arguments(String command, Map<String, String> options) {

    /** The commands and the options each accepts. */
    static final Map<String, Set<String>> COMMANDS = Map.of(
            "bench", Set.of("output", "scenario", "run-id", "baseline"),
            "sandbox", Set.of("output"),
            "report", Set.of("output", "run-dir", "baseline"),
            "plan", Set.of("output", "scenario", "list"),
            "study", Set.of("output", "study", "run-dir"),
            "compare", Set.of("output", "baseline", "run-dir", "threshold"));

    public Arguments {
        options = Map.copyOf(options);
    }

    /** Parses {@code args}; every problem is reported at once. */
    public static Arguments parse(List<String> args) throws ContmigException {
        if (args.isEmpty() || !COMMANDS.containsKey(args.get(0))) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "command: "
                    + (args.isEmpty() ? "missing" : "unknown '" + args.get(0) + "'")
                    + " (expected one of: bench, sandbox, report, plan, study, compare)");
        }
        String command = args.get(0);
        Map<String, String> options = new HashMap<>();
        StringBuilder problems = new StringBuilder();
        for (int i = 1; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("--") || !COMMANDS.get(command).contains(name.substring(2))) {
                problems.append(System.lineSeparator()).append(command).append(": unknown option '").append(name)
                        .append("' (known: --").append(String.join(", --", COMMANDS.get(command).stream().sorted().toList()))
                        .append(')');
                continue;
            }
            if (i + 1 >= args.size()) {
                problems.append(System.lineSeparator()).append(command).append(": option '").append(name)
                        .append("' needs a value");
                continue;
            }
            options.put(name.substring(2), args.get(i + 1));
        }
        if (problems.length() > 0) {
            throw new ContmigException(ExitCode.INVALID_INPUT, problems.toString().strip());
        }
        return new Arguments(command, options);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** {@code --output}, defaulting to {@code target/contmig} under the working directory. */
    public Path output() {
        return Path.of(options.getOrDefault("output", "target/contmig"));
    }
}
