package io.contmig.runner;

import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The runner's command line, run in the JVM the Maven goals fork: {@code bench}, {@code sandbox}, {@code report},
 * {@code plan}, {@code study}, {@code compare}. Exits with an {@link ExitCode}; prints user errors and environment failures as plain messages (no
 * stack trace) on stderr, internal errors with their stack trace. A misspelt {@code contmig.*} property is such a
 * user error ({@link PropertyCheck}). The only place in contmig that calls {@link System#exit}.
 *
 * <p>Logging: SLF4J 2 with slf4j-simple ({@code simplelogger.properties}: libraries at WARN), java.util.logging
 * (Paho) bridged into it; the console belongs to contmig's own progress line and results.
 *
 * <p>Properties: the {@code contmig.*} properties arrive in a file named by the environment variable
 * {@value #PROPERTIES_FILE_ENV} (owner-only, written by the Maven goal, deleted here once read) rather than on the
 * command line, where any user of the machine could read a password.
 */
public final class Main {

    /** Environment variable naming the properties file the Maven goal wrote for this JVM. */
    public static final String PROPERTIES_FILE_ENV = "CONTMIG_PROPERTIES_FILE";

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("gatling.data.enableAnalytics", "false");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        ExitCode code;
        try {
            loadProperties(Optional.ofNullable(System.getenv(PROPERTIES_FILE_ENV)).map(Path::of));
            code = run(List.of(args), System.out, System.err);
        } catch (ContmigException e) {
            code = report(e, System.err);
        }
        System.out.flush();
        System.err.flush();
        System.exit(code.code());
    }

    /** Reads {@code file} (a properties file) into the system properties and deletes it; nothing when empty. */
    static void loadProperties(Optional<Path> file) throws ContmigException {
        if (file.isEmpty()) {
            return;
        }
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newBufferedReader(file.get())) {
            props.load(in);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, PROPERTIES_FILE_ENV + ": cannot read " + file.get() + ": "
                    + EnvironmentFailure.describe(e).orElse(e.toString()), e);
        } finally {
            try {
                Files.deleteIfExists(file.get());
            } catch (IOException e) {
                // The goal deletes it too once this JVM has exited.
            }
        }
        props.stringPropertyNames().forEach(k -> System.setProperty(k, props.getProperty(k)));
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
                case "study" -> new StudyCommand(arguments, properties, out).run();
                case "compare" -> new CompareCommand(arguments, properties, out).run();
                default -> throw new ContmigException(ExitCode.INVALID_INPUT, "unknown command " + arguments.command());
            };
        } catch (ContmigException e) {
            return report(e, err);
        } catch (RuntimeException | Error e) {
            Optional<String> environment = EnvironmentFailure.describe(e);
            if (environment.isPresent()) {
                print(err, environment.get());
                return ExitCode.RUN_FAILED;
            }
            print(err, "internal error (please report it with the trace below): " + e);
            e.printStackTrace(err);
            return ExitCode.RUN_FAILED;
        }
    }

    private static ExitCode report(ContmigException e, PrintStream err) {
        print(err, e.getMessage());
        return e.exitCode();
    }

    private static void print(PrintStream err, String message) {
        err.println("[contmig] " + message.replace("\n", System.lineSeparator() + "[contmig]   "));
    }
}
