package io.contmig.runner;

import java.io.PrintStream;
import java.util.List;
import java.util.Properties;

/**
 * The runner's command line, run in the JVM the Maven goals fork: {@code bench}, {@code sandbox}, {@code report},
 * {@code plan}. Exits with an {@link ExitCode}; prints user errors as plain messages (no stack trace) on stderr.
 * A misspelt {@code contmig.*} property is such an error ({@link PropertyCheck}).
 * The only place in contmig that calls {@link System#exit}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("gatling.data.enableAnalytics", "false");
        quietLibraryLogs();
        ExitCode code = run(List.of(args), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code.code());
    }

    /**
     * The console is for contmig's own progress and results: library logs (Kafka clients, Paho, the servers'
     * launchers) go to warnings only, Kafka's to errors, unless the user set a level ({@code -Dorg.slf4j.simpleLogger.*}).
     * Must run before the first logger is created.
     */
    private static void quietLibraryLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        }
    }

    /** Runs one command; never throws. */
    static ExitCode run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = Arguments.parse(args);
            Properties properties = System.getProperties();
            // Whatever map of contmig.* properties the runner receives is checked before any command starts.
            PropertyCheck.check(properties);
            Commands commands = new Commands(arguments, properties, out);
            return switch (arguments.command()) {
                case "plan" -> commands.plan();
                case "report" -> commands.report();
                case "bench" -> commands.bench();
                case "sandbox" -> commands.sandbox();
                default -> throw new ContmigException(ExitCode.INVALID_INPUT, "unknown command " + arguments.command());
            };
        } catch (ContmigException e) {
            err.println("[contmig] " + e.getMessage().replace("\n", System.lineSeparator() + "[contmig]   "));
            return e.exitCode();
        } catch (RuntimeException | Error e) {
            err.println("[contmig] internal error: " + e);
            e.printStackTrace(err);
            return ExitCode.RUN_FAILED;
        }
    }
}
